"""What the penalty engine reads about one party: its ruled violations, access denials and penalties.

The app builds these from its rows; the engine never reads a database or a clock. Days are the
agreement's local calendar days (``local_day``), because "within 30 days" is counted on the calendar the
parties and mediators live by, not in UTC.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from truce.core.agreement.model import Agreement

__all__ = [
    "AccessDenial",
    "ExistingPenalty",
    "PartyFacts",
    "PenaltyStatus",
    "RuledViolation",
    "local_day",
]


def local_day(agreement: Agreement, moment: dt.datetime) -> dt.date:
    """The agreement's local calendar day at ``moment``. Requires an aware datetime: a naive one has no
    defined day in the agreement's zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_day needs an aware datetime (with a time zone), not a naive one")
    return moment.astimezone(agreement.tz).date()


def _require_day(owner: str, name: str, value: object) -> None:
    # datetime is a subclass of date: accepting one would silently use its UTC-or-whatever calendar day.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(
            f"{owner}: {name} must be a datetime.date (the agreement's local day; see local_day), "
            f"not {value!r}"
        )


def _require_id(owner: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{owner}: the id must be a non-empty string, not {value!r}")


@dataclass(frozen=True)
class RuledViolation:
    """One ruling that found a violation by the party (the responsible party, not the perpetrator).

    ``effective_on`` is the local day the ruling took effect (its quorum was met). ``points`` overrides
    the schedule's severity points (``Agreement.points_for``) when the ruling set them itself.
    ``superseded_on`` is the local day a later ruling superseding or revoking this one took effect: from
    that day on this ruling no longer counts (the superseding ruling, if it also finds a violation, is a
    ``RuledViolation`` of its own).
    """

    id: str  # stable identifier, stored in the machine-readable reasons
    reference: str  # what people call it ("R12"), quoted in the reasons sentence
    case_reference: str
    commitment_id: str
    sub_event_type: str
    effective_on: dt.date
    points: int | None = None
    superseded_on: dt.date | None = None

    def __post_init__(self) -> None:
        _require_id("RuledViolation", self.id)
        if not self.reference:
            raise ValueError(f"RuledViolation {self.id}: the reference (e.g. 'R12') must not be empty")
        _require_day(f"RuledViolation {self.reference}", "effective_on", self.effective_on)
        if self.superseded_on is not None:
            _require_day(f"RuledViolation {self.reference}", "superseded_on", self.superseded_on)
        points = self.points
        if points is not None and (
            isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= 1000
        ):
            raise ValueError(
                f"RuledViolation {self.reference}: points override {self.points!r} must be an integer "
                "0-1000, or None to use the schedule's severity points"
            )

    def counts_on(self, day: dt.date) -> bool:
        """Whether the ruling is part of the record on ``day``: in effect and not yet superseded."""
        return self.effective_on <= day and (self.superseded_on is None or day < self.superseded_on)

    def points_under(self, agreement: Agreement) -> int:
        if self.points is not None:
            return self.points
        if agreement.commitment(self.commitment_id) is None:
            raise ValueError(
                f"ruling {self.reference} cites commitment {self.commitment_id!r}, which agreement "
                f"{agreement.id} does not have; give the ruling a points override or fix its commitment"
            )
        return agreement.points_for(self.commitment_id, self.sub_event_type)


@dataclass(frozen=True)
class AccessDenial:
    """Monitors were denied access by the party on ``day`` (the agreement's local day)."""

    id: str
    day: dt.date
    reference: str = ""  # quoted in the reasons; the id when empty

    def __post_init__(self) -> None:
        _require_id("AccessDenial", self.id)
        _require_day(f"AccessDenial {self.id}", "day", self.day)

    @property
    def label(self) -> str:
        return self.reference or self.id


class PenaltyStatus(enum.StrEnum):
    PROPOSED = "proposed"  # by the engine, awaiting the mediators
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    EXPIRED = "expired"  # confirmed, then lapsed (expires_after_days)
    SUPERSEDED = "superseded"  # replaced by an escalated penalty while proposed or confirmed


# Which statuses leave a penalty open: a proposal not yet decided, or a confirmed penalty (while it has
# not lapsed: see engine.in_force).
OPEN_STATUSES = frozenset({PenaltyStatus.PROPOSED, PenaltyStatus.CONFIRMED})


@dataclass(frozen=True)
class ExistingPenalty:
    """A penalty already on the party's ledger.

    ``basis`` is what the proposal was based on: ``Reasons.basis()`` of the proposal that created it,
    stored by the app. The engine uses it to avoid proposing the same rule again on the same rulings once
    the penalty was declined, has lapsed or was superseded; an empty basis means unknown.
    """

    id: str
    rule_id: str
    status: PenaltyStatus
    proposed_on: dt.date
    confirmed_on: dt.date | None = None
    reference: str = ""  # quoted in the reasons; the id when empty
    basis: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _require_id("ExistingPenalty", self.id)
        owner = f"ExistingPenalty {self.id}"
        status = PenaltyStatus(self.status)  # raises ValueError naming the bad value
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "basis", frozenset(self.basis))
        _require_day(owner, "proposed_on", self.proposed_on)
        if self.confirmed_on is not None:
            _require_day(owner, "confirmed_on", self.confirmed_on)
            if self.confirmed_on < self.proposed_on:
                raise ValueError(f"{owner}: confirmed on {self.confirmed_on}, before it was proposed")
        if status in (PenaltyStatus.CONFIRMED, PenaltyStatus.EXPIRED) and self.confirmed_on is None:
            raise ValueError(f"{owner}: a {status} penalty needs confirmed_on (the day it was confirmed)")
        if status in (PenaltyStatus.PROPOSED, PenaltyStatus.DECLINED) and self.confirmed_on is not None:
            raise ValueError(f"{owner}: a {status} penalty was never confirmed; leave confirmed_on None")

    @property
    def label(self) -> str:
        return self.reference or self.id


@dataclass(frozen=True)
class PartyFacts:
    """Everything the engine counts for one party. The order of each sequence does not matter; ids must
    be unique within each kind (a repeated ruling would be counted twice)."""

    violations: tuple[RuledViolation, ...] = ()
    access_denials: tuple[AccessDenial, ...] = ()
    penalties: tuple[ExistingPenalty, ...] = ()

    def __post_init__(self) -> None:
        for name in ("violations", "access_denials", "penalties"):
            items = tuple(getattr(self, name))
            object.__setattr__(self, name, items)
            _require_unique(name, (item.id for item in items))


def _require_unique(kind: str, ids: Iterable[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"PartyFacts: {kind} id {item_id!r} appears twice; give each its own id")
        seen.add(item_id)
