"""Second factor: verify at sign-in, recovery codes, enrolment with a QR code, the middleware."""

from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts import twofactor
from himoya.accounts.models import LoginFailure
from himoya.accounts.tests.factories import PASSWORD
from himoya.accounts.tests.helpers import audit_actions, tg, totp_code, wrong_code
from himoya.accounts.tests.test_login import LOCKED
from himoya.audit.models import AuditAction
from himoya.testing import HimoyaTestCase


class VerifyAtSignInTests(HimoyaTestCase):
    def setUp(self):
        self.device = TOTPDevice.objects.create(user=self.bob, name="phone", confirmed=True)

    def password_step(self, next_url=""):
        return self.client.post(
            "/accounts/login/", {"username": "bob", "password": PASSWORD, "next": next_url}
        )

    def test_a_correct_password_alone_does_not_sign_in(self):
        response = self.password_step()
        self.assertRedirects(response, "/accounts/verify/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        page = self.client.get("/accounts/verify/")
        self.assertContains(page, 'name="otp_token"')
        self.assertEqual(audit_actions(action=AuditAction.SIGN_IN), [])

    def test_the_totp_code_completes_sign_in(self):
        self.password_step(next_url="/accounts/tokens/")
        response = self.client.post("/accounts/verify/", {"otp_token": totp_code(self.device)})
        self.assertRedirects(response, "/accounts/tokens/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        self.assertEqual(audit_actions(action=AuditAction.SIGN_IN, actor=self.bob), ["sign_in"])

    def test_a_wrong_code_is_refused_recorded_and_audited(self):
        self.password_step()
        response = self.client.post("/accounts/verify/", {"otp_token": wrong_code(self.device)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, tg("This code is not correct or was already used."), status_code=400
        )
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(LoginFailure.objects.get().username, "bob")
        self.assertEqual(audit_actions(action=AuditAction.SIGN_IN_FAILED), ["sign_in_failed"])
        # The right code right after a wrong one still works.
        response = self.client.post("/accounts/verify/", {"otp_token": totp_code(self.device)})
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)

    def test_wrong_codes_count_toward_the_throttle(self):
        self.password_step()
        for _ in range(4):
            self.client.post("/accounts/verify/", {"otp_token": wrong_code(self.device)})
        last = self.client.post("/accounts/verify/", {"otp_token": wrong_code(self.device)})
        self.assertEqual(last.status_code, 429)
        response = self.client.post("/accounts/verify/", {"otp_token": totp_code(self.device)})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, tg(LOCKED).split("%")[0].strip(), status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_recovery_code_works_once(self):
        codes = twofactor.replace_recovery_codes(self.bob)
        self.assertEqual(len(codes), 10)
        self.password_step()
        response = self.client.post("/accounts/verify/", {"otp_token": codes[0].upper()})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(StaticToken.objects.filter(device__user=self.bob).count(), 9)
        self.client.post("/accounts/logout/")
        self.password_step()
        again = self.client.post("/accounts/verify/", {"otp_token": codes[0]})
        self.assertEqual(again.status_code, 400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_verify_without_a_pending_sign_in_goes_back_to_login(self):
        response = self.client.get("/accounts/verify/")
        self.assertRedirects(response, "/accounts/login/", fetch_redirect_response=False)


class EnrolmentTests(HimoyaTestCase):
    def test_enrol_page_shows_an_inline_svg_qr_code_and_the_secret(self):
        self.client.force_login(self.ann)
        response = self.client.get("/accounts/two-factor/")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn("<svg", body)
        self.assertIn('<code class="secret">', body)
        self.assertIn('name="otp_token"', body)
        device = TOTPDevice.objects.get(user=self.ann, confirmed=False)
        self.assertIn(twofactor.secret_base32(device), body)
        # No inline script and no asset from another host.
        self.assertNotIn("<script>", body)
        self.assertNotIn("onload=", body)
        self.assertNotIn('src="http', body)

    def test_the_pending_device_is_kept_between_visits(self):
        self.client.force_login(self.ann)
        self.client.get("/accounts/two-factor/")
        self.client.get("/accounts/two-factor/")
        self.assertEqual(TOTPDevice.objects.filter(user=self.ann).count(), 1)

    def test_confirming_shows_ten_recovery_codes_once(self):
        self.client.force_login(self.bob)
        self.client.get("/accounts/two-factor/")
        device = TOTPDevice.objects.get(user=self.bob)
        response = self.client.post("/accounts/two-factor/", {"otp_token": totp_code(device)})
        self.assertEqual(response.status_code, 200)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(response.content.decode().count("<li><code>"), 10)
        self.assertEqual(twofactor.remaining_recovery_codes(self.bob), 10)
        self.assertIn(AuditAction.TWO_FACTOR_ENROLLED, audit_actions(actor=self.bob))
        # The session is now verified: the dashboard opens.
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        # The codes page shows only the count, not the codes.
        page = self.client.get("/accounts/two-factor/recovery-codes/")
        self.assertContains(page, "10")
        self.assertNotContains(page, "<li><code>")

    def test_a_wrong_confirmation_code_leaves_the_device_unconfirmed(self):
        self.client.force_login(self.ann)
        self.client.get("/accounts/two-factor/")
        device = TOTPDevice.objects.get(user=self.ann)
        response = self.client.post("/accounts/two-factor/", {"otp_token": wrong_code(device)})
        self.assertEqual(response.status_code, 400)
        device.refresh_from_db()
        self.assertFalse(device.confirmed)

    def test_an_unverified_session_cannot_replace_an_existing_device(self):
        TOTPDevice.objects.create(user=self.ann, name="phone", confirmed=True)
        self.client.force_login(self.ann)
        response = self.client.get("/accounts/two-factor/")
        self.assertRedirects(response, "/accounts/verify/", fetch_redirect_response=False)
        self.assertEqual(TOTPDevice.objects.filter(user=self.ann).count(), 1)

    def test_reenrolment_replaces_the_old_device(self):
        self.sign_in(self.ann)
        old = TOTPDevice.objects.get(user=self.ann)
        self.client.get("/accounts/two-factor/")
        new = TOTPDevice.objects.get(user=self.ann, confirmed=False)
        self.client.post("/accounts/two-factor/", {"otp_token": totp_code(new)})
        self.assertEqual(list(TOTPDevice.objects.filter(user=self.ann)), [new])
        self.assertFalse(TOTPDevice.objects.filter(pk=old.pk).exists())

    def test_recovery_codes_can_be_regenerated(self):
        self.sign_in(self.ann)
        old = set(twofactor.replace_recovery_codes(self.ann))
        response = self.client.post("/accounts/two-factor/recovery-codes/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(twofactor.remaining_recovery_codes(self.ann), 10)
        tokens = set(
            StaticToken.objects.filter(device__user=self.ann).values_list("token", flat=True)
        )
        self.assertFalse(tokens & {code.replace("-", "") for code in old})

    def test_pages_need_a_sign_in(self):
        for path in ("/accounts/two-factor/", "/accounts/two-factor/recovery-codes/"):
            response = self.client.get(path)
            self.assertRedirects(response, f"/accounts/login/?next={path}")


class RequireTwoFactorMiddlewareTests(HimoyaTestCase):
    def test_case_data_role_without_device_is_sent_to_enrol(self):
        self.client.force_login(self.bob)
        response = self.client.get("/accounts/")
        self.assertRedirects(response, "/accounts/two-factor/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/accounts/two-factor/").status_code, 200)

    def test_case_data_role_with_device_is_sent_to_verify(self):
        TOTPDevice.objects.create(user=self.sam, name="phone", confirmed=True)
        self.client.force_login(self.sam)
        response = self.client.get("/accounts/tokens/")
        self.assertRedirects(
            response,
            "/accounts/verify/?next=%2Faccounts%2Ftokens%2F",
            fetch_redirect_response=False,
        )
        # Sign-out and the verify page stay reachable.
        self.assertEqual(self.client.get("/accounts/verify/").status_code, 200)
        self.assertEqual(self.client.post("/accounts/logout/").status_code, 302)

    def test_verifying_an_existing_session_opens_the_pages(self):
        device = TOTPDevice.objects.create(user=self.sam, name="phone", confirmed=True)
        self.client.force_login(self.sam)
        response = self.client.post(
            "/accounts/verify/?next=/accounts/tokens/", {"otp_token": totp_code(device)}
        )
        self.assertRedirects(response, "/accounts/tokens/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/accounts/tokens/").status_code, 200)

    def test_superuser_must_use_two_factor(self):
        self.client.force_login(self.root)
        response = self.client.get("/accounts/")
        self.assertRedirects(response, "/accounts/two-factor/", fetch_redirect_response=False)

    def test_roles_without_case_data_are_not_forced(self):
        self.client.force_login(self.ann)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)

    def test_api_answers_json_403_to_an_unverified_session(self):
        self.client.force_login(self.bob)
        response = self.client.get("/api/accounts/me")
        self.assertEqual(response.status_code, 403)
        self.assertIn("message", response.json())

    def test_static_files_and_language_prefixed_pages_are_reachable(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get("/ru/accounts/two-factor/").status_code, 200)
        response = self.client.get("/static/himoya/himoya.css")
        self.assertNotEqual(response.status_code, 302)

    @override_settings(HIMOYA_REQUIRE_2FA=False)
    def test_with_the_setting_off_two_factor_is_optional_but_available(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        self.assertEqual(self.client.get("/api/accounts/me").status_code, 200)
        self.assertEqual(self.client.get("/accounts/two-factor/").status_code, 200)
