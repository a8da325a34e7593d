"""The rows of each export kind, as one viewer sees them, read in chunks so that memory stays bounded
whatever the number of rows.

Every kind reads through the visibility modules the API reads through, so an export never holds more
than the same viewer's API answers: incidents and cases through truce.cases.present.case_summaries (the
title, type, date, place and accused party of a case come from the case itself for the mediators and
for a published case, else from the earliest report of the case the viewer may see); rulings through
truce.cases.visibility (drafts to the mediators only); penalties through the ledger rule
(truce.penalties.api.may_see_ledger). No export carries evidence, protected or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from truce.cases.models import Case
from truce.cases.present import case_summaries
from truce.cases.visibility import cases_visible_to
from truce.core import clock
from truce.errors import Forbidden
from truce.exports.scope import Scope
from truce.penalties.models import Penalty
from truce.reports.models import Report, ReportStatus
from truce.reports.visibility import reports_visible_to
from truce.rulings.models import Ruling, RulingStatus

KINDS = ("incidents", "cases", "rulings", "penalties")
CHUNK = 1000

INCIDENT_COLUMNS = (
    "case_id",
    "reference",
    "title",
    "status",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "place",
    "country",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "accused_party",
    "actors",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "report_count",
    "published_at",
)
CASE_COLUMNS = (
    "id",
    "reference",
    "agreement",
    "title",
    "status",
    "opened_at",
    "event_type",
    "sub_event_type",
    "date",
    "place",
    "lat",
    "lon",
    "accused_party",
    "report_count",
    "reply_due_at",
    "published_at",
    "joined_into",
    "ruling",
    "outcome",
    "responsible_party",
)
RULING_COLUMNS = (
    "id",
    "reference",
    "case_id",
    "case_reference",
    "status",
    "outcome",
    "commitment",
    "responsible_party",
    "perpetrator",
    "perpetrator_type",
    "sub_event_type",
    "confidence",
    "reasons",
    "supersedes",
    "drafted_at",
    "in_force_at",
)
PENALTY_COLUMNS = (
    "id",
    "reference",
    "party",
    "rule_id",
    "measure",
    "severity",
    "status",
    "reasons",
    "proposed_on",
    "proposed_at",
    "decided_at",
    "confirmed_on",
    "decision_reason",
    "ended_on",
)
COLUMNS = {
    "incidents": INCIDENT_COLUMNS,
    "cases": CASE_COLUMNS,
    "rulings": RULING_COLUMNS,
    "penalties": PENALTY_COLUMNS,
}


def _t(moment: Any) -> str | None:
    return None if moment is None else clock.rfc3339(moment)


def _day(day: Any) -> str | None:
    return None if day is None else day.isoformat()


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def visible_cases(scope: Scope) -> Any:
    """The cases of the scope's agreement its viewer may see, oldest first."""
    cases = cases_visible_to(scope.user)
    if scope.agreement is not None:
        cases = cases.filter(agreement_id=scope.agreement)
    return cases.order_by("id")


# What the incident rows read of a source report, beyond what the summary gives.
_SOURCE_FIELDS = (
    "id",
    "case_id",
    "created_at",
    "country",
    "admin1",
    "geo_precision",
    "actors",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
)


def _sources(scope: Scope, batch: list[Case]) -> dict[int, Report]:
    """The report each case's summary is taken from (case_summary's rule): for the mediators and for a
    published case, the report that opened the case (its earliest submitted one); else the earliest
    report of the case this viewer may see."""
    whole = [c.pk for c in batch if scope.mediator or c.status == "published"]
    own = [c.pk for c in batch if not (scope.mediator or c.status == "published")]
    found: dict[int, Report] = {}
    queries = []
    if whole:
        queries.append(Report.objects.filter(case_id__in=whole, status=ReportStatus.SUBMITTED))
    if own:
        queries.append(reports_visible_to(scope.user).filter(case_id__in=own))
    for query in queries:
        for report in query.only(*_SOURCE_FIELDS).order_by("created_at", "id"):
            found.setdefault(report.case_id, report)  # type: ignore[arg-type]
    return found


def _summaries(scope: Scope, chunk: int) -> Iterator[tuple[Case, dict[str, Any], Report | None]]:
    for batch in _batches(visible_cases(scope).iterator(chunk_size=chunk), chunk):
        summaries = case_summaries(scope.user, batch)
        sources = _sources(scope, batch)
        for case, summary in zip(batch, summaries, strict=True):
            # A summary with no incident (no report this viewer sees) takes nothing from any report.
            source = sources.get(case.pk) if summary["incident"]["date"] is not None else None
            yield case, summary, source


def incident_rows(scope: Scope, chunk: int = CHUNK) -> Iterator[dict[str, Any]]:
    for case, s, source in _summaries(scope, chunk):
        i = s["incident"]
        yield {
            "case_id": case.pk,
            "reference": s["reference"],
            "title": s["title"],
            "status": s["status"],
            "event_type": i["event_type"],
            "sub_event_type": i["sub_event_type"],
            "date": i["date"],
            "date_precision": i["date_precision"],
            "place": i["place"],
            "country": source.country if source else None,
            "admin1": source.admin1 if source else None,
            "lat": i["lat"],
            "lon": i["lon"],
            "geo_precision": source.geo_precision if source else None,
            "accused_party": i["accused_party"],
            "actors": (
                [
                    {"name": a.get("name", ""), "type": a.get("type", ""), "role": a.get("role", "")}
                    for a in source.actors
                ]
                if source
                else []
            ),
            "fatalities_low": source.fatalities_low if source else None,
            "fatalities_best": source.fatalities_best if source else None,
            "fatalities_high": source.fatalities_high if source else None,
            "report_count": s["report_count"],
            "published_at": s["published_at"],
        }


def _rulings_in_force(case_ids: list[int]) -> dict[int, Ruling]:
    rows = Ruling.objects.filter(case_id__in=case_ids, status=RulingStatus.IN_FORCE).order_by("id")
    return {r.case_id: r for r in rows}  # type: ignore[misc]


def case_rows(scope: Scope, chunk: int = CHUNK) -> Iterator[dict[str, Any]]:
    pending: list[tuple[Case, dict[str, Any]]] = []

    def flush() -> Iterator[dict[str, Any]]:
        # Rulings in force are findings: whoever sees the case sees them (cases.visibility.sees_rulings).
        rulings = _rulings_in_force([c.pk for c, _ in pending])
        for case, s in pending:
            i, ruling = s["incident"], rulings.get(case.pk)
            yield {
                "id": case.pk,
                "reference": s["reference"],
                "agreement": s["agreement"],
                "title": s["title"],
                "status": s["status"],
                "opened_at": s["opened_at"],
                "event_type": i["event_type"],
                "sub_event_type": i["sub_event_type"],
                "date": i["date"],
                "place": i["place"],
                "lat": i["lat"],
                "lon": i["lon"],
                "accused_party": i["accused_party"],
                "report_count": s["report_count"],
                "reply_due_at": s["reply_due_at"],
                "published_at": s["published_at"],
                "joined_into": s["joined_into"],
                "ruling": ruling.reference if ruling else None,
                "outcome": ruling.outcome if ruling else None,
                "responsible_party": ruling.responsible_party if ruling else None,
            }
        pending.clear()

    for case, summary, _ in _summaries(scope, chunk):
        pending.append((case, summary))
        if len(pending) >= chunk:
            yield from flush()
    yield from flush()


def ruling_rows(scope: Scope, chunk: int = CHUNK) -> Iterator[dict[str, Any]]:
    rulings = Ruling.objects.filter(case__in=visible_cases(scope))
    if not scope.mediator:
        rulings = rulings.exclude(status=RulingStatus.DRAFT)
    for r in rulings.select_related("case", "supersedes").order_by("id").iterator(chunk_size=chunk):
        yield {
            "id": r.pk,
            "reference": r.reference,
            "case_id": r.case_id,
            "case_reference": r.case.reference,
            "status": r.status,
            "outcome": r.outcome,
            "commitment": r.commitment,
            "responsible_party": r.responsible_party,
            "perpetrator": r.perpetrator,
            "perpetrator_type": r.perpetrator_type,
            "sub_event_type": r.sub_event_type,
            "confidence": r.confidence,
            "reasons": r.reasons,
            "supersedes": r.supersedes.reference if r.supersedes else None,
            "drafted_at": _t(r.drafted_at),
            "in_force_at": _t(r.in_force_at),
        }


def visible_penalties(scope: Scope) -> Any:
    """The mediators see every party's penalties, a party its own; nobody else any (the ledger rule)."""
    penalties = Penalty.objects.filter(agreement_id=scope.agreement)
    if scope.mediator:
        return penalties
    if scope.party is not None:
        return penalties.filter(party=scope.party)
    raise Forbidden(
        "penalties are not public: they are exported for the mediators and for the penalised party "
        "(choose the mediators' scope or a party's)",
        field="kind",
    )


def penalty_rows(scope: Scope, chunk: int = CHUNK) -> Iterator[dict[str, Any]]:
    for p in visible_penalties(scope).order_by("id").iterator(chunk_size=chunk):
        yield {
            "id": p.pk,
            "reference": p.reference,
            "party": p.party,
            "rule_id": p.rule_id,
            "measure": p.measure,
            "severity": p.severity,
            "status": p.status,
            "reasons": p.reasons_text,
            "proposed_on": _day(p.proposed_on),
            "proposed_at": _t(p.proposed_at),
            "decided_at": _t(p.decided_at),
            "confirmed_on": _day(p.confirmed_on),
            "decision_reason": p.decision_reason,
            "ended_on": _day(p.ended_on),
        }


ROWS = {
    "incidents": incident_rows,
    "cases": case_rows,
    "rulings": ruling_rows,
    "penalties": penalty_rows,
}
