"""Django settings. Everything configurable comes from environment variables through the helpers below.

- ``TRUCE_HOME``: data folder (database, evidence store, keys); default ``./truce-data``.
- ``DATABASE_URL``: a database URL; default SQLite (WAL) at ``$TRUCE_HOME/truce.sqlite3``.
- ``TRUCE_SECRET_KEY``: Django's secret; default read from ``$TRUCE_HOME/secret_key`` (written by
  ``truce init``), else an ephemeral key (sessions then end when the server restarts).
- ``TRUCE_DEBUG`` (0/1), ``TRUCE_ALLOWED_HOSTS`` (comma-separated), ``TRUCE_EVIDENCE_MAX_BYTES``.
- Sign-in: ``TRUCE_LOCKOUT_FAILURES`` (10), ``TRUCE_LOCKOUT_MINUTES`` (15), ``TRUCE_SESSION_IDLE_MINUTES``
  (30), ``TRUCE_SESSION_MAX_HOURS`` (12), ``TRUCE_TOKEN_DAYS`` (90); see docs/operations.md.
- Behind a TLS proxy (docs/operations.md): ``TRUCE_PUBLIC_URL`` (``https://truce.example.org``),
  ``TRUCE_PROXY_SSL_HEADER`` (``X-Forwarded-Proto``), ``TRUCE_CSRF_TRUSTED_ORIGINS``, ``TRUCE_SSL_REDIRECT``,
  ``TRUCE_HSTS_SECONDS``, ``TRUCE_HSTS_INCLUDE_SUBDOMAINS``, ``TRUCE_HSTS_PRELOAD``, ``TRUCE_SECURE_COOKIES``.
- Abuse limits per user: ``TRUCE_FILINGS_PER_HOUR``,
  ``TRUCE_UPLOADS_PER_HOUR``, ``TRUCE_UPLOAD_BYTES_PER_DAY``.
- Retries: ``TRUCE_IDEMPOTENCY_HOURS`` (48; at least 24), how long API idempotency keys and one-time form
  tokens are kept (docs/operations.md).
- Background tasks: ``TRUCE_TASK_LAG_SECONDS`` (900), ``TRUCE_TASK_RETRY_SECONDS`` (60).
- Mail: ``TRUCE_EMAIL_BACKEND``, ``TRUCE_EMAIL_HOST``, ``TRUCE_EMAIL_PORT``, ``TRUCE_EMAIL_USER``,
  ``TRUCE_EMAIL_PASSWORD``, ``TRUCE_EMAIL_USE_TLS``, ``TRUCE_FROM_EMAIL``.
- Evidence: ``TRUCE_EVIDENCE_STORE`` (local/s3), ``TRUCE_S3_BUCKET``, ``TRUCE_S3_ENDPOINT_URL``,
  ``TRUCE_S3_PREFIX``.
- Logs: ``TRUCE_LOG_FORMAT`` (text/json), ``TRUCE_LOG_LEVEL`` (WARNING), ``TRUCE_ACCESS_LOG`` (1).

``truce check --deploy`` says which of these a production instance still lacks.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from truce.logs import logging_config


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
TRUCE_HOME = Path(env_str("TRUCE_HOME", "truce-data")).resolve()


def _secret_key() -> tuple[str, str]:
    """The key and where it came from (environment, file or ephemeral), for ``truce check --deploy``."""
    if os.environ.get("TRUCE_SECRET_KEY"):
        return os.environ["TRUCE_SECRET_KEY"], "environment"
    key_file = TRUCE_HOME / "secret_key"
    if key_file.is_file():
        return key_file.read_text().strip(), "file"
    return secrets.token_urlsafe(50), "ephemeral"


def env_header(name: str) -> str | None:
    """A header name (``X-Forwarded-Proto``) as Django's request.META key (``HTTP_X_FORWARDED_PROTO``)."""
    value = env_str(name, "").strip()
    if not value:
        return None
    return "HTTP_" + value.upper().replace("-", "_")


def url_origin(url: str) -> str:
    """``https://truce.example.org/a/path`` → ``https://truce.example.org`` (what browsers send as Origin)."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


SECRET_KEY, TRUCE_SECRET_KEY_SOURCE = _secret_key()
DEBUG = env_bool("TRUCE_DEBUG", False)

# The address users type, e.g. https://truce.example.org: it gives the allowed host, the trusted CSRF origin
# and secure cookies when the more specific settings below are not set.
TRUCE_PUBLIC_URL = env_str("TRUCE_PUBLIC_URL", "").strip().rstrip("/")
_public = urlsplit(TRUCE_PUBLIC_URL)
LOCAL_HOSTS = "127.0.0.1,localhost,[::1],testserver"
ALLOWED_HOSTS = env_list("TRUCE_ALLOWED_HOSTS", _public.hostname or LOCAL_HOSTS)

# Behind a TLS proxy the request reaches gunicorn as plain HTTP; the proxy says it was HTTPS in this header
# (it must set it itself, overwriting any value the client sent). Without it Django believes the request
# was http:// and refuses every form whose browser sent Origin: https://... (CSRF "origin does not match").
_proxy_header = env_header("TRUCE_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
# Only needed when the proxy changes the Host header or forms are posted from another origin.
CSRF_TRUSTED_ORIGINS = env_list("TRUCE_CSRF_TRUSTED_ORIGINS", url_origin(TRUCE_PUBLIC_URL))
SECURE_SSL_REDIRECT = env_bool("TRUCE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("TRUCE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TRUCE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("TRUCE_HSTS_PRELOAD", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "truce.accounts",
    "truce.agreements",
    "truce.record",
    "truce.cases",
    "truce.reports",
    "truce.notifications",
    "truce.rulings",
    "truce.penalties",
    "truce.meetings",
    "truce.sources",
    "truce.idempotency",
    "truce.bulletins",
    "truce.web",
]

MIDDLEWARE = [
    # First: every line logged while the request runs carries its id, and the access line times it all.
    "truce.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request into the database: NUL and lone surrogates answer 400.
    "truce.middleware.RefuseUnstorableTextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After LocaleMiddleware (cookie, then Accept-Language) and authentication: a signed-in user's own
    # choice of language wins over both.
    "truce.accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Order matters: the idle check logs a stale session out before the second-factor gate looks at
    # it; both after messages, which the idle check uses to say why.
    "truce.accounts.middleware.SessionAgeMiddleware",
    "truce.accounts.middleware.SecondFactorMiddleware",
    # After authentication and the second factor: it reads request.user and refuses routes the policy
    # (truce.access) does not open to them. Its check is a process_view, so it runs only for requests
    # every __call__ above let through: an unverified mediator is stopped at the sign-in flow first, and
    # the policy then only decides which of those pages their role may use.
    "truce.web.access_middleware.AccessPolicyMiddleware",
    # After authentication: pages' dates read on the viewer's agreement's clock, in their calendar.
    "truce.web.middleware.ViewerClockMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "truce.web.middleware.SecurityHeadersMiddleware",
    # Last, so that it sees the lockout flag the login view's failed authenticate() sets on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "truce.urls"
WSGI_APPLICATION = "truce.wsgi.application"

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
                "truce.web.context.mandate",
                "truce.web.context.languages",
                "truce.notifications.context.inbox",
            ],
            # {{ text|isolate }} on every page without a {% load %} (truce/web/templatetags/bidi.py), and
            # {{ commitment|title_here }} (titles.py).
            "builtins": ["truce.web.templatetags.bidi", "truce.web.templatetags.titles"],
        },
    },
]

_default_db = f"sqlite:///{TRUCE_HOME / 'truce.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half-way (truce.record.store.append).
    # synchronous=FULL syncs the WAL at every commit: with NORMAL a commit survives the process dying but
    # may roll back after a power cut or an operating system crash, losing writes already acknowledged
    # (tests/app/test_commit_durability.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = (
        {"NAME": str(TRUCE_HOME / "test.sqlite3")} if env_bool("TRUCE_TEST_SQLITE_FILE", False) else {}
    )

# `truce backup` / `truce restore` on PostgreSQL: the folder of pg_dump and pg_restore when those on PATH
# are older than the server (truce.backup).
TRUCE_PG_BIN = env_str("TRUCE_PG_BIN", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Axes first: it refuses a locked-out user name before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "truce.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # the dashboard (truce.web.dashboard)
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ur", "اردو"),
    ("ps", "پښتو"),
    ("fa", "دری"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
]
LANGUAGES_BIDI = ["ur", "ps", "fa", "ar"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# The language menu's choice (truce.accounts.language) lasts a year, not just the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = TRUCE_HOME / "static"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sign-in protection (truce.accounts.middleware, axes). The 11th wrong password in a row for one user name
# is refused, even with the right password, until TRUCE_LOCKOUT_MINUTES after the last attempt.
AXES_FAILURE_LIMIT = env_int("TRUCE_LOCKOUT_FAILURES", 10)
TRUCE_LOCKOUT_MINUTES = env_int("TRUCE_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=TRUCE_LOCKOUT_MINUTES)
# By user name, not by address: guessing one officer's password from many machines must not get around it.
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when the address is not a lockout parameter. Here it is left out on purpose: behind a
# reverse proxy or an office NAT every officer shares one address, and one mistyping colleague would
# lock out the rest. Rotating addresses or browsers does not get around a per-name count.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "truce.accounts.views.locked_out"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
TRUCE_SESSION_IDLE_MINUTES = env_int("TRUCE_SESSION_IDLE_MINUTES", 30)
TRUCE_SESSION_MAX_HOURS = env_int("TRUCE_SESSION_MAX_HOURS", 12)
# The cookie ends with the absolute age too; truce.accounts.middleware enforces both on the server side.
SESSION_COOKIE_AGE = TRUCE_SESSION_MAX_HOURS * 3600
TRUCE_TOKEN_DAYS = env_int("TRUCE_TOKEN_DAYS", 90)
OTP_TOTP_ISSUER = env_str("TRUCE_OTP_ISSUER", "Truce")
PASSWORD_RESET_TIMEOUT = env_int("TRUCE_PASSWORD_RESET_HOURS", 72) * 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("TRUCE_SECURE_COOKIES", _public.scheme == "https")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The record: a checkpoint is signed after this many new entries or this many seconds, whichever comes
# first (truce.record.checkpoints.policy); witnesses are reached at name=url pairs
# (truce.record.witnesses.witness_urls), the names being those the agreements give their witnesses.
TRUCE_CHECKPOINT_ENTRIES = env_int("TRUCE_CHECKPOINT_ENTRIES", 100)
TRUCE_CHECKPOINT_SECONDS = env_int("TRUCE_CHECKPOINT_SECONDS", 60)
TRUCE_WITNESS_URLS = env_str("TRUCE_WITNESS_URLS", "")

# Scheduled bulletins (truce.bulletins.tasks, each `truce worker` round): the public daily edition of
# each day and the weekly one of each week ending on Sunday, as PDF, in these languages (default: every
# language of the agreement; "none": no scheduled bulletins). docs/bulletins.md.
TRUCE_BULLETIN_LANGUAGES = env_list("TRUCE_BULLETIN_LANGUAGES", "")
# Operations (truce.health): the bearer token a Prometheus scraper sends for /metrics (unset: /metrics
# serves no one; docs/security.md), and the free space below which /healthz fails the evidence store.
TRUCE_METRICS_TOKEN = env_str("TRUCE_METRICS_TOKEN", "").strip()
TRUCE_HEALTH_MIN_FREE_MB = env_int("TRUCE_HEALTH_MIN_FREE_MB", 1024)

# Background tasks (truce.background): e-mail, feed polling, checkpoints and bulletins are rows of
# django-tasks-db's table in this same database, written in the transaction of the action that asks for
# them and run by `truce worker`; no broker. /healthz fails the queue when the oldest task due to run has
# waited longer than TRUCE_TASK_LAG_SECONDS; a failed attempt is tried again after TRUCE_TASK_RETRY_SECONDS,
# doubling each time (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TRUCE_TASK_LAG_SECONDS = env_int("TRUCE_TASK_LAG_SECONDS", 900)
TRUCE_TASK_RETRY_SECONDS = env_int("TRUCE_TASK_RETRY_SECONDS", 60)

# Evidence: files above this size are refused with a message naming the limit (truce.reports.evidence).
TRUCE_EVIDENCE_MAX_BYTES = env_int("TRUCE_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)
# Where evidence files live (truce/reports/evidence_store.py): "local" ($TRUCE_HOME/evidence) or "s3" (an
# S3-compatible bucket; credentials from the usual AWS variables). Refused at start-up when wrong, rather
# than at the first upload.
TRUCE_EVIDENCE_STORE = env_str("TRUCE_EVIDENCE_STORE", "local").strip().lower()
TRUCE_S3_BUCKET = env_str("TRUCE_S3_BUCKET", "").strip()
TRUCE_S3_ENDPOINT_URL = env_str("TRUCE_S3_ENDPOINT_URL", "").strip()
TRUCE_S3_PREFIX = env_str("TRUCE_S3_PREFIX", "")
if TRUCE_EVIDENCE_STORE not in ("local", "s3"):
    raise ImproperlyConfigured(f"TRUCE_EVIDENCE_STORE must be local or s3, not {TRUCE_EVIDENCE_STORE!r}")
if TRUCE_EVIDENCE_STORE == "s3":
    if importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "TRUCE_EVIDENCE_STORE=s3 needs boto3, which is not installed: install Truce with its s3 extra "
            "(pip install 'truce[s3]'), or set TRUCE_EVIDENCE_STORE=local"
        )
    if not TRUCE_S3_BUCKET:
        raise ImproperlyConfigured("TRUCE_EVIDENCE_STORE=s3 needs TRUCE_S3_BUCKET, the bucket's name")
# Abuse limits per user, counted from the user's own rows in the database so that they hold across server
# processes (truce.reports.quota): reports filed per hour, evidence files uploaded per hour, bytes per day.
# 0 turns a limit off.
TRUCE_FILINGS_PER_HOUR = env_int("TRUCE_FILINGS_PER_HOUR", 60)
TRUCE_UPLOADS_PER_HOUR = env_int("TRUCE_UPLOADS_PER_HOUR", 120)
TRUCE_UPLOAD_BYTES_PER_DAY = env_int("TRUCE_UPLOAD_BYTES_PER_DAY", 2 * 1024 * 1024 * 1024)
# API Idempotency-Key rows and one-time form tokens are kept this long, then pruned by the worker
# (truce.idempotency.tasks); never less than a day, so a client's retries over a night still replay.
TRUCE_IDEMPOTENCY_HOURS = max(24, env_int("TRUCE_IDEMPOTENCY_HOURS", 48))
# Django must not refuse a file before our own check can explain why; keep its limits above ours.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads larger than that wait in TRUCE_HOME/evidence/incoming, never in /tmp (truce.reports.uploads).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "truce.reports.uploads.IncomingUploadHandler",
]

# Lines carry the request's or the command's id (truce.logs); TRUCE_LOG_FORMAT=json for a log shipper.
TRUCE_LOG_FORMAT = env_str("TRUCE_LOG_FORMAT", "text").strip().lower()
if TRUCE_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"TRUCE_LOG_FORMAT must be text or json, not {TRUCE_LOG_FORMAT!r}")
LOGGING = logging_config(
    TRUCE_LOG_FORMAT,
    env_str("TRUCE_LOG_LEVEL", "WARNING"),
    access=env_bool("TRUCE_ACCESS_LOG", True),
)

EMAIL_BACKEND = env_str("TRUCE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("TRUCE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TRUCE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("TRUCE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("TRUCE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TRUCE_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("TRUCE_FROM_EMAIL", "truce@localhost")
