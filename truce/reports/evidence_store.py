"""Content-addressed, write-once storage of evidence files under ``$TRUCE_HOME/evidence``.

Layout::

    evidence/originals/ab/cd/abcdef…   the bytes as received, named by their SHA-256, mode 0400
    evidence/renditions/abcdef…/123…   anything derived from original abcdef… (a redacted rendition),
                                       named by its own SHA-256
    evidence/incoming/                 files being received; moved into originals/ once hashed

Originals are never opened for writing once in place: a second upload of the same bytes finds the file
already there and keeps it. ``put`` returns only once the file and every folder entry leading to it are on
disk (fsync of the file, of its folder and of each folder it had to create), and callers call it before
the transaction that names the file commits: a row never names a file a crash could lose. A file written
for an action whose transaction then rolls back stays behind unreferenced; it is harmless
(content-addressed), ``truce record check`` reports it as an orphan, and nothing deletes it.

Where the files live is a small interface, ``EvidenceStore`` (put, open, exists, size, names; there is
no delete), chosen by ``TRUCE_EVIDENCE_STORE``: ``LocalEvidenceStore`` (the folders above, the default)
or ``S3EvidenceStore`` (truce/reports/s3_store.py: the same names as object keys in an S3-compatible
bucket). Files being received are spooled in the local ``evidence/incoming/`` either way. Names are the
paths above relative to ``evidence/``: ``originals/ab/cd/<sha256>``, ``renditions/<original>/<sha256>``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from django.conf import settings

CHUNK = 1024 * 1024


class EvidenceTooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the file is larger than the limit of {limit:,} bytes ({limit / 1024 / 1024:.0f} MiB)"
        )
        self.limit = limit


class EvidenceStoreError(RuntimeError):
    """The store cannot keep or give back a file (unreachable, refused, or holding other bytes under a
    file's hash); the message says which file and what was found."""


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int


def _check_sha(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return sha256


def original_name(sha256: str) -> str:
    _check_sha(sha256)
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def rendition_name(original_sha256: str, sha256: str) -> str:
    return f"renditions/{_check_sha(original_sha256)}/{_check_sha(sha256)}"


class EvidenceStore(Protocol):
    """Where evidence files live. Write-once: ``put`` never replaces a name's bytes, and there is no
    delete. ``put`` returns only once the file is durably stored (callers then commit the row naming it)."""

    def put(self, chunks: Iterable[bytes], *, limit: int, name_of: Callable[[str], str]) -> Stored: ...

    def open(self, name: str) -> BinaryIO: ...

    def exists(self, name: str) -> bool: ...

    def size(self, name: str) -> int: ...

    def names(self) -> Iterable[str]: ...


def root() -> Path:
    """The local evidence folder: the local store's files, and ``incoming/`` for every store."""
    return Path(settings.TRUCE_HOME) / "evidence"


def spool(chunks: Iterable[bytes], *, limit: int, durable: bool) -> tuple[Path, str, int]:
    """Write the bytes to a new file in ``incoming/``, hashing them as they stream in; refuse (and keep
    nothing) past ``limit`` bytes. Returns (file, SHA-256, size); the caller removes the file."""
    incoming = root() / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=incoming)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise EvidenceTooLarge(limit)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            if durable:
                os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, digest.hexdigest(), size


class LocalEvidenceStore:
    """The folders under ``$TRUCE_HOME/evidence`` (the layout above), with the fsync discipline."""

    def path(self, name: str) -> Path:
        return root() / name

    def put(self, chunks: Iterable[bytes], *, limit: int, name_of: Callable[[str], str]) -> Stored:
        tmp, sha, size = spool(chunks, limit=limit, durable=True)
        try:
            target = self.path(name_of(sha))
            _make_dirs_durably(target.parent)
            # Read-only, and for Truce's own account only (evidence is confidential).
            os.chmod(tmp, 0o400)
            # link() never replaces an existing file, unlike rename(): an original is never overwritten.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, target)
            _fsync_dir(target.parent)
            return Stored(sha256=sha, size=size)
        finally:
            tmp.unlink(missing_ok=True)

    def open(self, name: str) -> BinaryIO:
        return self.path(name).open("rb")

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def size(self, name: str) -> int:
        return self.path(name).stat().st_size

    def names(self) -> Iterable[str]:
        return (name for name, _path in stored_files())


def store() -> EvidenceStore:
    """The store ``TRUCE_EVIDENCE_STORE`` names (read at each call: tests change settings)."""
    if getattr(settings, "TRUCE_EVIDENCE_STORE", "local") == "s3":
        from truce.reports.s3_store import configured_store

        return configured_store()
    return LocalEvidenceStore()


def original_path(sha256: str) -> Path:
    """The local store's file of an original."""
    return root() / original_name(sha256)


def rendition_dir(sha256: str) -> Path:
    return root() / "renditions" / _check_sha(sha256)


def rendition_path(original_sha256: str, sha256: str) -> Path:
    return root() / rendition_name(original_sha256, sha256)


def put_rendition(original_sha256: str, data: bytes) -> Stored:
    """Store a file derived from an original beside it under renditions/, never among the originals."""
    _check_sha(original_sha256)
    return store().put([data], limit=len(data), name_of=lambda sha: rendition_name(original_sha256, sha))


def open_rendition(original_sha256: str, sha256: str) -> BinaryIO:
    return store().open(rendition_name(original_sha256, sha256))


def put(chunks: Iterable[bytes], *, limit: int) -> Stored:
    """Store an original, hashing it as it streams in; refuse (and keep nothing) past ``limit`` bytes."""
    return store().put(chunks, limit=limit, name_of=original_name)


def put_file(upload: BinaryIO, *, limit: int) -> Stored:
    return put(iter(lambda: upload.read(CHUNK), b""), limit=limit)


def open_original(sha256: str) -> BinaryIO:
    return store().open(original_name(sha256))


def stored_names() -> set[str]:
    """Every file in the configured store, by name: for the orphan report of ``truce record check``."""
    return set(store().names())


def verify(sha256: str) -> bool:
    """Re-hash a stored original: True when its bytes still match its name."""
    digest = hashlib.sha256()
    with open_original(sha256) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def _make_dirs_durably(folder: Path) -> None:
    """``mkdir -p`` whose new folders survive a crash: each one's entry in its parent is fsync'd."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            new.mkdir()
        _fsync_dir(new.parent)


def stored_files() -> Iterable[tuple[str, Path]]:
    """Every file in the local store as (path relative to ``evidence/``, path): originals and renditions,
    not the files still being received. For the backup of a local store."""
    base = root()
    for part in ("originals", "renditions"):
        for folder, _dirs, files in os.walk(base / part):
            for name in files:
                path = Path(folder) / name
                yield path.relative_to(base).as_posix(), path


def incoming_files() -> list[Path]:
    """The files in ``incoming/``: uploads being received now, or cut off by a crash before they were
    stored (``put`` removes its own on any error it survives). Reported by ``truce record check``; never
    deleted, since a running server may still be writing one."""
    folder = root() / "incoming"
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
