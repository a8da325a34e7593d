"""Is this instance able to work? Each check answers ok or not with a short reason. The reasons are shown
to anyone (``/healthz`` is public, for load balancers and uptime probes): they name what failed, never a
path, a host, a count of anything or any case content.

- ``database``: a query on the record's head row answers;
- ``record_signer``: the record's checkpoint signing key loads (without it no checkpoint can be signed);
- ``worker``: the background worker's last round is recent (skipped, not failed, when none ever ran);
- ``tasks``: the oldest background task due to run (an e-mail, a feed poll, a checkpoint, a bulletin) has
  waited less than ``TRUCE_TASK_LAG_SECONDS`` (default 900): no worker runs them, or it cannot keep up;
- ``evidence_storage``: a file can be created in the evidence store, and the free space there is at least
  ``TRUCE_HEALTH_MIN_FREE_MB`` (default 1024).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError

from truce.health import heartbeat


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    from truce.record.models import Head

    try:
        Head.objects.filter(id=1).exists()
    except DatabaseError as exc:
        return Check("database", False, f"the database does not answer ({type(exc).__name__})")
    return Check("database", True, "answers")


def check_record_signer() -> Check:
    from truce.record.checkpoints import RecordKeyError, log_signer

    try:
        log_signer()
    except RecordKeyError:
        return Check("record_signer", False, "the record's signing key is missing or unreadable")
    return Check("record_signer", True, "the signing key loads")


def check_worker() -> Check:
    try:
        beat = heartbeat.last()
    except ValueError:
        return Check("worker", False, "the worker's heartbeat file is unreadable")
    if beat is None:
        return Check("worker", True, "no worker has run here (none expected)")
    if beat.stale:
        return Check("worker", False, f"the worker's last round was {int(beat.age_seconds)} s ago")
    return Check("worker", True, f"last round {int(beat.age_seconds)} s ago")


def check_tasks() -> Check:
    from truce.background.queue import stats

    try:
        lag = stats().lag_seconds
    except DatabaseError:
        return Check("tasks", False, "the task queue cannot be read (the database does not answer)")
    if lag > settings.TRUCE_TASK_LAG_SECONDS:
        return Check("tasks", False, f"the oldest background task due has waited {int(lag)} s")
    return Check("tasks", True, f"the oldest background task due has waited {int(lag)} s")


def min_free_bytes() -> int:
    return max(0, int(settings.TRUCE_HEALTH_MIN_FREE_MB)) * 1024 * 1024


def check_evidence_storage() -> Check:
    """Writes and removes one empty file in ``evidence/incoming`` (where uploads land first): the only way
    to know a store is writable, as permission bits say nothing for a process running as root and a
    read-only mount only shows on writing."""
    from truce.reports import evidence_store

    incoming = evidence_store.root() / "incoming"
    try:
        incoming.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=incoming, prefix=".healthz-")
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(probe)
        free = shutil.disk_usage(incoming).free
    except OSError as exc:
        return Check("evidence_storage", False, f"the evidence store is not writable ({exc.strerror})")
    if free < min_free_bytes():
        return Check(
            "evidence_storage",
            False,
            f"less free space for evidence than the minimum of {settings.TRUCE_HEALTH_MIN_FREE_MB} MB",
        )
    if settings.TRUCE_EVIDENCE_STORE == "s3":
        # Uploads are spooled locally (above), then stored in the bucket: both must work.
        from truce.reports.evidence_store import EvidenceStoreError

        try:
            bucket = evidence_store.store()
            bucket.client.head_bucket(Bucket=bucket.bucket)  # type: ignore[attr-defined]
        except (EvidenceStoreError, Exception) as exc:
            return Check(
                "evidence_storage", False, f"the evidence bucket does not answer ({type(exc).__name__})"
            )
        return Check("evidence_storage", True, "writable, with room; the evidence bucket answers")
    return Check("evidence_storage", True, "writable, with room")


def run_checks() -> list[Check]:
    return [check_database(), check_record_signer(), check_worker(), check_tasks(), check_evidence_storage()]
