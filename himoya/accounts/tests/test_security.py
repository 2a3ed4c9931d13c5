"""Password hashing, session expiry, security headers and cookie flags."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

import himoya.settings as production_settings
from himoya.accounts.models import User
from himoya.accounts.tests.factories import PASSWORD
from himoya.core.tests.subprocesses import GOOD_FIELD_KEYS
from himoya.testing import HimoyaTestCase

ROOT = Path(__file__).resolve().parents[3]


class PasswordHashingTests(HimoyaTestCase):
    def test_production_settings_hash_with_argon2_first(self):
        self.assertEqual(
            production_settings.PASSWORD_HASHERS[0],
            "django.contrib.auth.hashers.Argon2PasswordHasher",
        )

    def test_a_password_set_through_django_is_stored_as_argon2(self):
        with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
            user = User.objects.create_user("hashed", password="Pomegranate-tree-77")
            user.refresh_from_db()
            self.assertTrue(user.password.startswith("argon2$"))
            self.assertTrue(check_password("Pomegranate-tree-77", user.password))
            self.assertTrue(self.client.login(username="hashed", password="Pomegranate-tree-77"))


class SessionExpiryTests(HimoyaTestCase):
    def test_each_request_moves_the_expiry_forward(self):
        self.client.post("/accounts/login/", {"username": "ann", "password": PASSWORD})
        self.client.get("/accounts/")
        session = Session.objects.get(session_key=self.client.session.session_key)
        expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        self.assertLess(abs((session.expire_date - expected).total_seconds()), 30)

    def test_an_idle_session_older_than_the_age_is_rejected(self):
        self.client.post("/accounts/login/", {"username": "ann", "password": PASSWORD})
        self.assertEqual(self.client.get("/accounts/").status_code, 200)
        # Idle for longer than SESSION_COOKIE_AGE: the last save put expiry that far back.
        Session.objects.filter(session_key=self.client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        response = self.client.get("/accounts/")
        self.assertRedirects(response, "/accounts/login/?next=/accounts/")

    def test_session_age_is_short(self):
        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 60 * 60)
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)


class SecurityHeaderTests(HimoyaTestCase):
    def test_headers_on_the_sign_in_page(self):
        response = self.client.get("/accounts/login/")
        policy = response["Content-Security-Policy"]
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        self.assertNotIn("'unsafe-inline'", script_src)
        self.assertNotIn("'unsafe-inline'", policy)
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_no_inline_script_in_account_pages(self):
        self.sign_in(self.alice)
        for path in (
            "/accounts/login/",
            "/accounts/",
            "/accounts/two-factor/",
            "/accounts/tokens/",
        ):
            body = self.client.get(path).content.decode()
            with self.subTest(path=path):
                self.assertNotIn("<script>", body)
                self.assertNotRegex(body, r"<script(?![^>]*\bsrc=)")

    def test_cookies_are_httponly_and_samesite(self):
        response = self.client.post("/accounts/login/", {"username": "ann", "password": PASSWORD})
        session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(session_cookie["httponly"])
        self.assertEqual(session_cookie["samesite"], "Lax")
        self.assertFalse(session_cookie["secure"])  # plain HTTP in the test settings
        page = self.client.get("/accounts/login/")
        csrf_cookie = page.cookies.get(settings.CSRF_COOKIE_NAME) or self.client.cookies.get(
            settings.CSRF_COOKIE_NAME
        )
        self.assertTrue(csrf_cookie["httponly"])
        self.assertEqual(csrf_cookie["samesite"], "Lax")

    @override_settings(
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    )
    def test_behind_https_cookies_are_secure_and_hsts_is_sent(self):
        response = self.client.post(
            "/accounts/login/", {"username": "ann", "password": PASSWORD}, secure=True
        )
        self.assertTrue(response.cookies[settings.SESSION_COOKIE_NAME]["secure"])
        page = self.client.get("/accounts/login/", secure=True)
        self.assertIn("max-age=31536000", page["Strict-Transport-Security"])
        self.assertTrue(self.client.cookies[settings.CSRF_COOKIE_NAME]["secure"])
        # HSTS is never sent over plain HTTP.
        self.assertNotIn("Strict-Transport-Security", self.client.get("/accounts/login/"))

    @pytest.mark.slow
    def test_himoya_https_turns_on_secure_cookies_and_hsts(self):
        code = (
            "from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
            "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
        )
        env = {
            **os.environ,
            "HIMOYA_MODE": "production",
            "SECRET_KEY": "s" * 60,
            "HIMOYA_FIELD_KEYS": GOOD_FIELD_KEYS,
            "HIMOYA_HTTPS": "1",
            "DJANGO_SETTINGS_MODULE": "himoya.settings",
        }
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["True", "True", "True", "True", "Lax"])
