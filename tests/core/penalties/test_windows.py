"""Rolling windows end on as_of inclusive: `_Nd` covers as_of-(N-1) .. as_of; `_total` in_force .. as_of."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.penalties import tally

from .conftest import DAY0, day, denial, facts, penalty, ruling, strike


def test_a_ruling_n_minus_one_days_back_is_inside_an_n_day_window(agreement):
    as_of = day(40)
    counted = tally(agreement, facts(ruling("R1", as_of - dt.timedelta(days=29))), as_of, "violations_30d")
    assert counted.value == 1
    assert counted.first_day == as_of - dt.timedelta(days=29)


def test_a_ruling_exactly_n_days_back_is_outside_an_n_day_window(agreement):
    as_of = day(40)
    counted = tally(agreement, facts(ruling("R1", as_of - dt.timedelta(days=30))), as_of, "violations_30d")
    assert counted.value == 0
    assert counted.counted == ()


def test_a_one_day_window_is_as_of_alone(agreement):
    as_of = day(10)
    record = facts(ruling("R1", as_of), ruling("R2", day(9)))
    assert [c.label for c in tally(agreement, record, as_of, "violations_1d").counted] == ["R1"]


def test_a_ruling_after_as_of_does_not_count(agreement):
    record = facts(ruling("R1", day(11)))
    assert tally(agreement, record, day(10), "violations_30d").value == 0
    assert tally(agreement, record, day(10), "violations_total").value == 0
    assert tally(agreement, record, day(11), "violations_total").value == 1


def test_total_runs_from_in_force_and_windows_never_reach_before_it(agreement):
    record = facts(ruling("R0", DAY0 - dt.timedelta(days=1)), ruling("R1", DAY0), ruling("R2", day(200)))
    assert tally(agreement, record, day(300), "violations_total").value == 2
    window = tally(agreement, record, day(5), "violations_30d")
    assert window.first_day == DAY0
    assert [c.label for c in window.counted] == ["R1"]


def test_points_use_the_schedule_unless_the_ruling_overrides_them(agreement):
    record = facts(
        strike("R1", day(1)),  # severity_points: 3
        ruling("R2", day(2), "Attack from territory", "C2"),  # the commitment's points: 2
        ruling("R3", day(3)),  # default_points: 1
        ruling("R4", day(4), "Air/drone strike", points=7),  # override
    )
    counted = tally(agreement, record, day(10), "points_30d")
    assert counted.value == 3 + 2 + 1 + 7
    assert [c.points for c in counted.counted] == [3, 2, 1, 7]


def test_a_superseded_ruling_stops_counting_from_the_day_it_was_superseded(agreement):
    record = facts(ruling("R1", day(1), superseded_on=day(5)), ruling("R2", day(2)))
    assert tally(agreement, record, day(4), "violations_30d").value == 2
    assert [c.label for c in tally(agreement, record, day(5), "violations_30d").counted] == ["R2"]
    assert tally(agreement, record, day(5), "points_total").value == 1


def test_access_denials_count_by_their_day(agreement):
    record = facts(denial("D1", day(1)), denial("D2", day(30)))
    assert tally(agreement, record, day(30), "access_denials_30d").value == 2
    assert [c.label for c in tally(agreement, record, day(31), "access_denials_30d").counted] == ["D2"]


def test_penalties_count_every_proposal_not_declined_by_its_proposal_day(agreement):
    record = facts(
        penalty("X1", "warn", "proposed", day(1)),
        penalty("X2", "warn", "declined", day(2)),
        penalty("X3", "warn", "superseded", day(3)),
        penalty("X4", "warn", "expired", day(4), day(5)),
        penalty("X5", "warn", "confirmed", day(40), day(41)),
    )
    assert [c.id for c in tally(agreement, record, day(30), "penalties_30d").counted] == ["X1", "X3", "X4"]
    assert tally(agreement, record, day(40), "penalties_total").value == 4


def test_confirmed_penalties_count_by_their_confirmation_day_even_after_lapsing(agreement):
    record = facts(
        penalty("X1", "warn", "expired", day(1), day(2)),
        penalty("X2", "warn", "confirmed", day(3), day(40)),
        penalty("X3", "warn", "proposed", day(3)),
        penalty("X4", "warn", "superseded", day(4), day(6)),
    )
    assert [c.id for c in tally(agreement, record, day(30), "confirmed_penalties_365d").counted] == [
        "X1",
        "X4",
    ]
    assert tally(agreement, record, day(39), "confirmed_penalties_total").value == 2
    assert tally(agreement, record, day(40), "confirmed_penalties_total").value == 3


def test_counted_items_are_listed_by_day_then_reference(agreement):
    record = facts(ruling("R9", day(3)), ruling("R10", day(1)), ruling("R2", day(3)))
    assert [c.label for c in tally(agreement, record, day(3), "violations_30d").counted] == [
        "R10",
        "R2",
        "R9",
    ]


def test_an_unknown_measure_name_is_refused_with_a_hint(agreement):
    with pytest.raises(ValueError, match="points_30d"):
        tally(agreement, facts(), day(3), "pionts_30d")


def test_a_ruling_citing_an_unknown_commitment_is_refused_unless_it_carries_points(agreement):
    with pytest.raises(ValueError, match="commitment 'C9'"):
        tally(agreement, facts(ruling("R1", day(1), commitment="C9")), day(3), "points_30d")
    assert (
        tally(agreement, facts(ruling("R1", day(1), commitment="C9", points=4)), day(3), "points_30d").value
        == 4
    )
