"""The record's share of each ``truce worker`` round: sign a checkpoint when a batch is due, then ask
the witnesses to cosign the latest one."""

from __future__ import annotations

import logging

from truce.record.checkpoints import RecordKeyError, sign_checkpoint_now
from truce.record.witnesses import collect_cosignatures

__all__ = ["checkpoint_round"]

log = logging.getLogger(__name__)


def checkpoint_round() -> list[str]:
    """What was done, one line each. An instance without a signing key logs a warning and skips (so a
    worker on a half-prepared instance keeps doing its other tasks)."""
    try:
        signed = sign_checkpoint_now()
    except RecordKeyError as exc:
        log.warning("record checkpoints skipped: %s", exc)
        return []
    done = [f"checkpoint signed: size {signed.size}"] if signed else []
    done.extend(collect_cosignatures())
    return done
