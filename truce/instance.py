"""Preparing a Truce instance: the data folder, its secrets and keys, and the database schema.

Used by ``truce init``, ``truce demo`` and ``truce serve``; idempotent, so running it again is safe.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from truce.core.record.note import generate_key

# Everything in TRUCE_HOME is confidential (case database, evidence, secret key, record signing key): only
# the account that runs Truce may read it. With this umask every file the process creates — SQLite and its
# -wal/-shm files, the record-nodes database, evidence, keys — is 0600 and every folder 0700.
PRIVATE_UMASK = 0o077
# Evidence originals are also write-protected: the bytes as received never change (evidence_store).
ORIGINAL_MODE = 0o400


def home() -> Path:
    return Path(settings.TRUCE_HOME)


def restrict_umask() -> None:
    """For the server and CLI processes (truce.cli.base.setup_django, truce.wsgi)."""
    os.umask(PRIVATE_UMASK)


def exposed(root: Path | None = None) -> list[Path]:
    """TRUCE_HOME and whatever in it the group or others may read, write or enter."""
    root = root or home()
    if not root.exists():
        return []
    found = [root] if stat.S_IMODE(root.stat().st_mode) & 0o077 else []
    # One lstat per entry: `truce serve` runs this at every start, over every evidence file.
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if not stat.S_ISLNK(mode) and stat.S_IMODE(mode) & 0o077:
                found.append(Path(path))
    return found


def tighten_modes(root: Path | None = None) -> list[Path]:
    """Take the group's and others' access away from TRUCE_HOME and everything in it (files made before
    Truce set its umask, or copied in by hand); return what was changed."""
    changed = []
    for path in exposed(root):
        mode = stat.S_IMODE(path.lstat().st_mode)
        os.chmod(path, mode & 0o700)
        changed.append(path)
    return changed


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
    """Create TRUCE_HOME and what lives in it, private to this account; return what was created or
    tightened, for the operator to read."""
    restrict_umask()
    created = [f"private mode (was readable by others) {path}" for path in tighten_modes()]
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
