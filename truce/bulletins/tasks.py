"""Scheduled bulletins, each ``truce worker`` round: for every agreement, the public daily edition of
yesterday (the last whole day on the agreement's clock) and, when yesterday was a Sunday, the public
weekly edition of the week it ended, as PDF in each language of ``TRUCE_BULLETIN_LANGUAGES`` (default:
the agreement's). What is already published is not published again, so a worker restarted, or
``truce worker --once`` from cron, publishes each edition once."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings

from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.bulletins.actions import Request, do_publish_bulletin
from truce.bulletins.models import Bulletin, Edition
from truce.record.checkpoints import RecordKeyError

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
    """What was published, one line each. An instance without the record's key skips with a warning, as
    the checkpoint round does (publishing signs a checkpoint)."""
    chosen = settings.TRUCE_BULLETIN_LANGUAGES
    if chosen == ["none"]:
        return []
    done: list[str] = []
    for row in Agreement.objects.all():
        agreement = registry.parsed(row)
        yesterday = agreement.today() - dt.timedelta(days=1)
        if yesterday < agreement.in_force:
            continue
        languages = (
            [code for code in chosen if code in agreement.languages] if chosen else list(agreement.languages)
        )
        for request in due(row.pk, yesterday, languages):
            try:
                bulletin = do_publish_bulletin(request, acting_user=None)
            except RecordKeyError as exc:
                log.warning("scheduled bulletins skipped: %s", exc)
                return done
            done.append(
                f"bulletin published: {bulletin.reference} ({bulletin.period}, {bulletin.language}, "
                f"sha256 {bulletin.sha256})"
            )
    return done
