"""Django settings for Himoya, read from environment variables.

HIMOYA_MODE is "production" (the default), "demo" (make demo) or "test" (the test
suite). Only demo and test may run without SECRET_KEY.
"""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from himoya.core.crypto import check_key_ring
from himoya.env import (
    env_bool,
    env_database,
    env_days,
    env_hosts,
    env_int,
    env_networks,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("HIMOYA_VAR_DIR", str(BASE_DIR / "var")))

MODE = env_str("HIMOYA_MODE", "production")
if MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"HIMOYA_MODE must be production, demo or test; got {MODE!r}")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if MODE == "test":
        return "test-only-" + "x" * 50
    if MODE == "demo":
        # The demo keeps its key in var/ so that sessions survive a restart.
        path = VAR_DIR / "secret_key"
        if not path.exists():
            VAR_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured("SECRET_KEY is not set: Himoya refuses to start without it.")


SECRET_KEY = _secret_key()


def _field_keys() -> str:
    """HIMOYA_FIELD_KEYS: "id:base64key,id:base64key"; the first encrypts, all decrypt."""
    keys = env_str("HIMOYA_FIELD_KEYS")
    if keys:
        return keys
    if MODE == "test":
        return "test1:" + "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTMyYiE="
    if MODE == "demo":
        path = VAR_DIR / "field_keys"
        if not path.exists():
            import base64

            VAR_DIR.mkdir(parents=True, exist_ok=True)
            key_id = "demo" + secrets.token_hex(2)
            path.write_text(f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}")
            path.chmod(0o600)
        return path.read_text().strip()
    raise ImproperlyConfigured(
        "HIMOYA_FIELD_KEYS is not set: Himoya refuses to start without encryption keys."
    )


HIMOYA_FIELD_KEYS = _field_keys()
# Parse the key ring now: a malformed value stops start-up with one line naming the
# variable, instead of failing at the first encrypted read or write.
check_key_ring(HIMOYA_FIELD_KEYS)
HIMOYA_RETENTION_YEARS = env_int("HIMOYA_RETENTION_YEARS", 5, minimum=1)
HIMOYA_ATTACHMENT_MAX_BYTES = env_int("HIMOYA_ATTACHMENT_MAX_MB", 10, minimum=1) * 1024 * 1024
# A referral with no answer after this many days expires and the sender's supervisors are alerted.
HIMOYA_REFERRAL_EXPIRY_DAYS = env_int("HIMOYA_REFERRAL_EXPIRY_DAYS", 7, minimum=1)
# How soon each urgency must be answered (himoya.referrals.deadlines): an emergency in
# clock hours, day or night; urgent and routine in working days (Monday to Friday in
# TIME_ZONE, not counting the public holidays below).
HIMOYA_REFERRAL_EMERGENCY_HOURS = env_int("HIMOYA_REFERRAL_EMERGENCY_HOURS", 4, minimum=1)
HIMOYA_REFERRAL_URGENT_WORKING_DAYS = env_int("HIMOYA_REFERRAL_URGENT_WORKING_DAYS", 1, minimum=1)
HIMOYA_REFERRAL_ROUTINE_WORKING_DAYS = env_int("HIMOYA_REFERRAL_ROUTINE_WORKING_DAYS", 3, minimum=1)
# Tajikistan's fixed-date public holidays (Labour Code): New Year, Mother's Day, Navruz
# (21-24 March), Labour Day, Victory Day, National Unity Day, Independence Day,
# Constitution Day. The two Eids move with the lunar calendar: add them as YYYY-MM-DD.
HIMOYA_PUBLIC_HOLIDAYS = env_days(
    "HIMOYA_PUBLIC_HOLIDAYS",
    [
        "01-01",
        "03-08",
        "03-21",
        "03-22",
        "03-23",
        "03-24",
        "05-01",
        "05-09",
        "06-27",
        "09-09",
        "11-06",
    ],
)

# How long a creating API request's Idempotency-Key is remembered (core/idempotency.py).
HIMOYA_IDEMPOTENCY_HOURS = env_int("HIMOYA_IDEMPOTENCY_HOURS", 24, minimum=1)
# The address that links in notification emails point to.
HIMOYA_BASE_URL = env_url("HIMOYA_BASE_URL", "http://127.0.0.1:8000")
HIMOYA_ATTACHMENT_DIR = Path(env_str("HIMOYA_ATTACHMENT_DIR", str(VAR_DIR / "attachments")))
# /healthz answers 503 below this much free space for attachments, and when a scheduled
# command has not succeeded for longer than it may (counted from the first health check
# on an instance where it never ran).
HIMOYA_HEALTH_MIN_FREE_MB = env_int("HIMOYA_HEALTH_MIN_FREE_MB", 100, minimum=0)
HIMOYA_HEALTH_REFERRALS_EXPIRE_MINUTES = env_int(
    "HIMOYA_HEALTH_REFERRALS_EXPIRE_MINUTES", 60, minimum=1
)
HIMOYA_HEALTH_RETENTION_HOURS = env_int("HIMOYA_HEALTH_RETENTION_HOURS", 26, minimum=1)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_hosts("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
HIMOYA_REQUIRE_2FA = env_bool("HIMOYA_REQUIRE_2FA", MODE != "demo")
HIMOYA_HTTPS = env_bool("HIMOYA_HTTPS", False)
HIMOYA_QUICK_EXIT_URL = env_url("HIMOYA_QUICK_EXIT_URL", "https://www.google.com/search?q=weather")
HIMOYA_LOGIN_MAX_FAILURES = env_int("HIMOYA_LOGIN_MAX_FAILURES", 5, minimum=1)
HIMOYA_LOGIN_LOCK_MINUTES = env_int("HIMOYA_LOGIN_LOCK_MINUTES", 15, minimum=1)
# Failed sign-ins are counted three ways (see accounts/throttle.py): the two above are
# for one account from one address; one address across accounts gets a higher limit in
# the same window; one account across addresses a much higher one over a longer window.
HIMOYA_LOGIN_ADDRESS_MAX_FAILURES = env_int("HIMOYA_LOGIN_ADDRESS_MAX_FAILURES", 30, minimum=1)
HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES = env_int("HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES", 50, minimum=1)
HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES = env_int("HIMOYA_LOGIN_ACCOUNT_WINDOW_MINUTES", 60, minimum=1)
# Reverse proxies whose X-Forwarded-For is believed; without them REMOTE_ADDR is the client.
HIMOYA_TRUSTED_PROXIES = env_networks("HIMOYA_TRUSTED_PROXIES")
# Our sign-in throttle (above) counts second-factor failures by user and address;
# django-otp's per-device back-off on top of it would only refuse a correct code typed
# within seconds of a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = "Himoya"
HIMOYA_SMALL_CELL_THRESHOLD = env_int("HIMOYA_SMALL_CELL_THRESHOLD", 5, minimum=1)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    # The demo app sits at the top of the layers (it imports every app, none imports it).
    "himoya.demo",
    "himoya.core",
    "himoya.geo",
    "himoya.directory",
    "himoya.accounts",
    "himoya.audit",
    "himoya.auditlog",
    "himoya.clients",
    "himoya.cases",
    "himoya.incidents",
    "himoya.referrals",
    "himoya.hotline",
    "himoya.notifications",
    "himoya.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "himoya.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "himoya.core.csrf.NoReferrerCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "himoya.accounts.middleware.RequireTwoFactorMiddleware",
    "himoya.accounts.middleware.RequirePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "himoya.core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "himoya.urls"
WSGI_APPLICATION = "himoya.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "himoya.core.context_processors.himoya",
            ],
        },
    },
]
FORM_RENDERER = "himoya.core.renderers.FieldTemplateRenderer"  # one template for every field

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'himoya.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # In production every commit reaches the disk before it is acknowledged (FULL): with
    # NORMAL, a power cut can lose the last commits. The demo and the tests keep NORMAL.
    _SYNCHRONOUS = "FULL" if MODE == "production" else "NORMAL"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades in the middle of a transaction.
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_SYNCHRONOUS}; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = env_int("HIMOYA_SESSION_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HIMOYA_HTTPS
CSRF_COOKIE_SECURE = HIMOYA_HTTPS
LANGUAGE_COOKIE_SECURE = HIMOYA_HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HIMOYA_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("HIMOYA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HIMOYA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' HSTS preload list commits the whole domain for months:
# that is the operator's decision, so `himoya check` does not insist on it.
# W003 looks for Django's CSRF middleware by name; ours (himoya.core.csrf) subclasses it.
SILENCED_SYSTEM_CHECKS = ["security.W021", "security.W003"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Never a Referer, to anyone. Browsers then post our forms with "Origin: null":
# himoya.core.csrf accepts that when the CSRF token is right.
SECURE_REFERRER_POLICY = "no-referrer"
CSRF_FAILURE_VIEW = "himoya.core.views.csrf_failure"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "tg"
LANGUAGES = [("tg", _("Tajik")), ("ru", _("Russian")), ("en", _("English"))]
# Each app keeps its own catalog in <app>/locale/, so apps can be translated separately.
LOCALE_PATHS: list = []
USE_I18N = True
# One date and number format per language: himoya/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["himoya.formats"]
TIME_ZONE = "Asia/Dushanbe"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The test suite collects no static files: let whitenoise look files up per request, in
# the apps' static folders, instead of warning on every start that STATIC_ROOT is missing.
WHITENOISE_AUTOREFRESH = DEBUG or MODE == "test"
WHITENOISE_USE_FINDERS = DEBUG or MODE == "test"
# The web app manifest's own type (whitenoise does not know the .webmanifest ending).
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# Site-wide assets (CSS, fonts, quick-exit script, icons, manifest) belong to no single app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "himoya@localhost")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "himoya.core.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
