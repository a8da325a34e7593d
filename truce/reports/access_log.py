"""The access log of protected evidence: who viewed its details or downloaded its content, and when.
Written by the read paths that show or serve protected material (truce.reports.models.EvidenceAccess
says why it is a log of reads and not a record event); read by the mediators only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from truce.core import clock
from truce.reports.models import AccessAction, Evidence, EvidenceAccess


def log_download(user: Any, evidence: Evidence, *, via: str) -> None:
    if evidence.source_protected:
        EvidenceAccess.objects.create(
            evidence=evidence, user=user, action=AccessAction.DOWNLOAD, via=via, at=clock.now()
        )


def _shown_ids(data: Any) -> Iterable[int]:
    """Ids of protected evidence shown whole anywhere in a presented report or case
    (truce.reports.present marks each item ``protected`` and ``withheld``)."""
    if isinstance(data, dict):
        if data.get("protected") is True and data.get("withheld") is False and "sha256" in data:
            yield int(data["id"])
        for value in data.values():
            yield from _shown_ids(value)
    elif isinstance(data, list):
        for value in data:
            yield from _shown_ids(value)


def log_shown(user: Any, data: Any, *, via: str) -> None:
    """Log a view of every protected item shown whole in ``data`` (a report or case as presented)."""
    ids = sorted(set(_shown_ids(data)))
    if ids:
        now = clock.now()
        EvidenceAccess.objects.bulk_create(
            [EvidenceAccess(evidence_id=i, user=user, action=AccessAction.VIEW, via=via, at=now) for i in ids]
        )


def case_access_rows(case: Any) -> QuerySet[EvidenceAccess]:
    """Every logged read of the protected evidence of ``case`` (its reports', its own and its replies'),
    oldest first, each with its reader. For the mediators only: the caller checks."""
    return (
        EvidenceAccess.objects.filter(
            Q(evidence__report__case=case) | Q(evidence__case=case) | Q(evidence__reply__case=case)
        )
        .select_related("user")
        .order_by("at", "id")
    )


def access_entry(row: EvidenceAccess) -> dict[str, Any]:
    return {
        "at": clock.rfc3339(row.at),
        "user": row.user.username,
        "role": row.user.role,
        "organisation": row.user.organisation,
        "evidence": row.evidence_id,
        "action": row.action,
        "via": row.via,
    }


def case_access_log(case: Any) -> list[dict[str, Any]]:
    """case_access_rows as the API and the case page give them."""
    return [access_entry(row) for row in case_access_rows(case)]
