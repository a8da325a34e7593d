from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class PenaltyConfirmationGiven(RecordEvent):
    """An officer confirmed a proposed penalty; it is not yet confirmed: the quorum is not met."""

    penalty: int
    party: str
    rule: str
    body: str
    reason: str
    sealed = ("reason",)

    @property
    def subject(self) -> str:
        return f"penalty:{self.penalty}"


@dataclass(frozen=True)
class PenaltyDecided(RecordEvent):
    penalty: int
    party: str
    rule: str
    decision: str  # "confirmed" or "declined"
    reason: str
    sealed = ("reason",)

    @property
    def subject(self) -> str:
        return f"penalty:{self.penalty}"


@dataclass(frozen=True)
class PenaltiesReviewed(RecordEvent):
    """A run of the penalty engine for one party outside a ruling (the daily task, or on request):
    proposals made, penalties lapsed."""

    party: str
    as_of: str
    proposed: list[dict[str, Any]]
    expired: list[int]

    @property
    def subject(self) -> str:
        return f"party:{self.party}"
