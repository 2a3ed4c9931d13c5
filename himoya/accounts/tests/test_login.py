"""Password sign-in: generic errors, throttle by username and address, audit, safe redirects."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from himoya.accounts.models import LoginFailure
from himoya.accounts.tests.factories import PASSWORD
from himoya.accounts.tests.helpers import audit_actions, tg
from himoya.audit.models import AuditAction, AuditEntry
from himoya.testing import HimoyaTestCase

LOGIN = "/accounts/login/"
LOCKED = (
    "Too many failed sign-in attempts. Try again after %(time)s (in about %(minutes)d minutes)."
)


class LoginPageTests(HimoyaTestCase):
    def post(self, username, password=PASSWORD, ip="10.0.0.1", **extra):
        return self.client.post(
            LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=ip
        )

    def test_page_has_the_sign_in_form(self):
        response = self.client.get(reverse("accounts:login"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<form id="login" method="post"')
        self.assertContains(response, 'name="username"')
        self.assertContains(response, 'name="password"')
        self.assertContains(response, 'type="submit"')

    def test_right_password_signs_in_and_is_audited(self):
        response = self.post("ann")
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).get()
        self.assertEqual(entry.actor, self.ann)
        self.assertEqual(entry.ip_address, "10.0.0.1")

    def test_wrong_password_and_unknown_user_get_the_same_answer(self):
        wrong = self.post("ann", "not the password")
        unknown = self.post("nobody-here", "not the password")
        self.assertEqual(wrong.status_code, 400)
        self.assertEqual(unknown.status_code, 400)
        message = tg("The username or password is not correct.")
        self.assertContains(wrong, message, status_code=400)
        self.assertContains(unknown, message, status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(LoginFailure.objects.count(), 2)
        failed = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).order_by("id")
        self.assertEqual([e.detail["username"] for e in failed], ["ann", "nobody-here"])
        self.assertTrue(all(e.actor is None for e in failed))

    def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(self):
        for _ in range(4):
            self.assertEqual(self.post("ann", "wrong", ip="10.0.0.9").status_code, 400)
        fifth = self.post("ann", "wrong", ip="10.0.0.9")
        self.assertEqual(fifth.status_code, 429)
        # From the same address, with the right password: still refused.
        response = self.post("ann", ip="10.0.0.9")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, tg(LOCKED).split("%")[0].strip(), status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(
            AuditEntry.objects.filter(
                action=AuditAction.SIGN_IN_FAILED, detail__reason="locked"
            ).count(),
            1,
        )

    def test_failures_elsewhere_never_lock_the_owner_out_of_another_address(self):
        # Issue 9 item 8: five wrong passwords from anywhere used to lock the owner out too.
        for _ in range(5):
            self.post("ann", "wrong", ip="10.0.0.9")
        self.assertEqual(self.post("ann", ip="10.0.0.77").status_code, 302)

    def test_many_failures_from_one_address_lock_that_address_for_every_username(self):
        with override_settings(HIMOYA_LOGIN_ADDRESS_MAX_FAILURES=8):
            for index in range(8):
                self.post(f"u{index}", "wrong", ip="10.1.1.1")
            self.assertEqual(self.post("ann", ip="10.1.1.1").status_code, 429)
            # Another address is not affected.
            self.assertEqual(self.post("ann", ip="10.1.1.2").status_code, 302)

    def test_the_lock_lifts_when_the_failures_age_out_of_the_window(self):
        for _ in range(5):
            self.post("ann", "wrong")
        self.assertEqual(self.post("ann").status_code, 429)
        LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
        self.assertEqual(self.post("ann").status_code, 302)

    def test_old_failures_are_deleted_when_a_new_one_is_recorded(self):
        self.post("ann", "wrong")
        LoginFailure.objects.update(at=timezone.now() - timedelta(hours=1))
        self.post("bob", "wrong")
        self.assertEqual(list(LoginFailure.objects.values_list("username", flat=True)), ["bob"])

    def test_failures_within_the_account_window_are_kept(self):
        self.post("ann", "wrong")
        LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=45))
        self.post("bob", "wrong")
        self.assertEqual(LoginFailure.objects.count(), 2)

    def test_empty_post_is_a_400_with_field_errors(self):
        response = self.client.post(LOGIN, {})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "errorlist", status_code=400)

    @override_settings(HIMOYA_LOGIN_MAX_FAILURES=2, HIMOYA_LOGIN_LOCK_MINUTES=1)
    def test_limits_come_from_settings(self):
        self.post("ann", "wrong")
        self.assertEqual(self.post("ann", "wrong").status_code, 429)

    def test_success_clears_that_usernames_failures(self):
        for _ in range(3):
            self.post("ann", "wrong", ip="10.2.2.2")
        self.post("bob", "wrong", ip="10.3.3.3")
        self.assertEqual(self.post("ann", ip="10.2.2.2").status_code, 302)
        self.assertEqual(list(LoginFailure.objects.values_list("username", flat=True)), ["bob"])

    def test_safe_next_is_followed_and_foreign_next_is_ignored(self):
        response = self.post("ann", next="/accounts/tokens/")
        self.assertRedirects(response, "/accounts/tokens/", fetch_redirect_response=False)
        self.client.logout()
        response = self.post("ann", next="https://evil.example/phish")
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)
        self.client.logout()
        response = self.post("ann", next="//evil.example/")
        self.assertRedirects(response, "/accounts/", fetch_redirect_response=False)

    def test_overlong_input_is_a_clear_400(self):
        response = self.post("x" * 500, "wrong")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(LoginFailure.objects.count(), 0)

    def test_login_page_in_russian(self):
        response = self.client.get("/ru/accounts/login/")
        self.assertContains(response, "Вход для сотрудников")


class LogoutTests(HimoyaTestCase):
    def test_get_shows_the_sign_out_button_and_signs_nobody_out(self):
        self.sign_in(self.alice)
        for path, text in (("/accounts/logout/", "Баромадан"), ("/ru/accounts/logout/", "Выйти")):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, '<form method="post" action="')
            self.assertContains(response, 'id="logout"')
            self.assertContains(response, text)
        self.assertIn("_auth_user_id", self.client.session)
        self.assertEqual(audit_actions(actor=self.alice), [])

    def test_get_when_signed_out_offers_sign_in(self):
        response = self.client.get("/en/accounts/logout/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "You are not signed in.")

    def test_logout_signs_out_and_is_audited(self):
        self.sign_in(self.alice)
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/accounts/login/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(audit_actions(actor=self.alice), [AuditAction.SIGN_OUT])
        self.assertRedirects(self.client.get("/accounts/"), "/accounts/login/?next=/accounts/")
