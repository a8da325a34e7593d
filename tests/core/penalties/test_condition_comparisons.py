"""What the engine needs from the condition language: the deciding comparisons beside their reasons, and
each comparison stated without its window."""

from __future__ import annotations

from truce.core.agreement.conditions import Outcome, parse


def values(**named):
    def facts(measure, window):
        return named[f"{measure}_{'total' if window is None else f'{window}d'}"]

    return facts


def test_the_deciding_comparisons_are_parallel_to_the_reasons():
    condition = parse("points_30d >= 8 or (violations_7d >= 3 and not access_denials_30d < 1)")
    outcome = condition.explain(values(points_30d=2, violations_7d=4, access_denials_30d=1))
    assert outcome.reasons == ("4 violations in 7 days ≥ 3", "1 access denial in 30 days ≥ 1")
    facts = values(violations_7d=4, access_denials_30d=1)
    stated = [c.state(facts, windows=False)[1] for c in outcome.comparisons]
    assert stated == ["4 violations ≥ 3", "1 access denial ≥ 1"]


def test_a_failed_and_names_only_its_first_failing_comparison():
    outcome = parse("points_30d >= 3 and violations_7d >= 2").explain(values(points_30d=1, violations_7d=0))
    assert not outcome.held
    assert len(outcome.comparisons) == len(outcome.reasons) == 1
    assert outcome.comparisons[0].state(values(points_30d=1), windows=False) == (False, "1 point < 3")


def test_outcomes_still_compare_by_held_and_reasons_only():
    outcome = parse("8 <= points_total").explain(values(points_total=9))
    assert outcome == Outcome(True, ("9 points in total ≥ 8",))
    assert outcome.comparisons[0].state(values(points_total=9), windows=False) == (True, "9 points ≥ 8")
