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
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from truce.core import clock
from truce.core.record.checkpoint import Checkpoint as SignedHead
from truce.core.record.checkpoint import CheckpointPolicy, sign_checkpoint
from truce.core.record.note import Ed25519Signer, NoteError, parse_signer
from truce.record.models import Checkpoint, Entry, Head
from truce.record.store import lock_head
from truce.record.tree import reading_tree

__all__ = [
    "Freshness",
    "RecordKeyError",
    "RecordStateError",
    "freshness",
    "latest_checkpoint",
    "log_signer",
    "log_vkey",
    "policy",
    "sign_checkpoint_now",
]


class RecordKeyError(RuntimeError):
    """The log's signing key is missing or unreadable."""


class RecordStateError(RuntimeError):
    """The tree disagrees with what was signed before: never sign over it; run `truce record check`."""


def _key_dir() -> Path:
    return Path(settings.TRUCE_HOME) / "keys"


def log_signer() -> Ed25519Signer:
    """The log's checkpoint signer from ``TRUCE_HOME/keys/log.key`` (written by ``truce init``)."""
    path = _key_dir() / "log.key"
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
    """The log's verifier key; its name is the checkpoint origin."""
    return log_signer().verifier().vkey


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
    signer = log_signer()
    with transaction.atomic():
        head = lock_head()
        last = latest_checkpoint()
        new_entries = head.size - (last.size if last else 0)
        if new_entries <= 0:
            return None
        now = clock.now()
        since = (now - last.signed_at).total_seconds() if last else float("inf")
        if not force and not policy().due(new_entries, since):
            return None
        with reading_tree() as tree:
            if tree.size != head.size:
                raise RecordStateError(f"the tree holds {tree.size} entries but the record {head.size}")
            root = tree.root()
            if last is not None and base64.b64encode(tree.root(last.size)).decode() != last.root:
                raise RecordStateError(
                    f"the entries no longer match checkpoint {last.size}: refusing to sign a forked history"
                )
        note = sign_checkpoint(SignedHead(signer.name, head.size, root), [signer])
        return Checkpoint.objects.create(
            size=head.size, root=base64.b64encode(root).decode(), note=note.decode(), signed_at=now
        )


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
