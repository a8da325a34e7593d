"""Signing checkpoints of the record: the log key, the batching policy, and the checkpoint rows.

The worker (``truce worker``, every round) signs when ``CheckpointPolicy`` says a batch is due;
``truce record checkpoint`` and ``truce record export`` sign at once. Signing happens under the record's
head lock, so every entry the checkpoint covers is committed and no append runs meanwhile, and a new
checkpoint is only signed if the tree's root at the previous checkpoint's size is still that
checkpoint's root: the log never signs two inconsistent heads.

Settings (environment, read when used): ``TRUCE_CHECKPOINT_ENTRIES`` (default 100) and
``TRUCE_CHECKPOINT_SECONDS`` (default 60): a checkpoint at most every that many seconds or entries,
whichever comes first.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from truce.core import clock
from truce.core.record.checkpoint import Checkpoint as SignedHead
from truce.core.record.checkpoint import CheckpointPolicy, sign_checkpoint
from truce.core.record.note import Ed25519Signer, NoteError, generate_key, parse_signer
from truce.core.record.rotation import KEY_EXTENSION, ROTATION_TYPE
from truce.record.events import RecordKeyRotated
from truce.record.models import Checkpoint, Entry, Head
from truce.record.store import append, lock_head
from truce.record.tree import reading_tree

__all__ = [
    "Freshness",
    "KeyChange",
    "RecordKeyError",
    "RecordStateError",
    "anchor_vkey",
    "freshness",
    "key_history",
    "latest_checkpoint",
    "log_signer",
    "log_vkey",
    "policy",
    "rotate_log_key",
    "sign_checkpoint_now",
]


class RecordKeyError(RuntimeError):
    """The log's signing key is missing or unreadable."""


class RecordStateError(RuntimeError):
    """The tree disagrees with what was signed before: never sign over it; run `truce record check`."""


def _key_dir() -> Path:
    return Path(settings.TRUCE_HOME) / "keys"


def log_signer() -> Ed25519Signer:
    """The log's checkpoint signer from ``TRUCE_HOME/keys/log.key`` (written by ``truce init``).

    Finishes a rotation interrupted between its commit and the key files' renaming, and refuses a key
    file that is not the key the record last rotated to (an old file restored by hand): checkpoints it
    signed would fail every verifier and witness."""
    _finish_rotation()
    path = _key_dir() / "log.key"
    signer = _read_signer(path)
    history = key_history()
    if history and signer.verifier().vkey != history[-1].new_vkey:
        raise RecordKeyError(
            f"{path} is not the record's current key: the record rotated to {history[-1].new_vkey} at entry "
            f"{history[-1].index}; restore that key file (keys/ in a backup made after the rotation)"
        )
    return signer


def _read_signer(path: Path) -> Ed25519Signer:
    try:
        signer = parse_signer(path.read_text().strip())
    except FileNotFoundError as exc:
        raise RecordKeyError(f"{path} does not exist; run `truce init` to create the record's key") from exc
    except (OSError, NoteError) as exc:
        raise RecordKeyError(f"cannot use the record's signing key {path}: {exc}") from exc
    if signer.alg != 0x01:
        raise RecordKeyError(f"{path} is not a log key (type 0x01); it holds a type {signer.alg:#04x} key")
    return signer


def log_vkey() -> str:
    """The log's current verifier key; its name is the checkpoint origin."""
    return log_signer().verifier().vkey


@dataclass(frozen=True)
class KeyChange:
    """One rotation of the record's key, as its entry says, and the checkpoint that handed it over."""

    index: int
    time: datetime
    old_vkey: str
    new_vkey: str
    handover_size: int | None  # None until a checkpoint covers the entry (rotate-key signs one at once)


def key_history() -> list[KeyChange]:
    """Every rotation of the record's key, oldest first (an indexed query on the entries' type)."""
    rows = Entry.objects.filter(type=ROTATION_TYPE).order_by("index").values_list("index", "time", "leaf")
    changes = []
    for index, time, leaf in rows:
        data = json.loads(leaf)["data"]
        after = Checkpoint.objects.filter(size__gt=index).order_by("size")
        handover = after.values_list("size", flat=True).first()
        changes.append(KeyChange(index, time, data["old_vkey"], data["new_vkey"], handover))
    return changes


def anchor_vkey() -> str:
    """The record's first key: the one the agreement's ``record_key`` names and verifiers start from."""
    history = key_history()
    return history[0].old_vkey if history else log_vkey()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_key(path: Path, skey: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(skey + "\n")
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(path.parent)


@contextmanager
def _keys_lock() -> Iterator[None]:
    """Serialises finishing a rotation's file moves between processes (the worker, the CLI, servers)."""
    fd = os.open(_key_dir() / ".rotation.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _swap_keys(pending: Path, keep_old: bool) -> Path | None:
    """Move keys/log.key aside (renamed ``log.key.<UTC time>.retired``, or deleted) and ``pending`` in
    its place; return the retired file's path. The caller holds :func:`_keys_lock`; if another process
    finished the move already, nothing is done."""
    key = _key_dir() / "log.key"
    retired = None
    if not pending.exists():
        return None
    if key.exists():
        if keep_old:
            stamp = f"{clock.now():%Y%m%dT%H%M%SZ}"
            retired = key.with_name(f"log.key.{stamp}.retired")
            n = 1
            while retired.exists():  # two rotations within a second keep both old keys
                n += 1
                retired = key.with_name(f"log.key.{stamp}-{n}.retired")
            os.replace(key, retired)
        else:
            key.unlink()
    os.replace(pending, key)
    _fsync_dir(key.parent)
    return retired


def _finish_rotation() -> None:
    pending = _key_dir() / "log.key.new"
    if not pending.exists():
        return
    history = key_history()
    with _keys_lock():
        if not pending.exists():
            return
        if history and _read_signer(pending).verifier().vkey == history[-1].new_vkey:
            _swap_keys(pending, keep_old=True)  # the rotation committed: finish what it began


def policy() -> CheckpointPolicy:
    return CheckpointPolicy(
        max_entries=max(1, int(settings.TRUCE_CHECKPOINT_ENTRIES)),
        max_seconds=max(1.0, float(settings.TRUCE_CHECKPOINT_SECONDS)),
    )


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def sign_checkpoint_now(*, force: bool = False) -> Checkpoint | None:
    """Sign a checkpoint of every committed entry if the policy says one is due (or ``force``); return
    the new row, or None when there is nothing new to sign (or it is not due yet)."""
    with transaction.atomic():
        head = lock_head()
        # Under the lock: a rotation committed meanwhile is seen, and its new key used.
        signer = log_signer()
        last = latest_checkpoint()
        new_entries = head.size - (last.size if last else 0)
        if new_entries <= 0:
            return None
        now = clock.now()
        since = (now - last.signed_at).total_seconds() if last else float("inf")
        if not force and not policy().due(new_entries, since):
            return None
        return _sign_locked(head, last, [signer])


def _sign_locked(
    head: Head, last: Checkpoint | None, signers: list[Ed25519Signer], extensions: tuple[str, ...] = ()
) -> Checkpoint:
    """Sign and store a checkpoint of every entry; the caller holds the head lock."""
    with reading_tree() as tree:
        if tree.size != head.size:
            raise RecordStateError(f"the tree holds {tree.size} entries but the record {head.size}")
        root = tree.root()
        if last is not None and base64.b64encode(tree.root(last.size)).decode() != last.root:
            raise RecordStateError(
                f"the entries no longer match checkpoint {last.size}: refusing to sign a forked history"
            )
    note = sign_checkpoint(SignedHead(signers[0].name, head.size, root, extensions), signers)
    return Checkpoint.objects.create(
        size=head.size, root=base64.b64encode(root).decode(), note=note.decode(), signed_at=clock.now()
    )


@dataclass(frozen=True)
class Rotated:
    old_vkey: str
    new_vkey: str
    entry: int
    handover: Checkpoint
    retired_file: Path | None


def rotate_log_key(*, keep_old: bool = True) -> Rotated:
    """Move the record to a new signing key (docs/record.md §5.1, operations.md "Keys").

    In one transaction under the head lock: the entry ``RecordKeyRotated`` naming both keys, then the
    handover checkpoint covering it, announcing the new key and signed by the old and the new key. The
    new key is written to ``keys/log.key.new`` first and moved to ``keys/log.key`` after the commit (the
    old file renamed ``log.key.<time>.retired``, or deleted when not ``keep_old``); a crash in between is
    finished by the next :func:`log_signer`."""
    pending = _key_dir() / "log.key.new"
    try:
        with transaction.atomic():
            lock_head()
            old = log_signer()
            skey, new_vkey = generate_key(old.name)
            new = parse_signer(skey)
            _write_key(pending, skey)
            last = latest_checkpoint()
            entry = append(
                RecordKeyRotated(old_vkey=old.verifier().vkey, new_vkey=new_vkey), agreement=None, actor=None
            )
            handover = _sign_locked(lock_head(), last, [old, new], (KEY_EXTENSION + new_vkey,))
    except BaseException:
        with _keys_lock():
            pending.unlink(missing_ok=True)
        raise
    with _keys_lock():
        retired = _swap_keys(pending, keep_old)
    return Rotated(old.verifier().vkey, new_vkey, entry.index, handover, retired)


@dataclass(frozen=True)
class Freshness:
    """How far the signed record lags the written one, for /record/ and /api/v1/record/."""

    checkpoint_age_seconds: int | None  # since the latest checkpoint was signed; None if none yet
    unsigned_entries: int  # entries no checkpoint covers yet
    oldest_unsigned_age_seconds: int | None  # since the first of those was written; None if none


def freshness() -> Freshness:
    """Ages against ``clock.now()``. An entry waits for a checkpoint at most about
    TRUCE_CHECKPOINT_SECONDS plus the worker's interval (docs/record.md §10), so a larger
    ``oldest_unsigned_age_seconds`` means the worker is not running or cannot sign."""
    now = clock.now()
    latest = latest_checkpoint()
    head = Head.objects.filter(id=1).first()
    covered = latest.size if latest else 0
    size = head.size if head else 0
    first_unsigned = Entry.objects.filter(index=covered).values_list("time", flat=True).first()
    return Freshness(
        checkpoint_age_seconds=int((now - latest.signed_at).total_seconds()) if latest else None,
        unsigned_entries=max(0, size - covered),
        oldest_unsigned_age_seconds=(
            int((now - first_unsigned).total_seconds()) if first_unsigned is not None else None
        ),
    )
