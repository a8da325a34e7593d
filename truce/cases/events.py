"""Record events of the case workflow. Public: what happened to which case and who (role) did it;
sealed: words that are confidential until a finding is published (reasons, findings, replies)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class CaseEvent(RecordEvent):
    case: int

    @property
    def subject(self) -> str:
        return f"case:{self.case}"


@dataclass(frozen=True)
class CaseAdmitted(CaseEvent):
    pass


@dataclass(frozen=True)
class CaseDeclaredInadmissible(CaseEvent):
    reason: str
    sealed = ("reason",)


@dataclass(frozen=True)
class InvestigationStarted(CaseEvent):
    pass


@dataclass(frozen=True)
class MonitorAssigned(CaseEvent):
    monitor: str
    started_investigation: bool
    sealed = ("monitor",)


@dataclass(frozen=True)
class SiteVisitLogged(CaseEvent):
    visit: int
    details: dict[str, Any]
    sealed = ("details",)


@dataclass(frozen=True)
class AccessDenied(CaseEvent):
    denial: int
    denied_by_party: str  # public: denials are counted per party on the ledger
    denied_on: str
    details: dict[str, Any]
    sealed = ("details",)


@dataclass(frozen=True)
class ReplyRequested(CaseEvent):
    party: str
    due_at: str
    notified: int


@dataclass(frozen=True)
class ReplySubmitted(CaseEvent):
    reply: int
    party: str
    text: str
    sealed = ("text",)


@dataclass(frozen=True)
class RepliesMarkedOverdue(RecordEvent):
    """One sweep of the overdue-reply task: every case whose window closed without a reply."""

    cases: list[int]
    at: str

    @property
    def subject(self) -> str:
        return "task:reply-deadlines"


@dataclass(frozen=True)
class CaseEvidenceAdded(CaseEvent):
    evidence: int
    sha256: str
    details: dict[str, Any]
    sealed = ("sha256", "details")


@dataclass(frozen=True)
class CasePublished(CaseEvent):
    pass


@dataclass(frozen=True)
class CaseReopened(CaseEvent):
    reason: str
    sealed = ("reason",)


@dataclass(frozen=True)
class CasesJoined(CaseEvent):
    """``case`` is the one that remains; ``joined`` was merged into it with its reports."""

    joined: int
    reports: list[int]


@dataclass(frozen=True)
class CaseSplit(CaseEvent):
    """Reports of ``case`` moved to the new case ``into``."""

    into: int
    reference: str
    reports: list[int]


@dataclass(frozen=True)
class CaseShared(CaseEvent):
    """A mediator showed the case to ``party`` (which could not see it) so that it may reply;
    ``reply_due_at`` when a reply window it never could use was opened anew."""

    party: str
    reply_due_at: str | None
