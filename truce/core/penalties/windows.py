"""Rolling windows: what each condition variable (``points_30d``, ``penalties_total``...) counts on a day.

A window ends on ``as_of`` inclusive. ``_<N>d`` covers the N local days ``as_of - (N - 1)`` to ``as_of``
(so ``_1d`` is ``as_of`` alone, and a ruling exactly N days before ``as_of`` is outside); ``_total``
covers ``in_force`` to ``as_of``. Nothing dated before ``in_force`` or after ``as_of`` counts.
``docs/agreement-format.md`` ("How the penalty engine evaluates the schedule") states the same rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from truce.core.agreement.conditions import ConditionError, Variable, parse
from truce.core.agreement.model import Agreement
from truce.core.penalties.facts import PartyFacts, PenaltyStatus

__all__ = ["Counted", "Tally", "tally", "window_days"]

# What kind of item each measure counts, as named in the machine-readable reasons.
KIND = {
    "points": "ruling",
    "violations": "ruling",
    "access_denials": "access_denial",
    "penalties": "penalty",
    "confirmed_penalties": "penalty",
}


@dataclass(frozen=True)
class Counted:
    """One item a window counted. ``points`` is set for rulings (what the ruling weighs), else None."""

    kind: str  # "ruling" | "access_denial" | "penalty"
    id: str
    label: str  # the reference people use ("R12"); the id when the item has none
    day: dt.date  # the day it is counted by (ruling effective, denial, penalty proposed or confirmed)
    points: int | None = None

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "kind": self.kind,
            "id": self.id,
            "reference": self.label,
            "day": self.day.isoformat(),
        }
        if self.points is not None:
            found["points"] = self.points
        return found


@dataclass(frozen=True)
class Tally:
    """A variable's value on ``last_day`` and the items behind it, in (day, label, id) order.

    ``first_day > last_day`` means an empty window (``as_of`` before the agreement took effect)."""

    variable: Variable
    value: int
    first_day: dt.date
    last_day: dt.date
    counted: tuple[Counted, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.variable.name,
            "measure": self.variable.measure,
            "window_days": self.variable.window_days,
            "from": self.first_day.isoformat(),
            "to": self.last_day.isoformat(),
            "value": self.value,
            "counted": [c.as_dict() for c in self.counted],
        }


def window_days(agreement: Agreement, variable: Variable, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last local day (both inclusive) that ``variable`` counts on ``as_of``."""
    first = agreement.in_force
    if variable.window_days is not None:
        # A window reaching before year 1 starts at in_force anyway.
        with contextlib.suppress(OverflowError):
            first = max(first, as_of - dt.timedelta(days=variable.window_days - 1))
    return first, as_of


def tally(agreement: Agreement, facts: PartyFacts, as_of: dt.date, variable: Variable | str) -> Tally:
    """Count one variable for the party on ``as_of``; ``variable`` may be a name like ``"points_30d"``.
    Requires every counted ruling's commitment to exist in ``agreement`` (or the ruling to carry points).
    """
    if isinstance(variable, str):
        variable = _variable(variable)
    first, last = window_days(agreement, variable, as_of)
    measure = variable.measure
    counted: list[Counted] = []
    if measure in ("points", "violations"):
        for ruling in facts.violations:
            if first <= ruling.effective_on <= last and ruling.counts_on(as_of):
                points = ruling.points_under(agreement)
                counted.append(Counted("ruling", ruling.id, ruling.reference, ruling.effective_on, points))
    elif measure == "access_denials":
        for denial in facts.access_denials:
            if first <= denial.day <= last:
                counted.append(Counted("access_denial", denial.id, denial.label, denial.day))
    elif measure == "penalties":
        # Every penalty that was proposed and not declined: a superseded or lapsed one was still imposed
        # or pending at the time, and the schedule counts how often the party drew a penalty.
        for penalty in facts.penalties:
            if penalty.status != PenaltyStatus.DECLINED and first <= penalty.proposed_on <= last:
                counted.append(Counted("penalty", penalty.id, penalty.label, penalty.proposed_on))
    elif measure == "confirmed_penalties":
        for penalty in facts.penalties:
            day = penalty.confirmed_on
            if day is not None and first <= day <= last:
                counted.append(Counted("penalty", penalty.id, penalty.label, day))
    else:  # the condition parser admits only the measures above
        raise ValueError(f"unknown measure {measure!r}")
    counted.sort(key=lambda c: (c.day, c.label, c.id))
    value = sum(c.points or 0 for c in counted) if measure == "points" else len(counted)
    return Tally(variable, value, first, last, tuple(counted))


def _variable(name: str) -> Variable:
    try:
        (found,) = parse(f"{name} >= 0").variables()
    except (ConditionError, ValueError) as exc:
        raise ValueError(f"{name!r} is not a measure such as points_30d or violations_total: {exc}") from exc
    return found
