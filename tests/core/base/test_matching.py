"""When a new report joins an open case: strict, because a wrong join hides an incident."""

from __future__ import annotations

import datetime as dt

from truce.core.matching import IncidentKey, best_match, distance

CHAMAN = (30.921, 66.4597)
SPIN_BOLDAK = (31.0058, 66.3997)  # about 11 km from Chaman
QUETTA = (30.1798, 66.975)


def key(event_type="Battles", day=25, precision="day", place="Chaman", at=CHAMAN, accused="AF"):
    lat, lon = at if at else (None, None)
    return IncidentKey(event_type, dt.date(2025, 10, day), precision, place, lat, lon, accused)


def test_same_night_across_the_crossing_is_one_incident():
    assert distance(key(), key(place="Spin Boldak", at=SPIN_BOLDAK, day=26)) is not None


def test_far_apart_is_two_incidents():
    assert distance(key(), key(place="Quetta", at=QUETTA)) is None


def test_two_days_apart_is_two_incidents_unless_the_date_is_vague():
    assert distance(key(day=25), key(day=27)) is None
    assert distance(key(day=25), key(day=27, precision="week")) is not None


def test_different_event_types_or_accused_never_join():
    assert distance(key(), key(event_type="Protests")) is None
    assert distance(key(), key(accused="PK")) is None
    assert distance(key(), key(accused="")) is not None


def test_without_coordinates_the_place_name_must_agree():
    assert distance(key(at=None), key(at=None, place=" chaman ")) is not None
    assert distance(key(at=None), key(at=None, place="Torkham")) is None


def test_closest_candidate_wins():
    new = key()
    candidates = [
        (1, key(day=26, place="Spin Boldak", at=SPIN_BOLDAK)),
        (2, key(day=25)),
        (3, key(place="Quetta", at=QUETTA)),
    ]
    assert best_match(new, candidates) == 2
    assert best_match(new, [(3, key(place="Quetta", at=QUETTA))]) is None


def test_no_two_matching_incidents_are_further_apart_than_the_prefilter_allows():
    from truce.core.matching import MAX_DAYS_APART

    for precision in ("day", "week", "month"):
        for days in range(0, 60):
            a, b = key(precision=precision), key(precision="month")
            b = IncidentKey(
                b.event_type,
                a.date + dt.timedelta(days=days),
                b.date_precision,
                b.place,
                b.lat,
                b.lon,
                b.accused_party,
            )
            if distance(a, b) is not None:
                assert days <= MAX_DAYS_APART
