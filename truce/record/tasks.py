"""The record's background work: each ``truce worker`` round enqueues ``sign_and_cosign`` (unless one
already waits), which signs a checkpoint when a batch is due, then asks the witnesses to cosign the latest
one. Run by the worker's task runner, so a witness that is slow to answer holds up no round."""

from __future__ import annotations

import logging

from truce.background.queue import enqueue_once
from truce.background.retry import retried_task
from truce.record.checkpoints import RecordKeyError, sign_checkpoint_now
from truce.record.witnesses import collect_cosignatures

__all__ = ["checkpoint_round", "sign_and_cosign"]

log = logging.getLogger(__name__)


def checkpoint_round() -> list[str]:
    """The round's share: enqueue the task. Nothing to say until it runs."""
    enqueue_once(sign_and_cosign)
    return []


@retried_task(max_attempts=3)
def sign_and_cosign() -> list[str]:
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
