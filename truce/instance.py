"""Preparing a Truce instance: the data folder, its secrets and keys, and the database schema.

Used by ``truce init``, ``truce demo`` and ``truce serve``; idempotent, so running it again is safe.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from truce.core.record.note import generate_key


def home() -> Path:
    return Path(settings.TRUCE_HOME)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def log_origin() -> str:
    """The checkpoint origin (and key name) of this instance's record: ``TRUCE_LOG_ORIGIN``, else
    ``truce/<folder name of TRUCE_HOME>``. Fixed at ``truce init``: changing it later breaks
    every witness's view of the log."""
    return os.environ.get("TRUCE_LOG_ORIGIN", f"truce/{home().name}")


def prepare_home() -> list[str]:
    """Create TRUCE_HOME and what lives in it; return what was created, for the operator to read."""
    created = []
    root = home()
    for sub in ("", "evidence/originals", "evidence/renditions", "evidence/incoming", "keys", "static"):
        folder = root / sub
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            created.append(f"folder {folder}")
    secret = root / "secret_key"
    if not secret.exists():
        _write_private(secret, secrets.token_urlsafe(50))
        created.append(f"secret key {secret}")
    skey_file = root / "keys" / "log.key"
    if not skey_file.exists():
        skey, vkey = generate_key(log_origin())
        _write_private(skey_file, skey + "\n")
        (root / "keys" / "log.pub").write_text(vkey + "\n")
        created.append(f"record signing key {skey_file} (public: {vkey})")
    return created


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def migrate() -> int:
    pending = pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    return len(pending)
