"""Issue 9 item 7: users change their password; organisation admins reset a member's to a
temporary one that must be changed at the next sign-in, but never for an account that
reaches another organisation; the same rule for the two-factor reset."""

import json

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import ApiToken, LoginFailure, Membership
from himoya.accounts.tests.factories import PASSWORD
from himoya.accounts.tests.helpers import audit_actions, tg
from himoya.audit.models import AuditAction, AuditEntry
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase, sign_in_client

CHANGE = "/accounts/password/"
CHANGE_API = "/api/accounts/me/password"
NEW = "Apricot-orchard-in-Isfara"


def reset_page(user, slug="alpha"):
    return f"/accounts/orgs/{slug}/members/{user.pk}/reset-password/"


def reset_api(user, slug="alpha"):
    return f"/api/accounts/orgs/{slug}/members/{user.pk}/reset-password"


def two_factor_page(user, slug="alpha"):
    return f"/accounts/orgs/{slug}/members/{user.pk}/reset-two-factor/"


def post_json(client, path, data=None, **extra):
    return client.post(path, json.dumps(data or {}), content_type="application/json", **extra)


class ChangeOwnPasswordTests(HimoyaTestCase):
    def change(self, current=PASSWORD, new=NEW, again=None, client=None):
        return (client or self.client).post(
            CHANGE,
            {
                "current_password": current,
                "new_password": new,
                "new_password_again": new if again is None else again,
            },
        )

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(CHANGE)
        self.assertRedirects(response, f"/accounts/login/?next={CHANGE}")

    def test_every_signed_in_user_reaches_the_page_from_the_dashboard(self):
        for user in (self.bob, self.ann, self.alice, self.root):
            self.sign_in(user)
            with self.subTest(user=user.username):
                self.assertContains(self.client.get("/accounts/"), f'href="{CHANGE}"')
                self.assertContains(self.client.get(CHANGE), 'name="current_password"')

    def test_the_right_current_password_changes_it_and_is_audited(self):
        self.sign_in(self.bob)
        other = Client()
        sign_in_client(other, self.bob)
        response = self.change()
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(NEW))
        # This session stays; the other one ends.
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        self.assertEqual(other.get("/accounts/").status_code, 302)
        entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGED)
        self.assertEqual(entry.actor, self.bob)
        self.assertNotIn(NEW, json.dumps(entry.detail))

    def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failure(self):
        self.sign_in(self.bob)
        response = self.change(current="not my password")
        self.assertContains(response, tg("Your current password is not correct."), status_code=400)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))
        self.assertEqual(LoginFailure.objects.get().username, "bob")
        for _ in range(4):
            self.change(current="not my password")
        self.assertEqual(self.change().status_code, 429)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))

    def test_the_configured_validators_and_the_repeat_are_checked(self):
        self.sign_in(self.bob)
        for data in (
            {"new": "short"},
            {"new": "1234567890123"},
            {"new": "password123"},
            {"new": PASSWORD},
            {"new": NEW, "again": NEW + "x"},
            {"current": ""},
        ):
            with self.subTest(data=data):
                self.assertEqual(self.change(**data).status_code, 400)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))
        self.assertEqual(audit_actions(action=AuditAction.PASSWORD_CHANGED), [])

    def test_the_page_in_russian(self):
        self.sign_in(self.bob)
        self.assertContains(self.client.get("/ru" + CHANGE), "Сменить пароль")


class ChangeOwnPasswordApiTests(HimoyaTestCase):
    def test_with_a_token(self):
        _token, secret = ApiToken.issue(self.bob, "t")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        wrong = post_json(
            self.client, CHANGE_API, {"current_password": "x", "new_password": NEW}, **auth
        )
        self.assertEqual(wrong.status_code, 422)
        self.assertIn("current_password", wrong.json()["errors"])
        weak = post_json(
            self.client, CHANGE_API, {"current_password": PASSWORD, "new_password": "abc"}, **auth
        )
        self.assertEqual(weak.status_code, 422)
        self.assertIn("new_password", weak.json()["errors"])
        response = post_json(
            self.client, CHANGE_API, {"current_password": PASSWORD, "new_password": NEW}, **auth
        )
        self.assertEqual(response.status_code, 204)
        self.assertNotIn("sessionid", response.cookies)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(NEW))

    def test_anonymous_gets_401(self):
        response = post_json(
            self.client, CHANGE_API, {"current_password": PASSWORD, "new_password": NEW}
        )
        self.assertEqual(response.status_code, 401)


class ResetAccessTests(HimoyaTestCase):
    """Outsider 404, wrong role 403, organisation admin and superuser 200: page and API."""

    def attempts(self):
        return [
            lambda: self.client.post(reset_page(self.bob)),
            lambda: post_json(self.client, reset_api(self.bob)),
        ]

    def assert_status(self, user, expected):
        for attempt in self.attempts():
            self.sign_in(user)
            response = attempt()
            with self.subTest(user=user.username):
                self.assertEqual(response.status_code, expected)
            self.client.logout()

    def test_outsider_gets_404_and_nothing_changes(self):
        self.assert_status(self.charlie, 404)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))
        self.assertFalse(self.bob.must_change_password)

    def test_wrong_roles_get_403(self):
        for user in (self.sam, self.ann, self.olga):
            self.assert_status(user, 403)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))

    def test_a_member_cannot_reset_their_own_password_here(self):
        self.assert_status(self.bob, 403)

    def test_org_admin_and_superuser_get_200(self):
        self.assert_status(self.alice, 200)
        self.assert_status(self.root, 200)

    def test_anonymous_page_is_sent_to_sign_in_and_get_is_405(self):
        response = self.client.post(reset_page(self.bob))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(post_json(self.client, reset_api(self.bob)).status_code, 401)
        self.sign_in(self.alice)
        self.assertEqual(self.client.get(reset_page(self.bob)).status_code, 405)

    def test_a_member_of_another_organisation_is_not_found(self):
        self.sign_in(self.alice)
        self.assertEqual(self.client.post(reset_page(self.charlie)).status_code, 404)
        self.assertEqual(post_json(self.client, reset_api(self.charlie)).status_code, 404)


class ResetTests(HimoyaTestCase):
    def setUp(self):
        self.sign_in(self.alice)

    def test_the_page_shows_a_temporary_password_once_and_audits_the_reset(self):
        response = self.client.post(reset_page(self.bob))
        password = response.context["password"]
        self.assertContains(response, password)
        self.assertTrue(response["Cache-Control"].startswith("max-age=0"))
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(password))
        self.assertFalse(self.bob.check_password(PASSWORD))
        self.assertTrue(self.bob.must_change_password)
        entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET)
        self.assertEqual((entry.actor, entry.organisation), (self.alice, self.alpha))
        self.assertEqual(entry.object_id, str(self.bob.pk))
        self.assertNotIn(password, json.dumps(entry.detail))

    def test_the_member_page_offers_the_reset(self):
        page = self.client.get(f"/accounts/orgs/alpha/members/{self.bob.pk}/")
        self.assertContains(page, f'action="{reset_page(self.bob)}"')

    def test_no_password_is_ever_emailed(self):
        from django.core import mail

        self.client.post(reset_page(self.bob))
        post_json(self.client, reset_api(self.bob))
        self.assertEqual(mail.outbox, [])

    def test_the_api_returns_the_temporary_password(self):
        response = post_json(self.client, reset_api(self.bob))
        body = response.json()
        self.assertEqual(body["username"], "bob")
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(body["password"]))
        self.assertTrue(self.bob.must_change_password)

    def test_a_reset_signs_out_the_members_sessions_and_revokes_nothing_else(self):
        member = Client()
        sign_in_client(member, self.bob)
        self.assertEqual(member.get("/accounts/").status_code, 200)
        _token, secret = ApiToken.issue(self.bob, "script")
        devices = TOTPDevice.objects.filter(user=self.bob).count()
        self.client.post(reset_page(self.bob))
        self.assertEqual(member.get("/accounts/").status_code, 302)
        self.assertNotIn("_auth_user_id", member.session)
        # The API token and the second factor stay.
        response = member.get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(TOTPDevice.objects.filter(user=self.bob).count(), devices)
        self.assertEqual(ApiToken.objects.filter(user=self.bob).count(), 1)


class CrossOrganisationTests(HimoyaTestCase):
    """An admin of Alpha can never take over an account that reaches Beta's cases."""

    def setUp(self):
        Membership.objects.create(user=self.bob, organisation=self.beta, role=Role.CASEWORKER)
        TOTPDevice.objects.create(user=self.bob, name="phone", confirmed=True)

    def test_admin_of_a_cannot_reset_a_member_also_in_b(self):
        self.sign_in(self.alice)
        self.assertEqual(self.client.post(reset_page(self.bob)).status_code, 403)
        self.assertEqual(post_json(self.client, reset_api(self.bob)).status_code, 403)
        self.assertEqual(self.client.post(two_factor_page(self.bob)).status_code, 403)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))
        self.assertFalse(self.bob.must_change_password)
        self.assertTrue(TOTPDevice.objects.filter(user=self.bob).exists())
        self.assertEqual(
            audit_actions(action__in=[AuditAction.PASSWORD_RESET, AuditAction.TWO_FACTOR_RESET]),
            [],
        )
        page = self.client.get(f"/accounts/orgs/alpha/members/{self.bob.pk}/")
        self.assertNotContains(page, reset_page(self.bob))
        self.assertNotContains(page, two_factor_page(self.bob))

    def test_admin_of_a_cannot_reset_the_second_factor_of_a_member_also_in_b(self):
        self.sign_in(self.alice)
        response = self.client.post(two_factor_page(self.bob))
        self.assertEqual(response.status_code, 403)
        self.assertTrue(TOTPDevice.objects.filter(user=self.bob, name="phone").exists())

    def test_an_admin_of_both_organisations_may_reset(self):
        Membership.objects.create(user=self.alice, organisation=self.beta, role=Role.ORG_ADMIN)
        self.sign_in(self.alice)
        self.assertEqual(self.client.post(reset_page(self.bob)).status_code, 200)

    def test_an_inactive_membership_elsewhere_counts_too(self):
        # Beta's admin could reactivate it, handing Beta's cases to whoever reset the
        # password (found by trying it as an attacker would).
        Membership.objects.filter(user=self.bob, organisation=self.beta).update(is_active=False)
        self.sign_in(self.alice)
        self.assertEqual(self.client.post(two_factor_page(self.bob)).status_code, 403)
        self.assertEqual(self.client.post(reset_page(self.bob)).status_code, 403)

    def test_the_platform_superuser_resets_anyone(self):
        self.sign_in(self.root)
        self.assertEqual(self.client.post(reset_page(self.bob)).status_code, 200)
        self.assertEqual(self.client.post(two_factor_page(self.bob)).status_code, 302)

    def test_a_platform_admin_is_reset_only_by_the_superuser(self):
        Membership.objects.create(user=self.root, organisation=self.alpha, role=Role.ANALYST)
        self.sign_in(self.alice)
        self.assertEqual(self.client.post(reset_page(self.root)).status_code, 403)
        self.assertEqual(self.client.post(two_factor_page(self.root)).status_code, 403)
        self.root.refresh_from_db()
        self.assertTrue(self.root.check_password(PASSWORD))


class ResetLiftsLockTests(HimoyaTestCase):
    def test_a_reset_lifts_the_lock_so_the_owner_signs_in_with_the_new_password(self):
        # Locked out by wrong guesses, told to ask the admin: the reset must let her in.
        for _attempt in range(5):
            self.client.post("/accounts/login/", {"username": "ann", "password": "wrong-1"})
        locked = self.client.post("/accounts/login/", {"username": "ann", "password": PASSWORD})
        self.assertNotEqual(locked.status_code, 302)
        self.sign_in(self.alice)
        temporary = self.client.post(reset_page(self.ann)).context["password"]
        self.client.logout()
        response = self.client.post("/accounts/login/", {"username": "ann", "password": temporary})
        self.assertEqual(response.status_code, 302)


class TemporaryPasswordTests(HimoyaTestCase):
    """The temporary password opens only the page that replaces it."""

    def setUp(self):
        self.sign_in(self.alice)
        self.temporary = self.client.post(reset_page(self.ann)).context["password"]
        self.client.logout()

    def sign_in_with_temporary(self):
        return self.client.post("/accounts/login/", {"username": "ann", "password": self.temporary})

    def test_every_other_page_leads_to_the_change_page_until_it_is_changed(self):
        self.assertEqual(self.sign_in_with_temporary().status_code, 302)
        for path in ("/accounts/", "/accounts/tokens/", "/notifications/", "/cases/"):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertRedirects(
                    response, f"{CHANGE}?next={path}", fetch_redirect_response=False
                )
        page = self.client.get(CHANGE)
        self.assertContains(
            page,
            tg(
                "Your admin set the password you signed in with and has seen it. Choose a "
                "new one before you continue: that password works only for this."
            ),
        )
        api = self.client.get("/api/accounts/me")
        self.assertEqual(api.status_code, 403)
        self.assertEqual(
            api.json()["message"], tg("Change your temporary password before using the API.")
        )
        # In the caller's language, as every other API answer.
        english = self.client.get("/api/accounts/me", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(
            english.json()["message"], "Change your temporary password before using the API."
        )
        response = self.client.post(
            CHANGE,
            {
                "current_password": self.temporary,
                "new_password": NEW,
                "new_password_again": NEW,
                "next": "/accounts/tokens/",
            },
        )
        self.assertRedirects(response, "/accounts/tokens/", fetch_redirect_response=False)
        self.ann.refresh_from_db()
        self.assertFalse(self.ann.must_change_password)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGED)
        self.assertTrue(entry.detail["replaced_temporary"])

    def test_the_api_change_is_open_to_the_session(self):
        self.sign_in_with_temporary()
        self.client.get(CHANGE)
        response = post_json(
            self.client,
            CHANGE_API,
            {"current_password": self.temporary, "new_password": NEW},
            HTTP_X_CSRFTOKEN=self.client.cookies["csrftoken"].value,
        )
        self.assertEqual(response.status_code, 204, response.content)
        self.assertEqual(self.client.get("/api/accounts/me").status_code, 200)

    def test_the_temporary_password_cannot_be_kept(self):
        self.sign_in_with_temporary()
        response = self.client.post(
            CHANGE,
            {
                "current_password": self.temporary,
                "new_password": self.temporary,
                "new_password_again": self.temporary,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.ann.refresh_from_db()
        self.assertTrue(self.ann.must_change_password)
