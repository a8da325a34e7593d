"""Who must sign a ruling before it takes effect: the agreement's ``procedure.ruling_quorum``.

Forms (``docs/agreement-format.md``, "Ruling quorum"):

- ``"each-mediator"`` — one officer of every mediator (the default; DESIGN.md's Doha/Istanbul reading);
- ``"any-mediator"`` — one officer of any mediator;
- ``"mission"`` — ``procedure.mission_officers`` distinct officers of the monitoring mission (default 1);
- an integer N — N distinct officers from the signatory bodies, in any mix.

The rulings app (``truce.rulings``) calls ``Agreement.quorum_met`` with the signatures it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["QUORUM_KINDS", "Quorum"]

QUORUM_KINDS = ("each-mediator", "any-mediator", "mission", "count")


@dataclass(frozen=True)
class Quorum:
    kind: str  # one of QUORUM_KINDS
    officers: int  # distinct officers needed for "mission" and "count"; 1 for the mediator forms

    def is_met(self, signatures: Iterable[tuple[str, str]], bodies: Iterable[str]) -> bool:
        """``signatures``: (officer id, body code) pairs; ``bodies``: the signatory bodies' codes."""
        allowed = set(bodies)
        signed = {(officer, body) for officer, body in signatures if body in allowed}
        if self.kind == "each-mediator":
            return bool(allowed) and {body for _, body in signed} == allowed
        officers = {officer for officer, _ in signed}
        return len(officers) >= self.officers

    def describe(self) -> str:
        if self.kind == "each-mediator":
            return "one officer of each mediator"
        if self.kind == "any-mediator":
            return "one officer of any mediator"
        if self.kind == "mission":
            return f"{self.officers} officer{'s' if self.officers != 1 else ''} of the monitoring mission"
        return f"{self.officers} distinct officer{'s' if self.officers != 1 else ''} of the signatory bodies"
