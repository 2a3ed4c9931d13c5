"""API tokens: created with the secret shown once, listed, revoked; every change audited."""

from himoya.accounts.models import ApiToken
from himoya.accounts.tests.helpers import audit_actions, tg
from himoya.audit.models import AuditAction
from himoya.testing import HimoyaTestCase


class TokenPageTests(HimoyaTestCase):
    def test_create_shows_the_secret_once_and_the_token_works(self):
        self.sign_in(self.alice)
        response = self.client.post("/accounts/tokens/", {"name": "reporting script"})
        self.assertEqual(response.status_code, 200)
        secret = response.context["secret"]
        self.assertTrue(secret.startswith("hmy_"))
        self.assertContains(response, secret)
        token = ApiToken.objects.get(user=self.alice)
        self.assertNotEqual(token.key_hash, secret)
        self.assertNotContains(self.client.get("/accounts/tokens/"), secret)
        self.assertEqual(audit_actions(actor=self.alice), [AuditAction.TOKEN_CREATED])

        api = self.client_class()
        me = api.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(me.status_code, 200)
        self.assertEqual(me.json()["username"], "alice")

    def test_header_example_is_shown_as_text_in_every_language(self):
        self.sign_in(self.bob)
        for prefix in ("", "/ru", "/en"):
            response = self.client.get(f"{prefix}/accounts/tokens/")
            self.assertContains(response, "Authorization: Bearer &lt;token&gt;")

    def test_revoke_stops_the_token(self):
        token, secret = ApiToken.issue(self.alice, "old")
        self.sign_in(self.alice)
        response = self.client.post(f"/accounts/tokens/{token.pk}/revoke/")
        self.assertRedirects(response, "/accounts/tokens/", fetch_redirect_response=False)
        self.assertFalse(ApiToken.objects.filter(pk=token.pk).exists())
        self.assertEqual(audit_actions(actor=self.alice), [AuditAction.TOKEN_REVOKED])
        api = self.client_class()
        self.assertEqual(
            api.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code, 401
        )

    def test_nobody_revokes_someone_elses_token(self):
        token, _secret = ApiToken.issue(self.bob, "bob's")
        for user in (self.alice, self.charlie, self.root):
            self.sign_in(user)
            response = self.client.post(f"/accounts/tokens/{token.pk}/revoke/")
            self.assertEqual(response.status_code, 404)
        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())

    def test_list_shows_only_your_own_tokens(self):
        ApiToken.issue(self.bob, "bob-secret-tool")
        ApiToken.issue(self.alice, "alice-tool")
        self.sign_in(self.alice)
        response = self.client.get("/accounts/tokens/")
        self.assertContains(response, "alice-tool")
        self.assertNotContains(response, "bob-secret-tool")

    def test_bad_name_is_400_and_nothing_written(self):
        self.sign_in(self.alice)
        for name in ("", "x" * 101):
            response = self.client.post("/accounts/tokens/", {"name": name})
            self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())

    def test_revoke_is_post_only_and_needs_a_sign_in(self):
        token, _secret = ApiToken.issue(self.alice, "t")
        self.assertEqual(self.client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code, 302)
        self.sign_in(self.alice)
        self.assertEqual(self.client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code, 405)
        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())


class DashboardTests(HimoyaTestCase):
    def test_title_organisations_and_role_links(self):
        self.sign_in(self.alice)
        response = self.client.get("/accounts/")
        self.assertContains(response, tg("My work"))
        self.assertContains(self.client.get("/en/accounts/"), "<h1>My work</h1>")
        self.assertContains(response, "/accounts/orgs/alpha/members/")
        self.assertContains(response, "/manage/alpha/")
        self.assertContains(response, "/audit/alpha/")
        self.assertContains(response, "/accounts/tokens/")
        self.assertContains(response, "/accounts/two-factor/")

    def test_a_caseworker_sees_no_admin_links(self):
        self.sign_in(self.bob)
        response = self.client.get("/accounts/")
        self.assertContains(response, "alpha")
        self.assertNotContains(response, "/accounts/orgs/alpha/members/")
        self.assertNotContains(response, "/audit/alpha/")

    def test_a_supervisor_sees_the_audit_log(self):
        self.sign_in(self.sam)
        response = self.client.get("/accounts/")
        self.assertContains(response, "/audit/alpha/")
        self.assertNotContains(response, "/accounts/orgs/alpha/members/")

    def test_superuser_sees_every_organisation(self):
        self.sign_in(self.root)
        response = self.client.get("/accounts/")
        self.assertContains(response, "/accounts/orgs/alpha/members/")
        self.assertContains(response, "/accounts/orgs/beta/members/")
        self.assertContains(response, 'href="/audit/"')

    def test_anonymous_is_sent_to_sign_in(self):
        self.assertRedirects(self.client.get("/accounts/"), "/accounts/login/?next=/accounts/")
