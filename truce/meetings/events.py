"""Record events of meetings. Places, attendance and reasons are sealed with the decision texts: where
and with whom the principals meet is a security matter, and a reason may speak of confidential cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class MeetingScheduled(RecordEvent):
    meeting: int
    reference: str
    kind: str
    scheduled_for: str  # RFC 3339, UTC
    place: str
    title: str
    sealed = ("place", "title")

    @property
    def subject(self) -> str:
        return f"meeting:{self.meeting}"


@dataclass(frozen=True)
class CaseAddedToAgenda(RecordEvent):
    meeting: int
    item: int
    case: int
    case_reference: str
    position: int

    @property
    def subject(self) -> str:
        return f"meeting:{self.meeting}"


@dataclass(frozen=True)
class DecisionRecorded(RecordEvent):
    meeting: int
    decision: int
    case: int
    case_reference: str
    supersedes: int | None
    text: str
    sealed = ("text",)

    @property
    def subject(self) -> str:
        return f"meeting:{self.meeting}"


@dataclass(frozen=True)
class MeetingHeld(RecordEvent):
    """Closing a meeting may schedule the next one; that meeting is part of this one fact
    (``next_meeting``), so an action still appends exactly one event."""

    meeting: int
    attendance: list[str]
    next_meeting_at: str | None  # RFC 3339, UTC
    # {"meeting", "reference", "kind", "place"} when closing scheduled it, else {} (an opening is never null)
    next_meeting: dict[str, Any]
    sealed = ("attendance", "next_meeting")

    @property
    def subject(self) -> str:
        return f"meeting:{self.meeting}"


@dataclass(frozen=True)
class MeetingCancelled(RecordEvent):
    meeting: int
    reason: str
    sealed = ("reason",)

    @property
    def subject(self) -> str:
        return f"meeting:{self.meeting}"
