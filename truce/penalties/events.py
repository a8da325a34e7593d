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
    proposals made, penalties lapsed.

    Event version 3 (``event_version``; docs/record.md §1.5): each proposal also carries its severity,
    machine-readable reasons, basis and the penalties it superseded, and ``proposed`` is sealed (a
    penalty and its reasons are seen by the mediators and the party's own liaison officers only).
    Version 1 entries, written before, have no ``event_version`` and a public ``proposed`` holding
    penalty, reference, rule, measure and reasons text."""

    party: str
    as_of: str
    proposed: list[dict[str, Any]]
    expired: list[int]
    event_version: int
    sealed = ("proposed",)

    @property
    def subject(self) -> str:
        return f"party:{self.party}"
