"""A confirmed penalty lapses expires_after_days after the day it was confirmed: in force on the days
before, expired from that day on."""

from __future__ import annotations

from truce.core.penalties import expired, in_force, lapses_on

from .conftest import day, penalty


def test_a_confirmed_penalty_lapses_exactly_expires_after_days_after_confirmation(agreement):
    warning = penalty("X1", "warn", "confirmed", day(1), day(2))  # warn: 60 days
    assert lapses_on(agreement, warning) == day(62)
    assert in_force(agreement, warning, day(61))
    assert expired(agreement, [warning], day(61)) == []
    assert not in_force(agreement, warning, day(62))
    assert expired(agreement, [warning], day(62)) == [warning]


def test_a_rule_without_expiry_never_lapses(agreement):
    report = penalty("X1", "obstruct", "confirmed", day(1), day(1))
    assert lapses_on(agreement, report) is None
    assert in_force(agreement, report, day(36_000))
    assert expired(agreement, [report], day(36_000)) == []


def test_only_confirmed_penalties_expire(agreement):
    others = [
        penalty("X1", "warn", "proposed", day(1)),
        penalty("X2", "warn", "declined", day(1)),
        penalty("X3", "warn", "expired", day(1), day(1)),
        penalty("X4", "warn", "superseded", day(1), day(1)),
    ]
    assert expired(agreement, others, day(500)) == []


def test_a_proposal_never_lapses_while_it_awaits_the_mediators(agreement):
    assert in_force(agreement, penalty("X1", "warn", "proposed", day(1)), day(500))


def test_expired_lists_penalties_in_the_order_they_lapsed(agreement):
    later = penalty("A", "attribute", "confirmed", day(1), day(1))  # 120 days: lapses day(121)
    sooner = penalty("B", "warn", "confirmed", day(50), day(50))  # 60 days: lapses day(110)
    assert expired(agreement, [later, sooner], day(200)) == [sooner, later]


def test_a_penalty_of_a_rule_no_longer_in_the_schedule_never_lapses(agreement):
    orphan = penalty("X1", "gone", "confirmed", day(1), day(1))
    assert lapses_on(agreement, orphan) is None
    assert expired(agreement, [orphan], day(900)) == []


def test_a_penalty_proposed_after_as_of_is_not_in_force_yet(agreement):
    assert not in_force(agreement, penalty("X1", "warn", "proposed", day(10)), day(9))
