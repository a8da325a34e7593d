"""GET /api/v1/stats: counts by period, party, type, commitment and status over what the caller may see,
with each case counted by what the caller may know of it (the summary's rule)."""

from __future__ import annotations

import pytest

from tests.app.story import incident
from tests.app.test_exports import RULING_BODY, _observation


@pytest.fixture
def scene(cast):
    api = cast.api
    published = api["pk"].file_report().json()["case"]  # shelling, 2025-10-25, against AF
    api["qa"].post(f"/api/v1/cases/{published}/admit")
    api["qa"].post(f"/api/v1/cases/{published}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{published}/reply-request")
    api["af"].post(f"/api/v1/cases/{published}/replies", {"text": "We deny it."})
    ruling = api["qa"].post(f"/api/v1/cases/{published}/rulings", RULING_BODY).json()
    api["qa"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    api["tr"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    if api["qa"].get(f"/api/v1/cases/{published}").json()["status"] != "published":
        api["qa"].post(f"/api/v1/cases/{published}/publish")
    drone = incident(
        title="Drone strike near Spin Boldak",
        sub_event_type="Air/drone strike",
        accused_party="PK",
        date="2025-11-02",
    )
    assert api["af"].file_report(incident=drone).status_code == 201
    _observation(api)  # an armed clash at Torkham, 2025-10-25, that no party sees
    return api


def _counts(api, actor, **query):
    response = api[actor].get("/api/v1/stats", data=query)
    assert response.status_code == 200, response.content
    return {c["key"]: c["count"] for c in response.json()["counts"]}


def test_counts_by_type_hold_only_what_each_viewer_sees(scene):
    shelling = "Shelling/artillery/missile attack"
    assert _counts(scene, "qa", by="type") == {"Air/drone strike": 1, "Armed clash": 1, shelling: 1}
    assert _counts(scene, "pk", by="type") == {"Air/drone strike": 1, shelling: 1}
    assert _counts(scene, "af", by="type") == {"Air/drone strike": 1, shelling: 1}
    assert _counts(scene, "monitor", by="type") == {"Armed clash": 1, shelling: 1}
    assert _counts(scene, "observer", by="type") == {shelling: 1}


def test_counts_by_party_status_and_commitment(scene):
    assert _counts(scene, "qa", by="party") == {"AF": 1, "PK": 1, None: 1}
    assert _counts(scene, "pk", by="party") == {"AF": 1, "PK": 1}
    assert _counts(scene, "qa", by="status") == {"published": 1, "received": 2}
    assert _counts(scene, "observer", by="status") == {"published": 1}
    for actor in ("qa", "pk", "af", "observer"):
        assert _counts(scene, actor, by="commitment") == {"C1": 1}


def test_counts_by_period_within_a_range(scene):
    assert _counts(scene, "qa", by="period", period="month") == {"2025-10-01": 2, "2025-11-01": 1}
    assert _counts(scene, "qa", by="period", period="day") == {"2025-10-25": 2, "2025-11-02": 1}
    assert _counts(scene, "qa", by="period", period="week") == {"2025-10-20": 2, "2025-10-27": 1}
    assert _counts(scene, "pk", by="period", period="day", **{"from": "2025-11-01"}) == {"2025-11-02": 1}
    assert _counts(scene, "observer", by="period", period="month") == {"2025-10-01": 1}


def test_bad_parameters_are_refused_naming_them(scene):
    response = scene["qa"].get("/api/v1/stats", data={"by": "colour"})
    assert response.status_code == 422 and response.json()["field"] == "by"
    response = scene["qa"].get("/api/v1/stats", data={"by": "type", "from": "2025-11-02", "to": "2025-10-01"})
    assert response.status_code == 400 and response.json()["field"] == "to"
    assert scene["admin"].get("/api/v1/stats", data={"by": "type"}).status_code == 404
    assert scene["anonymous"].get("/api/v1/stats", data={"by": "type"}).status_code == 401
