"""How a report and its evidence look to one user: the one place protected evidence is withheld (by
the rule of truce.reports.visibility.may_see_protected). The API returns these dicts; the pages, the
meeting dossiers and the case views render them."""

from __future__ import annotations

from typing import Any

from truce.core import clock
from truce.reports.models import Evidence, EvidenceRendition, Report
from truce.reports.visibility import may_see_adder, may_see_filer, may_see_protected


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
        "time": None if report.incident_time is None else report.incident_time.strftime("%H:%M"),
        "injured": {"low": report.injured_low, "best": report.injured_best, "high": report.injured_high},
    }


def _evidence_url(evidence: Evidence, what: str) -> str:
    if evidence.report_id:
        return f"/api/v1/reports/{evidence.report_id}/evidence/{evidence.pk}/{what}"
    case_id = evidence.case_id or evidence.reply.case_id  # type: ignore[union-attr]
    return f"/api/v1/cases/{case_id}/evidence/{evidence.pk}/{what}"


def _content_url(evidence: Evidence) -> str | None:
    return _evidence_url(evidence, "content") if evidence.kind == "file" else None


def latest_rendition(evidence: Evidence) -> EvidenceRendition | None:
    if "renditions" in getattr(evidence, "_prefetched_objects_cache", {}):
        return max(evidence.renditions.all(), key=lambda r: (r.added_at, r.pk), default=None)
    return evidence.renditions.order_by("-added_at", "-id").first()


def rendition_dict(evidence: Evidence) -> dict[str, Any] | None:
    """The newest redacted rendition of a protected item, shown to everyone who may see the item's
    report, case or reply; None when the filer made none."""
    rendition = latest_rendition(evidence) if evidence.source_protected else None
    if rendition is None:
        return None
    return {
        "id": rendition.pk,
        "sha256": rendition.sha256,
        "size": rendition.size,
        "media_type": rendition.media_type,
        "added_at": clock.rfc3339(rendition.added_at),
        "content": _evidence_url(evidence, "rendition"),
    }


def withheld_dict(evidence: Evidence) -> dict[str, Any]:
    """A protected item as the other side sees it: that it exists, when it was added, and its redacted
    rendition if any. Not even its SHA-256: whoever holds a guess at the file could confirm it."""
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "protected": True,
        "withheld": True,
        "sha256": None,
        "size": None,
        "media_type": None,
        "name": None,
        "url": None,
        "description": None,
        "added_at": clock.rfc3339(evidence.added_at),
        "provenance": None,
        "grading": None,
        "content": None,
        "rendition": rendition_dict(evidence),
    }


def evidence_dict(evidence: Evidence, user: Any) -> dict[str, Any]:
    """The item whole, or, when it is protected and ``user`` is not of those who may see it, only
    withheld_dict. ``protected``/``withheld`` tell the two apart."""
    if not may_see_protected(user, evidence):
        return withheld_dict(evidence)
    return {
        "id": evidence.pk,
        "protected": evidence.source_protected,
        "withheld": False,
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
            "obtained_from": evidence.obtained_from,
            "source_protected": evidence.source_protected,
        },
        "grading": {"reliability": evidence.reliability, "credibility": evidence.credibility},
        "content": _content_url(evidence),
        "rendition": rendition_dict(evidence),
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
        if "evidence" in getattr(report, "_prefetched_objects_cache", {}):
            items = report.evidence.all()  # fetched with the case's reports (truce.cases.present.full_case)
        else:
            items = report.evidence.select_related("added_by", "report").all()
        out["evidence"] = [evidence_dict(e, user) for e in items]
        out["protected_withheld"] = sum(1 for e in out["evidence"] if e["withheld"])
    return out
