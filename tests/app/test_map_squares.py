"""The unzoomed map read from squares counted as cases are written (truce.cases.mapcells) and a liaison's
case list counted from its party's summaries alone: after every kind of write they give what grouping and
counting the cases the viewer may see gives, and a liaison's map never counts a case its party may not
see (docs/performance.md, Pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.app.story import incident, signed_in
from tests.app.test_workflow_permissions import Scene
from truce.cases import mapcells
from truce.cases.models import CaseStatus, MapCell
from truce.cases.summaries import drift
from truce.cases.visibility import cases_visible_to
from truce.web import incidents
from truce.web.incidents import map_features, visible_incidents, with_summaries
from truce.web.views import COUNT_CAP

VIEWERS = ("qa", "pk", "af")
# A monitors' observation far from the complaints (Torkham): another square and another map cell.
TORKHAM = {"name": "Torkham crossing", "country": "PK", "lat": 34.1, "lon": 71.1, "geo_precision": 1}


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.content
    return response.json()


def _cells(data: dict[str, Any]) -> dict[tuple[float, float], int]:
    assert data["clustered"] is True
    return {tuple(f["geometry"]["coordinates"]): f["properties"]["count"] for f in data["features"]}


def _same_cells(a: dict[tuple[float, float], int], b: dict[tuple[float, float], int]) -> bool:
    """The same counts at the same places (means may round a hundred-thousandth apart)."""
    if len(a) != len(b):
        return False
    for (lon, lat), n in a.items():
        match = [m for (x, y), m in b.items() if abs(x - lon) <= 2e-5 and abs(y - lat) <= 2e-5]
        if match != [n]:
            return False
    return True


def _page_map(cast: Any, name: str) -> dict[str, Any]:
    cache.clear()
    response = signed_in(cast.users[name]).get("/dashboard/map.geojson")
    assert response.status_code == 200
    return response.json()


def _agree(cast: Any) -> dict[str, int]:
    """For each viewer: the page's unzoomed map (from the squares) is the map grouped from the cases it
    may see, its total is the number of cases the visibility rule gives it (every case here has a place),
    and the squares and summaries show no drift. Returns the totals."""
    totals = {}
    for name in VIEWERS:
        user = cast.users[name]
        shown = _page_map(cast, name)
        grouped = map_features(with_summaries(visible_incidents(user), user), None)
        assert _same_cells(_cells(shown), _cells(grouped)), (name, shown, grouped)
        rule = cases_visible_to(user).filter(agreement_id="pak-afg-2025").exclude(status=CaseStatus.JOINED)
        assert shown["total"] == grouped["total"] == rule.count(), name
        totals[name] = shown["total"]
    assert drift() == []
    return totals


def _observation(cast: Any, date: str, location: dict[str, Any] | None = None) -> int:
    body = _ok(
        cast.api["monitor"].file_report(
            incident=incident(title="Monitors saw a mortar team", date=date, location=location or TORKHAM)
        )
    )
    return int(body["case"])


@pytest.fixture
def clustered(monkeypatch):
    # Every map as cells, as at 10^5 (more incidents than points sent).
    monkeypatch.setattr(incidents, "MAX_POINTS", 0)


def test_the_squares_follow_every_kind_of_write(cast, clustered):
    scene = Scene(cast)
    assert _agree(cast) == {"qa": 1, "pk": 1, "af": 1}
    # A monitors' observation: the mediators' map counts it, no party's does.
    hidden = _observation(cast, "2025-11-20")
    assert _agree(cast) == {"qa": 2, "pk": 1, "af": 1}
    # Shared with Afghanistan: now AF counts it, PK still not.
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/share", {"party": "AF"}))
    assert _agree(cast) == {"qa": 2, "pk": 1, "af": 2}
    # Another complaint, filed on another day: a case of its own.
    other = _ok(cast.api["af"].file_report(incident=incident(accused_party="PK", date="2025-11-14")))["case"]
    assert _agree(cast) == {"qa": 3, "pk": 2, "af": 3}
    # Joined into the shared observation: the joined case leaves every map.
    _ok(cast.api["qa"].post(f"/api/v1/cases/{other}/join", {"into": hidden}))
    assert _agree(cast) == {"qa": 2, "pk": 2, "af": 2}
    # Split back out: a new case, on every map again; PK no longer sees the observation it was joined to.
    reports = _ok(cast.api["qa"].get(f"/api/v1/cases/{hidden}/reports"))
    moved = [r["id"] for r in reports if r["filing_party"] == "AF"]
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/split", {"reports": moved}))
    assert _agree(cast) == {"qa": 3, "pk": 2, "af": 3}
    # Ruled, so published (this agreement publishes on ruling), then reopened.
    scene.to("ruled")
    assert _agree(cast) == {"qa": 3, "pk": 2, "af": 3}
    _ok(cast.api["qa"].post(f"/api/v1/cases/{scene.case}/reopen", {"reason": "New evidence came in."}))
    assert _agree(cast) == {"qa": 3, "pk": 2, "af": 3}


def test_a_liaisons_map_never_counts_a_hidden_case(cast, clustered):
    Scene(cast)
    for day in ("2025-11-05", "2025-11-20", "2025-12-05"):
        _observation(cast, day)
    for name in ("pk", "af"):
        data = _page_map(cast, name)
        # One complaint at Chaman, nothing at Torkham: not a point, not a count.
        assert data["total"] == 1 and sum(_cells(data).values()) == 1
        assert all(lon < 70 for lon, _ in _cells(data)), data
    assert _page_map(cast, "qa")["total"] == 4
    # The squares themselves: the parties' views hold no square at Torkham.
    torkham = mapcells.square_of(TORKHAM["lat"], TORKHAM["lon"])
    views = set(MapCell.objects.filter(fx=torkham[0], fy=torkham[1]).values_list("view", flat=True))
    assert views == {mapcells.EVERY_CASE}
    # A square forged into a party's view would be shown: the check finds it, the repair removes it.
    MapCell.objects.create(
        agreement_id="pak-afg-2025", view="PK", fx=torkham[0], fy=torkham[1], n=3, lat_sum=1, lon_sum=1
    )
    assert any("map square" in p and "PK" in p for p in drift())
    from truce.cases.summaries import rebuild

    rebuild()
    assert drift() == [] and _page_map(cast, "pk")["total"] == 1


def test_filters_and_a_zoomed_map_still_group_the_cases(cast, clustered):
    Scene(cast)
    _observation(cast, "2025-11-20")
    # With a filter or bounds the squares are not used: the answer is grouped from the cases.
    for query in ("?status=received", "?bbox=60,25,75,40"):
        cache.clear()
        data = signed_in(cast.users["qa"]).get("/dashboard/map.geojson" + query).json()
        assert data["total"] == 2, query


def test_without_clustering_the_map_sends_the_points(cast):
    Scene(cast)
    _observation(cast, "2025-11-20")
    data = _page_map(cast, "pk")
    assert data["clustered"] is False and data["total"] == 1 and len(data["features"]) == 1
    assert len(_page_map(cast, "qa")["features"]) == 2


def test_a_liaisons_case_list_counts_what_it_lists(cast, monkeypatch):
    scene = Scene(cast)
    hidden = _observation(cast, "2025-11-20")
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/share", {"party": "PK"}))
    other = _ok(cast.api["af"].file_report(incident=incident(accused_party="PK", date="2025-11-14")))["case"]
    _ok(cast.api["qa"].post(f"/api/v1/cases/{other}/join", {"into": scene.case}))
    for name, want in (("pk", 2), ("af", 1), ("qa", 2)):
        page = signed_in(cast.users[name]).get("/cases/").context["page"]
        assert page.paginator.count == want == len(page.object_list), name
    # The cap still applies to the count read from the summaries.
    monkeypatch.setattr("truce.web.views.COUNT_CAP", 1)
    page = signed_in(cast.users["pk"]).get("/cases/").context["page"]
    assert page.paginator.count == 1 and page.paginator.capped and COUNT_CAP > 1


def test_the_summaries_full_text_triggers_survive_the_migration(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's triggers")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_casesummary'"
        )
        names = {row[0] for row in cursor.fetchall()}
    # 0008 rebuilt the table to add ``joined``; a liaison's search needs these three.
    assert names == {f"truce_summary_search_{op}" for op in ("insert", "delete", "update")}
