"""Reasons name exactly the rulings each window counted, in words and in a machine-readable form."""

from __future__ import annotations

import json

from truce.core.canonical import canonical_json
from truce.core.penalties import evaluate

from .conftest import day, denial, facts, penalty, ruling, strike


def only(agreement, record, as_of):
    (proposal,) = evaluate(agreement, "AA", record, as_of)
    return proposal


def test_the_sentence_names_the_rulings_in_the_window_and_the_comparison(agreement):
    record = facts(
        ruling("R7", day(1)),  # outside the 30-day window on day(40)
        strike("R12", day(11)),
        strike("R15", day(20)),
        strike("R19", day(33)),
    )
    proposal = only(agreement, record, day(40))
    assert proposal.rule_id == "attribute"
    assert proposal.reasons.text == "rulings R12, R15 and R19 within 30 days: 9 points ≥ 8"


def test_the_sentence_quotes_the_comparison_that_decided_an_or(agreement):
    record = facts(ruling("R1", day(8)), ruling("R2", day(9)), ruling("R3", day(10)))
    assert (
        only(agreement, record, day(10)).reasons.text
        == "rulings R1, R2 and R3 within 7 days: 3 violations ≥ 3"
    )


def test_every_comparison_of_an_and_is_stated_with_its_own_items(agreement):
    record = facts(
        *(strike(f"R{i}", day(60 + i)) for i in range(5)),
        penalty("X9", "warn", "expired", day(1), day(2)),
    )
    reasons = only(agreement, record, day(64)).reasons
    assert reasons.statements == (
        "rulings R0, R1, R2, R3 and R4 within 90 days: 15 points ≥ 15",
        "penalty X9 within 365 days: 1 confirmed penalty ≥ 1",
    )
    assert reasons.text == "; ".join(reasons.statements)


def test_one_item_is_named_in_the_singular(agreement):
    assert only(agreement, facts(strike("R4", day(3))), day(3)).reasons.text == (
        "ruling R4 within 30 days: 3 points ≥ 3"
    )


def test_access_denials_are_named_by_their_references(agreement):
    reasons = only(agreement, facts(denial("D1", day(3)), denial("D2", day(4))), day(5)).reasons
    assert reasons.text == "access denials D1 and D2 within 30 days: 2 access denials ≥ 2"


def test_all_time_windows_say_since_the_agreement_took_effect(agreement):
    record = facts(*(ruling(f"R{i}", day(40 * i)) for i in range(12)))
    reasons = only(agreement, record, day(440)).reasons
    assert reasons.rule_id == "persist"
    assert reasons.text.startswith("rulings R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10 and R11 since the")
    assert reasons.text.endswith("since the agreement took effect: 12 violations ≥ 12")


def test_negated_and_two_sided_conditions_state_the_facts_as_they_stand(write_agreement):
    quiet = write_agreement(
        """
[[penalty]]
id = "q"
when = "not (violations_7d >= 1) and points_30d > points_7d"
measure = "Q"
"""
    )
    (proposal,) = evaluate(quiet, "AA", facts(ruling("R1", day(2))), day(20))
    assert proposal.reasons.statements == (
        "no rulings within 7 days: 0 violations < 1",
        "ruling R1 within 30 days and no rulings within 7 days: 1 point in 30 days > 0 points in 7 days",
    )


def test_the_machine_form_lists_every_variable_with_its_window_value_and_ids(agreement):
    record = facts(strike("R12", day(11)), strike("R15", day(20)), strike("R19", day(33)))
    reasons = only(agreement, record, day(40)).reasons
    data = reasons.as_dict()
    assert data["rule"] == "attribute"
    assert data["condition"] == "points_30d >= 8 or violations_7d >= 3"
    assert data["as_of"] == "2026-02-10"
    assert data["deciding"] == ["points_30d"]
    assert [v["name"] for v in data["variables"]] == ["points_30d", "violations_7d"]
    points = data["variables"][0]
    assert (points["from"], points["to"], points["value"], points["window_days"]) == (
        "2026-01-12",
        "2026-02-10",
        9,
        30,
    )
    assert [c["id"] for c in points["counted"]] == ["id-R12", "id-R15", "id-R19"]
    assert points["counted"][0] == {
        "kind": "ruling",
        "id": "id-R12",
        "reference": "R12",
        "day": "2026-01-12",
        "points": 3,
    }
    # Variables that did not decide are listed too: R19 (day 33) is just outside the 7 days ending day 40.
    assert (data["variables"][1]["from"], data["variables"][1]["value"]) == ("2026-02-04", 0)
    assert data["variables"][1]["counted"] == []
    assert json.loads(canonical_json(data)) == data


def test_the_basis_is_what_the_deciding_comparisons_counted(agreement):
    record = facts(
        strike("R12", day(11)), strike("R15", day(20)), strike("R19", day(33)), denial("D1", day(33))
    )
    assert only(agreement, record, day(40)).reasons.basis() == {
        "ruling:id-R12",
        "ruling:id-R15",
        "ruling:id-R19",
    }
