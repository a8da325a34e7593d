from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class RulingDrafted(RecordEvent):
    ruling: int
    case: int
    reference: str
    supersedes: int | None
    finding: dict[str, Any]  # outcome, commitment, parties, confidence, reasons, evidence: until published
    sealed = ("finding",)

    @property
    def subject(self) -> str:
        return f"ruling:{self.ruling}"


@dataclass(frozen=True)
class RulingSigned(RecordEvent):
    """One signature. When it completes the quorum the ruling is in force (``in_force``), the ruling it
    revises is superseded, the case may be published at once (agreement's ``publish_after``), and the
    penalty engine's proposals for the responsible party are listed.

    Event version 3 (``event_version``; docs/record.md §1.5) adds ``as_of``, the agreement's local day
    the engine ran on ("" when it did not run), ``expired``, the penalties that run let lapse, and in
    each proposal its severity, machine-readable reasons, basis and the penalties it superseded.
    Version 1 entries, written before, have none of these."""

    ruling: int
    case: int
    body: str
    signatures: int
    in_force: bool
    published: bool
    superseded: int | None
    penalties_proposed: list[dict[str, Any]]  # each proposal: truce.penalties.actions.proposal_json
    as_of: str
    expired: list[int]
    event_version: int
    sealed = ("penalties_proposed",)

    @property
    def subject(self) -> str:
        return f"ruling:{self.ruling}"
