"""The case list: newest incident first, 50 to a page with the filters kept in the page links, a search
across title, place and reference, statuses in words, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.app.story import incident, signed_in
from truce.cases.models import Case


def page(cast: Any, name: str) -> Client:
    return signed_in(cast.users[name])


def listed(html: str) -> list[str]:
    return re.findall(r'<a href="/cases/\d+/"><bdi>([^<]+)</bdi></a>', html)


def file(cast: Any, n: int, start: int = 0, **kw: Any) -> list[str]:
    refs = []
    for i in range(start, start + n):
        body = (
            cast.api["pk"]
            .file_report(
                incident=incident(
                    title=f"Incident number {i}",
                    date=(dt.date(2025, 10, 20) + dt.timedelta(days=i)).isoformat(),
                    location={**incident()["location"], "name": f"Post {i}", "lat": 25 + i * 0.3},
                    **kw,
                )
            )
            .json()
        )
        assert "case" in body, body
        refs.append(Case.objects.get(pk=body["case"]).reference)
    return refs


def test_cases_are_listed_newest_incident_first(cast):
    refs = file(cast, 3)
    assert listed(page(cast, "qa").get("/cases/").content.decode()) == list(reversed(refs))


def test_the_list_is_paginated_and_page_links_keep_the_filters(cast):
    refs = file(cast, 53)
    client = page(cast, "qa")
    first = client.get("/cases/?party=AF").content.decode()
    assert len(listed(first)) == 50 and listed(first)[0] == refs[-1]
    assert "Page 1 of 2" in first
    assert 'href="?party=AF&amp;page=2"' in first
    second = client.get("/cases/?party=AF&page=2").content.decode()
    assert listed(second) == list(reversed(refs[:3]))
    # A page past the end shows the last page rather than an error.
    assert listed(client.get("/cases/?party=AF&page=99").content.decode()) == listed(second)


def test_search_finds_cases_by_title_place_or_reference(cast):
    refs = file(cast, 12)
    client = page(cast, "qa")
    assert listed(client.get("/cases/?q=number 11").content.decode()) == [refs[11]]
    assert listed(client.get("/cases/?q=post 3").content.decode()) == [refs[3]]
    assert listed(client.get(f"/cases/?q={refs[5]}").content.decode()) == [refs[5]]
    none = client.get("/cases/?q=nowhere-at-all").content.decode()
    assert listed(none) == [] and "No case you may see matches these filters." in none


def test_search_never_matches_a_report_the_viewer_may_not_see(cast):
    cast.api["monitor"].file_report(
        incident=incident(title="Secret observation", accused_party="", commitments=[])
    )
    cast.api["pk"].file_report(incident=incident(title="Our complaint"))
    client = page(cast, "pk")
    assert listed(client.get("/cases/?q=Secret").content.decode()) == []
    assert len(listed(client.get("/cases/?q=Our complaint").content.decode())) == 1


def test_statuses_read_as_words_not_code_names(cast):
    file(cast, 1)
    Case.objects.update(status="under_investigation")
    html = page(cast, "qa").get("/cases/").content.decode()
    assert "Under investigation" in html and "under_investigation</td>" not in html


def test_the_case_list_query_count_does_not_grow_with_the_cases(cast):
    file(cast, 3)
    client = page(cast, "pk")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/").status_code == 200
        return len(captured.captured_queries)

    queries()  # the first page of a session also notes when it was last seen (truce.accounts.middleware)
    few = queries()
    file(cast, 20, start=3)
    assert queries() == few


def test_past_the_count_cap_the_list_says_more_than_and_stops_its_pages_there(cast, monkeypatch):
    """The list counts at most COUNT_CAP cases (a COUNT over every case grew with the data): past it, it
    says "more than", its pages end at the cap, and older cases are found with the filters."""
    import truce.web.views as views

    monkeypatch.setattr(views, "COUNT_CAP", 3)
    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    refs = file(cast, 5)
    client = page(cast, "pk")
    first = client.get("/cases/").content.decode()
    assert "More than 3 cases · page 1" in first and "5 cases" not in first
    assert "find older cases with the filters or a search" in first
    assert listed(first) == [refs[4], refs[3]]
    assert 'href="?page=2"' in first and "Page 1 of" not in first
    second = client.get("/cases/?page=2").content.decode()
    assert listed(second) == [refs[2]] and 'href="?page=3"' not in second
    # The two oldest are past the cap's pages, and a filter reaches them, counted exactly.
    older = client.get("/cases/?date_to=2025-10-21").content.decode()
    assert listed(older) == [refs[1], refs[0]]
    assert "2 cases" in older and "More than" not in older
    # Under the cap nothing changes: the exact count.
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    assert "5 cases" in client.get("/cases/").content.decode()
