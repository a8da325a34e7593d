"""Scheduled bulletins, each ``truce worker`` round: for every agreement, the public daily edition of
yesterday (the last whole day on the agreement's clock) and, when yesterday was a Sunday, the public
weekly edition of the week it ended, as PDF in each language of ``TRUCE_BULLETIN_LANGUAGES`` (default:
the agreement's). The round only finds what is due and enqueues it (``bulletin_round``); the worker's
task runner renders and publishes it (``publish_scheduled``), so a long PDF holds up no round. What is
already published is not published again, so a worker restarted, or ``truce worker --once`` from cron,
publishes each edition once."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings

from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.background.queue import enqueue_once
from truce.background.retry import retried_task
from truce.bulletins.actions import Request, do_publish_bulletin
from truce.bulletins.models import Bulletin, Edition
from truce.record.checkpoints import RecordKeyError, log_signer

log = logging.getLogger(__name__)

SUNDAY = 6


def due(agreement_id: str, yesterday: dt.date, languages: list[str]) -> list[Request]:
    """The scheduled editions of ``agreement_id`` not yet published for the periods ending ``yesterday``."""
    periods = ["day", "week"] if yesterday.weekday() == SUNDAY else ["day"]
    published = set(
        Bulletin.objects.filter(
            agreement_id=agreement_id, edition=Edition.PUBLIC, end=yesterday, period__in=periods, fmt="pdf"
        ).values_list("period", "language")
    )
    return [
        Request(agreement_id, period, Edition.PUBLIC, language, "pdf", as_of=yesterday)
        for period in periods
        for language in languages
        if (period, language) not in published
    ]


def bulletin_round() -> list[str]:
    """Enqueue each due edition unless it already waits. An instance without the record's key skips with
    a warning, as the checkpoint task does (publishing signs a checkpoint)."""
    chosen = settings.TRUCE_BULLETIN_LANGUAGES
    if chosen == ["none"]:
        return []
    try:
        log_signer()
    except RecordKeyError as exc:
        log.warning("scheduled bulletins skipped: %s", exc)
        return []
    for row in Agreement.objects.all():
        agreement = registry.parsed(row)
        yesterday = agreement.today() - dt.timedelta(days=1)
        if yesterday < agreement.in_force:
            continue
        languages = (
            [code for code in chosen if code in agreement.languages] if chosen else list(agreement.languages)
        )
        for request in due(row.pk, yesterday, languages):
            assert request.as_of is not None  # due() sets it
            enqueue_once(
                publish_scheduled, row.pk, request.period, request.language, request.as_of.isoformat()
            )
    return []


@retried_task(max_attempts=3)
def publish_scheduled(agreement_id: str, period: str, language: str, end: str) -> list[str]:
    """Publish the public PDF edition of ``period`` ending ``end`` (an ISO date) in ``language``, unless it
    is published already (two workers, or a task run again after its worker was killed)."""
    as_of = dt.date.fromisoformat(end)
    if Bulletin.objects.filter(
        agreement_id=agreement_id,
        edition=Edition.PUBLIC,
        end=as_of,
        period=period,
        language=language,
        fmt="pdf",
    ).exists():
        return []
    try:
        bulletin = do_publish_bulletin(
            Request(agreement_id, period, Edition.PUBLIC, language, "pdf", as_of=as_of), acting_user=None
        )
    except RecordKeyError as exc:
        log.warning("scheduled bulletins skipped: %s", exc)
        return []
    return [
        f"bulletin published: {bulletin.reference} ({bulletin.period}, {bulletin.language}, "
        f"sha256 {bulletin.sha256})"
    ]
