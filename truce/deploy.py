"""What a production instance still lacks: Django's deployment checks plus Truce's own, each problem with
what to set. ``truce check --deploy`` prints them; docs/operations.md lists the settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from truce import instance

# Django's deployment checks that Truce's own below cover, with the TRUCE_* variable to set instead of
# the Django setting name Django's hint gives (the operator sets the environment, not settings.py).
COVERED = {
    "security.W004",  # HSTS
    "security.W008",  # SSL redirect
    "security.W009",  # weak secret key
    "security.W012",  # session cookie secure
    "security.W016",  # CSRF cookie secure
    "security.W018",  # DEBUG
    "security.W020",  # ALLOWED_HOSTS empty
}
# HSTS for every subdomain and the browsers' preload list bind the operator's whole domain, beyond Truce:
# the operator's choice (TRUCE_HSTS_INCLUDE_SUBDOMAINS, TRUCE_HSTS_PRELOAD), not a problem of Truce's.
CHOICES = {"security.W005", "security.W021"}

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver", "0.0.0.0"}
ONE_YEAR = 365 * 24 * 3600
SHOWN_PATHS = 5


@dataclass(frozen=True)
class Finding:
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.problem}: {self.fix}"


def django_findings() -> list[Finding]:
    found = []
    for message in checks.run_checks(include_deployment_checks=True):
        if message.level < checks.WARNING or message.is_silenced() or message.id in COVERED | CHOICES:
            continue
        found.append(Finding(f"{message.id}: {message.msg}", message.hint or "see Django's check reference"))
    return found


def _secret_findings() -> list[Finding]:
    source = getattr(settings, "TRUCE_SECRET_KEY_SOURCE", "environment")
    if source == "ephemeral":
        return [
            Finding(
                "no secret key: a new one is made at every start, so sessions and password-reset links "
                "die with each restart and differ between server processes",
                "run `truce init` (writes TRUCE_HOME/secret_key) or set TRUCE_SECRET_KEY to 50+ random "
                "characters",
            )
        ]
    key = settings.SECRET_KEY
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        where = "TRUCE_SECRET_KEY" if source == "environment" else "TRUCE_HOME/secret_key"
        return [
            Finding(
                f"the secret key ({where}) is weak: {len(key)} characters, {len(set(key))} different",
                "set TRUCE_SECRET_KEY to 50+ random characters, e.g. the output of "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`",
            )
        ]
    return []


def _https_findings() -> list[Finding]:
    found = []
    public = settings.TRUCE_PUBLIC_URL
    if urlsplit(public).scheme != "https":
        found.append(
            Finding(
                f"TRUCE_PUBLIC_URL is {public!r}" if public else "TRUCE_PUBLIC_URL is not set",
                "set TRUCE_PUBLIC_URL to the https:// address users type, e.g. https://truce.example.org",
            )
        )
    if settings.SECURE_PROXY_SSL_HEADER is None:
        found.append(
            Finding(
                "Truce cannot tell HTTPS requests from plain ones (gunicorn speaks plain HTTP to the TLS "
                "proxy), so every form posted from https:// is refused",
                "set TRUCE_PROXY_SSL_HEADER=X-Forwarded-Proto and make the proxy set that header",
            )
        )
    if not settings.SECURE_SSL_REDIRECT:
        found.append(Finding("plain-HTTP requests are answered as they are", "set TRUCE_SSL_REDIRECT=1"))
    if settings.SECURE_HSTS_SECONDS <= 0:
        found.append(
            Finding(
                "no HSTS: browsers may try plain HTTP first, where the session can be taken",
                f"set TRUCE_HSTS_SECONDS={ONE_YEAR}",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        found.append(
            Finding("session and CSRF cookies may be sent over plain HTTP", "set TRUCE_SECURE_COOKIES=1")
        )
    plain = [origin for origin in settings.CSRF_TRUSTED_ORIGINS if not origin.startswith("https://")]
    if plain:
        found.append(
            Finding(
                f"TRUCE_CSRF_TRUSTED_ORIGINS trusts plain-HTTP origins ({', '.join(plain)})",
                "list https:// origins only",
            )
        )
    return found


def _home_findings() -> list[Finding]:
    root = instance.home()
    if not root.is_dir():
        return [Finding(f"TRUCE_HOME {root} does not exist", "run `truce init --agreement FILE`")]
    found = []
    exposed = instance.exposed(root)
    if exposed:
        shown = ", ".join(str(p) for p in exposed[:SHOWN_PATHS])
        more = f" and {len(exposed) - SHOWN_PATHS} more" if len(exposed) > SHOWN_PATHS else ""
        found.append(
            Finding(
                f"TRUCE_HOME is readable by other accounts: {shown}{more}",
                f"run `truce init` or `truce serve` (both make it private), or `chmod -R go-rwx {root}`",
            )
        )
    if not (root / "keys" / "log.key").is_file():
        found.append(
            Finding(
                f"no record signing key at {root / 'keys' / 'log.key'}: checkpoints cannot be signed",
                "run `truce init` (or restore the key from your backup)",
            )
        )
    return found


def _database_findings() -> tuple[list[Finding], list[str]]:
    notes = []
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        notes.append(
            f"the database is SQLite at {db['NAME']}: fine for one server; for several servers or heavy "
            "use set DATABASE_URL=postgres://… (docs/operations.md)"
        )
        if not Path(db["NAME"]).is_file():
            # Connecting would create an empty file: a check must not write.
            return [Finding(f"no database at {db['NAME']}", "run `truce init --agreement FILE`")], notes
    try:
        pending = instance.pending_migrations()
    except Exception as exc:  # any driver's error: the operator must see it, not a traceback
        return [Finding(f"the database cannot be reached ({exc})", "check DATABASE_URL")], notes
    if pending:
        return [Finding(f"{len(pending)} database migration(s) pending", "run `truce init`")], notes
    return _durability_findings(), notes


def _durability_findings() -> list[Finding]:
    """A PostgreSQL server that does not sync its commits acknowledges writes a power cut then loses
    (docs/operations.md, "Crashes"). SQLite's syncing is Truce's own setting (synchronous=FULL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    found = []
    with connection.cursor() as cursor:
        for name, good in (("fsync", {"on"}), ("synchronous_commit", {"on", "remote_write", "remote_apply"})):
            cursor.execute(f"SHOW {name}")
            (value,) = cursor.fetchone()
            if value not in good:
                found.append(
                    Finding(
                        f"PostgreSQL's {name} is {value}: a commit Truce acknowledged can be lost in a "
                        "power cut or a crash of the database server",
                        f"set {name} = on in postgresql.conf (or for Truce's database role) and reload",
                    )
                )
    return found


def truce_findings() -> tuple[list[Finding], list[str]]:
    """Truce's own problems, and notes (true of a sound deployment, but worth knowing)."""
    found: list[Finding] = []
    if settings.DEBUG:
        found.append(
            Finding("TRUCE_DEBUG is on: error pages show settings and code to anyone", "set TRUCE_DEBUG=0")
        )
    found += _secret_findings()
    hosts = set(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        found.append(
            Finding(
                "TRUCE_ALLOWED_HOSTS allows any host name ('*')",
                "set TRUCE_ALLOWED_HOSTS to the public host name, e.g. truce.example.org",
            )
        )
    elif not hosts or hosts <= LOCAL_HOSTS:
        found.append(
            Finding(
                f"only local host names are allowed ({', '.join(sorted(hosts)) or 'none'})",
                "set TRUCE_PUBLIC_URL (or TRUCE_ALLOWED_HOSTS) to the public host name",
            )
        )
    found += _https_findings()
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")):
        found.append(
            Finding(
                f"e-mail goes nowhere ({settings.EMAIL_BACKEND}): urgent reports and reply deadlines reach "
                "no one's mailbox",
                "set TRUCE_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and TRUCE_EMAIL_HOST",
            )
        )
    found += _home_findings()
    database, notes = _database_findings()
    return found + database, notes


def deploy_report() -> tuple[list[Finding], list[str]]:
    found, notes = truce_findings()
    return found + django_findings(), notes
