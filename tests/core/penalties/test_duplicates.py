"""A rule is not proposed while a penalty of it, or of a stricter rule above it, is open; and not again
on the same rulings once a penalty of it was declined, has lapsed or was superseded."""

from __future__ import annotations

from truce.core.penalties import evaluate

from .conftest import day, facts, penalty, ruling, strike


def rule_ids(agreement, record, as_of):
    return [p.rule_id for p in evaluate(agreement, "AA", record, as_of)]


def test_no_second_proposal_while_the_first_awaits_the_mediators(agreement):
    record = facts(strike("R1", day(5)), penalty("X1", "warn", "proposed", day(5)))
    assert rule_ids(agreement, record, day(6)) == []


def test_no_second_proposal_while_a_confirmed_penalty_is_in_force(agreement):
    record = facts(
        strike("R1", day(5)), strike("R2", day(64)), penalty("X1", "warn", "confirmed", day(5), day(5))
    )
    assert rule_ids(agreement, record, day(64)) == []  # in force through day(64): lapses on day(65)


def test_a_new_proposal_once_the_confirmed_penalty_has_lapsed(agreement):
    record = facts(
        strike("R1", day(5)), strike("R2", day(64)), penalty("X1", "warn", "confirmed", day(5), day(5))
    )
    assert rule_ids(agreement, record, day(65)) == ["warn"]


def test_a_milder_rule_is_not_proposed_while_a_stricter_penalty_is_in_force(agreement):
    # attribute was confirmed on day(20) and holds no longer, but is in force for 120 days.
    record = facts(strike("R1", day(40)), penalty("X1", "attribute", "confirmed", day(19), day(20)))
    assert rule_ids(agreement, record, day(41)) == []


def test_a_stricter_rule_is_proposed_although_a_milder_penalty_is_in_force(agreement):
    record = facts(
        *(strike(f"R{i}", day(5 + i)) for i in range(3)), penalty("X1", "warn", "proposed", day(5))
    )
    assert rule_ids(agreement, record, day(8)) == ["attribute"]


def test_a_declined_proposal_is_not_made_again_on_the_same_rulings(agreement):
    first = evaluate(agreement, "AA", facts(strike("R1", day(5))), day(5))[0]
    declined = penalty("X1", "warn", "declined", day(5), basis=first.reasons.basis())
    assert rule_ids(agreement, facts(strike("R1", day(5)), declined), day(6)) == []


def test_a_declined_proposal_is_made_again_when_a_new_ruling_counts(agreement):
    first = evaluate(agreement, "AA", facts(strike("R1", day(5))), day(5))[0]
    declined = penalty("X1", "warn", "declined", day(5), basis=first.reasons.basis())
    assert rule_ids(agreement, facts(strike("R1", day(5)), ruling("R2", day(7)), declined), day(7)) == [
        "warn"
    ]


def test_a_declined_proposal_with_unknown_basis_does_not_block(agreement):
    record = facts(strike("R1", day(5)), penalty("X1", "warn", "declined", day(5)))
    assert rule_ids(agreement, record, day(6)) == ["warn"]


def test_a_lapsed_all_time_penalty_is_not_reimposed_on_the_same_rulings(write_agreement):
    lifetime = write_agreement(
        """
[[penalty]]
id = "life"
when = "violations_total >= 2"
measure = "Listed"
expires_after_days = 10
"""
    )
    rulings = [ruling("R1", day(1)), ruling("R2", day(2))]
    first = evaluate(lifetime, "AA", facts(*rulings), day(2))[0]
    lapsed = penalty("X1", "life", "confirmed", day(2), day(3), basis=first.reasons.basis())
    assert rule_ids(lifetime, facts(*rulings, lapsed), day(30)) == []
    assert rule_ids(lifetime, facts(*rulings, ruling("R3", day(25)), lapsed), day(30)) == ["life"]


def test_the_other_party_s_penalties_are_not_the_engines_concern(agreement):
    # Facts are per party: the same facts evaluate the same for either code.
    record = facts(strike("R1", day(5)))
    assert rule_ids(agreement, record, day(5)) == [
        p.rule_id for p in evaluate(agreement, "BB", record, day(5))
    ]
