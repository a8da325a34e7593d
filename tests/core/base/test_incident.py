"""The incident rules in the core, independent of any interface."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from truce.agreements import SHIPPED
from truce.core.agreement.load import load_agreement
from truce.core.incident import IncidentError, parse_incident

REPO = Path(__file__).resolve().parents[3]
AGREEMENT = load_agreement(SHIPPED / "pakistan-afghanistan-2025.toml")
TODAY = dt.date(2025, 11, 10)


def valid(**kw):
    base = {
        "title": "Clash at Torkham",
        "sub_event_type": "Armed clash",
        "date": "2025-11-01",
        "location": {"name": "Torkham", "lat": "34.1", "lon": 71.09},
        "commitments": ["C1"],
        "accused_party": "AF",
    }
    base.update(kw)
    return base


def test_valid_incident_is_normalised():
    incident = parse_incident(valid(), AGREEMENT, today=TODAY, filing_party="PK")
    assert incident.event_type == "Battles"
    assert incident.lat == Decimal("34.100000") and incident.geo_precision == 1
    assert (
        incident.to_json()["location"]["lat"] == "34.100000"
    )  # decimal string: record entries hold no floats


def test_agreement_category_is_accepted_as_a_type():
    incident = parse_incident(
        valid(sub_event_type="Attack from territory", commitments=["C2"]),
        AGREEMENT,
        today=TODAY,
        filing_party="PK",
    )
    assert incident.event_type == "Agreement category"


def test_today_is_allowed_tomorrow_is_not():
    parse_incident(valid(date="2025-11-10"), AGREEMENT, today=TODAY)
    with pytest.raises(IncidentError) as caught:
        parse_incident(valid(date="2025-11-11"), AGREEMENT, today=TODAY)
    assert caught.value.problems[0].field == "incident.date"


def test_process_type_is_not_an_incident():
    with pytest.raises(IncidentError, match="process type"):
        parse_incident(valid(sub_event_type="Ceasefire"), AGREEMENT, today=TODAY)


def test_claimed_event_type_must_match_sub_type():
    with pytest.raises(IncidentError, match="does not match"):
        parse_incident(valid(event_type="Protests"), AGREEMENT, today=TODAY)


@pytest.mark.parametrize("lat", ["nan", "Infinity", "1e400", True, "north"])
def test_non_numbers_for_coordinates_are_refused(lat):
    with pytest.raises(IncidentError) as caught:
        parse_incident(valid(location={"name": "x", "lat": lat, "lon": 1}), AGREEMENT, today=TODAY)
    assert "incident.location.lat" in [p.field for p in caught.value.problems]


def test_duplicate_commitments_are_kept_once():
    incident = parse_incident(valid(commitments=["C1", "C1"]), AGREEMENT, today=TODAY)
    assert incident.commitments == ("C1",)


def test_time_of_day_and_injured_are_optional_and_kept_when_given():
    bare = parse_incident(valid(), AGREEMENT, today=TODAY, filing_party="PK")
    assert bare.time is None and bare.injured_best is None
    # Without them the record's entry reads as it always did.
    assert "time" not in bare.to_json() and "injured" not in bare.to_json()
    full = parse_incident(
        valid(time="21:05", injured={"low": 2, "best": "3", "high": 5}),
        AGREEMENT,
        today=TODAY,
        filing_party="PK",
    )
    assert full.time == dt.time(21, 5)
    assert (full.injured_low, full.injured_best, full.injured_high) == (2, 3, 5)
    assert full.to_json()["time"] == "21:05"
    assert full.to_json()["injured"] == {"low": 2, "best": 3, "high": 5}


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ({"time": "evening"}, "incident.time", "HH:MM"),
        ({"time": "21:05+05:00"}, "incident.time", "without a time zone"),
        ({"injured": {"low": 5, "best": 3}}, "incident.injured.low", "above best"),
        ({"injured": {"best": -1}}, "incident.injured.best", "out of range"),
        ({"injured": [1, 2]}, "incident.injured", "low, best and high"),
    ],
)
def test_a_bad_time_or_injured_figure_names_its_field(data, path, words):
    with pytest.raises(IncidentError) as caught:
        parse_incident(valid(**data), AGREEMENT, today=TODAY, filing_party="PK")
    messages = {p.field: p.message for p in caught.value.problems}
    assert path in messages and words in messages[path], messages
