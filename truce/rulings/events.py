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
    penalty engine's proposals for the responsible party are listed."""

    ruling: int
    case: int
    body: str
    signatures: int
    in_force: bool
    published: bool
    superseded: int | None
    penalties_proposed: list[dict[str, Any]]  # reference, rule, measure, reasons of each proposal
    sealed = ("penalties_proposed",)

    @property
    def subject(self) -> str:
        return f"ruling:{self.ruling}"
