"""Django settings. Everything configurable comes from environment variables through the helpers below.

- ``TRUCE_HOME``: data folder (database, evidence store, keys); default ``./truce-data``.
- ``DATABASE_URL``: a database URL; default SQLite (WAL) at ``$TRUCE_HOME/truce.sqlite3``.
- ``TRUCE_SECRET_KEY``: Django's secret; default read from ``$TRUCE_HOME/secret_key`` (written by
  ``truce init``), else an ephemeral key (sessions then end when the server restarts).
- ``TRUCE_DEBUG`` (0/1), ``TRUCE_ALLOWED_HOSTS`` (comma-separated), ``TRUCE_EVIDENCE_MAX_BYTES``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


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


def _secret_key() -> str:
    if os.environ.get("TRUCE_SECRET_KEY"):
        return os.environ["TRUCE_SECRET_KEY"]
    key_file = TRUCE_HOME / "secret_key"
    if key_file.is_file():
        return key_file.read_text().strip()
    return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = env_bool("TRUCE_DEBUG", False)
ALLOWED_HOSTS = env_list("TRUCE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
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
    "truce.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "truce.web.middleware.SecurityHeadersMiddleware",
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
            ],
        },
    },
]

_default_db = f"sqlite:///{TRUCE_HOME / 'truce.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half-way (truce.record.store.append).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = (
        {"NAME": str(TRUCE_HOME / "test.sqlite3")} if env_bool("TRUCE_TEST_SQLITE_FILE", False) else {}
    )

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
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = TRUCE_HOME / "static"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("TRUCE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The record: a checkpoint is signed after this many new entries or this many seconds, whichever comes
# first (truce.record.checkpoints.policy); witnesses are reached at name=url pairs
# (truce.record.witnesses.witness_urls), the names being those the agreements give their witnesses.
TRUCE_CHECKPOINT_ENTRIES = env_int("TRUCE_CHECKPOINT_ENTRIES", 100)
TRUCE_CHECKPOINT_SECONDS = env_int("TRUCE_CHECKPOINT_SECONDS", 60)
TRUCE_WITNESS_URLS = env_str("TRUCE_WITNESS_URLS", "")

# Evidence: files above this size are refused with a message naming the limit (truce.reports.evidence).
TRUCE_EVIDENCE_MAX_BYTES = env_int("TRUCE_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)
# Django must not refuse a file before our own check can explain why; keep its limits above ours.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TRUCE_LOG_LEVEL", "WARNING")},
}

EMAIL_BACKEND = env_str("TRUCE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("TRUCE_FROM_EMAIL", "truce@localhost")
