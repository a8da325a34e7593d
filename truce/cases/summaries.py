"""Each party's summary of each case it may see, stored (truce.cases.models.CaseSummary) so that a liaison's
dashboard and case list read one indexed table instead of working out, for every case, the earliest report
the party may see.

The rule stays the one of truce.cases.present.case_summary; ``computed`` states it in SQL over any set of
cases (a subquery per case and field: right, but 1.7 s for a dashboard at 10^5 cases), and the table holds its
result. ``refresh`` recomputes the rows of the cases an action touched, in the action's transaction, through
``fresh`` (the same rule in two plain queries, cheap for a handful of cases); it is called by every action
that changes which reports a party may see in a case or whether the case is published: a report placed in a
case (filed, submitted, from a lead), cases joined or split, a case shared with a party, published or
reopened. ``drift`` compares the table with ``computed`` for every case (``truce check --summaries``),
``rebuild`` rewrites it (the migration that added it, ``--repair``, bulk loads such as the page benchmark).
Both also bring the dashboard's counts of those cases up to date (truce.cases.counts), which count a
party's cases through these summaries.

Each row also says whether the case was joined into another (``joined``: the map and the list's count
leave those out without reading the case), and ``refresh`` recounts the map's squares the touched cases
are in, for every party and for the mediators' view of every case (truce.cases.mapcells); ``drift`` and
``rebuild`` cover those squares too.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Case as Choose
from django.db.models import F, OuterRef, QuerySet, Subquery, When

from truce.cases import counts, mapcells
from truce.cases.models import Case, CaseStatus, CaseSummary, MapCell

SUMMARY_FIELDS = ("title", "place", "lat", "lon", "incident_date")
# What a stored summary holds: the summary, then whether the case was joined into another.
STORED_FIELDS = (*SUMMARY_FIELDS, "joined")
Row = tuple[Any, ...]


def summarised_by_subquery(cases: QuerySet[Case], user: Any) -> Any:
    """``cases`` annotated with ``s_title``, ``s_place``, ``s_lat``, ``s_lon`` and ``s_incident_date`` as
    ``user`` (not a mediator) may know them, computed per case: a published case's own incident, else that
    of the earliest report of the case ``user`` may see, else NULL."""
    from truce.reports.visibility import reports_visible_to

    visible = reports_visible_to(user)
    # The monitor's rule joins assignments and so is DISTINCT; under LIMIT 1 a duplicate row is harmless,
    # and without DISTINCT the correlated subquery stays an index lookup on the case instead of
    # re-evaluating the whole visible set for every case (measured: 10^4 cases took 100 s as `id IN (…)`).
    visible.query.distinct = False
    first_visible = visible.filter(case=OuterRef("pk")).order_by("created_at", "id")
    return cases.annotate(
        **{
            f"s_{name}": Choose(
                When(status=CaseStatus.PUBLISHED, then=F(name)),
                default=Subquery(first_visible.values(name)[:1]),
            )
            for name in SUMMARY_FIELDS
        }
    )


def _parties(agreement_id: str) -> list[str]:
    from truce.agreements import registry

    return [p.code for p in registry.get(agreement_id)[1].parties]


def computed(agreement_id: str, party: str, case_ids: Iterable[int] | None = None) -> dict[int, Row]:
    """What the table should hold for ``party``: case id -> (title, place, lat, lon, incident_date, joined),
    for every case of the agreement (or of ``case_ids``) the party's liaison officers may see."""
    from truce.cases.visibility import cases_visible_to, party_standin

    standin = party_standin(agreement_id, party)
    visible = cases_visible_to(standin)
    if case_ids is not None:
        # Inside the visibility subquery too: an action refreshes a case or two, and without this the
        # database works out every case the party may see (all its reports) on each filing, so filing
        # slowed down as the instance grew (bench/load).
        ids = list(case_ids)
        visible = visible.filter(pk__in=ids)
    cases = Case.objects.filter(agreement_id=agreement_id, pk__in=visible.values("pk"))
    rows = summarised_by_subquery(cases, standin).values_list(
        "pk", *(f"s_{n}" for n in SUMMARY_FIELDS), "status"
    )
    return {row[0]: (*row[1:-1], row[-1] == CaseStatus.JOINED) for row in rows.order_by()}


def fresh(agreement_id: str, party: str, case_ids: Iterable[int]) -> dict[int, Row]:
    """``computed`` for a handful of cases, in two plain queries instead of a subquery per case and field:
    building that query cost a filing more CPU than the rest of the filing together (bench/load), while
    the database answered it in a millisecond. Same rule: the cases the party's liaison officers may see
    (truce.cases.visibility.cases_visible_to); a published one summarised by its own incident, any other
    by the earliest report of it they may see (truce.reports.visibility.reports_visible_to), else NULL."""
    from truce.cases.visibility import cases_visible_to, party_standin
    from truce.reports.visibility import reports_visible_to

    ids = list(case_ids)
    if not ids:
        return {}
    standin = party_standin(agreement_id, party)
    cases = cases_visible_to(standin).filter(agreement_id=agreement_id, pk__in=ids)
    own = {row[0]: row[1:] for row in cases.order_by().values_list("pk", "status", *SUMMARY_FIELDS)}
    if not own:
        return {}
    reports = reports_visible_to(standin).filter(
        case_id__in=[pk for pk, row in own.items() if row[0] != CaseStatus.PUBLISHED]
    )
    # Only the first row per case is kept, so the DISTINCT of the liaison's rule (it joins shares) is
    # not needed here.
    reports.query.distinct = False
    first: dict[int, Row] = {}
    for row in reports.order_by("created_at", "id").values_list("case_id", *SUMMARY_FIELDS):
        first.setdefault(row[0], tuple(row[1:]))
    empty: Row = (None,) * len(SUMMARY_FIELDS)
    return {
        pk: (
            *(tuple(row[1:]) if row[0] == CaseStatus.PUBLISHED else first.get(pk, empty)),
            row[0] == CaseStatus.JOINED,
        )
        for pk, row in own.items()
    }


def stored(agreement_id: str, party: str, case_ids: Iterable[int] | None = None) -> dict[int, Row]:
    rows = CaseSummary.objects.filter(agreement_id=agreement_id, party=party)
    if case_ids is not None:
        rows = rows.filter(case_id__in=list(case_ids))
    return {row[0]: tuple(row[1:]) for row in rows.values_list("case_id", *STORED_FIELDS)}


def _squares(rows: Iterable[tuple[Any, Any, bool]]) -> set[mapcells.Square]:
    """The map squares of (lat, lon, joined) rows that are on the map."""
    return {
        mapcells.square_of(lat, lon)
        for lat, lon, joined in rows
        if lat is not None and lon is not None and not joined
    }


def _write(agreement_id: str, party: str, case_ids: list[int] | None) -> None:
    want = computed(agreement_id, party) if case_ids is None else fresh(agreement_id, party, case_ids)
    old = CaseSummary.objects.filter(agreement_id=agreement_id, party=party)
    squares: set[mapcells.Square] = set()
    if case_ids is not None:
        old = old.filter(case_id__in=case_ids)
        # The squares the cases were in and are now in: those two sets are all a refresh can change.
        squares = _squares(old.values_list("lat", "lon", "joined"))
        squares |= _squares((row[2], row[3], row[5]) for row in want.values())
    old.delete()
    CaseSummary.objects.bulk_create(
        [
            CaseSummary(
                case_id=pk,
                agreement_id=agreement_id,
                party=party,
                **dict(zip(STORED_FIELDS, row, strict=True)),
            )
            for pk, row in want.items()
        ],
        batch_size=2000,
    )
    if case_ids is None:
        mapcells.rebuild(agreement_id, party)
    else:
        mapcells.recount(agreement_id, party, squares)


def refresh(*cases: Case) -> None:
    """Recompute every party's summary of ``cases`` (of one agreement or several). Call inside the
    transaction of the action that changed them, after its last change to the cases and their reports."""
    from truce.cases.locking import lock_cases

    by_agreement: dict[str, list[int]] = {}
    for case in cases:
        by_agreement.setdefault(case.agreement_id, []).append(case.pk)
    # Two refreshes of one case take turns (each computes from what it reads), and a refresh after the
    # record's lock is refused: see truce.cases.locking for the order.
    lock_cases(*by_agreement)
    for agreement_id, ids in by_agreement.items():
        for party in _parties(agreement_id):
            _write(agreement_id, party, ids)
        # A party's view of these cases may have changed (seen or not, its date): the dashboard's counts.
        counts.refresh(ids)
        # Every case's own place for the mediators' map. A case's place is set when it is opened and
        # never moves; what changes whether it is counted (opened, joined) is an action that refreshes.
        # The squares of the cases' places whatever their status: a case just joined leaves its square.
        places = Case.objects.filter(pk__in=ids).values_list("lat", "lon")
        mapcells.recount(
            agreement_id, mapcells.EVERY_CASE, _squares((lat, lon, False) for lat, lon in places)
        )


def rebuild(agreement_id: str | None = None, *, with_counts: bool = True) -> int:
    """Rewrite the table for one agreement (default: every agreement with cases). Returns the rows.
    ``with_counts``: the dashboard's counts too (not in the migration that made this table, before theirs)."""
    from truce.agreements.models import Agreement

    agreements = [agreement_id] if agreement_id else list(Agreement.objects.values_list("pk", flat=True))
    for agreement in agreements:
        for party in _parties(agreement):
            _write(agreement, party, None)
        CaseSummary.objects.filter(agreement_id=agreement).exclude(party__in=_parties(agreement)).delete()
        if with_counts:
            counts.rebuild(agreement)
        mapcells.rebuild(agreement, mapcells.EVERY_CASE)
        MapCell.objects.filter(agreement_id=agreement).exclude(
            view__in=[mapcells.EVERY_CASE, *_parties(agreement)]
        ).delete()
    return CaseSummary.objects.filter(agreement_id__in=agreements).count()


def drift() -> list[str]:
    """Every difference between the table and the rule, as a sentence; empty when they agree."""
    from truce.agreements.models import Agreement

    problems = []
    for agreement in Agreement.objects.values_list("pk", flat=True):
        parties = _parties(agreement)
        strays = CaseSummary.objects.filter(agreement_id=agreement).exclude(party__in=parties)
        for case_id, party in strays.values_list("case_id", "party"):
            problems.append(f"case {case_id}: a summary for {party}, which is not a party to {agreement}")
        for party in parties:
            want, have = computed(agreement, party), stored(agreement, party)
            for pk in sorted(want.keys() - have.keys()):
                problems.append(f"case {pk}: {party} may see it but has no summary of it")
            for pk in sorted(have.keys() - want.keys()):
                problems.append(f"case {pk}: {party} has a summary of it but may not see it")
            for pk in sorted(want.keys() & have.keys()):
                if _same(want[pk]) != _same(have[pk]):
                    problems.append(f"case {pk}: {party}'s summary is {have[pk]!r}, should be {want[pk]!r}")
        for view in (mapcells.EVERY_CASE, *parties):
            problems.extend(mapcells.drift(agreement, view))
        stray_cells = MapCell.objects.filter(agreement_id=agreement).exclude(
            view__in=[mapcells.EVERY_CASE, *parties]
        )
        for view in stray_cells.values_list("view", flat=True).distinct():
            problems.append(f"map squares for {view}, which is not a party to {agreement}")
    return problems


def _same(row: Row) -> Row:
    # Coordinates may come back as Decimal or float depending on the database and the expression.
    return tuple(f"{float(v):.6f}" if isinstance(v, float | Decimal) else v for v in row)
