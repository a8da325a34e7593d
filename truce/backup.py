"""``truce backup`` and ``truce restore``: one archive holding everything an instance cannot rebuild.

The archive is a gzip-compressed tar, optionally encrypted to an ``age`` recipient (pyrage). Members::

    database/truce.sqlite3       SQLite: a copy made with SQLite's online backup API
    database/truce.pgdump        PostgreSQL: ``pg_dump --format=custom`` of the same snapshot
    home/secret_key              TRUCE_HOME's secret key, the record's keys (home/keys/...) and the
    home/keys/...                demo's logins when present
    home/bulletins/...           the published bulletins' files
    home/evidence/originals/...  every evidence file a row of the snapshot names (originals and
    home/evidence/renditions/... renditions), nothing else
    MANIFEST.json                last: format, versions, time, database kind, the record's size and
                                 latest checkpoint at the snapshot, and each member's path, size, SHA-256

The database is snapshotted first; the evidence files are then those the snapshot's rows name (a file
written later is not named, so it is left out; a named file that is missing fails the backup). Every file
is streamed: nothing is read whole into memory. The node file ``record-nodes.sqlite3`` is left out (it is
rebuilt from the entries) and so are ``static/`` (collected again) and ``evidence/incoming/``.

Restoring checks the whole archive in a private folder beside the target before anything is put in
place: the manifest, each member's size and hash, no member missing or unlisted, no path that could land
outside the target, no link or device, the database kind. Only then is the PostgreSQL dump loaded (in one
transaction) and the folder renamed into place, so a refused archive changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import truce

FORMAT = "truce-backup/1"
MANIFEST = "MANIFEST.json"
SQLITE_MEMBER = "database/truce.sqlite3"
PGDUMP_MEMBER = "database/truce.pgdump"
DATABASE_MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": PGDUMP_MEMBER}
# Files of TRUCE_HOME, besides evidence, that a restored instance needs and cannot remake: the session
# secret, the record's signing key (without it the restored instance could not extend the log its witnesses
# cosigned) and whatever other keys sit beside it; and the published bulletins, whose files the record's
# BulletinPublished entries hash and which a later production would not reproduce byte for byte.
HOME_FILES = ("secret_key", "demo-logins.txt")
HOME_FOLDERS = ("keys", "bulletins")
CHUNK = 1024 * 1024
# A manifest lists one line per file; 256 MiB is millions of evidence files, and bounds what is read.
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
AGE_MAGIC = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
GZIP_MAGIC = b"\x1f\x8b"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BackupError(Exception):
    """What stopped a backup or a restore, said for the operator (which member, expected and found)."""


@dataclass(frozen=True)
class Database:
    """The database an instance uses, from Django's settings dict (``connection.settings_dict``)."""

    kind: str  # "sqlite" or "postgresql"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    sslmode: str = ""

    @classmethod
    def from_settings(cls, d: dict[str, Any]) -> Database:
        engine = d["ENGINE"]
        if engine.endswith("sqlite3"):
            return cls("sqlite", str(d["NAME"]))
        if engine.endswith("postgresql"):
            options = d.get("OPTIONS") or {}
            return cls(
                "postgresql",
                str(d["NAME"]),
                str(d.get("USER") or ""),
                str(d.get("PASSWORD") or ""),
                str(d.get("HOST") or ""),
                str(d.get("PORT") or ""),
                str(options.get("sslmode") or ""),
            )
        raise BackupError(f"backups cover SQLite and PostgreSQL; this instance uses {engine}")

    def libpq_env(self) -> dict[str, str]:
        """The connection as libpq's environment for pg_dump and pg_restore (no password in argv)."""
        env = dict(os.environ)
        for var, value in (
            ("PGDATABASE", self.name),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGSSLMODE", self.sslmode),
        ):
            if value:
                env[var] = value
        return env

    def connect_pg(self) -> Any:
        import psycopg

        # A libpq connection string, so that empty parts are simply left out (libpq's defaults apply).
        parts = {"dbname": self.name, "user": self.user, "password": self.password}
        parts |= {"host": self.host, "port": self.port, "sslmode": self.sslmode}
        return psycopg.connect(psycopg.conninfo.make_conninfo(**{k: v for k, v in parts.items() if v}))

    def sqlite_is_memory(self) -> bool:
        return self.name == ":memory:" or "mode=memory" in self.name


# --- what a snapshot names ---------------------------------------------------------------------------


def _named_files_sql() -> tuple[str, str]:
    """(originals, renditions) queries, the same on SQLite and PostgreSQL: every evidence file a row names.
    Evidence rows of kind file and lead articles name originals (truce.reports, truce.sources); rendition
    rows name a file in their original's renditions folder."""
    from truce.reports.models import Evidence, EvidenceKind, EvidenceRendition
    from truce.sources.models import Article

    ev, rend, art = Evidence._meta.db_table, EvidenceRendition._meta.db_table, Article._meta.db_table
    originals = (
        f"SELECT sha256 FROM {ev} WHERE kind = '{EvidenceKind.FILE.value}' UNION SELECT sha256 FROM {art}"
    )
    renditions = f"SELECT e.sha256, r.sha256 FROM {rend} r JOIN {ev} e ON e.id = r.evidence_id"
    return originals, renditions


def named_files(cursor: Any) -> set[str]:
    """Paths relative to ``evidence/`` of every file the database behind ``cursor`` names."""
    originals_sql, renditions_sql = _named_files_sql()
    names: set[str] = set()
    cursor.execute(originals_sql)
    for (sha,) in cursor.fetchall():
        names.add(original_name(sha))
    cursor.execute(renditions_sql)
    for original, sha in cursor.fetchall():
        names.add(f"renditions/{_checked_sha(original)}/{_checked_sha(sha)}")
    return names


def original_name(sha: str) -> str:
    sha = _checked_sha(sha)
    return f"originals/{sha[:2]}/{sha[2:4]}/{sha}"


def _checked_sha(sha: str) -> str:
    if not _SHA256.fullmatch(sha or ""):
        raise BackupError(f"the database names an evidence file {sha!r} that is not a SHA-256 hex digest")
    return sha


def _record_state(cursor: Any) -> dict[str, Any]:
    from truce.record.models import Checkpoint, Head

    cursor.execute(f"SELECT size FROM {Head._meta.db_table} WHERE id = 1")
    row = cursor.fetchone()
    cursor.execute(f"SELECT size, root FROM {Checkpoint._meta.db_table} ORDER BY size DESC LIMIT 1")
    latest = cursor.fetchone()
    return {
        "size": int(row[0]) if row else 0,
        "latest_checkpoint": {"size": int(latest[0]), "root": latest[1]} if latest else None,
    }


# --- backup ----------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    kind: str
    database_file: Path
    record: dict[str, Any]
    evidence: set[str]


def _snapshot_sqlite(db: Database, folder: Path) -> Snapshot:
    target = folder / "truce.sqlite3"
    try:
        source = sqlite3.connect(db.name, uri=db.name.startswith("file:"), timeout=20)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open the database {db.name}: {exc}") from exc
    try:
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): one read transaction over the whole copy, so it is a single moment of
            # the database; in WAL mode the server's writers go on meanwhile.
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            cursor = copy.cursor()
            record = _record_state(cursor)
            evidence = named_files(cursor)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite backup of {db.name} failed: {exc}") from exc
    finally:
        source.close()
    return Snapshot("sqlite", target, record, evidence)


def pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore: in ``TRUCE_PG_BIN`` when set, else on PATH."""
    from django.conf import settings

    folder = getattr(settings, "TRUCE_PG_BIN", "")
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if not found:
        where = f"in TRUCE_PG_BIN={folder}" if folder else "on PATH"
        raise BackupError(
            f"{name} was not found {where}: install the PostgreSQL client tools of the server's version, "
            "or set TRUCE_PG_BIN to the folder holding them"
        )
    return found


def _tool_major(path: str) -> int:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    if not found:
        raise BackupError(f"cannot tell the version of {path} from {out.strip()!r}")
    return int(found.group(1))


def _check_tool_version(path: str, server_version_num: int) -> None:
    server_major = server_version_num // 10000
    tool_major = _tool_major(path)
    if tool_major < server_major:
        raise BackupError(
            f"{path} is version {tool_major} but the server is PostgreSQL {server_major}: it cannot read "
            f"a newer server; set TRUCE_PG_BIN to the folder of the version-{server_major} client tools"
        )


def _snapshot_postgresql(db: Database, folder: Path) -> Snapshot:
    pg_dump = pg_tool("pg_dump")
    target = folder / "truce.pgdump"
    try:
        conn = db.connect_pg()
    except Exception as exc:
        raise BackupError(f"cannot connect to PostgreSQL database {db.name}: {exc}") from exc
    try:
        with conn.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            _check_tool_version(pg_dump, int(cursor.fetchone()[0]))
        conn.commit()
        # The snapshot this transaction sees is exported to pg_dump, so the dump, the record's size and
        # the list of files to copy are one and the same moment of the database. Repeatable read: every
        # statement of the transaction sees that one snapshot (psycopg opens the transaction itself).
        import psycopg

        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            record = _record_state(cursor)
            evidence = named_files(cursor)
            done = subprocess.run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
                env=db.libpq_env(),
                capture_output=True,
                text=True,
                check=False,
            )
        conn.rollback()
    finally:
        conn.close()
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed (exit {done.returncode}): {done.stderr.strip()}")
    return Snapshot("postgresql", target, record, evidence)


class _HashingReader:
    """Reads a file for tarfile.addfile while hashing it, so each file is read once."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self.handle.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


@dataclass
class BackupResult:
    out: Path
    manifest: dict[str, Any]
    archive_bytes: int = 0
    encrypted: bool = False


def _check_external(snapshot: Snapshot, external: Any) -> None:
    """Evidence kept in an object store is not copied into the archive, but every file the snapshot
    names must be there, as for a local store."""
    for name in sorted(snapshot.evidence):
        if not external.exists(name):
            raise BackupError(
                f"evidence file {name} is named by the database but missing from {external.location}: "
                "run `truce record check` and restore the object before backing up"
            )


def _home_members(home: Path, snapshot: Snapshot, external: Any = None) -> Iterator[tuple[str, Path]]:
    yield DATABASE_MEMBERS[snapshot.kind], snapshot.database_file
    for name in HOME_FILES:
        if (home / name).is_file():
            yield f"home/{name}", home / name
    for folder in HOME_FOLDERS:
        for path in sorted((home / folder).rglob("*")) if (home / folder).is_dir() else []:
            if path.is_file() and not path.is_symlink():
                yield f"home/{path.relative_to(home).as_posix()}", path
    if external is not None:
        return
    evidence = home / "evidence"
    for name in sorted(snapshot.evidence):
        path = evidence / name
        if not path.is_file():
            raise BackupError(
                f"evidence file {path} is named by the database but missing from the store: "
                "run `truce record check` and restore the file before backing up"
            )
        yield f"home/evidence/{name}", path


def _write_tar(out: BinaryIO, members: Iterator[tuple[str, Path]], head: dict[str, Any]) -> dict[str, Any]:
    listed: list[dict[str, Any]] = []
    with (
        gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w|", format=tarfile.PAX_FORMAT) as tar,
    ):
        for arcname, path in members:
            with path.open("rb") as handle:
                stat = os.fstat(handle.fileno())
                info = tarfile.TarInfo(arcname)
                info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
                reader = _HashingReader(handle)
                tar.addfile(info, reader)  # type: ignore[arg-type]
                listed.append({"path": arcname, "size": reader.size, "sha256": reader.digest.hexdigest()})
        manifest = {**head, "members": listed}
        data = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
        tar.addfile(info, io.BytesIO(data))
    return manifest


def parse_recipient(text: str) -> Any:
    import pyrage

    try:
        return pyrage.x25519.Recipient.from_str(text.strip())
    except Exception as exc:
        raise BackupError(
            f"--encrypt-to {text!r} is not an age recipient (age1…, as `truce backup --new-key` prints)"
        ) from exc


def new_key(out: Path) -> str:
    """Write a new age identity (secret) to ``out`` (0600, never overwritten); return its recipient."""
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise BackupError(f"{out} exists; refusing to overwrite a key") from exc
    except OSError as exc:
        raise BackupError(f"cannot create {out}: {exc}") from exc
    with os.fdopen(fd, "w") as handle:
        handle.write(f"# public key: {recipient}\n{identity}\n")
    return recipient


def _encrypting(out: BinaryIO, recipient: Any, write: Callable[[BinaryIO], Any]) -> Any:
    """Run ``write`` into a pipe whose far end pyrage encrypts into ``out``: the archive is encrypted as it
    is made, never lying on disk in the clear."""
    import pyrage

    read_fd, write_fd = os.pipe()
    outcome: dict[str, Any] = {}

    def produce() -> None:
        with open(write_fd, "wb", buffering=CHUNK) as pipe:
            try:
                outcome["value"] = write(pipe)
            except BaseException as exc:  # reported to the caller below
                outcome["error"] = exc

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    with open(read_fd, "rb", buffering=CHUNK) as pipe:
        try:
            pyrage.encrypt_io(pipe, out, [recipient])
        finally:
            # Should encryption stop early, let the producer's writes fail instead of blocking forever.
            with contextlib.suppress(OSError):
                while pipe.read(CHUNK):
                    pass
    producer.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def create_backup(
    out: Path,
    *,
    home: Path,
    database: dict[str, Any],
    recipient: str | None = None,
    external_evidence: Any = None,
) -> BackupResult:
    """Write the archive to ``out`` (mode 0600; refused if it exists). ``database`` is Django's settings
    dict of the instance's database. The file appears complete or not at all (written beside it, then
    renamed). ``external_evidence``: the object store (``S3EvidenceStore``) holding the evidence, which the
    archive then leaves out (the manifest says where it is); every file the snapshot names must be in it."""
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} exists; choose a new file name (a backup never overwrites one)")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    key = parse_recipient(recipient) if recipient else None
    db = Database.from_settings(database)
    if db.kind == "sqlite" and not db.sqlite_is_memory() and not Path(db.name).is_file():
        raise BackupError(f"the database {db.name} does not exist: has `truce init` run?")
    partial_fd, partial_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    partial = Path(partial_name)
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as work:
            snapshot = (_snapshot_sqlite if db.kind == "sqlite" else _snapshot_postgresql)(db, Path(work))
            head = {
                "format": FORMAT,
                "truce_version": truce.__version__,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": snapshot.kind,
                "record": snapshot.record,
            }
            if external_evidence is not None:
                _check_external(snapshot, external_evidence)
                head["evidence_not_included"] = {
                    "store": external_evidence.location,
                    "files": len(snapshot.evidence),
                }
            members = _home_members(home, snapshot, external_evidence)
            with open(partial_fd, "wb") as raw:
                if key is None:
                    manifest = _write_tar(raw, members, head)
                else:
                    manifest = _encrypting(raw, key, lambda pipe: _write_tar(pipe, members, head))
                raw.flush()
                os.fsync(raw.fileno())
        # link() refuses to replace a file that appeared meanwhile, as the check above promised.
        try:
            os.link(partial, out)
        except FileExistsError as exc:
            raise BackupError(f"{out} appeared while the backup ran; it was left as it is") from exc
        _fsync_dir(out.parent)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(out, manifest, out.stat().st_size, key is not None)


# --- restore ---------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    home: Path
    manifest: dict[str, Any]
    members: int = 0
    bytes: int = 0
    notes: list[str] = field(default_factory=list)


def _member_problem(name: str) -> str | None:
    """Why ``name`` may not be written under the target, or None."""
    if not name or "\x00" in name or "\\" in name:
        return "is not a plain relative path"
    path = PurePosixPath(name)
    if path.is_absolute():
        return "is an absolute path"
    if any(part in ("..", ".", "") for part in name.split("/")):
        return "leads outside its folder (.. or an empty part)"
    if name == MANIFEST or name in DATABASE_MEMBERS.values():
        return None
    if path.parts[0] != "home" or len(path.parts) < 2:
        return "is neither the manifest, a database nor under home/"
    return None


def target_problems(home: Path, db: Database) -> list[str]:
    """Why the instance at ``home`` with ``db`` cannot take a restore: it must be empty."""
    problems = []
    if home.exists():
        if not home.is_dir():
            problems.append(f"TRUCE_HOME {home} exists and is not a folder")
        else:
            found = sorted(p.name for p in home.iterdir())
            if found:
                shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
                problems.append(
                    f"TRUCE_HOME {home} is not empty ({shown}): restore only into an empty or new folder"
                )
    elif not home.parent.is_dir():
        problems.append(f"the folder {home.parent} (TRUCE_HOME's parent) does not exist")
    if db.kind == "sqlite":
        if db.sqlite_is_memory():
            problems.append("the database is an in-memory SQLite database: nothing to restore into")
        elif Path(db.name).exists():
            problems.append(f"the SQLite database {db.name} already exists: restore only into a new instance")
    else:
        try:
            conn = db.connect_pg()
        except Exception as exc:
            problems.append(f"cannot connect to PostgreSQL database {db.name}: {exc}")
        else:
            with conn:
                tables = conn.execute(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                ).fetchone()[0]
            if tables:
                problems.append(
                    f"the PostgreSQL database {db.name} is not empty ({tables} tables): "
                    "restore only into a new, empty database"
                )
    return problems


def _open_plain(archive: Path, staging: Path, identity_file: Path | None) -> Path:
    """The archive's gzip bytes: ``archive`` itself, or its decryption into ``staging`` (private)."""
    try:
        with archive.open("rb") as handle:
            start = handle.read(len(AGE_MAGIC[1]))
    except OSError as exc:
        raise BackupError(f"cannot read {archive}: {exc}") from exc
    if not start.startswith(AGE_MAGIC):
        if identity_file is not None:
            raise BackupError(f"{archive} is not encrypted; leave out --decrypt-with")
        if not start.startswith(GZIP_MAGIC):
            raise BackupError(f"{archive} is not a Truce backup (neither gzip nor age-encrypted)")
        return archive
    if identity_file is None:
        raise BackupError(f"{archive} is encrypted: give the key file with --decrypt-with KEYFILE")
    import pyrage

    identities = []
    try:
        lines = identity_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(f"cannot read the key file {identity_file}: {exc}") from exc
    for line in lines:
        if line.strip() and not line.startswith("#"):
            try:
                identities.append(pyrage.x25519.Identity.from_str(line.strip()))
            except Exception as exc:
                raise BackupError(f"{identity_file} holds a line that is not an age secret key") from exc
    if not identities:
        raise BackupError(f"{identity_file} holds no age secret key (AGE-SECRET-KEY-1…)")
    plain = staging / "archive.tar.gz"
    try:
        with archive.open("rb") as source, plain.open("wb") as target:
            pyrage.decrypt_io(source, target, identities)
    except Exception as exc:
        raise BackupError(
            f"{archive} cannot be decrypted with {identity_file} (wrong key, or the archive is damaged "
            f"or truncated): {exc}"
        ) from exc
    return plain


def _unpack(plain: Path, payload: Path) -> tuple[dict[str, Any] | None, dict[str, tuple[int, str]]]:
    """Stream the archive into ``payload``: (manifest, {member: (size, sha256)}), refusing unsafe members."""
    found: dict[str, tuple[int, str]] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(plain, mode="r|gz") as tar:
            for info in tar:
                name = info.name
                problem = _member_problem(name)
                if problem:
                    raise BackupError(f"member {name!r} {problem}: the archive is refused")
                if not info.isreg():
                    raise BackupError(f"member {name!r} is not a regular file (a link, folder or device)")
                if name in found or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"member {name!r} appears twice in the archive")
                source = tar.extractfile(info)
                assert source is not None  # a regular file always has contents
                if name == MANIFEST:
                    if info.size > MANIFEST_MAX_BYTES:
                        raise BackupError(f"{MANIFEST} is {info.size:,} bytes: too large to be a manifest")
                    manifest_bytes = source.read()
                    continue
                target = payload / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with target.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                found[name] = (size, digest.hexdigest())
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise BackupError(f"the archive is truncated or damaged: {exc}") from exc
    if manifest_bytes is None:
        return None, found
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: {exc}") from exc
    return manifest, found


def check_manifest(manifest: Any, found: dict[str, tuple[int, str]]) -> list[str]:
    """Every way the unpacked members differ from what the manifest lists."""
    if not isinstance(manifest, dict):
        return [f"{MANIFEST} is not a JSON object"]
    if manifest.get("format") != FORMAT:
        return [f"{MANIFEST} has format {manifest.get('format')!r}; this Truce reads {FORMAT!r}"]
    problems = []
    kind = manifest.get("database")
    if kind not in DATABASE_MEMBERS:
        problems.append(f"{MANIFEST}: database {kind!r} is neither 'sqlite' nor 'postgresql'")
    record = manifest.get("record")
    if not isinstance(record, dict) or type(record.get("size")) is not int:
        problems.append(f"{MANIFEST}: record must give the record's size")
    members = manifest.get("members")
    if not isinstance(members, list):
        return [*problems, f"{MANIFEST}: members must be a list"]
    listed: dict[str, tuple[int, str]] = {}
    for n, member in enumerate(members):
        ok = (
            isinstance(member, dict)
            and isinstance(member.get("path"), str)
            and type(member.get("size")) is int
            and isinstance(member.get("sha256"), str)
        )
        if not ok:
            problems.append(f"{MANIFEST}: member {n} must have a path, a size and a sha256")
            continue
        if _member_problem(member["path"]) or member["path"] == MANIFEST:
            problems.append(f"{MANIFEST}: member path {member['path']!r} is not allowed")
            continue
        if member["path"] in listed:
            problems.append(f"{MANIFEST}: member {member['path']!r} is listed twice")
        listed[member["path"]] = (member["size"], member["sha256"])
    if kind in DATABASE_MEMBERS and DATABASE_MEMBERS[kind] not in listed:
        problems.append(f"{MANIFEST}: the {kind} database {DATABASE_MEMBERS[kind]} is not listed")
    for name, (size, sha) in sorted(listed.items()):
        if name not in found:
            problems.append(f"member {name} is listed in {MANIFEST} but missing from the archive")
            continue
        got_size, got_sha = found[name]
        if got_size != size:
            problems.append(f"member {name}: {MANIFEST} says {size:,} bytes, the archive holds {got_size:,}")
        elif got_sha != sha:
            problems.append(
                f"member {name}: {MANIFEST} says SHA-256 {sha}, the archive's bytes hash to {got_sha}"
            )
    for name in sorted(set(found) - set(listed)):
        problems.append(f"member {name} is in the archive but not listed in {MANIFEST}")
    return problems


def _pg_restore(db: Database, dump: Path) -> None:
    pg_restore = pg_tool("pg_restore")
    conn = db.connect_pg()
    try:
        _check_tool_version(pg_restore, int(conn.execute("SHOW server_version_num").fetchone()[0]))
    finally:
        conn.close()
    done = subprocess.run(
        [
            pg_restore,
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            f"--dbname={db.name}",
            str(dump),
        ],
        env=db.libpq_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            f"pg_restore failed (exit {done.returncode}); the database was left as it was: "
            f"{done.stderr.strip()}"
        )


def restore_backup(
    archive: Path, *, home: Path, database: dict[str, Any], identity_file: Path | None = None
) -> RestoreResult:
    """Check the archive whole, then put it in place as the instance at ``home`` with ``database``
    (both empty). On any problem, BackupError naming it, and nothing at ``home`` or in the database
    has changed."""
    archive, home = Path(archive), Path(home)
    db = Database.from_settings(database)
    problems = target_problems(home, db)
    if problems:
        raise BackupError("; ".join(problems))
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file")
    staging = Path(tempfile.mkdtemp(dir=home.parent, prefix=f".{home.name}.restore-"))
    try:
        plain = _open_plain(archive, staging, identity_file)
        payload = staging / "payload"
        payload.mkdir()
        manifest, found = _unpack(plain, payload)
        if manifest is None:
            raise BackupError(
                f"the archive has no {MANIFEST}: it is incomplete (cut short before its end) "
                "or not a Truce backup"
            )
        problems = check_manifest(manifest, found)
        if problems:
            raise BackupError("; ".join(problems))
        if manifest["database"] != db.kind:
            raise BackupError(
                f"the backup holds a {manifest['database']} database but this instance is set up for "
                f"{db.kind} (DATABASE_URL): restore it into an instance of the same kind"
            )
        new_home = payload / "home"
        new_home.mkdir(exist_ok=True)
        for folder in ("evidence/originals", "evidence/renditions", "evidence/incoming", "keys", "static"):
            (new_home / folder).mkdir(parents=True, exist_ok=True)
        for path in (new_home / "evidence" / "originals").rglob("*"):
            if path.is_file():
                path.chmod(0o400)  # originals are read-only, as the evidence store keeps them
        sqlite_target = Path(db.name) if db.kind == "sqlite" else None
        sqlite_pending: Path | None = None
        try:
            if sqlite_target is not None:
                if sqlite_target.resolve().is_relative_to(home.resolve()):
                    # Inside TRUCE_HOME (the default): it arrives with the folder, in one rename.
                    inside = new_home / sqlite_target.resolve().relative_to(home.resolve())
                    inside.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(payload / SQLITE_MEMBER, inside)
                else:
                    # Elsewhere (DATABASE_URL may name another disk): copied next to where it goes under a
                    # name no instance uses; it takes its real name in the last, atomic step.
                    sqlite_target.parent.mkdir(parents=True, exist_ok=True)
                    sqlite_pending = sqlite_target.with_name(f".{sqlite_target.name}.restoring")
                    _copy_durably(payload / SQLITE_MEMBER, sqlite_pending)
            # Everything checked: put the folder in place (an empty target folder is replaced by it). A
            # step after this one that fails undoes the steps before it, so a failure at the very end (the
            # database refusing the dump, a full disk) still leaves the target as it was: empty.
            home_was_there = home.exists()
            if home_was_there:
                home.rmdir()
            os.replace(new_home, home)
            placed: Path | None = None
            loaded = False
            extensions_before: set[str] = set()
            try:
                if db.kind == "postgresql":
                    extensions_before = _pg_extensions(db)
                    _pg_restore(db, payload / PGDUMP_MEMBER)  # one transaction: all of it or nothing
                    loaded = True
                if sqlite_pending is not None and sqlite_target is not None:
                    os.replace(sqlite_pending, sqlite_target)
                    placed = sqlite_target
                    _fsync_dir(sqlite_target.parent)
                _fsync_dir(home.parent)
            except BaseException:
                if placed is not None:
                    placed.unlink(missing_ok=True)
                if loaded:
                    _pg_empty(
                        db, extensions_before
                    )  # it was empty before (target_problems): make it so again
                os.replace(home, new_home)
                if home_was_there:
                    home.mkdir()
                raise
        finally:
            if sqlite_pending is not None:
                sqlite_pending.unlink(missing_ok=True)
        total = sum(size for size, _ in found.values())
        return RestoreResult(home, manifest, len(found), total)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _pg_extensions(db: Database) -> set[str]:
    conn = db.connect_pg()
    try:
        return {name for (name,) in conn.execute("SELECT extname FROM pg_extension").fetchall()}
    finally:
        conn.close()


def _pg_empty(db: Database, extensions_before: set[str]) -> None:
    """Drop what a restore loaded into a database that was empty before it: the extensions it created
    (``unaccent`` for search, say; those there before stay), then the views, tables, sequences and routines
    of the public schema that belong to no extension."""
    from psycopg import sql

    outside_extensions = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {oid} AND d.deptype = 'e')"
    conn = db.connect_pg()
    try:
        with conn.transaction():
            for (name,) in conn.execute("SELECT extname FROM pg_extension").fetchall():
                if name not in extensions_before:
                    conn.execute(sql.SQL("DROP EXTENSION IF EXISTS {} CASCADE").format(sql.Identifier(name)))
            drops = conn.execute(
                "SELECT format('DROP VIEW IF EXISTS public.%I CASCADE', viewname) FROM pg_views "
                "WHERE schemaname = 'public' AND "
                + outside_extensions.format(oid="('public.' || quote_ident(viewname))::regclass")
                + " UNION ALL SELECT format('DROP TABLE IF EXISTS public.%I CASCADE', tablename) "
                "FROM pg_tables "
                "WHERE schemaname = 'public' AND "
                + outside_extensions.format(oid="('public.' || quote_ident(tablename))::regclass")
                + " UNION ALL SELECT format('DROP SEQUENCE IF EXISTS public.%I CASCADE', sequencename) "
                "FROM pg_sequences WHERE schemaname = 'public' AND "
                + outside_extensions.format(oid="('public.' || quote_ident(sequencename))::regclass")
                + " UNION ALL SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure) "
                "FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND "
                + outside_extensions.format(oid="p.oid")
            ).fetchall()
            for (statement,) in drops:
                conn.execute(statement)
    finally:
        conn.close()


def _copy_durably(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` and flush it to disk (the file; its folder is flushed when the file
    takes its final name)."""
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
