"""How a case looks to one user: the one place that decides which of its parts are shown."""

from __future__ import annotations

from typing import Any

from truce.accounts.roles import is_mediator
from truce.cases.models import Case
from truce.cases.visibility import sees_investigation, sees_reply, sees_rulings
from truce.core import clock
from truce.core.workflow import allowed
from truce.reports.present import evidence_dict, report_dict
from truce.reports.visibility import reports_visible_to
from truce.rulings.models import Ruling, RulingStatus


def _t(moment: Any) -> str | None:
    return None if moment is None else clock.rfc3339(moment)


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
        "reply_due_at": _t(case.reply_due_at),
        "published_at": _t(case.published_at),
        "joined_into": case.joined_into_id,
    }


def ruling_dict(ruling: Ruling, user: Any) -> dict[str, Any]:
    return {
        "id": ruling.pk,
        "reference": ruling.reference,
        "label": f"R{ruling.number}",
        "case": ruling.case_id,
        "status": ruling.status,
        "outcome": ruling.outcome,
        "commitment": ruling.commitment,
        "responsible_party": ruling.responsible_party,
        "perpetrator": ruling.perpetrator,
        "perpetrator_type": ruling.perpetrator_type,
        "confidence": ruling.confidence,
        "reasons": ruling.reasons,
        "evidence": sorted(e.pk for e in ruling.evidence.all()),
        "supersedes": ruling.supersedes_id,
        "drafted_at": clock.rfc3339(ruling.drafted_at),
        "in_force_at": _t(ruling.in_force_at),
        "signatures": [
            {
                "body": s.body,
                "signed_at": clock.rfc3339(s.signed_at),
                "officer": s.officer.username if is_mediator(user, ruling.agreement_id) else None,
            }
            for s in ruling.signatures.select_related("officer")
        ],
    }


def full_case(case: Case, user: Any) -> dict[str, Any]:
    """Everything of ``case`` that ``user`` may see. Requires ``case`` to be visible to ``user``."""
    reports = list(reports_visible_to(user).filter(case=case).select_related("case", "filed_by"))
    out = case_dict(case, len(reports))
    out["reports"] = [report_dict(r, user) for r in reports]
    mediator = is_mediator(user, case.agreement_id)
    out["inadmissible_reason"] = (
        case.inadmissible_reason if (mediator or case.status == "inadmissible") else ""
    )
    if sees_investigation(user, case):
        out["monitors"] = [a.monitor.username for a in case.assignments.select_related("monitor")]
        out["site_visits"] = [
            {
                "id": v.pk,
                "visited_at": clock.rfc3339(v.visited_at),
                "place": v.place,
                "findings": v.findings,
                "monitor": v.monitor.username,
            }
            for v in case.site_visits.select_related("monitor")
        ]
        out["access_denials"] = [
            {
                "id": d.pk,
                "denied_by_party": d.denied_by_party,
                "denied_by": d.denied_by,
                "denied_at": clock.rfc3339(d.denied_at),
                "place": d.place,
                "description": d.description,
            }
            for d in case.access_denials.all()
        ]
        out["evidence"] = [evidence_dict(e, user) for e in case.case_evidence.select_related("added_by")]
    out["replies"] = [
        {
            "id": r.pk,
            "party": r.party,
            "submitted_at": clock.rfc3339(r.submitted_at),
            "text": r.text,
            "evidence": [evidence_dict(e, user) for e in r.evidence.select_related("added_by")],
        }
        for r in case.replies.all()
        if sees_reply(user, case, r.party)
    ]
    rulings = case.rulings.prefetch_related("evidence").all()
    if not mediator:
        rulings = rulings.exclude(status=RulingStatus.DRAFT)
    out["rulings"] = [ruling_dict(r, user) for r in rulings] if sees_rulings(user, case) else []
    out["allowed"] = [t.value for t in allowed(case.status)] if mediator else []
    return out
