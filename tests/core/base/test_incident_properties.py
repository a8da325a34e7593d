"""Property tests of the incident parser: whatever a client sends as an incident, parsing returns an
Incident or raises IncidentError naming fields under ``incident`` — never any other exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truce.agreements import SHIPPED
from truce.core.agreement.load import load_agreement
from truce.core.incident import Incident, IncidentError, parse_incident

REPO = Path(__file__).resolve().parents[3]
AGREEMENT = load_agreement(SHIPPED / "pakistan-afghanistan-2025.toml")
TODAY = dt.date(2025, 11, 10)

VALID: dict[str, Any] = {
    "title": "Clash at Torkham",
    "sub_event_type": "Armed clash",
    "date": "2025-11-01",
    "date_precision": "day",
    "location": {"name": "Torkham", "country": "PK", "lat": 34.1, "lon": 71.09, "geo_precision": 1},
    "actors": [{"name": "Border forces", "type": "State forces", "role": "perpetrator"}],
    "fatalities": {"low": 0, "best": 1, "high": 2},
    "commitments": ["C1"],
    "accused_party": "AF",
    "description": "Small-arms fire across the crossing.",
    "language": "en",
}

# What JSON can carry, including the values that break naive code: huge and negative numbers, NaN and
# infinities (Python's json accepts them), NUL, lone surrogates, dates at the calendar's edges.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "2025-02-30", "2025-11-01", "C1", "AF", "PK", "\x00", "\ud800"]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [*VALID, "location.lat", "location.lon", "location.name", "fatalities.best", "actors.0"]


def _parse(data: Any) -> Incident | None:
    try:
        return parse_incident(data, AGREEMENT, today=TODAY, filing_party="PK")
    except IncidentError as exc:
        assert exc.problems, "an IncidentError names at least one problem"
        for problem in exc.problems:
            assert problem.field == "incident" or problem.field.startswith("incident."), problem
            assert problem.message.strip(), problem
        return None


def _replace(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out: Any = {**data, "location": dict(data["location"]), "fatalities": dict(data["fatalities"])}
    out["actors"] = [dict(a) for a in data["actors"]]
    head, _, tail = path.partition(".")
    if not tail:
        out[head] = value
    elif head == "actors":
        out["actors"][int(tail)] = value
    else:
        out[head][tail] = value
    return out


def test_the_base_incident_is_valid():
    assert _parse(VALID) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=JSON)
def test_any_value_in_any_field_is_accepted_or_refused_by_field(field, value):
    _parse(_replace(VALID, field, value))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_as_the_whole_incident_is_refused_or_accepted_never_crashes(data):
    _parse(data)


@settings(max_examples=100, deadline=None)
@given(
    lat=st.floats(min_value=-90, max_value=90, allow_nan=False),
    lon=st.floats(min_value=-180, max_value=180, allow_nan=False),
    best=st.integers(min_value=0, max_value=10_000),
)
def test_an_accepted_incident_reads_back_the_same_from_its_json(lat, lon, best):
    data = _replace(
        _replace(_replace(VALID, "location.lat", lat), "location.lon", lon), "fatalities.best", best
    )
    data = _replace(_replace(data, "fatalities.low", best), "fatalities.high", best)
    incident = _parse(data)
    assert incident is not None
    again = _parse(incident.to_json())
    assert again is not None and again.to_json() == incident.to_json()
