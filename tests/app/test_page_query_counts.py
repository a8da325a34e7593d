"""The dashboard, the case list and a case page take a pinned number of queries for every role, and a case
page's count does not grow with its reports or their evidence (docs/performance.md, "Pages")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.app.story import incident, signed_in
from truce.web import case_views

VIEWERS = ["qa", "pk", "af", "monitor", "observer"]


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def _file(cast: Any, name: str, n: int, **overrides: Any) -> list[dict[str, Any]]:
    out = []
    for _ in range(n):
        response = cast.api[name].file_report(incident=incident(**overrides))
        assert response.status_code == 201, response.content
        out.append(response.json())
    return out


def _case_with_reports(cast: Any, n: int, date: str) -> int:
    """A case of ``n`` complaints by PK about one incident, each with a file; the monitor assigned."""
    filed = _file(cast, "pk", n, date=date)
    case = filed[0]["case"]
    assert {f["case"] for f in filed} == {case}
    for f in filed:
        assert cast.api["pk"].add_file(f["id"]).status_code == 201
    assert cast.api["qa"].post(f"/api/v1/cases/{case}/admit").status_code == 200
    assigned = cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    assert assigned.status_code == 200, assigned.content
    return case


@pytest.mark.parametrize("viewer", ["qa", "pk", "af", "monitor"])
def test_a_case_pages_queries_do_not_grow_with_its_reports(cast, viewer, monkeypatch):
    # Two reports to a page: the longer case spans three pages of reports, the shorter one two.
    monkeypatch.setattr(case_views, "REPORTS_PER_PAGE", 2)
    few = _case_with_reports(cast, 1, "2025-10-25")
    some = _case_with_reports(cast, 3, "2025-10-29")
    many = _case_with_reports(cast, 5, "2025-11-02")
    client = signed_in(cast.users[viewer])
    client.get(f"/cases/{few}/")  # the session's first page notes when it was last seen
    assert _queries(client, f"/cases/{few}/") == _queries(client, f"/cases/{many}/")
    assert _queries(client, f"/cases/{some}/?reports=2") == _queries(client, f"/cases/{many}/?reports=3")


# Queries per page and role at any number of cases (session, user, the mediators' authenticator, the
# agreement and the record head included; the dashboard cold, as after a write).
PINNED = {  # the menu's unread count is one query; the case page's record entries, their count and the
    # checkpoint three, its page of reports two (the count and the page) and their evidence two more
    "qa": {"dashboard": 17, "case list": 8, "case search": 8, "case page": 27, "map data": 7},
    "pk": {"dashboard": 14, "case list": 7, "case search": 7, "case page": 18, "map data": 6},
    "af": {"dashboard": 14, "case list": 7, "case search": 7, "case page": 18, "map data": 6},
    "monitor": {"dashboard": 14, "case list": 7, "case search": 7, "case page": 24, "map data": 6},
    "observer": {"dashboard": 12, "case list": 5, "case search": 5, "case page": 13, "map data": 6},
}


def _counts(client: Any, case: int) -> dict[str, int]:
    cache.clear()
    return {
        "dashboard": _queries(client, "/"),
        "case list": _queries(client, "/cases/"),
        # Full-text search (truce.cases.search) adds subqueries, never queries.
        "case search": _queries(client, "/cases/?q=Chaman+2025"),
        # The unzoomed map: its counted squares and, this few incidents, their points.
        "map data": _queries(client, "/dashboard/map.geojson"),
        "case page": _queries(client, f"/cases/{case}/"),
    }


@pytest.mark.parametrize("viewer", VIEWERS)
def test_each_roles_pages_take_a_pinned_number_of_queries_whatever_the_cases(cast, viewer):
    from tests.app.test_workflow_permissions import Scene

    scene = Scene(cast).to("ruled")  # published on ruling: the observer sees it too
    _file(cast, "af", 2, accused_party="PK", date="2025-11-05")
    client = signed_in(cast.users[viewer])
    client.get("/")  # the session's first page notes when it was last seen
    few = _counts(client, scene.case)
    for day in range(6, 12):
        _file(cast, "pk", 1, date=f"2025-11-{day:02d}")
        _file(cast, "monitor", 1, date=f"2025-12-{day:02d}")
    assert _counts(client, scene.case) == few
    assert few == PINNED[viewer]
