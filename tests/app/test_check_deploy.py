"""`truce check --deploy` passes on the production settings docs/operations.md documents and, on insecure
ones, fails listing every problem with the TRUCE_* setting that fixes it. Run as the operator runs it: a
separate process with its own environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.story import PAK_AFG, REPO

PRODUCTION = {
    "TRUCE_DEBUG": "0",
    "TRUCE_SECRET_KEY": "Wq9bX2-kfT7rLmZ4pN8sVd3yHc6jGa1uEo5iRt0wBxQzKyMnLp",
    "TRUCE_PUBLIC_URL": "https://truce.example.org",
    "TRUCE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "TRUCE_SSL_REDIRECT": "1",
    "TRUCE_HSTS_SECONDS": "31536000",
    "TRUCE_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "TRUCE_EMAIL_HOST": "mail.example.org",
}


def truce(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TRUCE_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "truce.cli", *args],
        env={**base, "DJANGO_SETTINGS_MODULE": "truce.settings", **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("deploy") / "home"
    init = truce(["init", "--agreement", str(PAK_AFG)], {"TRUCE_HOME": str(home)})
    assert init.returncode == 0, init.stderr
    return home


def test_the_documented_production_settings_pass(home):
    result = truce(["check", "--deploy"], {**PRODUCTION, "TRUCE_HOME": str(home)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stdout
    # SQLite is fine for one server, and the operator is told so.
    assert "note: the database is SQLite" in result.stdout


def test_the_key_written_by_init_is_enough_without_truce_secret_key(home):
    env = {k: v for k, v in PRODUCTION.items() if k != "TRUCE_SECRET_KEY"}
    result = truce(["check", "--deploy"], {**env, "TRUCE_HOME": str(home)})
    assert result.returncode == 0, result.stdout


def test_insecure_settings_fail_naming_each_problem_and_its_fix(tmp_path):
    home = tmp_path / "home"
    (home / "evidence").mkdir(parents=True)
    os.chmod(home, 0o755)
    env = {
        "TRUCE_HOME": str(home),
        "TRUCE_DEBUG": "1",
        "TRUCE_ALLOWED_HOSTS": "*",
        "TRUCE_PUBLIC_URL": "http://truce.example.org",
    }
    result = truce(["check", "--deploy"], env)
    assert result.returncode == 1
    out = result.stdout
    for fix in (
        "set TRUCE_DEBUG=0",
        "run `truce init` (writes TRUCE_HOME/secret_key) or set TRUCE_SECRET_KEY",
        "TRUCE_ALLOWED_HOSTS allows any host name",
        "set TRUCE_PUBLIC_URL to the https:// address",
        "set TRUCE_PROXY_SSL_HEADER=X-Forwarded-Proto",
        "set TRUCE_SSL_REDIRECT=1",
        "set TRUCE_HSTS_SECONDS=31536000",
        "set TRUCE_SECURE_COOKIES=1",
        "set TRUCE_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend",
        f"TRUCE_HOME is readable by other accounts: {home}",
        "no record signing key",
        f"no database at {home / 'truce.sqlite3'}",
    ):
        assert fix in out, fix
    assert "problem(s)" in out
    assert not (home / "truce.sqlite3").exists()  # the check wrote nothing


def test_a_weak_secret_key_and_local_only_hosts_are_refused(home):
    env = {
        **PRODUCTION,
        "TRUCE_HOME": str(home),
        "TRUCE_SECRET_KEY": "changeme",
        "TRUCE_ALLOWED_HOSTS": "localhost",
    }
    result = truce(["check", "--deploy"], env)
    assert result.returncode == 1
    assert "the secret key (TRUCE_SECRET_KEY) is weak: 8 characters" in result.stdout
    assert "only local host names are allowed (localhost)" in result.stdout


def test_check_without_deploy_runs_the_ordinary_checks(home):
    result = truce(["check"], {"TRUCE_HOME": str(home)})
    assert result.returncode == 0 and "no problems found" in result.stdout
