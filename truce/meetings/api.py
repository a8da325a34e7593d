from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from truce.apitypes import Moment, Page
from truce.core.incident import MAX_ATTENDANCE
from truce.meetings import actions
from truce.meetings.models import MeetingKind
from truce.meetings.present import decision_dict, meeting_detail_dict, meeting_dict
from truce.meetings.visibility import meetings_visible_to

router = Router(tags=["meetings"])

KINDS = ", ".join(MeetingKind.values)

# The Istanbul round of 6-7 November 2025 is the kind of meeting these examples describe.
EXAMPLE_MEETING: dict[str, Any] = {
    "agreement": "pak-afg-2025",
    "kind": "joint_commission",
    "scheduled_for": "2025-11-06T10:00:00+03:00",
    "place": "Istanbul",
    "title": "Joint commission, first session",
}
EXAMPLE_AGENDA: dict[str, Any] = {"case": 1}
EXAMPLE_DECISION: dict[str, Any] = {
    "case": 1,
    "text": (
        "The commission asks the monitors to visit both border posts within seven days and to report "
        "to its next session; the accused party is invited to reply within the reply window."
    ),
    "supersedes": None,
}
EXAMPLE_CLOSE: dict[str, Any] = {
    "attendance": ["Pakistan delegation", "Afghanistan delegation", "Qatar (mediator)", "Türkiye (mediator)"],
    "next_meeting_at": "2025-11-20T10:00:00+03:00",
    "schedule_next": True,
    "next_place": "Doha",
    "next_kind": None,
}
EXAMPLE_CANCEL: dict[str, Any] = {
    "reason": "One delegation could not travel; the mediators will propose a date."
}


class MeetingIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_MEETING]})  # type: ignore[dict-item]

    agreement: str
    kind: str = Field(description=f"One of: {KINDS}")
    scheduled_for: Moment = Field(
        description="Date and time with its zone; not before the agreement came into force"
    )
    place: str
    title: str = ""


class AgendaIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_AGENDA]})  # type: ignore[dict-item]

    case: int = Field(description="A case of the meeting's agreement; it goes to the end of the agenda")


class DecisionIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_DECISION]})  # type: ignore[dict-item]

    case: int = Field(description="A case on the meeting's agenda")
    text: str
    supersedes: int | None = Field(
        None, description="An earlier decision of this meeting on the same case that this one corrects"
    )


class CloseIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_CLOSE]})  # type: ignore[dict-item]

    attendance: list[str] = Field(
        max_length=MAX_ATTENDANCE, description="The delegations that attended, as they should be minuted"
    )
    next_meeting_at: Moment | None = Field(None, description="The date set for the next meeting")
    schedule_next: bool = Field(False, description="Also schedule that next meeting")
    next_place: str = Field("", description="Where the next meeting is held (default: the same place)")
    next_kind: str | None = Field(None, description=f"Kind of the next meeting (default: the same): {KINDS}")


class CancelIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_CANCEL]})  # type: ignore[dict-item]

    reason: str


class CaseRefOut(Schema):
    id: int
    reference: str


class AgendaCaseOut(Schema):
    id: int
    reference: str
    title: str
    status: str
    accused_party: str


class AgendaItemOut(Schema):
    position: int = Field(description="Counts the items you see (1, 2, 3…), so no gap reveals a hidden case")
    item: int
    case: AgendaCaseOut
    added_at: str
    decisions: list[DecisionOut]


class MeetingOut(Schema):
    id: int
    reference: str
    agreement: str
    kind: str
    kind_label: str
    title: str
    scheduled_for: str
    scheduled_for_local: str | None
    place: str
    status: str
    attendance: list[str]
    next_meeting_at: str | None
    next_meeting_at_local: str | None
    next_meeting: int | None
    closed_at: str | None
    cancelled_at: str | None
    cancel_reason: str
    agenda: list[AgendaItemOut] | None = None


class DecisionOut(Schema):
    id: int
    case: CaseRefOut
    text: str
    supersedes: int | None
    superseded_by: int | None
    current: bool
    recorded_at: str
    recorded_by: str | None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("", response=list[MeetingOut], summary="Meetings of your agreement, latest first")
def list_meetings(request: HttpRequest, page: Query[Page]) -> list[dict[str, Any]]:
    rows = page.of(meetings_visible_to(_user(request)).select_related("agreement"))
    return [meeting_dict(m) for m in rows]


@router.post("", response={201: MeetingOut}, summary="Schedule a meeting (mediators)")
def schedule_meeting(request: HttpRequest, payload: MeetingIn) -> Status:
    user = _user(request)
    meeting = actions.do_schedule_meeting(
        agreement_id=payload.agreement,
        kind=payload.kind,
        scheduled_for=payload.scheduled_for,
        place=payload.place,
        title=payload.title,
        acting_user=user,
    )
    return Status(201, meeting_detail_dict(meeting, user))


@router.get(
    "/{meeting_id}",
    response=MeetingOut,
    summary="One meeting with the agenda cases you may see and the decisions on them",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    user = _user(request)
    return meeting_detail_dict(actions.get_visible_meeting(meeting_id, user), user)


@router.post(
    "/{meeting_id}/agenda",
    response={201: MeetingOut},
    summary="Add a case to the end of the agenda (mediators; the meeting must still be scheduled)",
)
def add_to_agenda(request: HttpRequest, meeting_id: int, payload: AgendaIn) -> Status:
    user = _user(request)
    item = actions.do_add_case_to_agenda(meeting_id, case_id=payload.case, acting_user=user)
    return Status(201, meeting_detail_dict(actions.get_visible_meeting(item.meeting_id, user), user))


@router.post(
    "/{meeting_id}/decisions",
    response={201: DecisionOut},
    summary="Record a decision on an agenda case, or a correction that supersedes one (mediators)",
)
def record_decision(request: HttpRequest, meeting_id: int, payload: DecisionIn) -> Status:
    user = _user(request)
    decision = actions.do_record_decision(
        meeting_id,
        case_id=payload.case,
        text=payload.text,
        supersedes_id=payload.supersedes,
        acting_user=user,
    )
    return Status(201, decision_dict(decision, user, decision.agenda_item.case))


@router.post(
    "/{meeting_id}/close",
    response=MeetingOut,
    summary="Mark the meeting held, with attendance and the next meeting's date (mediators)",
)
def close_meeting(request: HttpRequest, meeting_id: int, payload: CloseIn) -> dict[str, Any]:
    user = _user(request)
    meeting = actions.do_close_meeting(
        meeting_id,
        attendance=payload.attendance,
        next_meeting_at=payload.next_meeting_at,
        schedule_next=payload.schedule_next,
        next_place=payload.next_place,
        next_kind=payload.next_kind or "",
        acting_user=user,
    )
    return meeting_detail_dict(meeting, user)


@router.post(
    "/{meeting_id}/cancel", response=MeetingOut, summary="Cancel a meeting not yet held, with the reason"
)
def cancel_meeting(request: HttpRequest, meeting_id: int, payload: CancelIn) -> dict[str, Any]:
    user = _user(request)
    meeting = actions.do_cancel_meeting(meeting_id, reason=payload.reason, acting_user=user)
    return meeting_detail_dict(meeting, user)
