"""The Pakistan–Afghanistan agreement's own schedule (P1 warning → P2 attribution → P3 suspension; P4
obstruction), played through a month of rulings against one party."""

from __future__ import annotations

import datetime as dt

from truce.core.penalties import (
    AccessDenial,
    ExistingPenalty,
    PartyFacts,
    PenaltyStatus,
    RuledViolation,
    evaluate,
    expired,
    local_day,
)


def violation(ref: str, sub_event_type: str, commitment: str, on: dt.date) -> RuledViolation:
    return RuledViolation(f"ruling-{ref}", ref, f"CASE-{ref}", commitment, sub_event_type, on)


R12 = violation("R12", "Air/drone strike", "C1", dt.date(2025, 11, 3))
R15 = violation("R15", "Shelling/artillery/missile attack", "C1", dt.date(2025, 11, 10))
R19 = violation("R19", "Attack from territory", "C2", dt.date(2025, 11, 20))


def test_a_month_of_rulings_escalates_from_warning_to_attribution_to_suspension(shipped):
    (first,) = evaluate(shipped, "AF", PartyFacts(violations=(R12,)), dt.date(2025, 11, 3))
    assert (first.rule_id, first.reasons.text) == ("P1", "ruling R12 within 30 days: 3 points ≥ 3")

    warning = ExistingPenalty(
        "pen-1", "P1", PenaltyStatus.CONFIRMED, dt.date(2025, 11, 3), dt.date(2025, 11, 4),
        reference="PEN-1", basis=first.reasons.basis(),
    )  # fmt: skip
    # A second 3-point ruling: 6 points, the warning is in force, nothing new.
    assert evaluate(shipped, "AF", PartyFacts((R12, R15), (), (warning,)), dt.date(2025, 11, 10)) == []

    (escalated,) = evaluate(shipped, "AF", PartyFacts((R12, R15, R19), (), (warning,)), dt.date(2025, 11, 20))
    assert escalated.rule_id == "P2"
    assert escalated.supersedes == ("pen-1",)
    assert escalated.reasons.text == "rulings R12, R15 and R19 within 30 days: 9 points ≥ 8"
    assert escalated.measure.startswith("Public attribution")

    # The warning is superseded, the attribution confirmed; two more strikes, one of them ruled at
    # 01:30 in Karachi on 1 December (still 30 November in UTC), make 15 points in 90 days.
    superseded = ExistingPenalty(
        "pen-1", "P1", PenaltyStatus.SUPERSEDED, dt.date(2025, 11, 3), dt.date(2025, 11, 4), reference="PEN-1"
    )
    attribution = ExistingPenalty(
        "pen-2",
        "P2",
        PenaltyStatus.CONFIRMED,
        dt.date(2025, 11, 20),
        dt.date(2025, 11, 21),
        reference="PEN-2",
    )
    signed = dt.datetime(2025, 11, 30, 20, 30, tzinfo=dt.UTC)
    r21 = violation("R21", "Air/drone strike", "C1", local_day(shipped, signed))
    r22 = violation("R22", "Suicide bomb", "C2", dt.date(2025, 12, 2))
    record = PartyFacts((R12, R15, R19, r21, r22), (), (superseded, attribution))
    assert r21.effective_on == dt.date(2025, 12, 1)
    assert evaluate(shipped, "AF", record, dt.date(2025, 12, 1)) == []  # 12 points: attribution stands
    (suspension,) = evaluate(shipped, "AF", record, dt.date(2025, 12, 2))
    assert suspension.rule_id == "P3"
    assert suspension.supersedes == ("pen-2",)
    assert suspension.reasons.statements == (
        "rulings R12, R15, R19, R21 and R22 within 90 days: 15 points ≥ 15",
        "penalties PEN-1 and PEN-2 within 365 days: 2 confirmed penalties ≥ 1",
    )
    # P2 lapses 180 days after its confirmation; P3 never does.
    assert expired(shipped, record.penalties, dt.date(2026, 5, 19)) == []
    assert expired(shipped, record.penalties, dt.date(2026, 5, 20)) == [attribution]


def test_obstruction_is_proposed_beside_the_violation_ladder(shipped):
    denials = (
        AccessDenial("d-1", dt.date(2025, 11, 21), "AD-1"),
        AccessDenial("d-2", dt.date(2025, 11, 22), "AD-2"),
    )
    found = evaluate(shipped, "PK", PartyFacts((R12,), denials), dt.date(2025, 11, 22))
    assert [(p.rule_id, p.party) for p in found] == [("P1", "PK"), ("P4", "PK")]
    assert found[1].reasons.text == "access denials AD-1 and AD-2 within 30 days: 2 access denials ≥ 2"


def test_three_violations_in_a_week_escalate_even_with_few_points(shipped):
    minor = tuple(violation(f"R{i}", "Airspace violation", "C3", dt.date(2025, 11, 10 + i)) for i in range(3))
    (found,) = evaluate(shipped, "AF", PartyFacts(minor), dt.date(2025, 11, 12))
    assert found.rule_id == "P2"
    assert found.reasons.text == "rulings R0, R1 and R2 within 7 days: 3 violations ≥ 3"
