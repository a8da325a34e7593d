"""Cases. A submitted report opens a case or joins the case of the same incident; the report action
that does so records where it went (ReportFiled / ReportSubmitted carry the case)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy

from truce.accounts.roles import liaison_party
from truce.cases.actions.common import case_status_words
from truce.cases.locking import lock_cases
from truce.cases.models import Case
from truce.cases.summaries import refresh as refresh_summaries
from truce.cases.visibility import cases_visible_to
from truce.core import clock
from truce.core.matching import MAX_DAYS_APART, IncidentKey, best_match
from truce.errors import ActionError, NotFound
from truce.notifications.models import Kind
from truce.notifications.send import mediators_of, notify_about
from truce.reports.models import Report

# A new report joins only a case still being worked on. A ruled, published or inadmissible case has been
# decided, and joining it would change a decided file behind the decision's back: a later report of the
# same incident opens a case of its own, and the mediators may reopen the old case and join the two.
JOINABLE = ("received", "admissible", "under_investigation", "awaiting_reply", "ruling_drafted")


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
    agreement, still open (JOINABLE) and not accusing another party. Otherwise the same incident is looked
    for among the agreement's open cases (truce.core.matching); failing that, a new case is opened.

    A party's liaison is matched only against cases it can already see: joining a case it could not see
    would tell it that the mechanism already holds the incident (filing would be a probe). When such a
    hidden case matches, the report opens its own case and the mediators are told the two may be one
    incident; joining them is then their decision (do_join_cases), and the party still sees only its own
    reports and a summary built from them (truce.cases.present.case_summary).
    """
    # Holding the agreement's cases lock makes "read the cases, then open or join one" one step for every
    # writer (the unique constraint on the number backs this up). The record's lock is not taken here but
    # at the caller's append, last (truce.cases.locking: the order every action keeps).
    lock_cases(report.agreement_id)
    hidden: Case | None = None
    if case_id is not None:
        case = cases_visible_to(acting_user).filter(pk=case_id, agreement_id=report.agreement_id).first()
        if case is None:
            raise NotFound(
                gettext_lazy("no case %(case)s that you can see in %(agreement)s"),
                params={"case": case_id, "agreement": report.agreement_id},
                field="case",
            )
        if case.joined_into_id:
            raise ActionError(
                gettext_lazy("case %(case)s was joined into another case; file into that one"),
                params={"case": case.reference},
                field="case",
            )
        if case.status not in JOINABLE:
            raise ActionError(
                gettext_lazy(
                    "case %(case)s is %(status)s: a decided case takes no new reports; file without "
                    "naming a case (a new one is opened) and the mediators may relate the two"
                ),
                params={"case": case.reference, "status": case_status_words(case.status)},
                field="case",
            )
        if report.accused_party and case.accused_party and report.accused_party != case.accused_party:
            raise ActionError(
                gettext_lazy(
                    "case %(case)s accuses %(party)s, your report accuses %(reported)s: one case is about "
                    "one party's conduct; file without naming a case"
                ),
                params={
                    "case": case.reference,
                    "party": case.accused_party,
                    "reported": report.accused_party,
                },
                field="case",
            )
        how = "chosen"
    else:
        # A joined case lives on in the case it was joined into, which is a candidate itself.
        slack = dt.timedelta(days=MAX_DAYS_APART)
        candidates = Case.objects.filter(
            agreement_id=report.agreement_id,
            event_type=report.event_type,
            joined_into__isnull=True,
            status__in=JOINABLE,
            incident_date__range=(report.incident_date - slack, report.incident_date + slack),
        )
        keys = [(c.pk, _key(c)) for c in candidates]
        chosen = best_match(_key(report), keys)
        agreement_id = report.agreement_id
        if chosen is not None and not _filer_sees(acting_user, chosen, agreement_id):
            # The best match is hidden from the filer: take the best one it can see, if any, and tell
            # the mediators about the hidden one only when nothing else was joined.
            hidden = Case.objects.get(pk=chosen)
            seen = _seen_by_filer(acting_user, [pk for pk, _ in keys])
            chosen = best_match(_key(report), [(pk, k) for pk, k in keys if pk in seen])
            if chosen is not None:
                hidden = None
        case = None if chosen is None else Case.objects.get(pk=chosen)
        how = "matched"
    if case is None:
        case = open_case(report)
        how = "opened"
    if hidden is not None:
        # Mediators only: they see both cases whole.
        notify_about(
            mediators_of(report.agreement_id),
            Kind.POSSIBLE_SAME_INCIDENT,
            {"case": case.reference, "other": hidden.reference, "party": report.filing_party}
            if report.filing_party
            else {"case": case.reference, "other": hidden.reference, "form": "monitor"},
            case=case,
        )
    report.case = case
    report.save(update_fields=["case"])
    refresh_summaries(case)
    return case, how


def _filer_sees(user: Any, case_id: int, agreement_id: str) -> bool:
    """Whether joining case ``case_id`` tells the filer nothing new. Only a party's liaison is held to
    this: the monitors and mediators are the mechanism itself, which may match across all it holds."""
    if liaison_party(user, agreement_id) is None:
        return True
    return cases_visible_to(user).filter(pk=case_id).exists()


def _seen_by_filer(user: Any, case_ids: list[int]) -> set[int]:
    """Which of ``case_ids`` the filer (a party's liaison, per _filer_sees) may see, in one query rather
    than one per candidate case."""
    return set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def open_case(report: Report) -> Case:
    """A new case for ``report``'s incident, numbered next in its agreement. Takes the agreement's cases
    lock (truce.cases.locking) for the caller's transaction, so the number read and the insert are one
    step."""
    lock_cases(report.agreement_id)
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
