"""Pruning: idempotency keys and form tokens are kept ``TRUCE_IDEMPOTENCY_HOURS`` (at least 24, default
48), then deleted by ``truce worker`` (each round; ``--once`` from cron). A retry within the window
replays; after it, the key is a new key."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from truce.core import clock
from truce.idempotency.models import FormSubmission, IdempotentRequest


def window() -> dt.timedelta:
    return dt.timedelta(hours=settings.TRUCE_IDEMPOTENCY_HOURS)


def prune_keys(now: dt.datetime | None = None) -> int:
    """Delete the keys and form tokens older than the window; return how many."""
    cutoff = (now or clock.now()) - window()
    keys, _ = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    tokens, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return keys + tokens
