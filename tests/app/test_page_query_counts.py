"""The dashboard, the case list and a case page take a pinned number of queries for every role, and a case
page's count does not grow with its reports or their evidence (docs/performance.md, "Pages")."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.app.story import incident, signed_in

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
def test_a_case_pages_queries_do_not_grow_with_its_reports(cast, viewer):
    few = _case_with_reports(cast, 1, "2025-10-25")
    many = _case_with_reports(cast, 5, "2025-11-02")
    client = signed_in(cast.users[viewer])
    client.get(f"/cases/{few}/")  # the session's first page notes when it was last seen
    assert _queries(client, f"/cases/{few}/") == _queries(client, f"/cases/{many}/")
