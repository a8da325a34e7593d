"""Events about a case no party may see (one only monitors' observations opened, not shared and not
published) are veiled like the observation itself: the public record shows neither the case's id nor what
happened to it. A complaint's case stays open to view: both parties see it."""

from __future__ import annotations

from tests.app.story import incident
from truce.record.models import Entry

OBSERVATION = {"name": "Grid 4417", "country": "PK", "lat": 30.9301, "lon": 66.4555, "geo_precision": 1}


def _public(cast) -> dict[int, dict]:
    entries = cast.api["anonymous"].get("/api/v1/record/entries?limit=1000").json()["entries"]
    return {e["index"]: e for e in entries}


def _walk(cast, case: int) -> None:
    qa = cast.api["qa"]
    assert qa.post(f"/api/v1/cases/{case}/admit").status_code == 200
    assert qa.post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"}).status_code == 200
    visit = {"visited_at": "2025-10-26T09:00:00+05:00", "place": "Post 7", "findings": "Fresh craters."}
    assert cast.api["monitor"].post(f"/api/v1/cases/{case}/visits", visit).status_code == 201


def test_a_hidden_cases_events_show_neither_its_id_nor_what_happened(cast):
    case = cast.api["monitor"].file_report(incident=incident(location=OBSERVATION)).json()["case"]
    _walk(cast, case)
    public = _public(cast)
    about = Entry.objects.filter(subject=f"case:{case}")
    assert {e.type for e in about} >= {"CaseAdmitted", "MonitorAssigned", "SiteVisitLogged"}
    for entry in about:
        shown = public[entry.index]
        assert shown["type"] == "Veiled" and shown["subject"] == "veiled", entry.type
        assert str(case) not in str(shown["data"])


def test_a_complaints_case_events_stay_public(cast):
    case = cast.api["pk"].file_report().json()["case"]
    _walk(cast, case)
    public = _public(cast)
    shown = {public[e.index]["type"] for e in Entry.objects.filter(subject=f"case:{case}")}
    assert {"CaseAdmitted", "MonitorAssigned", "SiteVisitLogged"} <= shown
