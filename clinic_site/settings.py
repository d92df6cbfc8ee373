"""Settings for the clinic site, read from the environment (or a `.env` file).

Every variable is named in `.env.example`. With DEBUG off nothing insecure is assumed:
a missing SECRET_KEY or EMAIL_URL stops the site from starting.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-key-for-local-development-only")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # required: ImproperlyConfigured when missing

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [f"{urlsplit(SITE_URL).scheme}://{urlsplit(SITE_URL).netloc}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "reversion",
    "adminsortable2",  # drag to order a condition's sections, symptoms and causes
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "clinic_site",
    "conditions",
    "locations",
    "intake",
    "notices",
]

MIDDLEWARE = [
    # First: what later middleware and views read of the peer's forwarded headers must come
    # from a trusted proxy; and the headers every response carries, static files included.
    "clinic_site.security.ForwardedHeadersMiddleware",
    "clinic_site.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the query, cookies or form: their 400 still gets the headers above.
    "clinic_site.middleware.RefuseUnreadableRequestsMiddleware",
    # A kept public page is answered here: nothing below serves a page that is the same for all.
    "clinic_site.page_cache.ServeKeptPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the CSRF check reads the form: an oversized body gets the 413 page unread.
    "clinic_site.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end when idle or old; then the second factor, before any admin view
    # (after messages: each says why it sent someone away).
    "clinic_site.staff_sessions.StaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clinic_site.two_factor.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view, the admin's included, that cannot reach the database answers 503, not 500.
    "clinic_site.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic_site.urls"
WSGI_APPLICATION = "clinic_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Reusing a connection saves its setup on every request; health checks drop dead ones.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two requests writing at once (a double click) queue for SQLite's lock instead of one
    # failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# django-environ leaves a Redis URL's ?key_prefix= (and timeout, version) in lower case, where
# Django never reads them: put them where it does.
for _option in ("key_prefix", "timeout", "version"):
    if _option in CACHES["default"]:
        CACHES["default"][_option.upper()] = CACHES["default"].pop(_option)
# Every key carries the site's own prefix, so two sites sharing one cache never read each
# other's pages: the URL's key_prefix, else CACHE_KEY_PREFIX, else the public host name.
CACHES["default"]["KEY_PREFIX"] = str(
    CACHES["default"].get("KEY_PREFIX") or env.str("CACHE_KEY_PREFIX", default=urlsplit(SITE_URL).netloc)
)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "clinic_site.cache.RedisCache"  # Django's, with its client kept
    # A Redis that hangs must cost a request half a second, not the worker's whole timeout.
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 0.5)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 0.5)

# Where staff land after signing in when `next` is missing or refused (not /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"

# Staff sign-in: after 5 wrong passwords for one username from one address, that pair waits
# 15 minutes (django-axes). Addresses come from clinic_site.security.client_ip.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "clinic_site.security.client_ip"
AXES_LOCKOUT_CALLABLE = "clinic_site.security.lockout_response"
AXES_USERNAME_CALLABLE = "clinic_site.security.attempted_username"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "clinic_site.passwords.RepeatedCharactersValidator"},
    {"NAME": "clinic_site.passwords.NamePartsValidator"},
]

# Staff sign in with a password, then a code from an authenticator app (django-otp), on
# every admin page. On unless DEBUG: `make run` signs in with the password alone.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Resilient Performance PT"
# A code is accepted once: django-otp remembers the last time step used. Wrong codes make
# the next try wait 1, 2, 4... seconds (its throttling).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's key or recovery codes
OTP_RECOVERY_CODES = 8

# Staff sessions end after 15 idle minutes and 8 hours in all (clinic_site.staff_sessions).
# Visitors' sessions (the intake receipt) keep Django's default age.
STAFF_SESSION_IDLE = timedelta(minutes=15)
STAFF_SESSION_MAX = timedelta(hours=8)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"  # every clinic is on Eastern time
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["clinic_site.formats"]  # one date format in the admin: "Dec 2, 2026, 10:41 AM"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# favicon.ico and friends are served from the site root.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Email: the console under DEBUG; a real server (smtp+tls://user:pass@host:587) otherwise.
if DEBUG:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
else:
    vars().update(env.email_url("EMAIL_URL"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Resilient Performance PT <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
FRONT_DESK_EMAIL = env.str("FRONT_DESK_EMAIL", default="front-desk@localhost")

# Security. Behind a TLS proxy set BEHIND_PROXY so HTTPS and client addresses are trusted,
# and only from TRUSTED_PROXIES (addresses or networks): from anyone else X-Forwarded-For and
# X-Forwarded-Proto are dropped (clinic_site.security). gunicorn.conf.py reads the same list.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1"])
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS_ONLY else 0  # a year
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Nothing is loaded from another origin and nothing runs inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"omit_query_strings": {"()": "clinic_site.logging.OmitQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["omit_query_strings"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Pillow logs EXIF tag values (a patient's GPS position, camera owner) at DEBUG: never log them.
        "PIL": {"level": "WARNING"},
    },
}

# --- Intake (new-patient, follow-up and self-pay submissions) --------------------------
# Card images and insurance numbers are encrypted with Fernet keys, newest first; older keys
# still decrypt, so a key can be rotated (then `manage.py intake_reencrypt`). Required when
# DEBUG is off; under DEBUG a key is derived from SECRET_KEY instead.
INTAKE_ENCRYPTION_KEYS = env.list("INTAKE_ENCRYPTION_KEYS", default=[])
if not INTAKE_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set INTAKE_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first). Generate one with: "
            'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        )
    INTAKE_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(b"intake-dev-key:" + SECRET_KEY.encode()).digest()).decode()
    ]
# Uploads: a size cap per card photo and for a whole intake request.
INTAKE_MAX_IMAGE_BYTES = env.int("INTAKE_MAX_IMAGE_BYTES", default=15 * 1024 * 1024)
INTAKE_MAX_REQUEST_BYTES = env.int("INTAKE_MAX_REQUEST_BYTES", default=4 * INTAKE_MAX_IMAGE_BYTES + 1024 * 1024)
# Pixels a card photo may have: 24 megapixels covers 12 and 24 MP phone cameras; more is refused.
INTAKE_MAX_IMAGE_PIXELS = env.int("INTAKE_MAX_IMAGE_PIXELS", default=24_000_000)
# Each email's total time with the mail server, connecting to goodbye, in the outbox's sender
# (never in a request). An email whose whole message reached the server without an answer in
# this time may have been delivered and is not sent again: keep it generous.
INTAKE_EMAIL_TIMEOUT = env.float("INTAKE_EMAIL_TIMEOUT", default=60.0)
# Retention of closed submissions: card images, then whole submissions, after these many days.
INTAKE_RETAIN_IMAGES_DAYS = env.int("INTAKE_RETAIN_IMAGES_DAYS", default=90)
INTAKE_RETAIN_SUBMISSIONS_DAYS = env.int("INTAKE_RETAIN_SUBMISSIONS_DAYS", default=7 * 365)
# Where the "Patient portal" button on /follow-up/ goes when staff have set no address in the
# admin (https:// only). With neither, the page asks patients to call instead.
PATIENT_PORTAL_URL = env.str("PATIENT_PORTAL_URL", default="")

# --- Request sizes and limits on the public forms (clinic_site/middleware.py, intake/abuse.py) ---
# Largest request body read from anyone (the follow-up and self-pay forms, the sign-in page);
# signed-in staff in the admin may send more (condition images), the new-patient form up to
# INTAKE_MAX_REQUEST_BYTES. Larger bodies get the 413 page unread.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=1024 * 1024)
STAFF_MAX_REQUEST_BYTES = env.int("STAFF_MAX_REQUEST_BYTES", default=32 * 1024 * 1024)
# Forms each client address may send an hour, and submissions each email address may receive.
INTAKE_SENDS_PER_ADDRESS_PER_HOUR = env.int("INTAKE_SENDS_PER_ADDRESS_PER_HOUR", default=10)
INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR = env.int("INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR", default=3)
# A form sent back sooner than this after it was shown was not filled in by a person.
INTAKE_MIN_FILL_SECONDS = env.float("INTAKE_MIN_FILL_SECONDS", default=3.0)
