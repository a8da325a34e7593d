"""How a case looks to one user: the one place that decides which of its parts are shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Prefetch, QuerySet

from truce.accounts.roles import is_mediator
from truce.cases.models import AccessDenial, Case, SiteVisit
from truce.cases.visibility import cases_visible_to, sees_investigation, sees_reply, sees_rulings
from truce.core import clock
from truce.core.workflow import allowed
from truce.reports.access_log import access_entry, case_access_rows
from truce.reports.models import Evidence, EvidenceAccess, Report
from truce.reports.present import evidence_dict, report_dict
from truce.reports.visibility import reports_visible_to
from truce.rulings.models import Ruling, RulingStatus


def _t(moment: Any) -> str | None:
    return None if moment is None else clock.rfc3339(moment)


def _incident(source: Case | Report | None) -> dict[str, Any]:
    if source is None:
        return {
            "event_type": None,
            "sub_event_type": None,
            "date": None,
            "date_precision": None,
            "place": None,
            "lat": None,
            "lon": None,
            "accused_party": None,
        }
    return {
        "event_type": source.event_type,
        "sub_event_type": source.sub_event_type,
        "date": source.incident_date.isoformat(),
        "date_precision": source.date_precision,
        "place": source.place,
        "lat": None if source.lat is None else float(source.lat),
        "lon": None if source.lon is None else float(source.lon),
        "accused_party": source.accused_party,
    }


# What a summary reads of a report (list pages fetch only these).
_SUMMARY_FIELDS = (
    "id",
    "case_id",
    "created_at",
    "title",
    "event_type",
    "sub_event_type",
    "incident_date",
    "date_precision",
    "place",
    "lat",
    "lon",
    "accused_party",
)


def case_summary(
    case: Case,
    user: Any,
    *,
    visible_reports: list[Report] | None = None,
    report_count: int | None = None,
) -> dict[str, Any]:
    """The one summary of ``case`` shown to ``user`` in lists, pages, the API, the inbox and maps.
    Requires ``case`` to be one ``user`` may see (truce.cases.visibility.cases_visible_to).

    Returns a flat dict::

        {"id": int, "reference": str, "agreement": str, "title": str, "status": str,
         "opened_at": RFC 3339 str,
         "incident": {"event_type", "sub_event_type", "date" (ISO day), "date_precision", "place",
                      "lat", "lon", "accused_party"},   # each None when nothing the user sees tells it
         "report_count": int,                            # reports of the case this user may see
         "reply_due_at": str | None, "published_at": str | None, "joined_into": int | None}

    Where the title and incident come from: the case's own incident (that of the report that opened it)
    for the mediators, who see every report, and for a published case, whose finding is public; for
    everyone else, the earliest report of the case that *they* may see, so a party never reads the title
    or place of a monitor's observation through a case its own complaint joined. With no such report the
    title is the case's reference and the incident is all None. ``visible_reports`` (the reports of this
    case ``user`` may see, oldest first) saves a query when the caller already has them; so does
    ``report_count`` for a mediator, whose summary needs no report. Given both, ``visible_reports`` need
    hold only the earliest of them (a page of a long case) and ``report_count`` counts them all. To
    summarise many cases at once use case_summaries.
    """
    source: Case | Report | None
    if is_mediator(user, case.agreement_id) and report_count is not None:
        return _summary(case, case, report_count)
    if visible_reports is None:
        visible_reports = list(
            reports_visible_to(user).filter(case=case).only(*_SUMMARY_FIELDS).order_by("created_at", "id")
        )
    if is_mediator(user, case.agreement_id) or case.status == "published":
        source = case
    else:
        source = min(visible_reports, key=lambda r: (r.created_at, r.pk), default=None)
    return _summary(case, source, len(visible_reports) if report_count is None else report_count)


def _summary(case: Case, source: Case | Report | None, report_count: int) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "agreement": case.agreement_id,
        "title": source.title if source is not None else case.reference,
        "status": case.status,
        "opened_at": clock.rfc3339(case.opened_at),
        "incident": _incident(source),
        "report_count": report_count,
        "reply_due_at": _t(case.reply_due_at),
        "published_at": _t(case.published_at),
        "joined_into": case.joined_into_id,
    }


def case_summaries(user: Any, cases: Any = None) -> list[dict[str, Any]]:
    """truce.cases.present.case_summary of each case (default: every case ``user`` may see, newest
    first), with the reports this user may see fetched in one query for all of them."""
    rows = list(cases_visible_to(user) if cases is None else cases)
    ids = [c.pk for c in rows]
    visible = reports_visible_to(user).filter(case_id__in=ids)
    mediator = {c.pk for c in rows if is_mediator(user, c.agreement_id)}
    if len(mediator) == len(rows):
        # A mediator's summaries come from the cases themselves: count their reports, fetch none.
        grouped = visible.order_by().values_list("case_id").annotate(n=Count("id"))
        counts = dict(grouped.values_list("case_id", "n"))
        return [case_summary(c, user, report_count=counts.get(c.pk, 0)) for c in rows]
    seen: dict[int, list[Report]] = {pk: [] for pk in ids}
    for report in visible.only(*_SUMMARY_FIELDS).order_by("created_at", "id"):
        seen[report.case_id].append(report)  # type: ignore[index]
    return [case_summary(c, user, visible_reports=seen[c.pk]) for c in rows]


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


def case_reports(case: Case, user: Any) -> QuerySet[Report]:
    """The reports of ``case`` that ``user`` may see, oldest first, each with its case, its filer and its
    evidence (and the evidence's renditions) fetched with it: the list full_case shows, whole or a page."""
    evidence = Evidence.objects.select_related("added_by", "report").prefetch_related("renditions")
    return (
        reports_visible_to(user)
        .filter(case=case)
        .select_related("case", "filed_by")
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("created_at", "id")
    )


def site_visits(case: Case) -> QuerySet[SiteVisit]:
    """The case's site visits, in the order they were made."""
    return case.site_visits.select_related("monitor").order_by("visited_at", "id")


def access_denials(case: Case) -> QuerySet[AccessDenial]:
    """The case's recorded denials of access, in the order they happened."""
    return case.access_denials.order_by("denied_at", "id")


def visit_dict(v: SiteVisit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "visited_at": clock.rfc3339(v.visited_at),
        "place": v.place,
        "findings": v.findings,
        "monitor": v.monitor.username,
    }


def denial_dict(d: AccessDenial) -> dict[str, Any]:
    return {
        "id": d.pk,
        "denied_by_party": d.denied_by_party,
        "denied_by": d.denied_by,
        "denied_at": clock.rfc3339(d.denied_at),
        "place": d.place,
        "description": d.description,
    }


def investigation_evidence(case: Case) -> QuerySet[Evidence]:
    """The case's own evidence (added in the investigation), in the order it was added."""
    return case.case_evidence.select_related("added_by").order_by("id")


@dataclass(frozen=True)
class ReportsShown:
    """The part of case_reports(case, user) a caller shows: ``rows``, oldest first; ``count``, how many
    reports there are in all; ``from_earliest``, whether ``rows`` begin with the earliest of them (else the
    summary needs that report read apart)."""

    rows: Sequence[Report]
    count: int
    from_earliest: bool

    @classmethod
    def of_page(cls, page: Page[Report]) -> ReportsShown:
        """A page of a Paginator over case_reports: its first page begins with the earliest report."""
        return cls(list(page.object_list), page.paginator.count, from_earliest=page.number == 1)


def full_case(
    case: Case,
    user: Any,
    *,
    reports: ReportsShown | None = None,
    evidence: Page[Evidence] | None = None,
    visits: Page[SiteVisit] | None = None,
    denials: Page[AccessDenial] | None = None,
    access: Page[EvidenceAccess] | None = None,
) -> dict[str, Any]:
    """Everything of ``case`` that ``user`` may see. Requires ``case`` to be visible to ``user``.

    The case page, whose case may hold thousands of reports, shows one page of each list that grows with
    the case: ``reports`` is part of case_reports (``report_count`` still counts them all, and the
    summary still comes from the earliest of them), ``evidence`` a page of investigation_evidence,
    ``visits``, ``denials`` and ``access`` pages of site_visits, access_denials and the protected-evidence
    access log (truce.reports.access_log.case_access_rows). Lists not given a page are given whole."""
    if reports is None:
        shown = list(case_reports(case, user))
        out = case_summary(case, user, visible_reports=shown)
    else:
        shown = list(reports.rows)
        earliest: list[Report] = shown[:1]
        if (
            not reports.from_earliest
            and not is_mediator(user, case.agreement_id)
            and case.status != "published"
        ):
            visible = reports_visible_to(user).filter(case=case).only(*_SUMMARY_FIELDS)
            earliest = list(visible.order_by("created_at", "id")[:1])
        out = case_summary(case, user, visible_reports=earliest, report_count=reports.count)
    out["reports"] = [report_dict(r, user) for r in shown]
    mediator = is_mediator(user, case.agreement_id)
    out["inadmissible_reason"] = (
        case.inadmissible_reason if (mediator or case.status == "inadmissible") else ""
    )
    if sees_investigation(user, case):
        out["monitors"] = [a.monitor.username for a in case.assignments.select_related("monitor")]
        shown_visits = site_visits(case) if visits is None else visits.object_list
        out["site_visits"] = [visit_dict(v) for v in shown_visits]
        shown_denials = access_denials(case) if denials is None else denials.object_list
        out["access_denials"] = [denial_dict(d) for d in shown_denials]
        items = investigation_evidence(case) if evidence is None else evidence.object_list
        out["evidence"] = [evidence_dict(e, user) for e in items]
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
    if mediator:
        rows = case_access_rows(case) if access is None else access.object_list
        out["access_log"] = [access_entry(row) for row in rows]
    return out
