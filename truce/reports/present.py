"""How a report and its evidence look to one user: the one place protected details are withheld.
The API returns these dicts; the pages render them."""

from __future__ import annotations

from typing import Any

from truce.core import clock
from truce.reports.models import Evidence, Report
from truce.reports.visibility import may_see_adder, may_see_filer, may_see_source


def incident_dict(report: Report) -> dict[str, Any]:
    return {
        "title": report.title,
        "event_type": report.event_type,
        "sub_event_type": report.sub_event_type,
        "date": report.incident_date.isoformat(),
        "date_precision": report.date_precision,
        "location": {
            "name": report.place,
            "country": report.country,
            "admin1": report.admin1,
            "lat": None if report.lat is None else float(report.lat),
            "lon": None if report.lon is None else float(report.lon),
            "geo_precision": report.geo_precision,
        },
        "actors": report.actors,
        "fatalities": {
            "low": report.fatalities_low,
            "best": report.fatalities_best,
            "high": report.fatalities_high,
        },
        "commitments": report.commitments,
        "accused_party": report.accused_party,
        "description": report.description,
        "language": report.language,
    }


def _content_url(evidence: Evidence) -> str | None:
    if evidence.kind != "file":
        return None
    if evidence.report_id:
        return f"/api/v1/reports/{evidence.report_id}/evidence/{evidence.pk}/content"
    case_id = evidence.case_id or evidence.reply.case_id  # type: ignore[union-attr]
    return f"/api/v1/cases/{case_id}/evidence/{evidence.pk}/content"


def evidence_dict(evidence: Evidence, user: Any) -> dict[str, Any]:
    source_visible = may_see_source(user, evidence)
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "media_type": evidence.media_type,
        "name": evidence.original_name,
        "url": evidence.url,
        "description": evidence.description,
        "added_at": clock.rfc3339(evidence.added_at),
        "provenance": {
            "added_by": evidence.added_by.username if may_see_adder(user, evidence) else None,
            "obtained_how": evidence.obtained_how,
            "obtained_at": None if evidence.obtained_at is None else clock.rfc3339(evidence.obtained_at),
            "obtained_from": evidence.obtained_from if source_visible else None,
            "source_protected": evidence.source_protected,
        },
        "grading": {"reliability": evidence.reliability, "credibility": evidence.credibility},
        "content": _content_url(evidence),
    }


def report_dict(report: Report, user: Any, *, with_evidence: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": report.pk,
        "agreement": report.agreement_id,
        "kind": report.kind,
        "status": report.status,
        "filing_party": report.filing_party,
        "filed_by": report.filed_by.username if report.filed_by and may_see_filer(user, report) else None,
        "case": None if report.case is None else {"id": report.case.pk, "reference": report.case.reference},
        "created_at": clock.rfc3339(report.created_at),
        "submitted_at": None if report.submitted_at is None else clock.rfc3339(report.submitted_at),
        "urgent": report.urgent,
        "urgent_notified_at": None
        if report.urgent_notified_at is None
        else clock.rfc3339(report.urgent_notified_at),
        "incident": incident_dict(report),
    }
    if with_evidence:
        items = report.evidence.select_related("added_by", "report").all()
        out["evidence"] = [evidence_dict(e, user) for e in items]
    return out
