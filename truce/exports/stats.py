"""Counts for the dashboard and for outside analysts, computed by the database (GROUP BY) over what the
viewer may see, with the same rule as the case summaries: a case counts by its own type, date and accused
party for the mediators and when it is published, else by those of the earliest report of it the viewer
may see (a party never learns the type or date of a monitors' observation through a count).

Dimensions: ``period`` (the incident's day, week or month), ``party`` (the accused party), ``type`` (the
sub-event type), ``status`` (the case's) and ``commitment`` (the commitment breached, by rulings in force
finding a violation, on cases the viewer may see).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, DateField, F, OuterRef, Subquery, When
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from truce.accounts.models import Role
from truce.cases.models import Case as CaseRow
from truce.exports.rows import visible_cases
from truce.exports.scope import Scope
from truce.reports.models import Report
from truce.reports.visibility import reports_visible_to
from truce.rulings.models import Outcome, Ruling, RulingStatus

DIMENSIONS = ("period", "party", "type", "commitment", "status")
PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def _cases(scope: Scope) -> Any:
    """The viewer's cases annotated with the type, day and accused party the viewer may know of each
    (``s_type``, ``s_date``, ``s_party``); a case whose summary has no incident has them all None."""
    # cases_visible_to may be DISTINCT (a monitor's, a party's): group over plain rows picked by id.
    cases = CaseRow.objects.filter(pk__in=visible_cases(scope).order_by().values("pk"))
    if scope.mediator or scope.user.role == Role.OBSERVER:
        # Every case an observer sees is published: its own fields are the summary's.
        return cases.annotate(
            s_type=F("sub_event_type"), s_date=F("incident_date"), s_party=F("accused_party")
        )
    # Picked by id from the visible reports, which may be DISTINCT: PostgreSQL refuses a DISTINCT
    # subquery ordered by a column it does not select.
    visible = reports_visible_to(scope.user).order_by().values("pk")
    earliest = Report.objects.filter(pk__in=visible, case_id=OuterRef("pk")).order_by("created_at", "id")

    def source(case_field: str, report_field: str, output: Any) -> Any:
        return When_(
            When(status="published", then=F(case_field)),
            default=Subquery(earliest.values(report_field)[:1]),
            output_field=output,
        )

    return cases.annotate(
        s_type=source("sub_event_type", "sub_event_type", CharField()),
        s_date=source("incident_date", "incident_date", DateField()),
        s_party=source("accused_party", "accused_party", CharField()),
    )


def counts(
    scope: Scope, by: str, *, start: dt.date | None = None, end: dt.date | None = None, period: str = "month"
) -> list[dict[str, Any]]:
    """``[{"key": str | None, "count": int}]`` ordered by key (None last). ``start``/``end`` (inclusive)
    bound the incident day; cases whose day the viewer may not know are left out when either is given."""
    cases = _cases(scope)
    if start is not None:
        cases = cases.filter(s_date__gte=start)
    if end is not None:
        cases = cases.filter(s_date__lte=end)
    if by == "commitment":
        rulings = Ruling.objects.filter(
            case_id__in=cases.values("pk"), status=RulingStatus.IN_FORCE, outcome=Outcome.VIOLATION
        )
        grouped = rulings.values(key=F("commitment")).annotate(count=Count("id"))
    elif by == "period":
        grouped = cases.annotate(key=PERIODS[period]("s_date", output_field=DateField())).values("key")
        grouped = grouped.annotate(count=Count("id"))
    else:
        field = {"party": "s_party", "type": "s_type", "status": "status"}[by]
        grouped = cases.annotate(key=F(field)).values("key").annotate(count=Count("id"))
    out = []
    for item in grouped.order_by():
        key = item["key"]
        if isinstance(key, dt.datetime):
            key = key.date()
        if isinstance(key, dt.date):
            key = key.isoformat()
        out.append({"key": key if key != "" else None, "count": int(item["count"])})
    return sorted(out, key=lambda i: (i["key"] is None, str(i["key"])))
