"""Facts refuse what would make a count wrong, with a message that says what to fix."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.penalties import (
    AccessDenial,
    ExistingPenalty,
    PartyFacts,
    PenaltyStatus,
    RuledViolation,
    evaluate,
    local_day,
)

from .conftest import day, facts, ruling

D = dt.date(2026, 1, 5)


def test_a_datetime_is_refused_where_a_local_day_is_expected():
    with pytest.raises(TypeError, match="local_day"):
        RuledViolation("r1", "R1", "K1", "C1", "Armed clash", dt.datetime(2026, 1, 5, 23, 0, tzinfo=dt.UTC))
    with pytest.raises(TypeError, match=r"datetime\.date"):
        AccessDenial("d1", "2026-01-05")  # type: ignore[arg-type]


def test_evaluate_refuses_a_datetime_as_of(agreement):
    with pytest.raises(TypeError, match="as_of"):
        evaluate(agreement, "AA", facts(), dt.datetime(2026, 1, 5, tzinfo=dt.UTC))


def test_local_day_uses_the_agreement_time_zone_and_refuses_naive_datetimes(agreement):
    # Asia/Kabul is UTC+04:30: 20:00 UTC on 5 January is already 6 January there.
    assert local_day(agreement, dt.datetime(2026, 1, 5, 19, 29, tzinfo=dt.UTC)) == dt.date(2026, 1, 5)
    assert local_day(agreement, dt.datetime(2026, 1, 5, 19, 30, tzinfo=dt.UTC)) == dt.date(2026, 1, 6)
    with pytest.raises(ValueError, match="aware"):
        local_day(agreement, dt.datetime(2026, 1, 5, 20, 0))


def test_points_overrides_are_bounded():
    with pytest.raises(ValueError, match="0-1000"):
        RuledViolation("r1", "R1", "K1", "C1", "Armed clash", D, points=-1)
    with pytest.raises(ValueError, match="0-1000"):
        RuledViolation("r1", "R1", "K1", "C1", "Armed clash", D, points=True)
    with pytest.raises(ValueError, match="0-1000"):
        RuledViolation("r1", "R1", "K1", "C1", "Armed clash", D, points=2.5)  # type: ignore[arg-type]


def test_a_ruling_needs_an_id_and_a_reference():
    with pytest.raises(ValueError, match="id"):
        RuledViolation("", "R1", "K1", "C1", "Armed clash", D)
    with pytest.raises(ValueError, match="reference"):
        RuledViolation("r1", "", "K1", "C1", "Armed clash", D)


def test_penalty_status_and_confirmation_day_must_agree():
    with pytest.raises(ValueError, match="needs confirmed_on"):
        ExistingPenalty("x1", "warn", PenaltyStatus.CONFIRMED, D)
    with pytest.raises(ValueError, match="never confirmed"):
        ExistingPenalty("x1", "warn", PenaltyStatus.DECLINED, D, D)
    with pytest.raises(ValueError, match="before it was proposed"):
        ExistingPenalty("x1", "warn", PenaltyStatus.CONFIRMED, D, D - dt.timedelta(days=1))
    with pytest.raises(ValueError, match="'withdrawn'"):
        ExistingPenalty("x1", "warn", "withdrawn", D)  # type: ignore[arg-type]
    assert ExistingPenalty("x1", "warn", "confirmed", D, D).status is PenaltyStatus.CONFIRMED  # type: ignore[arg-type]


def test_a_repeated_id_is_refused_because_it_would_count_twice():
    with pytest.raises(ValueError, match="'id-R1' appears twice"):
        PartyFacts(violations=(ruling("R1", day(1)), ruling("R1", day(2))))


def test_an_unknown_party_is_refused_naming_the_parties(agreement):
    with pytest.raises(ValueError, match="parties are AA, BB"):
        evaluate(agreement, "MM", facts(), day(1))


def test_facts_accept_lists_and_store_tuples():
    record = PartyFacts(violations=[ruling("R1", day(1))])  # type: ignore[arg-type]
    assert isinstance(record.violations, tuple)
    assert hash(record)
