"""Bad input gets a 4xx whose message names the field, and nothing already accepted changes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.app.story import incident, record_size
from truce.cases.models import Case
from truce.reports.models import Evidence, Report


def _counts():
    return record_size(), Report.objects.count(), Case.objects.count(), Evidence.objects.count()


def _location(**kw):
    return {**incident()["location"], **kw}


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"commitments": ["C9"]}, "incident.commitments[0]", "not a commitment"),
        ({"date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "incident.date", "future"),
        ({"date": "2025-10-01"}, "incident.date", "before the agreement"),
        ({"date": "25/10/2025"}, "incident.date", "date"),
        ({"location": _location(lat=91)}, "incident.location.lat", "off the globe"),
        ({"location": _location(lon=-180.5)}, "incident.location.lon", "off the globe"),
        ({"location": _location(lat=None)}, "incident.location", "both lat and lon"),
        ({"sub_event_type": "Shelling"}, "incident.sub_event_type", "not an ACLED sub-event type"),
        ({"accused_party": "PK"}, "incident.accused_party", "against itself"),
        ({"accused_party": "IN"}, "incident.accused_party", "not a party"),
        ({"accused_party": ""}, "incident.accused_party", "names the party"),
        ({"commitments": []}, "incident.commitments", "commitments"),
        ({"fatalities": {"low": 5, "best": 2}}, "incident.fatalities.low", "above best"),
        ({"fatalities": {"best": -1}}, "incident.fatalities.best", "out of range"),
        ({"language": "de"}, "incident.language", "not a language"),
        ({"actors": [{"name": "x", "type": "Aliens"}]}, "incident.actors[0].type", "ACLED actor type"),
        ({"title": ""}, "incident.title", "required"),
    ],
)
def test_bad_incident_is_refused_naming_the_field(cast, overrides, field, words):
    before = _counts()
    response = cast.api["pk"].file_report(incident=incident(**overrides))
    assert 400 <= response.status_code < 500, response.content
    body = response.json()
    assert field in [p["field"] for p in body["problems"]], body
    assert words in body["message"] + " ".join(p["message"] for p in body["problems"])
    assert _counts() == before


def test_every_problem_is_reported_at_once(cast):
    response = cast.api["pk"].file_report(incident=incident(commitments=["C9"], location=_location(lat=123)))
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"incident.commitments[0]", "incident.location.lat"} <= fields


def test_malformed_json_is_refused_with_where_it_broke(cast):
    before = _counts()
    client = cast.api["pk"]
    response = client.client.post(
        "/api/v1/reports",
        data='{"agreement": "pak-afg-2025",',
        content_type="application/json",
        headers=client.headers,
    )
    assert response.status_code == 400
    assert response.json()["field"] == "body"
    assert "not valid JSON" in response.json()["message"]
    assert _counts() == before


def test_wrong_types_are_refused_naming_the_field(cast):
    response = cast.api["pk"].post("/api/v1/reports", {"agreement": "pak-afg-2025", "incident": {"title": 3}})
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert "incident.date" in fields and "incident.location" in fields


def test_file_over_the_limit_is_refused_and_nothing_is_kept(cast, settings):
    settings.TRUCE_EVIDENCE_MAX_BYTES = 1000
    report_id = cast.api["pk"].file_report().json()["id"]
    before = _counts()
    response = cast.api["pk"].add_file(report_id, b"x" * 1001)
    assert response.status_code == 413
    assert response.json()["field"] == "file"
    assert "1,000 bytes" in response.json()["message"]
    assert _counts() == before
    originals = settings.TRUCE_HOME / "evidence" / "originals"
    assert not originals.exists() or not any(p.is_file() for p in originals.rglob("*"))
    incoming = settings.TRUCE_HOME / "evidence" / "incoming"
    assert not incoming.exists() or not any(incoming.iterdir())  # refused by its size before any write


def test_bad_grading_is_refused(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    response = cast.api["pk"].add_file(report_id, reliability="G")
    assert response.status_code == 400
    assert response.json()["field"] == "reliability"


def test_file_and_link_together_are_refused(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    response = cast.api["pk"].add_file(report_id, url="https://example.org/x")
    assert response.status_code == 400 and response.json()["field"] == "file"


def test_link_that_is_not_http_is_refused(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    response = cast.api["pk"].upload(f"/api/v1/reports/{report_id}/evidence", {"url": "javascript:alert(1)"})
    assert response.status_code == 400 and response.json()["field"] == "url"


def test_unknown_agreement_is_not_found(cast):
    response = cast.api["pk"].file_report(agreement="no-such-ceasefire")
    assert response.status_code == 404 and response.json()["field"] == "agreement"
