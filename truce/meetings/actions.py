"""Scheduling meetings, their agenda, decisions, closing and cancelling: the only write paths for
meetings. Mediators of the agreement manage its meetings; everyone else who may see a meeting gets 403,
everyone who may not gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.cases.models import Case
from truce.cases.visibility import cases_visible_to
from truce.core import clock
from truce.core.agreement.model import Agreement as ParsedAgreement
from truce.errors import ActionError, FieldProblem, Forbidden, NotFound
from truce.meetings.events import (
    CaseAddedToAgenda,
    DecisionRecorded,
    MeetingCancelled,
    MeetingHeld,
    MeetingScheduled,
)
from truce.meetings.models import AgendaItem, Decision, Meeting, MeetingKind, MeetingStatus
from truce.meetings.visibility import meetings_visible_to
from truce.notifications.models import Kind
from truce.notifications.send import notify_about, participants_of
from truce.record.store import append, lock_head

# A meeting more than this far ahead is almost certainly a mistyped year.
MAX_AHEAD = dt.timedelta(days=731)
MAX_PLACE = 200
MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_REASON = 2_000
MAX_DELEGATIONS = 50
MAX_DELEGATION = 200


def _status_words(status: str) -> Any:
    """A meeting status inside an action's error: the code name in English, as the API has always said it
    ("held"), its label lower-cased in the reader's language when a page shows it."""

    def words() -> str:
        if (translation.get_language() or "en").startswith("en"):
            return status
        return str(MeetingStatus(status).label).lower()

    return lazy(words, str)()


def _raise(problems: Sequence[FieldProblem]) -> None:
    if problems:
        raise ActionError.of_problems(problems)


def _when_problems(
    name: str, value: dt.datetime | None, agreement: ParsedAgreement, *, after: dt.datetime | None = None
) -> list[FieldProblem]:
    """Problems with a meeting time: it must carry a time zone, fall on or after the day the agreement
    came into force (in the agreement's time zone), come after ``after`` when given, and lie within
    two years from now."""
    if value is None:
        return [
            FieldProblem.marked(
                name, gettext_lazy("is required: a date and time with its zone, e.g. 2025-11-06T10:00+03:00")
            )
        ]
    if value.tzinfo is None or value.utcoffset() is None:
        return [FieldProblem.marked(name, gettext_lazy("needs a time zone, e.g. 2025-11-06T10:00:00+03:00"))]
    local_day = value.astimezone(agreement.tz).date()
    if local_day < agreement.in_force:
        return [
            FieldProblem.marked(
                name,
                gettext_lazy(
                    "%(day)s is before the agreement came into force (%(in_force)s); check the year"
                ),
                {"day": local_day.isoformat(), "in_force": agreement.in_force.isoformat()},
            )
        ]
    if after is not None and value <= after:
        return [
            FieldProblem.marked(
                name,
                gettext_lazy("must come after this meeting (%(after)s)"),
                {"after": clock.rfc3339(after)},
            )
        ]
    if value > clock.now() + MAX_AHEAD:
        return [
            FieldProblem.marked(
                name,
                gettext_lazy("%(day)s is more than two years ahead; check the year"),
                {"day": local_day.isoformat()},
            )
        ]
    return []


def _text_problem(name: str, value: str, limit: int, *, required: bool = True) -> list[FieldProblem]:
    if required and not value.strip():
        return [FieldProblem.marked(name, gettext_lazy("is required and may not be blank"))]
    if len(value) > limit:
        return [
            FieldProblem.marked(name, gettext_lazy("is longer than %(limit)s characters"), {"limit": limit})
        ]
    return []


def _kind_problem(name: str, kind: str) -> list[FieldProblem]:
    if kind not in MeetingKind.values:
        return [
            FieldProblem.marked(
                name,
                gettext_lazy("%(kind)s is not a meeting kind; use one of %(kinds)s"),
                {"kind": repr(kind), "kinds": ", ".join(MeetingKind.values)},
            )
        ]
    return []


def _next_number(agreement_id: str) -> int:
    """Requires the record's lock (lock_head), which makes reading the last number and using the next
    one a single step for every writer; the unique constraint backs this up."""
    last = Meeting.objects.filter(agreement_id=agreement_id).aggregate(n=Max("number"))["n"] or 0
    return int(last) + 1


def _create_meeting(
    agreement_id: str, *, kind: str, scheduled_for: dt.datetime, place: str, title: str, acting_user: Any
) -> Meeting:
    """Requires the caller's transaction with the record's lock held."""
    number = _next_number(agreement_id)
    return Meeting.objects.create(
        agreement_id=agreement_id,
        number=number,
        reference=f"{agreement_id}/M{number:03d}",
        kind=kind,
        title=title,
        scheduled_for=scheduled_for,
        place=place,
        status=MeetingStatus.SCHEDULED,
        scheduled_by=acting_user,
        scheduled_at=clock.now(),
    )


def _announce(meeting: Meeting, kind: str, acting_user: Any, **extra: str) -> None:
    """Tell the meeting's participants (the mediators and the parties' liaison officers) that it was
    scheduled or cancelled, on the agreement's clock; not the mediator who did it, and not for a meeting
    entered after it was held. Requires the caller's transaction."""
    if meeting.scheduled_for <= clock.now():
        return
    agreement = registry.parsed(Agreement.objects.get(pk=meeting.agreement_id))
    local = meeting.scheduled_for.astimezone(agreement.tz)
    notify_about(
        [u for u in participants_of(meeting.agreement_id) if u.pk != getattr(acting_user, "pk", None)],
        kind,
        {
            "meeting": meeting.reference,
            "when": f"{local:%Y-%m-%d %H:%M}",
            "zone": agreement.timezone,
            "place": meeting.place,
            "title": meeting.title,
            **extra,
        },
    )


def do_schedule_meeting(
    *,
    agreement_id: str,
    kind: str,
    scheduled_for: dt.datetime | None,
    place: str,
    title: str = "",
    acting_user: Any,
) -> Meeting:
    """Schedule a meeting of the agreement's mechanism. A meeting already held may be entered after the
    fact (its time is then in the past, but never before the agreement came into force)."""
    row = Agreement.objects.filter(pk=agreement_id).first()
    if row is None or getattr(acting_user, "agreement_id", None) != agreement_id:
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s that you serve"),
            params={"agreement": repr(agreement_id)},
            field="agreement",
        )
    if not is_mediator(acting_user, agreement_id):
        raise Forbidden(gettext_lazy("only the agreement's mediators schedule meetings"), field="agreement")
    agreement = registry.parsed(row)
    place, title = place.strip(), title.strip()
    _raise(
        _kind_problem("kind", kind)
        + _when_problems("scheduled_for", scheduled_for, agreement)
        + _text_problem("place", place, MAX_PLACE)
        + _text_problem("title", title, MAX_TITLE, required=False)
    )
    assert scheduled_for is not None  # _when_problems refused None
    with transaction.atomic():
        lock_head()
        meeting = _create_meeting(
            agreement_id,
            kind=kind,
            scheduled_for=scheduled_for,
            place=place,
            title=title,
            acting_user=acting_user,
        )
        append(
            MeetingScheduled(
                meeting=meeting.pk,
                reference=meeting.reference,
                kind=kind,
                scheduled_for=clock.rfc3339(scheduled_for),
                place=place,
                title=title,
            ),
            agreement=agreement_id,
            actor=acting_user,
        )
        _announce(meeting, Kind.MEETING_SCHEDULED, acting_user)
    return meeting


def get_visible_meeting(meeting_id: int, user: Any) -> Meeting:
    meeting = meetings_visible_to(user).select_related("agreement").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(
            gettext_lazy("no meeting %(meeting)s"), params={"meeting": meeting_id}, field="meeting"
        )
    return meeting


def _managed_meeting(meeting_id: int, user: Any, doing: Any) -> Meeting:
    """The meeting, locked for the caller's transaction, if ``user`` manages it: 404 for those who may
    not see it, 403 for those who may see it but not manage it."""
    meeting = get_visible_meeting(meeting_id, user)
    if not is_mediator(user, meeting.agreement_id):
        raise Forbidden(
            gettext_lazy("only the agreement's mediators %(doing)s"), params={"doing": doing}, field="meeting"
        )
    # The record's lock first, as every writer takes it first: two actions never wait on each other
    # in opposite orders.
    lock_head()
    return Meeting.objects.select_for_update().select_related("agreement").get(pk=meeting.pk)


def _agenda_case(meeting: Meeting, case_id: int, user: Any) -> Case:
    case = cases_visible_to(user).filter(pk=case_id, agreement_id=meeting.agreement_id).first()
    if case is None:
        raise NotFound(
            gettext_lazy("no case %(case)s in %(agreement)s that you can see"),
            params={"case": case_id, "agreement": meeting.agreement_id},
            field="case",
        )
    return case


def do_add_case_to_agenda(meeting_id: int, *, case_id: int, acting_user: Any) -> AgendaItem:
    """Put a case of the meeting's agreement at the end of the agenda of a meeting still scheduled."""
    with transaction.atomic():
        meeting = _managed_meeting(
            meeting_id,
            acting_user,
            pgettext_lazy("mediators' act inside a sentence", "set a meeting's agenda"),
        )
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ActionError(
                gettext_lazy("meeting %(meeting)s is %(status)s; its agenda is closed"),
                params={"meeting": meeting.reference, "status": _status_words(meeting.status)},
                field="meeting",
            )
        case = _agenda_case(meeting, case_id, acting_user)
        if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
            raise ActionError(
                gettext_lazy("case %(case)s is already on the agenda"),
                params={"case": case.reference},
                field="case",
            )
        last = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("position"))["n"] or 0
        item = AgendaItem.objects.create(
            meeting=meeting, case=case, position=last + 1, added_by=acting_user, added_at=clock.now()
        )
        append(
            CaseAddedToAgenda(
                meeting=meeting.pk,
                item=item.pk,
                case=case.pk,
                case_reference=case.reference,
                position=item.position,
            ),
            agreement=meeting.agreement_id,
            actor=acting_user,
        )
    return item


def do_record_decision(
    meeting_id: int, *, case_id: int, text: str, supersedes_id: int | None = None, acting_user: Any
) -> Decision:
    """Record what the meeting decided on a case of its agenda, once the meeting has begun (also after
    it was held, for decisions written up later). ``supersedes_id`` names an earlier decision of this
    meeting on the same case that this one corrects; that one stays in the record, marked superseded."""
    text = text.strip()
    with transaction.atomic():
        meeting = _managed_meeting(
            meeting_id, acting_user, pgettext_lazy("mediators' act inside a sentence", "record decisions")
        )
        if meeting.status == MeetingStatus.CANCELLED:
            raise ActionError(
                gettext_lazy("meeting %(meeting)s was cancelled; it decided nothing"),
                params={"meeting": meeting.reference},
                field="meeting",
            )
        if meeting.scheduled_for > clock.now():
            raise ActionError(
                gettext_lazy(
                    "meeting %(meeting)s has not begun (scheduled for %(when)s); "
                    "record its decisions once it has"
                ),
                params={"meeting": meeting.reference, "when": clock.rfc3339(meeting.scheduled_for)},
                field="meeting",
            )
        case = _agenda_case(meeting, case_id, acting_user)
        item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
        if item is None:
            raise ActionError(
                gettext_lazy(
                    "case %(case)s is not on the agenda of %(meeting)s; only agenda cases are decided"
                ),
                params={"case": case.reference, "meeting": meeting.reference},
                field="case",
            )
        _raise(_text_problem("text", text, MAX_TEXT))
        supersedes = None
        if supersedes_id is not None:
            supersedes = (
                Decision.objects.select_for_update()
                .filter(pk=supersedes_id, meeting=meeting, agenda_item=item)
                .first()
            )
            if supersedes is None:
                raise ActionError(
                    gettext_lazy("no decision %(decision)s on case %(case)s in this meeting to supersede"),
                    params={"decision": supersedes_id, "case": case.reference},
                    field="supersedes",
                )
            if Decision.objects.filter(supersedes=supersedes).exists():
                raise ActionError(
                    gettext_lazy(
                        "decision %(decision)s is already superseded; supersede the latest correction"
                    ),
                    params={"decision": supersedes_id},
                    field="supersedes",
                )
        decision = Decision.objects.create(
            meeting=meeting,
            agenda_item=item,
            text=text,
            supersedes=supersedes,
            recorded_by=acting_user,
            recorded_at=clock.now(),
        )
        append(
            DecisionRecorded(
                meeting=meeting.pk,
                decision=decision.pk,
                case=case.pk,
                case_reference=case.reference,
                supersedes=supersedes_id,
                text=text,
            ),
            agreement=meeting.agreement_id,
            actor=acting_user,
        )
    return decision


def _attendance_problems(attendance: Sequence[str]) -> tuple[list[str], list[FieldProblem]]:
    cleaned = [str(a).strip() for a in attendance]
    problems = []
    if not cleaned:
        problems.append(
            FieldProblem.marked("attendance", gettext_lazy("name at least one delegation that attended"))
        )
    if len(cleaned) > MAX_DELEGATIONS:
        problems.append(
            FieldProblem.marked(
                "attendance",
                gettext_lazy("lists more than %(limit)s delegations"),
                {"limit": MAX_DELEGATIONS},
            )
        )
    seen: set[str] = set()
    for i, name in enumerate(cleaned):
        if not name:
            problems.append(
                FieldProblem.marked(f"attendance[{i}]", gettext_lazy("is blank; name the delegation"))
            )
        elif len(name) > MAX_DELEGATION:
            problems.append(
                FieldProblem.marked(
                    f"attendance[{i}]",
                    gettext_lazy("is longer than %(limit)s characters"),
                    {"limit": MAX_DELEGATION},
                )
            )
        elif name.casefold() in seen:
            problems.append(
                FieldProblem.marked(
                    f"attendance[{i}]", gettext_lazy("%(name)s is listed twice"), {"name": repr(name)}
                )
            )
        seen.add(name.casefold())
    return cleaned, problems


def do_close_meeting(
    meeting_id: int,
    *,
    attendance: Sequence[str],
    next_meeting_at: dt.datetime | None = None,
    schedule_next: bool = False,
    next_place: str = "",
    next_kind: str = "",
    acting_user: Any,
) -> Meeting:
    """Mark a meeting held, with the delegations that attended and the date it set for the next one.
    With ``schedule_next`` the next meeting is scheduled too (same kind and place unless given)."""
    next_place = next_place.strip()
    with transaction.atomic():
        meeting = _managed_meeting(
            meeting_id, acting_user, pgettext_lazy("mediators' act inside a sentence", "close meetings")
        )
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ActionError(
                gettext_lazy("meeting %(meeting)s is already %(status)s"),
                params={"meeting": meeting.reference, "status": _status_words(meeting.status)},
                field="meeting",
            )
        if meeting.scheduled_for > clock.now():
            raise ActionError(
                gettext_lazy(
                    "meeting %(meeting)s has not begun (scheduled for %(when)s); "
                    "close it once it has been held"
                ),
                params={"meeting": meeting.reference, "when": clock.rfc3339(meeting.scheduled_for)},
                field="meeting",
            )
        agreement = registry.parsed(meeting.agreement)
        cleaned, problems = _attendance_problems(attendance)
        if next_meeting_at is not None or schedule_next:
            problems += _when_problems(
                "next_meeting_at", next_meeting_at, agreement, after=meeting.scheduled_for
            )
        if schedule_next:
            problems += _kind_problem("next_kind", next_kind) if next_kind else []
            problems += _text_problem("next_place", next_place, MAX_PLACE, required=False)
        else:
            problems += [
                FieldProblem(name, "is used only when scheduling the next meeting (schedule_next: true)")
                for name, value in (("next_kind", next_kind), ("next_place", next_place))
                if value
            ]
        _raise(problems)
        now = clock.now()
        following = None
        if schedule_next:
            assert next_meeting_at is not None  # _when_problems refused None
            following = _create_meeting(
                meeting.agreement_id,
                kind=next_kind or meeting.kind,
                scheduled_for=next_meeting_at,
                place=next_place or meeting.place,
                title="",
                acting_user=acting_user,
            )
        meeting.status = MeetingStatus.HELD
        meeting.attendance = cleaned
        meeting.next_meeting_at = next_meeting_at
        meeting.next_meeting = following
        meeting.closed_at = now
        meeting.save(update_fields=["status", "attendance", "next_meeting_at", "next_meeting", "closed_at"])
        append(
            MeetingHeld(
                meeting=meeting.pk,
                attendance=cleaned,
                next_meeting_at=None if next_meeting_at is None else clock.rfc3339(next_meeting_at),
                next_meeting={}
                if following is None
                else {
                    "meeting": following.pk,
                    "reference": following.reference,
                    "kind": following.kind,
                    "place": following.place,
                },
            ),
            agreement=meeting.agreement_id,
            actor=acting_user,
        )
        if following is not None:
            _announce(following, Kind.MEETING_SCHEDULED, acting_user)
    return meeting


def do_cancel_meeting(meeting_id: int, *, reason: str, acting_user: Any) -> Meeting:
    """Cancel a meeting that has not been held, saying why."""
    reason = reason.strip()
    with transaction.atomic():
        meeting = _managed_meeting(
            meeting_id, acting_user, pgettext_lazy("mediators' act inside a sentence", "cancel meetings")
        )
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ActionError(
                gettext_lazy("meeting %(meeting)s is already %(status)s"),
                params={"meeting": meeting.reference, "status": _status_words(meeting.status)},
                field="meeting",
            )
        _raise(_text_problem("reason", reason, MAX_REASON))
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = reason
        meeting.cancelled_at = clock.now()
        meeting.save(update_fields=["status", "cancel_reason", "cancelled_at"])
        append(
            MeetingCancelled(meeting=meeting.pk, reason=reason),
            agreement=meeting.agreement_id,
            actor=acting_user,
        )
        _announce(meeting, Kind.MEETING_CANCELLED, acting_user, reason=reason)
    return meeting
