"""The case page shows the lists that grow with the case a page at a time: its reports, its investigation
evidence and its record entries; each list's page links keep the others' pages (docs/performance.md)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.app.story import signed_in
from tests.app.test_page_query_counts import _case_with_reports
from truce.record.models import Entry
from truce.reports.models import Report
from truce.web import case_views, record_entries


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _report_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<section class="report" aria-labelledby="report-(\d+)"', html)]


def _entry_indexes(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-index="(\d+)"', html)]


def _title(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found
    return found.group(1)


@pytest.mark.parametrize("viewer", ["qa", "pk", "monitor"])
def test_a_case_page_lists_its_reports_a_page_at_a_time(cast, viewer, monkeypatch):
    monkeypatch.setattr(case_views, "REPORTS_PER_PAGE", 2)
    case = _case_with_reports(cast, 5, "2025-11-02")
    client = signed_in(cast.users[viewer])
    first = _page(client, f"/cases/{case}/")
    pages = [_report_ids(first)] + [_report_ids(_page(client, f"/cases/{case}/?reports={n}")) for n in (2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    every = [i for p in pages for i in p]
    assert every == sorted(every) and len(set(every)) == 5  # oldest first, each once
    assert "5 reports" in first
    assert 'href="?reports=2#reports" rel="next"' in first
    last = _page(client, f"/cases/{case}/?reports=3")
    # The summary comes from the earliest report whatever the page shown.
    assert _title(last) == _title(first)
    assert (
        'href="?reports=2#reports" rel="prev"' in last and 'rel="next"' not in last.split('id="reports"')[1]
    )


def test_a_page_number_out_of_range_shows_the_last_page_of_reports(cast, monkeypatch):
    monkeypatch.setattr(case_views, "REPORTS_PER_PAGE", 2)
    case = _case_with_reports(cast, 3, "2025-11-02")
    client = signed_in(cast.qa)
    last = _report_ids(_page(client, f"/cases/{case}/?reports=3"))
    assert _report_ids(_page(client, f"/cases/{case}/?reports=99")) == last
    assert _report_ids(_page(client, f"/cases/{case}/?reports=x")) == _report_ids(
        _page(client, f"/cases/{case}/")
    )


def test_the_split_form_offers_the_reports_of_the_page_shown(cast, monkeypatch):
    monkeypatch.setattr(case_views, "REPORTS_PER_PAGE", 2)
    case = _case_with_reports(cast, 3, "2025-11-02")
    client = signed_in(cast.qa)
    for n in (1, 2):
        html = _page(client, f"/cases/{case}/?reports={n}")
        offered = [int(i) for i in re.findall(r'name="reports" value="(\d+)"', html)]
        assert offered == _report_ids(html)
    assert "Only the reports on this page" in html


def test_a_case_page_lists_its_record_entries_a_page_at_a_time_latest_first(cast, monkeypatch):
    monkeypatch.setattr(record_entries, "ENTRIES_PER_PAGE", 3)
    case = _case_with_reports(cast, 3, "2025-11-02")
    subjects = [f"case:{case}", *(f"report:{r.pk}" for r in Report.objects.filter(case_id=case))]
    about = sorted(Entry.objects.filter(subject__in=subjects).values_list("index", flat=True))
    assert len(about) > 6  # filed ×3, evidence ×3, admitted, assigned: three pages
    client = signed_in(cast.qa)
    pages = -(-len(about) // 3)
    shown = [_entry_indexes(_page(client, f"/cases/{case}/?entries={n}")) for n in range(1, pages + 1)]
    # Page 1 holds the latest entries, page 2 the three before them, and so on; each oldest first.
    assert shown == [
        about[max(0, len(about) - 3 * n) : len(about) - 3 * (n - 1)] for n in range(1, pages + 1)
    ]
    assert 'href="?entries=2#record" rel="next"' in _page(client, f"/cases/{case}/")


def test_page_links_keep_the_other_lists_pages(cast, monkeypatch):
    monkeypatch.setattr(case_views, "REPORTS_PER_PAGE", 1)
    monkeypatch.setattr(record_entries, "ENTRIES_PER_PAGE", 2)
    case = _case_with_reports(cast, 3, "2025-11-02")
    html = _page(signed_in(cast.qa), f"/cases/{case}/?reports=2&entries=2")
    assert 'href="?reports=3&amp;entries=2#reports" rel="next"' in html
    assert 'href="?reports=2&amp;entries=3#record" rel="next"' in html


def test_investigation_evidence_is_listed_a_page_at_a_time(cast, monkeypatch):
    monkeypatch.setattr(case_views, "EVIDENCE_PER_PAGE", 2)
    case = _case_with_reports(cast, 1, "2025-11-02")
    for n in range(3):
        added = cast.api["monitor"].upload(
            f"/api/v1/cases/{case}/evidence",
            {"url": f"https://example.org/site-{n}.jpg", "reliability": "B", "credibility": "2"},
        )
        assert added.status_code == 201, added.content
    client = signed_in(cast.monitor)
    first = _page(client, f"/cases/{case}/")
    second = _page(client, f"/cases/{case}/?evidence=2")
    assert [s in first for s in ("site-0", "site-1", "site-2")] == [True, True, False]
    assert [s in second for s in ("site-0", "site-1", "site-2")] == [False, False, True]
    assert 'href="?evidence=2#evidence" rel="next"' in first


def _investigated(cast: Any, visits: int, denials: int) -> int:
    case = _case_with_reports(cast, 1, "2025-11-02")
    for n in range(visits):
        visit = {"visited_at": f"2025-11-03T0{n}:00:00+05:00", "place": f"Visit-post-{n}", "findings": "x"}
        assert cast.api["monitor"].post(f"/api/v1/cases/{case}/visits", visit).status_code == 201
    for n in range(denials):
        denial = {
            "denied_by_party": "AF",
            "denied_at": f"2025-11-04T0{n}:00:00+04:30",
            "place": f"Denial-gate-{n}",
            "description": "Turned back.",
        }
        added = cast.api["monitor"].post(f"/api/v1/cases/{case}/access-denials", denial)
        assert added.status_code == 201, added.content
    return case


@pytest.mark.parametrize("viewer", ["qa", "monitor"])
def test_site_visits_and_access_denials_are_listed_a_page_at_a_time(cast, viewer, monkeypatch):
    monkeypatch.setattr(case_views, "VISITS_PER_PAGE", 2)
    monkeypatch.setattr(case_views, "DENIALS_PER_PAGE", 2)
    case = _investigated(cast, 3, 3)
    client = signed_in(cast.users[viewer])
    first = _page(client, f"/cases/{case}/")
    assert [f"Visit-post-{n}" in first for n in range(3)] == [True, True, False]
    assert [f"Denial-gate-{n}" in first for n in range(3)] == [True, True, False]
    assert 'href="?visits=2#visits" rel="next"' in first
    assert 'href="?denials=2#denials" rel="next"' in first
    # Each list's next link leads to its next page and keeps the other's.
    second = _page(client, f"/cases/{case}/?visits=2&denials=2")
    assert [f"Visit-post-{n}" in second for n in range(3)] == [False, False, True]
    assert [f"Denial-gate-{n}" in second for n in range(3)] == [False, False, True]
    assert 'href="?visits=1&amp;denials=2#visits" rel="prev"' in second


def test_the_access_log_is_listed_a_page_at_a_time_to_the_mediators_only(cast, monkeypatch):
    from truce.core import clock
    from truce.reports.models import Evidence, EvidenceAccess

    monkeypatch.setattr(case_views, "ACCESS_PER_PAGE", 2)
    case = _case_with_reports(cast, 1, "2025-11-02")
    evidence = Evidence.objects.get(report__case=case)
    readers = [cast.qa, cast.tr, cast.pk]
    for user in readers:
        EvidenceAccess.objects.create(evidence=evidence, user=user, action="view", via="page", at=clock.now())
    qa = signed_in(cast.qa)
    first, second = _page(qa, f"/cases/{case}/"), _page(qa, f"/cases/{case}/?access=2")

    def log(html: str) -> list[str]:
        table = html.split('id="access-h"')[1].split("</table>")[0]
        return re.findall(r"<tr><td>.*?</td><td>(\w+) <small>", table)

    assert log(first) == ["qa", "tr"] and log(second) == ["pk"]
    assert 'href="?access=2#access-h" rel="next"' in first
    for viewer in ("pk", "af", "monitor"):
        html = _page(signed_in(cast.users[viewer]), f"/cases/{case}/?access=2")
        assert 'id="access-h"' not in html, viewer
