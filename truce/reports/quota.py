"""Per-user limits on filings and uploads, so that one account (or one stolen token) cannot flood the
mechanism: ``TRUCE_FILINGS_PER_HOUR``, ``TRUCE_UPLOADS_PER_HOUR`` and ``TRUCE_UPLOAD_BYTES_PER_DAY``.

The counts are the user's own rows (reports filed, evidence files added) in the database rather than a
counter in memory, so they hold across every server process and restart without a new table. A limit of 0
is off. Callers run these inside their action's transaction, before the new row is written.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy, ngettext

from truce.core import clock
from truce.errors import TooManyRequests
from truce.reports.models import Evidence, EvidenceKind, Report, ReportKind

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def _wait(since: dt.datetime, window: dt.timedelta, now: dt.datetime) -> int:
    """Whole seconds until ``since`` leaves the window (at least 1)."""
    return max(1, math.ceil((since + window - now).total_seconds()))


def _count_limit(
    rows: QuerySet[Any], stamp: str, *, limit: int, window: dt.timedelta, now: dt.datetime
) -> tuple[int, int] | None:
    """(count in the window, seconds until one more is allowed) when the limit is reached, else None."""
    recent = rows.filter(**{f"{stamp}__gt": now - window})
    count = recent.count()
    if count < limit:
        return None
    # One more is allowed once the (count - limit + 1) oldest have left the window.
    times = list(recent.order_by(stamp).values_list(stamp, flat=True)[: count - limit + 1])
    return count, _wait(times[-1], window, now)


def check_filing(user: Any) -> None:
    limit = settings.TRUCE_FILINGS_PER_HOUR
    if not limit:
        return
    now = clock.now()
    # Reports of kind lead are made by accepting leads (truce.sources), a triage the user does not type.
    filed = Report.objects.filter(filed_by=user).exclude(kind=ReportKind.LEAD)
    reached = _count_limit(filed, "created_at", limit=limit, window=HOUR, now=now)
    if reached:
        count, seconds = reached
        raise TooManyRequests(
            gettext_lazy(
                "you have filed %(count)s reports in the last hour and the limit is %(limit)s an hour; "
                "try again in %(wait)s (the operator sets TRUCE_FILINGS_PER_HOUR)"
            ),
            params={"count": count, "limit": limit, "wait": _Wait(seconds)},
            retry_after=seconds,
        )


def _uploads(user: Any) -> QuerySet[Evidence]:
    return Evidence.objects.filter(added_by=user, kind=EvidenceKind.FILE)


def check_upload(user: Any) -> None:
    """Before a file is read: the hourly count, and the daily bytes already used up."""
    now = clock.now()
    limit = settings.TRUCE_UPLOADS_PER_HOUR
    if limit:
        reached = _count_limit(_uploads(user), "added_at", limit=limit, window=HOUR, now=now)
        if reached:
            count, seconds = reached
            raise TooManyRequests(
                gettext_lazy(
                    "you have uploaded %(count)s files in the last hour and the limit is %(limit)s an hour; "
                    "try again in %(wait)s, or add a link instead (the operator sets TRUCE_UPLOADS_PER_HOUR)"
                ),
                params={"count": count, "limit": limit, "wait": _Wait(seconds)},
                retry_after=seconds,
                field="file",
            )
    check_upload_bytes(user, 0)


def check_upload_bytes(user: Any, size: int) -> None:
    """After a file is stored (its size known): refuse it if it takes the user past the daily bytes."""
    limit = settings.TRUCE_UPLOAD_BYTES_PER_DAY
    if not limit:
        return
    now = clock.now()
    rows = list(
        _uploads(user).filter(added_at__gt=now - DAY).order_by("added_at").values_list("added_at", "size")
    )
    used = sum(s for _, s in rows)
    if used + size <= limit and (size or used < limit):
        return
    # Wait until enough of the oldest uploads leave the 24 hours for this one to fit.
    freed, until = 0, now
    for added_at, row_size in rows:
        freed += row_size
        until = added_at
        if used - freed + size <= limit and (size or used - freed < limit):
            break
    seconds = _wait(until, DAY, now)
    if size:
        template = gettext_lazy(
            "you have uploaded %(used)s bytes in the last 24 hours and this file has %(size)s; the limit is "
            "%(limit)s bytes a day. Try again in %(wait)s, or add a link instead (the operator sets "
            "TRUCE_UPLOAD_BYTES_PER_DAY)"
        )
    else:
        template = gettext_lazy(
            "you have uploaded %(used)s bytes in the last 24 hours; the limit is %(limit)s bytes a day. Try "
            "again in %(wait)s, or add a link instead (the operator sets TRUCE_UPLOAD_BYTES_PER_DAY)"
        )
    raise TooManyRequests(
        template,
        params={"used": f"{used:,}", "size": f"{size:,}", "limit": f"{limit:,}", "wait": _Wait(seconds)},
        retry_after=seconds,
        field="file",
    )


class _Wait:
    """The wait as people read it, in the language of the sentence it stands in: "40 seconds",
    "12 minutes", "3 hours" (truce.errors composes the sentence in English and in the reader's)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __str__(self) -> str:
        seconds = self.seconds
        if seconds < 120:
            return ngettext("%(n)s second", "%(n)s seconds", seconds) % {"n": seconds}
        if seconds < 2 * 3600:
            minutes = math.ceil(seconds / 60)
            return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
        hours = math.ceil(seconds / 3600)
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
