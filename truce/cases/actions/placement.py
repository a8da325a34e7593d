"""Cases. A submitted report opens a case or joins the case of the same incident; the report action
that does so records where it went (ReportFiled / ReportSubmitted carry the case)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from truce.cases.models import Case
from truce.cases.visibility import cases_visible_to
from truce.core import clock
from truce.core.matching import MAX_DAYS_APART, IncidentKey, best_match
from truce.errors import ActionError, NotFound
from truce.record.store import lock_head
from truce.reports.models import Report


def _key(obj: Report | Case) -> IncidentKey:
    date = obj.incident_date
    return IncidentKey(
        event_type=obj.event_type,
        date=date,
        date_precision=obj.date_precision,
        place=obj.place,
        lat=None if obj.lat is None else float(obj.lat),
        lon=None if obj.lon is None else float(obj.lon),
        accused_party=obj.accused_party,
    )


def place_report_in_case(report: Report, *, case_id: int | None, acting_user: Any) -> tuple[Case, str]:
    """Put a just-submitted report into a case; return the case and how: "opened" (a new case),
    "matched" (the same incident was found) or "chosen" (the filer named the case).

    Requires the caller's open transaction: placing is part of filing or submitting, and the caller's
    record event says where the report went. ``case_id`` must name a case the filer can see, of the same
    agreement. Otherwise the same incident is looked for among the agreement's cases
    (truce.core.matching); failing that, a new case is opened.
    """
    # Holding the record's lock makes "read the cases, then number a new one" one step for every writer
    # (the unique constraint on the number backs this up).
    lock_head()
    if case_id is not None:
        case = cases_visible_to(acting_user).filter(pk=case_id, agreement_id=report.agreement_id).first()
        if case is None:
            raise NotFound(f"no case {case_id} that you can see in {report.agreement_id}", field="case")
        if case.joined_into_id:
            raise ActionError(
                f"case {case.reference} was joined into another case; file into that one", field="case"
            )
        how = "chosen"
    else:
        # A joined case lives on in the case it was joined into, which is a candidate itself.
        slack = dt.timedelta(days=MAX_DAYS_APART)
        candidates = Case.objects.filter(
            agreement_id=report.agreement_id,
            event_type=report.event_type,
            joined_into__isnull=True,
            incident_date__range=(report.incident_date - slack, report.incident_date + slack),
        )
        chosen = best_match(_key(report), ((c.pk, _key(c)) for c in candidates))
        case = None if chosen is None else Case.objects.get(pk=chosen)
        how = "matched"
    if case is None:
        case = open_case(report)
        how = "opened"
    report.case = case
    report.save(update_fields=["case"])
    return case, how


def open_case(report: Report) -> Case:
    """A new case for ``report``'s incident, numbered next in its agreement. Requires the record's lock
    (lock_head) held by the caller's transaction, so the number read and the insert are one step."""
    last = Case.objects.filter(agreement_id=report.agreement_id).aggregate(n=Max("number"))["n"] or 0
    number = last + 1
    return Case.objects.create(
        agreement_id=report.agreement_id,
        number=number,
        reference=f"{report.agreement_id}/{number:04d}",
        title=report.title,
        opened_at=clock.now(),
        event_type=report.event_type,
        sub_event_type=report.sub_event_type,
        incident_date=report.incident_date,
        date_precision=report.date_precision,
        place=report.place,
        lat=report.lat,
        lon=report.lon,
        accused_party=report.accused_party,
    )
