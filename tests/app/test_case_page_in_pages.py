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
