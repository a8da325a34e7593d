"""When several rules of one escalation ladder hold, only the strictest is proposed, and it supersedes the
open penalties of the rules it escalates from; rules outside the ladder are proposed on their own."""

from __future__ import annotations

from truce.core.penalties import escalations, evaluate

from .conftest import day, denial, facts, penalty, ruling, strike


def proposed(agreement, record, as_of, party="AA"):
    return {p.rule_id: p for p in evaluate(agreement, party, record, as_of)}


def test_the_milder_rule_alone_is_proposed_when_only_it_holds(agreement):
    found = proposed(agreement, facts(strike("R1", day(5))), day(10))
    assert list(found) == ["warn"]
    assert found["warn"].supersedes == ()
    assert found["warn"].severity == 1 and found["warn"].measure == "Formal warning"


def test_escalation_proposes_only_the_stricter_rule_and_supersedes_the_open_warning(agreement):
    record = facts(
        strike("R1", day(5)),
        strike("R2", day(12)),
        strike("R3", day(20)),
        penalty("X1", "warn", "confirmed", day(5), day(6)),
    )
    found = proposed(agreement, record, day(20))
    assert list(found) == ["attribute"]
    assert found["attribute"].supersedes == ("X1",)


def test_escalation_supersedes_a_proposal_still_awaiting_the_mediators(agreement):
    record = facts(strike("R1", day(5)), strike("R2", day(12)), strike("R3", day(20)))
    record = facts(*record.violations, penalty("X1", "warn", "proposed", day(5)))
    assert proposed(agreement, record, day(20))["attribute"].supersedes == ("X1",)


def test_escalation_leaves_closed_and_lapsed_penalties_alone(agreement):
    record = facts(
        strike("R1", day(100)),
        strike("R2", day(101)),
        strike("R3", day(102)),
        penalty("X1", "warn", "declined", day(1)),
        penalty("X2", "warn", "expired", day(2), day(3)),
        penalty("X3", "warn", "confirmed", day(4), day(5)),  # lapsed on day(65), status not yet updated
    )
    assert proposed(agreement, record, day(102))["attribute"].supersedes == ()


def test_escalation_is_transitive_along_the_ladder(agreement):
    # 15 points in 90 days with a confirmed penalty in the year: suspend holds, and so do warn and
    # attribute; suspend escalates from both, so only suspend is proposed and it supersedes both.
    strikes = [strike(f"R{i}", day(60 + i)) for i in range(5)]
    record = facts(
        *strikes,
        penalty("X1", "warn", "superseded", day(30), day(31)),
        penalty("X2", "attribute", "proposed", day(62)),
        penalty("X3", "warn", "proposed", day(61)),
    )
    found = proposed(agreement, record, day(64))
    assert list(found) == ["suspend"]
    assert found["suspend"].supersedes == ("X2", "X3")


def test_the_top_of_the_ladder_suppresses_the_bottom_even_when_the_middle_does_not_hold(agreement):
    # 15 points spread over 90 days, at most 6 in the last 30: warn and suspend hold, attribute does not.
    strikes = [strike(f"R{i}", day(10 + 15 * i)) for i in range(5)]
    record = facts(*strikes, penalty("X1", "warn", "expired", day(5), day(5)))
    found = proposed(agreement, record, day(70))
    assert list(found) == ["suspend"]


def test_rules_outside_the_ladder_are_proposed_beside_it(agreement):
    record = facts(strike("R1", day(5)), denial("D1", day(6)), denial("D2", day(7)))
    assert list(proposed(agreement, record, day(8))) == ["warn", "obstruct"]


def test_a_stricter_rule_does_not_supersede_penalties_outside_its_ladder(agreement):
    record = facts(
        *(strike(f"R{i}", day(5 + i)) for i in range(3)),
        penalty("X1", "obstruct", "confirmed", day(1), day(2)),
    )
    assert proposed(agreement, record, day(8))["attribute"].supersedes == ()


def test_escalations_follow_replaces_transitively(agreement):
    ladder = escalations(agreement)
    assert ladder["suspend"] == {"attribute", "warn"}
    assert ladder["attribute"] == {"warn"}
    assert ladder["warn"] == ladder["obstruct"] == frozenset()


def test_rules_replacing_each_other_in_a_cycle_are_both_proposed(write_agreement):
    cyclic = write_agreement(
        """
[[penalty]]
id = "a"
when = "violations_30d >= 1"
measure = "A"
replaces = ["b"]

[[penalty]]
id = "b"
when = "violations_30d >= 1"
measure = "B"
replaces = ["a"]

[[penalty]]
id = "c"
when = "violations_30d >= 1"
measure = "C"
replaces = ["a"]
"""
    )
    assert escalations(cyclic) == {"a": frozenset(), "b": frozenset(), "c": {"a", "b"}}
    assert [p.rule_id for p in evaluate(cyclic, "AA", facts(ruling("R1", day(1))), day(1))] == ["c"]
