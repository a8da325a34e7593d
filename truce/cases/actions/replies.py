"""The accused party's right of reply: requested by a mediator, open for the agreement's reply window
(counted on the agreement's local clock), closed by the first reply or by the deadline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy

from truce.accounts.roles import liaison_party
from truce.cases.actions.common import advance, agreement_of, case_status_words, mediator_case, visible_case
from truce.cases.events import (
    CaseEvidenceAdded,
    CaseShared,
    RepliesMarkedOverdue,
    ReplyRequested,
    ReplySubmitted,
)
from truce.cases.locking import lock_cases
from truce.cases.models import Case, CaseShare, Reply
from truce.cases.present import case_summary
from truce.cases.summaries import refresh as refresh_summaries
from truce.cases.visibility import party_sees_case
from truce.core import clock
from truce.core.workflow import Transition
from truce.errors import ActionError, Forbidden
from truce.notifications.models import Kind
from truce.notifications.send import liaisons_of, mediators_of, notify_about
from truce.record.store import append
from truce.reports.evidence_intake import EvidenceInput, check, store_evidence


def unseen_by_accused(case: Case, *, to_rule: bool = False) -> ActionError | None:
    """Why the accused party cannot be asked about ``case`` (it cannot see it), or None when it can. A
    request to a party that cannot see the case would leak its title and then run out a window the
    party never could use. ``to_rule`` words it for drafting a ruling (truce.rulings.actions); the case
    page shows it to mediators as a notice (``words()``)."""
    if not case.accused_party or party_sees_case(case, case.accused_party):
        return None
    if to_rule:
        template = gettext_lazy(
            "%(party)s cannot see case %(case)s: it holds no complaint against %(party)s (the monitors "
            "opened it). Share the case with %(party)s first (the case page's 'Share with the accused "
            "party', or POST /api/v1/cases/%(id)s/share): it then sees the case's reports without protected "
            "evidence or the monitors' names; then request its reply, and rule after it"
        )
    else:
        template = gettext_lazy(
            "%(party)s cannot see case %(case)s: it holds no complaint against %(party)s (the monitors "
            "opened it). Share the case with %(party)s first (the case page's 'Share with the accused "
            "party', or POST /api/v1/cases/%(id)s/share): it then sees the case's reports without protected "
            "evidence or the monitors' names; then request its reply"
        )
    params = {"party": case.accused_party, "case": case.reference, "id": case.pk}
    return ActionError(template, params=params, field="status" if to_rule else "case")


def do_share_case(case_id: int, *, party: str, acting_user: Any) -> Case:
    """Show a case the accused party could not see to that party (a mediator), so that it may be asked
    to reply. Recorded (CaseShared) and announced to the party's officers.

    A case already awaiting the reply of a party that could not see it (put to it before requests
    checked this) gets its window opened anew from now: the party was never heard, so the old window's
    lapse must not count as its silence."""
    party = (party or "").strip().upper()
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        agreement = agreement_of(case)
        if agreement.party(party) is None:
            parties = ", ".join(p.code for p in agreement.parties)
            raise ActionError(
                gettext_lazy("%(party)s is not a party to this agreement (%(parties)s)"),
                params={"party": party or "that", "parties": parties},
                field="party",
            )
        if CaseShare.objects.filter(case=case, party=party).exists():
            raise ActionError(
                gettext_lazy("case %(case)s is already shared with %(party)s"),
                params={"case": case.reference, "party": party},
                field="party",
            )
        if party_sees_case(case, party):
            raise ActionError(
                gettext_lazy("%(party)s already sees case %(case)s; there is nothing to share"),
                params={"party": party, "case": case.reference},
                field="party",
            )
        now = clock.now()
        CaseShare.objects.create(case=case, party=party, shared_by=acting_user, shared_at=now)
        refresh_summaries(case)
        reopened = (
            case.status == "awaiting_reply"
            and party == case.accused_party
            and not Reply.objects.filter(case=case, party=party).exists()
        )
        if reopened:
            case.reply_requested_at, case.reply_due_at = now, agreement.reply_deadline(now)
            case.reply_overdue_noted_at = None
            case.save(update_fields=["reply_requested_at", "reply_due_at", "reply_overdue_noted_at"])
        officers = liaisons_of(case.agreement_id, party)
        due: dict[str, str] = {}
        if reopened and case.reply_due_at is not None:
            local_due = case.reply_due_at.astimezone(agreement.tz)
            due = {"form": "due", "due": f"{local_due:%Y-%m-%d %H:%M}", "zone": agreement.timezone}
        for officer in officers:
            # The case as this officer sees it: never the title of a report its party may not see.
            notify_about(
                [officer],
                Kind.CASE_SHARED,
                {
                    "case": case.reference,
                    "party": party,
                    "summary": case_summary(case, officer)["title"],
                    **due,
                },
                case=case,
            )
        append(
            CaseShared(
                case=case.pk,
                party=party,
                reply_due_at=clock.rfc3339(case.reply_due_at) if reopened and case.reply_due_at else None,
            ),
            agreement=case.agreement_id,
            actor=acting_user,
        )
    return case


def do_request_reply(case_id: int, *, acting_user: Any) -> Case:
    """Put the case to the accused party; its liaison officers are notified and the window opens.
    Refused while the accused party cannot see the case (unseen_by_accused says what to do)."""
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        if not case.accused_party:
            raise ActionError(
                gettext_lazy("this case names no party, so there is no one to reply"), field="case"
            )
        unseen = unseen_by_accused(case)
        if unseen is not None:
            raise unseen
        given = Reply.objects.filter(case=case, party=case.accused_party).first()
        if given is not None:
            raise ActionError(
                gettext_lazy(
                    "%(party)s replied on %(day)s; a reply is given once and stands (draft the ruling)"
                ),
                params={"party": case.accused_party, "day": f"{given.submitted_at:%Y-%m-%d}"},
                field="case",
            )
        advance(case, Transition.REQUEST_REPLY)
        agreement = agreement_of(case)
        now = clock.now()
        case.reply_requested_at = now
        case.reply_due_at = agreement.reply_deadline(now)
        case.save(update_fields=["status", "reply_requested_at", "reply_due_at"])
        local_due = case.reply_due_at.astimezone(agreement.tz)
        officers = liaisons_of(case.agreement_id, case.accused_party)
        for officer in officers:
            # The case as this officer sees it: never the title of a report its party may not see.
            notify_about(
                [officer],
                Kind.REPLY_REQUESTED,
                {
                    "case": case.reference,
                    "due": f"{local_due:%Y-%m-%d %H:%M}",
                    "zone": agreement.timezone,
                    "summary": case_summary(case, officer)["title"],
                },
                case=case,
            )
        append(
            ReplyRequested(
                case=case.pk,
                party=case.accused_party,
                due_at=clock.rfc3339(case.reply_due_at),
                notified=len(officers),
            ),
            agreement=case.agreement_id,
            actor=acting_user,
        )
    return case


def reply_window_open(case: Case) -> bool:
    """Whether the reply window runs: a reply may be given while the case awaits it, and counter-evidence
    added to a given reply (the case is then back under investigation) until the deadline."""
    return (
        case.status in ("awaiting_reply", "under_investigation")
        and case.reply_due_at is not None
        and clock.now() <= case.reply_due_at
    )


def do_submit_reply(
    case_id: int,
    *,
    text: str,
    evidence: Sequence[tuple[EvidenceInput, BinaryIO | None]] = (),
    acting_user: Any,
) -> Reply:
    """The accused party's liaison officer answers, with counter-evidence, before the window closes."""
    text = (text or "").strip()
    if not text:
        raise ActionError(gettext_lazy("write the reply: the party's account of the incident"), field="text")
    if len(text) > 50_000:
        raise ActionError(
            gettext_lazy("the reply is longer than 50,000 characters; attach documents as evidence"),
            field="text",
        )
    for item, upload in evidence:
        check(item, has_file=upload is not None)
    with transaction.atomic():
        case = visible_case(case_id, acting_user)
        party = liaison_party(acting_user, case.agreement_id)
        if party is None or party != case.accused_party:
            raise Forbidden(
                gettext_lazy("only a liaison officer of the accused party may reply"), field="case"
            )
        if case.status != "awaiting_reply":
            raise ActionError(
                gettext_lazy("the case is %(status)s; no reply has been requested"),
                params={"status": case_status_words(case.status)},
                field="status",
            )
        if Reply.objects.filter(case=case, party=party).exists():
            raise ActionError(
                gettext_lazy("your party has already replied; a reply is not edited"), field="case"
            )
        if not reply_window_open(case):
            agreement = agreement_of(case)
            assert case.reply_due_at is not None
            raise ActionError(
                gettext_lazy("the reply window closed at %(when)s (%(zone)s)"),
                params={
                    "when": f"{case.reply_due_at.astimezone(agreement.tz):%Y-%m-%d %H:%M}",
                    "zone": agreement.timezone,
                },
                field="case",
            )
        reply = Reply.objects.create(
            case=case, party=party, submitted_by=acting_user, submitted_at=clock.now(), text=text
        )
        # The case awaits nothing more from the party (ReplySubmitted records the move).
        advance(case, Transition.RECEIVE_REPLY)
        case.save(update_fields=["status"])
        for item, upload in evidence:
            store_evidence(item, upload=upload, added_by=acting_user, reply=reply)
        notify_about(
            mediators_of(case.agreement_id),
            Kind.REPLY_RECEIVED,
            {"case": case.reference, "party": party},
            case=case,
        )
        append(
            ReplySubmitted(case=case.pk, reply=reply.pk, party=party, text=text),
            agreement=case.agreement_id,
            actor=acting_user,
        )
    return reply


def do_mark_overdue_replies(*, acting_user: Any = None) -> list[Case]:
    """The background task: note every case whose reply window closed without a reply, and tell the
    mediators. Marks each case once; returns the cases marked (an empty sweep writes nothing)."""
    now = clock.now()
    overdue = Case.objects.filter(
        status="awaiting_reply", reply_due_at__lt=now, reply_overdue_noted_at__isnull=True
    ).exclude(replies__isnull=False)
    with transaction.atomic():
        # The cases locks of the agreements concerned before the cases' rows and the record's lock
        # (truce.cases.locking); the rows are then read again under them.
        lock_cases(*overdue.values_list("agreement_id", flat=True).distinct())
        due = list(overdue.select_for_update().order_by("id"))
        if not due:
            return []
        by_agreement: dict[str, list[Case]] = {}
        for case in due:
            case.reply_overdue_noted_at = now
            case.save(update_fields=["reply_overdue_noted_at"])
            by_agreement.setdefault(case.agreement_id, []).append(case)
        for agreement_id, cases in by_agreement.items():
            for case in cases:
                notify_about(
                    mediators_of(agreement_id),
                    Kind.REPLY_OVERDUE,
                    {"case": case.reference, "party": case.accused_party},
                    case=case,
                )
        append(
            RepliesMarkedOverdue(cases=[c.pk for c in due], at=clock.rfc3339(now)),
            agreement=None,
            actor=acting_user,
        )
    return due


def do_add_reply_evidence(
    case_id: int, reply_id: int, *, evidence: EvidenceInput, upload: BinaryIO | None = None, acting_user: Any
) -> Any:
    """Counter-evidence for a reply, by the replying party, while the reply window is open."""
    check(evidence, has_file=upload is not None)
    with transaction.atomic():
        case = visible_case(case_id, acting_user)
        reply = Reply.objects.filter(pk=reply_id, case=case).first()
        party = liaison_party(acting_user, case.agreement_id)
        if reply is None or party is None or party != reply.party:
            raise Forbidden(gettext_lazy("only the replying party adds evidence to its reply"), field="reply")
        if not reply_window_open(case):
            raise ActionError(
                gettext_lazy("the reply window is closed; counter-evidence is no longer accepted"),
                field="case",
            )
        row, details = store_evidence(evidence, upload=upload, added_by=acting_user, reply=reply)
        append(
            CaseEvidenceAdded(
                case=case.pk, evidence=row.pk, sha256=row.sha256, details={**details, "reply": reply.pk}
            ),
            agreement=case.agreement_id,
            actor=acting_user,
        )
    return row
