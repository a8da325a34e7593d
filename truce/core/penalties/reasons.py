"""A proposal's reasons: one sentence per deciding comparison, and the same in machine-readable form.

The sentence names exactly the items each window counted, by the references people use:
``rulings R12, R15 and R19 within 30 days: 9 points ≥ 8``. The machine form (``Reasons.as_dict``) holds
the rule, its condition, and every variable of the condition with its window, value and the ids counted,
so the app can store it beside the penalty and show or re-check it later; it contains only strings,
integers, null, lists and objects (``truce.core.canonical`` encodes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from truce.core.agreement.conditions import Comparison, Facts, Outcome, Variable
from truce.core.penalties.windows import KIND, Tally

__all__ = ["Reasons", "build_reasons"]

_NOUNS = {
    "ruling": ("ruling", "rulings"),
    "access_denial": ("access denial", "access denials"),
    "penalty": ("penalty", "penalties"),
}


@dataclass(frozen=True)
class Reasons:
    rule_id: str
    condition: str  # the rule's `when`, as written in the agreement
    as_of: dt.date
    statements: tuple[str, ...]  # one per comparison that decided the outcome, in condition order
    deciding: tuple[str, ...]  # names of the variables those comparisons read ("points_30d")
    tallies: tuple[Tally, ...]  # every variable of the condition, by name

    @property
    def text(self) -> str:
        return "; ".join(self.statements)

    def basis(self) -> frozenset[str]:
        """The items the deciding comparisons counted, as ``"<kind>:<id>"`` (``"ruling:17"``). Store it
        with the penalty (``ExistingPenalty.basis``): a rule is not proposed again on a subset of it."""
        return frozenset(
            f"{c.kind}:{c.id}" for t in self.tallies if t.variable.name in self.deciding for c in t.counted
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "condition": self.condition,
            "as_of": self.as_of.isoformat(),
            "text": self.text,
            "statements": list(self.statements),
            "deciding": list(self.deciding),
            "variables": [t.as_dict() for t in self.tallies],
        }


def build_reasons(
    rule_id: str, condition: str, outcome: Outcome, tallies: dict[Variable, Tally], as_of: dt.date
) -> Reasons:
    """Reasons for ``outcome`` (from ``Condition.explain``). Requires ``tallies`` to hold every variable
    the condition reads, counted on ``as_of``."""
    facts: Facts = lambda measure, window: tallies[Variable(measure, window)].value  # noqa: E731
    statements = tuple(_statement(c, tallies, facts) for c in outcome.comparisons)
    deciding = sorted({v.name for c in outcome.comparisons for v in _variables(c)})
    ordered = sorted(tallies.values(), key=lambda t: t.variable.name)
    return Reasons(rule_id, condition, as_of, statements, tuple(deciding), tuple(ordered))


def _variables(comparison: Comparison) -> list[Variable]:
    found = [v for v in (comparison.left, comparison.right) if isinstance(v, Variable)]
    return list(dict.fromkeys(found))


def _statement(comparison: Comparison, tallies: dict[Variable, Tally], facts: Facts) -> str:
    variables = _variables(comparison)
    windows = " and ".join(_items(tallies[v]) for v in variables)
    # With two variables ("points_30d > points_7d") the bare "5 points > 2 points" would not say which
    # window is which, so both sides keep their windows.
    two_sided = isinstance(comparison.left, Variable) and isinstance(comparison.right, Variable)
    _, stated = comparison.state(facts, windows=two_sided)
    return f"{windows}: {stated}"


def _items(tally: Tally) -> str:
    singular, plural = _NOUNS[KIND[tally.variable.measure]]
    labels = [c.label for c in tally.counted]
    if not labels:
        listed = f"no {plural}"
    elif len(labels) == 1:
        listed = f"{singular} {labels[0]}"
    else:
        listed = f"{plural} {', '.join(labels[:-1])} and {labels[-1]}"
    days = tally.variable.window_days
    if days is None:
        return f"{listed} since the agreement took effect"
    return f"{listed} within {'1 day' if days == 1 else f'{days} days'}"
