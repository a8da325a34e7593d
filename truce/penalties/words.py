"""A penalty's reasons in the reader's language.

The record and the API keep the engine's English sentence (``Penalty.reasons_text``, made by
truce.core.penalties.reasons). Pages and notices write the same reasons in the active language from the
machine-readable reasons stored beside it (``Penalty.reasons``, ``Reasons.as_dict``): the rule's condition
is evaluated again on the stored values, which gives the same deciding comparisons, and each is written
with the items its windows counted. In English this gives back ``reasons_text`` exactly
(tests/app/test_penalty_reasons_in_language.py checks it). Reasons stored in a shape this cannot read are
shown as their stored text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext, ngettext, pgettext

from truce.core.agreement.conditions import ConditionError, Variable, parse
from truce.core.penalties.windows import KIND

# How many of a measure, written for people: "9 points", "1 access denial".
_COUNTS: dict[str, Callable[[int], str]] = {
    "points": lambda n: ngettext("%(count)s point", "%(count)s points", n) % {"count": n},
    "violations": lambda n: ngettext("%(count)s violation", "%(count)s violations", n) % {"count": n},
    "access_denials": lambda n: (
        ngettext("%(count)s access denial", "%(count)s access denials", n) % {"count": n}
    ),
    "penalties": lambda n: ngettext("%(count)s penalty", "%(count)s penalties", n) % {"count": n},
    "confirmed_penalties": lambda n: (
        ngettext("%(count)s confirmed penalty", "%(count)s confirmed penalties", n) % {"count": n}
    ),
}


def _none(kind: str) -> str:
    return {
        "ruling": gettext("no rulings"),
        "access_denial": gettext("no access denials"),
        "penalty": gettext("no penalties"),
    }[kind]


def _one(kind: str, label: str) -> str:
    return {
        "ruling": gettext("ruling %(reference)s"),
        "access_denial": gettext("access denial %(reference)s"),
        "penalty": gettext("penalty %(reference)s"),
    }[kind] % {"reference": label}


def _many(kind: str, labels: list[str]) -> str:
    params = {"references": ", ".join(labels[:-1]), "last": labels[-1]}
    return {
        "ruling": gettext("rulings %(references)s and %(last)s"),
        "access_denial": gettext("access denials %(references)s and %(last)s"),
        "penalty": gettext("penalties %(references)s and %(last)s"),
    }[kind] % params


def _items(tally: Mapping[str, Any]) -> str:
    """ "rulings R12, R15 and R19 within 30 days": what a window counted, and the window."""
    kind = KIND[tally["measure"]]
    labels = [str(c["reference"]) for c in tally["counted"]]
    if not labels:
        listed = _none(kind)
    elif len(labels) == 1:
        listed = _one(kind, labels[0])
    else:
        listed = _many(kind, labels)
    days = tally["window_days"]
    if days is None:
        return gettext("%(items)s since the agreement took effect") % {"items": listed}
    return ngettext("%(items)s within %(days)s day", "%(items)s within %(days)s days", days) % {
        "items": listed,
        "days": days,
    }


def _side(operand: Variable | int, value: int, windows: bool) -> str:
    if isinstance(operand, int):
        return str(value)
    count = _COUNTS[operand.measure](value)
    if not windows:
        return count
    if operand.window_days is None:
        return gettext("%(count)s in total") % {"count": count}
    days = operand.window_days
    return ngettext("%(count)s in %(days)s day", "%(count)s in %(days)s days", days) % {
        "count": count,
        "days": days,
    }


def _written(detail: Mapping[str, Any]) -> str:
    tallies = {(t["measure"], t["window_days"]): t for t in detail["variables"]}
    by_variable = {Variable(m, w): t for (m, w), t in tallies.items()}

    def facts(measure: str, window: int | None) -> int:
        value = tallies[(measure, window)]["value"]
        return int(value)

    outcome = parse(detail["condition"]).explain(facts)
    statements = []
    for comparison in outcome.comparisons:
        variables = list(
            dict.fromkeys(v for v in (comparison.left, comparison.right) if isinstance(v, Variable))
        )
        counted = [_items(by_variable[v]) for v in variables]
        windows = (
            counted[0]
            if len(counted) == 1
            else gettext("%(one)s and %(other)s")
            % {
                "one": counted[0],
                "other": counted[1],
            }
        )
        # Both sides keep their windows when both are variables, as in the engine's sentence.
        two_sided = isinstance(comparison.left, Variable) and isinstance(comparison.right, Variable)
        _held, left, left_value, sign, right, right_value = comparison.stands(facts)
        stated = f"{_side(left, left_value, two_sided)} {sign} {_side(right, right_value, two_sided)}"
        statements.append(
            pgettext("a penalty's reason: what was counted, then the comparison", "%(counted)s: %(stated)s")
            % {"counted": windows, "stated": stated}
        )
    return pgettext("between a penalty's reasons", "; ").join(statements)


def reasons_words(detail: Any, text: str) -> str:
    """The reasons ``detail`` (``Penalty.reasons``) in the active language; ``text``, the stored English
    sentence, when ``detail`` is missing or of a shape this does not read."""
    if not isinstance(detail, Mapping) or "condition" not in detail or "variables" not in detail:
        return text
    try:
        return _written(detail) or text
    except (ConditionError, KeyError, TypeError, ValueError):
        return text
