from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Router, Schema

from truce.cases.models import Case
from truce.cases.visibility import cases_visible_to
from truce.core import clock
from truce.errors import NotFound
from truce.reports.present import report_dict
from truce.reports.visibility import reports_visible_to

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: int
    reference: str
    agreement: str
    title: str
    status: str
    opened_at: str
    incident: dict[str, Any]
    report_count: int
    reports: list[dict[str, Any]] | None = None


def case_dict(case: Case, report_count: int) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "agreement": case.agreement_id,
        "title": case.title,
        "status": case.status,
        "opened_at": clock.rfc3339(case.opened_at),
        "incident": {
            "event_type": case.event_type,
            "sub_event_type": case.sub_event_type,
            "date": case.incident_date.isoformat(),
            "date_precision": case.date_precision,
            "place": case.place,
            "lat": None if case.lat is None else float(case.lat),
            "lon": None if case.lon is None else float(case.lon),
            "accused_party": case.accused_party,
        },
        "report_count": report_count,
    }


def visible_cases_with_counts(user: Any) -> Any:
    """Cases with the number of reports *this user* may see in each (never the hidden ones)."""
    visible_ids = reports_visible_to(user).values("id")
    return cases_visible_to(user).annotate(
        visible_reports=Count("reports", filter=Q(reports__id__in=visible_ids), distinct=True)
    )


@router.get("", response=list[CaseOut], summary="Cases you may see, newest first")
def list_cases(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    limit = max(1, min(limit, 200))
    user = request.auth  # type: ignore[attr-defined]
    rows = visible_cases_with_counts(user)[offset : offset + limit]
    return [case_dict(c, c.visible_reports) for c in rows]


@router.get("/{case_id}", response=CaseOut, summary="One case with the reports you may see in it")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound(f"no case {case_id}", field="case")
    reports = list(reports_visible_to(user).filter(case=case).select_related("case", "filed_by"))
    out = case_dict(case, len(reports))
    out["reports"] = [report_dict(r, user, with_evidence=True) for r in reports]
    return out
