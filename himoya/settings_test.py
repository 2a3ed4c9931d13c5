"""Settings for the test suite: the production settings in test mode.

TEST_DATABASE_URL, when set, points the suite at PostgreSQL instead of SQLite.
"""

import os

os.environ.setdefault("HIMOYA_MODE", "test")
os.environ.setdefault("HIMOYA_REQUIRE_2FA", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
if os.environ.get("TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]

from himoya.settings import *  # noqa: E402,F403
from himoya.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = [
    # Argon2 with its real parameters is slow; tests that check hashing ask for it directly.
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
