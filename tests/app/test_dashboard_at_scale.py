"""What keeps the dashboard's figures and map from reading every case at 10^5 (docs/performance.md, Pages):
covering indexes for the commitments table and the map, a zoomed map read as a range of latitudes, the
rulings in force found per ruling, the map's words worked out once per value. The figures stay those of
the viewer: a liaison's counts, timeline, commitments and zoomed map never include what it may not see."""

# ruff: noqa: F811 - the tests take the imported ``world`` fixture as a parameter

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.app.test_dashboard import (
    map_of,
    page,
    references,
    world,  # noqa: F401 - registers the fixture
)
from truce.web.incidents import event_group, status_group, status_words
from truce.web.templatetags.truce_format import day_text
from truce.web.words import incident_type

TORKHAM_BOX = "?bbox=70.5,33.5,71.5,34.5"
EVERYTHING = "?date_from=2025-10-01&date_to=2025-11-30"


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _queries(cast: Any, name: str, url: str) -> list[str]:
    client = page(cast, name)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("liaison", ["pk", "af"])
def test_a_liaisons_counts_timeline_commitments_and_zoomed_map_leave_out_the_hidden_observation(
    cast, world, liaison
):
    # The monitor's observation at Torkham (an armed clash, 26 October) is the mediators' only.
    mediator = page(cast, "qa").get("/" + EVERYTHING).context
    seen = page(cast, liaison).get("/" + EVERYTHING).context
    [m_incidents] = [c for c in mediator["counts"] if c.label == "Incidents"]
    [l_incidents] = [c for c in seen["counts"] if c.label == "Incidents"]
    assert (m_incidents.now, l_incidents.now) == (3, 2)
    assert dt.date(2025, 10, 26) in [r["day"] for r in mediator["timeline"]["rows"]]
    assert dt.date(2025, 10, 26) not in [r["day"] for r in seen["timeline"]["rows"]]

    def alleged(context: Any) -> int:
        return sum(p["incidents"] for c in context["commitments"] for p in c["parties"])

    # The observation accuses no party, so it is in no party's commitments row; the two complaints are.
    assert alleged(seen) == alleged(mediator) == 2
    # Zoomed on Torkham: the mediator's one point, nothing at all for the liaison, not even a count.
    assert references(map_of(cast, "qa", TORKHAM_BOX)) == {world["refs"]["obs"]}
    hidden = map_of(cast, liaison, TORKHAM_BOX)
    assert hidden["total"] == 0 and hidden["features"] == []


def test_the_maps_words_are_those_of_each_point(cast, world):
    """Worked out once per distinct value, each point still gets its own: day (in the viewer's calendar,
    Solar Hijri for Pashto), status and type."""
    client = page(cast, "qa")
    client.cookies["django_language"] = "ps"
    features = client.get("/dashboard/map.geojson").json()["features"]
    assert len(features) == 3 and len({f["properties"]["date"] for f in features}) == 3
    with translation.override("ps"):
        for feature in features:
            p = feature["properties"]
            assert p["date_words"] == day_text(dt.date.fromisoformat(p["date"])) != p["date"]
            assert p["status_words"] == status_words(p["status"])
            assert p["status_group"] == status_group(p["status"])
            assert p["event_words"] == incident_type(p["event_type"])
            assert p["event_group"] == event_group(p["event_type"])


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's query plans")
@pytest.mark.parametrize("viewer, place_index", [("qa", "case_place"), ("pk", "summary_place")])
def test_the_map_and_the_commitments_are_read_from_indexes(cast, world, viewer, place_index):
    zoomed = _queries(cast, viewer, "/dashboard/map.geojson" + TORKHAM_BOX)
    # The grid cells (whose counts make the total) are asked first, then the points in view.
    [cells] = [sql for sql in zoomed if "FLOOR(" in sql]
    plan = _plan(cells, None)
    # A range of latitudes in the place index, not every case of the agreement.
    assert place_index in plan and "lat>? AND lat<?" in plan, plan
    # The commitments table sums the view's counters of all time (truce.cases.counts), grouped in the
    # order of their index; the period's counts and timeline sum the counters per day.
    home = _queries(cast, viewer, "/")
    [grouped] = [sql for sql in home if "GROUP BY" in sql and '"sub_event_type"' in sql]
    plan = _plan(grouped, None)
    assert "COVERING INDEX incident_total_key" in plan and "TEMP B-TREE" not in plan, plan
    days = [sql for sql in home if 'FROM "cases_incidentcount"' in sql]
    assert len(days) == 3, days  # the newest day, the two periods, the timeline
    for sql in days:
        assert "COVERING INDEX incident_count_day" in _plan(sql, None), sql
    assert not [sql for sql in home if 'COUNT("cases_case"."id")' in sql]


@pytest.mark.parametrize("viewer", ["qa", "pk"])
def test_the_rulings_in_force_are_found_per_ruling_not_per_visible_case(cast, world, viewer):
    home = _queries(cast, viewer, "/")
    rulings = [sql for sql in home if sql.startswith("SELECT") and 'FROM "rulings_ruling"' in sql]
    assert rulings
    for sql in rulings:
        assert "EXISTS" in sql and '"case_id" IN (SELECT' not in sql, sql


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's query plans")
def test_a_liaisons_replies_due_are_read_from_their_index(cast, world):
    home = _queries(cast, "pk", "/")
    [due] = [sql for sql in home if '"reply_due_at" >' in sql]
    plan = _plan(due, None)
    # Not every summary of the party, sorted: the replies due of the party, in order, from the index.
    assert "case_reply_due" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's query plans")
@pytest.mark.parametrize("viewer", ["qa", "pk"])
def test_the_unzoomed_map_reads_its_counted_squares_not_the_cases(cast, world, viewer, monkeypatch):
    from truce.web import incidents

    monkeypatch.setattr(incidents, "MAX_POINTS", 0)  # cells, as at 10^5
    home = _queries(cast, viewer, "/dashboard/map.geojson")
    # No grouping of the cases or summaries at all: the view's squares, from their unique index.
    assert not [sql for sql in home if "FLOOR(" in sql], home
    [squares] = [sql for sql in home if 'FROM "cases_mapcell"' in sql]
    plan = _plan(squares, None)
    assert "USING INDEX" in plan and "cases_case" not in squares and "cases_casesummary" not in squares, plan


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's query plans")
def test_a_liaisons_case_list_counts_from_the_summaries_index_alone(cast, world):
    listed = _queries(cast, "pk", "/cases/")
    [counted] = [sql for sql in listed if sql.startswith("SELECT COUNT(*)") and "casesummary" in sql]
    plan = _plan(counted, None)
    # Not joined to the cases: the summaries' index answers it alone.
    assert "COVERING INDEX summary_listed" in plan and '"cases_case"' not in counted, plan
