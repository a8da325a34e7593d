"""Counts of the cases each view of an agreement shows, kept by the actions in their own transaction, so the
dashboard's figures (the counts of a period against the one before, the timeline, the commitments table)
add up a few counter rows instead of counting every case (truce.web.dashboard).

A view (``scope``) is the mediators' (``ALL``: every case of the agreement but those joined into another)
or one party's (its code: the cases its liaison officers may see, as its stored summaries say,
truce.cases.summaries; the day is the incident date of the party's summary, which may be unknown).
Per case and view, ``CaseTally`` holds the key the case is counted under; ``IncidentCount`` (per day) and
``IncidentTotal`` (all days) hold how many cases each key has. ``refresh`` recomputes the tallies of the
cases an action touched and moves each changed case's counts from its old key to its new one. It runs
whenever a case is saved (a signal: case opened, status changed, joined) and after the parties' summaries of
cases are rewritten (truce.cases.summaries.refresh: report placed, case shared, published, reopened,
joined, split), always inside the action's transaction. ``drift`` compares tallies and counts with a direct
count of the cases (``truce check --summaries``); ``rebuild`` rewrites them (migration
``cases/0008``, ``--repair``, bulk loads through truce.cases.summaries.rebuild).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

from django.db.models import F, Q, QuerySet, Sum

ALL = ""
JOINED = "joined"
# The case's fields a tally reads: a save that writes none of them (a reply's due date) changes no count.
COUNTED_FIELDS = frozenset(
    {"agreement", "incident_date", "accused_party", "event_type", "sub_event_type", "status"}
)
# (agreement, day, accused party, event type, sub-event type, status)
Row = tuple[str, dt.date | None, str, str, str, str]
# (agreement, scope, day, accused party, event type, sub-event type, status)
Key = tuple[Any, ...]
KEY_FIELDS = ("accused_party", "event_type", "sub_event_type", "status")


def _models() -> Any:
    from truce.cases.models import Case, CaseSummary, CaseTally, IncidentCount, IncidentTotal

    return SimpleNamespace(
        Case=Case,
        CaseSummary=CaseSummary,
        CaseTally=CaseTally,
        IncidentCount=IncidentCount,
        IncidentTotal=IncidentTotal,
    )


def expected(where: Q, m: Any = None) -> dict[tuple[int, str], Row]:
    """What the tallies of the cases ``where`` selects should be: (case id, scope) -> row. Two queries."""
    m = m or _models()
    out: dict[tuple[int, str], Row] = {}
    cases = m.Case.objects.filter(where).exclude(status=JOINED).order_by()
    for pk, agreement, day, *rest in cases.values_list("pk", "agreement_id", "incident_date", *KEY_FIELDS):
        out[(pk, ALL)] = (agreement, day, *rest)
    seen = m.CaseSummary.objects.filter(case__in=cases.values("pk")).order_by()
    for pk, party, agreement, day, *rest in seen.values_list(
        "case_id", "party", "agreement_id", "incident_date", *(f"case__{name}" for name in KEY_FIELDS)
    ):
        out[(pk, party)] = (agreement, day, *rest)
    return out


def _stored(where: Q, m: Any) -> dict[tuple[int, str], Row]:
    rows = m.CaseTally.objects.filter(where).order_by()
    return {
        (pk, scope): (agreement, day, *rest)
        for pk, scope, agreement, day, *rest in rows.values_list(
            "case_id", "scope", "agreement_id", "day", *KEY_FIELDS
        )
    }


def _tally(m: Any, pk: int, scope: str, row: Row) -> Any:
    agreement, day, *rest = row
    return m.CaseTally(
        case_id=pk, scope=scope, agreement_id=agreement, day=day, **dict(zip(KEY_FIELDS, rest, strict=True))
    )


def _add(m: Any, key: Key, d: int) -> None:
    """Add ``d`` to the counts of ``key``: an UPDATE, and an INSERT when the key has no row yet."""
    agreement, scope, day, *rest = key
    fields = {"agreement_id": agreement, "scope": scope, **dict(zip(KEY_FIELDS, rest, strict=True))}
    if not m.IncidentTotal.objects.filter(**fields).update(n=F("n") + d):
        m.IncidentTotal.objects.create(n=d, **fields)
    if day is not None and not m.IncidentCount.objects.filter(day=day, **fields).update(n=F("n") + d):
        m.IncidentCount.objects.create(day=day, n=d, **fields)


def refresh(case_ids: Iterable[int]) -> None:
    """Bring the tallies and counts of these cases up to date with the cases and their summaries. Call
    inside the transaction of the action that changed them (after its changes: calling it again is
    harmless)."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    m = _models()
    want = expected(Q(pk__in=ids), m)
    have = _stored(Q(case_id__in=ids), m)
    changed = {k for k in want.keys() | have.keys() if want.get(k) != have.get(k)}
    if not changed:
        return
    delta: Counter[Key] = Counter()
    for pk, scope in changed:
        if (pk, scope) in have:
            agreement, *rest = have[(pk, scope)]
            delta[(agreement, scope, *rest)] -= 1
        if (pk, scope) in want:
            agreement, *rest = want[(pk, scope)]
            delta[(agreement, scope, *rest)] += 1
    touched = sorted({pk for pk, _ in changed})
    m.CaseTally.objects.filter(case_id__in=touched).delete()
    m.CaseTally.objects.bulk_create(
        [_tally(m, pk, scope, row) for (pk, scope), row in want.items() if pk in touched]
    )
    for key, d in sorted(delta.items(), key=lambda item: repr(item[0])):
        if d:
            _add(m, key, d)


def case_saved(
    sender: Any, instance: Any, created: bool, raw: bool, update_fields: Any, **kwargs: Any
) -> None:
    """``post_save`` of a case: every action that opens a case or changes its status (or type, accused
    party, date) saves it, inside its transaction. A save of other fields only changes no count."""
    if raw or (update_fields is not None and not (set(update_fields) & COUNTED_FIELDS)):
        return
    refresh([instance.pk])


def _totals(rows: Iterable[Row | tuple[Any, ...]], scopes: Iterable[str]) -> Counter[Key]:
    out: Counter[Key] = Counter()
    for scope, (agreement, *rest) in zip(scopes, rows, strict=True):
        out[(agreement, scope, *rest)] += 1
    return out


def rebuild(agreement_id: str | None = None, m: Any = None) -> int:
    """Rewrite the tallies and counts of one agreement (default: every agreement) from its cases and their
    summaries. Returns the tallies written. ``m``: the models to use (a migration's historical ones)."""
    m = m or _models()
    where = Q(agreement_id=agreement_id) if agreement_id else Q()
    for model in (m.CaseTally, m.IncidentCount, m.IncidentTotal):
        model.objects.filter(where).delete()
    want = expected(where, m)
    m.CaseTally.objects.bulk_create(
        [_tally(m, pk, scope, row) for (pk, scope), row in want.items()], batch_size=2000
    )
    per_key = _totals(want.values(), (scope for _, scope in want))
    _write_counts(m, per_key)
    return len(want)


def _write_counts(m: Any, per_key: Mapping[Key, int]) -> None:
    totals: Counter[tuple[Any, ...]] = Counter()
    days = []
    for (agreement, scope, day, *rest), n in per_key.items():
        totals[(agreement, scope, *rest)] += n
        if day is not None:
            days.append(
                m.IncidentCount(
                    agreement_id=agreement,
                    scope=scope,
                    day=day,
                    n=n,
                    **dict(zip(KEY_FIELDS, rest, strict=True)),
                )
            )
    m.IncidentCount.objects.bulk_create(days, batch_size=2000)
    m.IncidentTotal.objects.bulk_create(
        [
            m.IncidentTotal(
                agreement_id=agreement, scope=scope, n=n, **dict(zip(KEY_FIELDS, rest, strict=True))
            )
            for (agreement, scope, *rest), n in totals.items()
        ],
        batch_size=2000,
    )


def drift() -> list[str]:
    """Every difference between the tallies and counts and a direct count of the cases, as a sentence;
    empty when they agree."""
    m = _models()
    problems: list[str] = []
    want, have = expected(Q(), m), _stored(Q(), m)
    for pk, scope in sorted(want.keys() - have.keys()):
        problems.append(f"case {pk}: not counted in the view of {scope or 'the mediators'}")
    for pk, scope in sorted(have.keys() - want.keys()):
        problems.append(
            f"case {pk}: counted in the view of {scope or 'the mediators'}, which does not show it"
        )
    for pk, scope in sorted(want.keys() & have.keys()):
        if want[(pk, scope)] != have[(pk, scope)]:
            problems.append(
                f"case {pk}: counted in the view of {scope or 'the mediators'} as {have[(pk, scope)]!r}, "
                f"should be {want[(pk, scope)]!r}"
            )
    per_key = _totals(want.values(), (scope for _, scope in want))
    days: Counter[Key] = Counter({k: n for k, n in per_key.items() if k[2] is not None})
    totals: Counter[Key] = Counter()
    for (agreement, scope, _day, *rest), n in per_key.items():
        totals[(agreement, scope, None, *rest)] += n
    stored_days = _sums(m.IncidentCount.objects.all(), with_day=True)
    stored_totals = _sums(m.IncidentTotal.objects.all(), with_day=False)
    for what, should, stored in (("day", days, stored_days), ("total", totals, stored_totals)):
        for key in sorted(should.keys() | stored.keys(), key=repr):
            if should.get(key, 0) != stored.get(key, 0):
                problems.append(
                    f"count per {what} {key!r} is {stored.get(key, 0)}, should be {should.get(key, 0)}"
                )
    return problems


def _sums(rows: QuerySet[Any], *, with_day: bool) -> Counter[Key]:
    out: Counter[Key] = Counter()
    fields = ("agreement_id", "scope", *(("day",) if with_day else ()), *KEY_FIELDS)
    grouped = rows.values(*fields).annotate(t=Sum("n")).values_list(*fields, "t").order_by()
    for agreement, scope, *rest, n in grouped:
        key = (agreement, scope, *(rest if with_day else [None, *rest]))
        if n:
            out[key] += n
    return out


# The dashboard's reading side: the filters a count can answer, and the sums it needs.
COUNTED_FILTERS = frozenset({"date_from", "date_to", "party", "event_type", "status"})


def answers(filters: Mapping[str, Any]) -> bool:
    """Whether the counts can answer these filters (a commitment's ruled cases and a search need the
    cases themselves)."""
    return set(filters) <= COUNTED_FILTERS


def _narrow(rows: QuerySet[Any], agreement_id: str, scope: str, filters: Mapping[str, Any]) -> QuerySet[Any]:
    rows = rows.filter(agreement_id=agreement_id, scope=scope)
    if "party" in filters:
        rows = rows.filter(accused_party=filters["party"])
    if "event_type" in filters:
        rows = rows.filter(Q(event_type=filters["event_type"]) | Q(sub_event_type=filters["event_type"]))
    if "status" in filters:
        rows = rows.filter(status=filters["status"])
    return rows


def days(agreement_id: str, scope: str, filters: Mapping[str, Any]) -> QuerySet[Any]:
    """The per-day counts of a view, narrowed by the filters other than the dates."""
    from truce.cases.models import IncidentCount

    return _narrow(IncidentCount.objects.all(), agreement_id, scope, filters)


def alleged(agreement_id: str, scope: str, filters: Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """(accused party, sub-event type) -> cases, of the view narrowed by the filters (dates included:
    then only dated cases of the range count, as when the cases are counted)."""
    from truce.cases.models import IncidentTotal

    if "date_from" in filters or "date_to" in filters:
        rows = days(agreement_id, scope, filters)
        if "date_from" in filters:
            rows = rows.filter(day__gte=filters["date_from"])
        if "date_to" in filters:
            rows = rows.filter(day__lte=filters["date_to"])
    else:
        rows = _narrow(IncidentTotal.objects.all(), agreement_id, scope, filters)
    out: dict[tuple[str, str], int] = {}
    for accused, sub, n in (
        rows.values("accused_party", "sub_event_type")
        .annotate(t=Sum("n"))
        .values_list("accused_party", "sub_event_type", "t")
        .order_by()
    ):
        if n:
            out[(accused, sub)] = n
    return out
