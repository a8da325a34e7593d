"""Mediators move a case through the workflow: admissibility, publication, reopening, joining, splitting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from truce.cases.actions.common import advance, mediator_case
from truce.cases.actions.placement import open_case
from truce.cases.events import (
    CaseAdmitted,
    CaseDeclaredInadmissible,
    CasePublished,
    CaseReopened,
    CasesJoined,
    CaseSplit,
)
from truce.cases.locking import lock_cases_of
from truce.cases.models import Case
from truce.cases.summaries import refresh as refresh_summaries
from truce.cases.visibility import hidden_from_parties
from truce.core import clock
from truce.core.workflow import Transition
from truce.errors import ActionError
from truce.record.store import append
from truce.reports.models import Report


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(
            gettext_lazy("give the reason: it is recorded and shown with the decision"), field=field
        )
    if len(reason) > 10_000:
        raise ActionError(gettext_lazy("the reason is longer than 10,000 characters"), field=field)
    return reason


def do_admit_case(case_id: int, *, acting_user: Any) -> Case:
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        advance(case, Transition.ADMIT)
        case.save(update_fields=["status"])
        append(
            CaseAdmitted(case=case.pk),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return case


def do_declare_inadmissible(case_id: int, *, reason: str, acting_user: Any) -> Case:
    reason = _reason(reason)
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        advance(case, Transition.DECLARE_INADMISSIBLE)
        case.inadmissible_reason = reason
        case.save(update_fields=["status", "inadmissible_reason"])
        append(
            CaseDeclaredInadmissible(case=case.pk, reason=reason),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return case


def publish(case: Case, now: Any) -> None:
    """Mark a ruled case published (the caller records it): used by do_publish_case and, when the
    agreement publishes on ruling, by the signature that puts a ruling in force."""
    advance(case, Transition.PUBLISH)
    case.published_at = now
    case.save(update_fields=["status", "published_at"])
    refresh_summaries(case)


def do_publish_case(case_id: int, *, acting_user: Any) -> Case:
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        publish(case, clock.now())
        append(CasePublished(case=case.pk), agreement=case.agreement_id, actor=acting_user)
    return case


def do_reopen_case(case_id: int, *, reason: str, acting_user: Any) -> Case:
    """Reopen an inadmissible, ruled or published case for further investigation. Rulings in force stay
    in force until a new ruling supersedes them."""
    reason = _reason(reason)
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        advance(case, Transition.REOPEN)
        case.save(update_fields=["status"])
        refresh_summaries(case)
        append(
            CaseReopened(case=case.pk, reason=reason),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return case


def do_join_cases(case_id: int, *, into: int, acting_user: Any) -> Case:
    """Merge case ``case_id`` into case ``into`` (the same incident filed twice): its reports move over
    and it is closed as joined. Both must be open cases of one agreement."""
    if case_id == into:
        raise ActionError(gettext_lazy("a case cannot be joined into itself"), field="into")
    with transaction.atomic():
        # Both agreements' cases locks before the record's (mediator_case takes it): a join across
        # agreements is then refused below rather than taking its locks in the wrong order.
        lock_cases_of([into, case_id])
        target = mediator_case(into, acting_user)
        source = mediator_case(case_id, acting_user)
        if source.agreement_id != target.agreement_id:
            raise ActionError(gettext_lazy("both cases must belong to the same agreement"), field="into")
        if target.status in ("joined", "inadmissible", "ruled", "published"):
            raise ActionError(
                gettext_lazy("case %(case)s is %(status)s; join into an open case"),
                # The code name, as the English message has always said it ("ruled", "published").
                params={"case": target.reference, "status": target.status},
                field="into",
            )
        # Veiled if either side was hidden from every party: the event names both cases and their reports.
        veiled = hidden_from_parties(source) or hidden_from_parties(target)
        advance(source, Transition.JOIN)
        source.joined_into = target
        source.save(update_fields=["status", "joined_into"])
        moved = list(Report.objects.filter(case=source).values_list("id", flat=True))
        Report.objects.filter(case=source).update(case=target)
        refresh_summaries(source, target)
        append(
            CasesJoined(case=target.pk, joined=source.pk, reports=moved),
            agreement=target.agreement_id,
            actor=acting_user,
            veiled=veiled,
        )
    return target


def do_split_case(case_id: int, *, reports: Sequence[int], acting_user: Any) -> Case:
    """Move some reports of a case into a new case (they turned out to be another incident). The new case
    starts as received; the old one keeps at least one report."""
    wanted = sorted(set(reports))
    if not wanted:
        raise ActionError(gettext_lazy("name the reports to move to a new case"), field="reports")
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        if case.status == "joined":
            raise ActionError(gettext_lazy("a joined case has no reports left to split"), field="case")
        in_case = set(Report.objects.filter(case=case).values_list("id", flat=True))
        strangers = [r for r in wanted if r not in in_case]
        if strangers:
            raise ActionError(
                gettext_lazy("reports %(reports)s are not in case %(case)s"),
                params={"reports": strangers, "case": case.reference},
                field="reports",
            )
        if set(wanted) == in_case:
            raise ActionError(gettext_lazy("leave at least one report in the case"), field="reports")
        first = Report.objects.filter(pk__in=wanted).order_by("submitted_at", "id").first()
        assert first is not None
        new = open_case(first)
        Report.objects.filter(pk__in=wanted).update(case=new)
        refresh_summaries(case, new)
        append(
            CaseSplit(case=case.pk, into=new.pk, reference=new.reference, reports=wanted),
            agreement=case.agreement_id,
            actor=acting_user,
            # Either case hidden from every party after the split: the event names both.
            veiled=hidden_from_parties(case) or hidden_from_parties(new),
        )
    return new
