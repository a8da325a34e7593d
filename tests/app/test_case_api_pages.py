"""The API gives a case's reports a page at a time, as its list endpoints do (``limit``/``offset``):
``GET /cases/{id}/reports`` and the reports included in ``GET /cases/{id}`` (``reports_limit``/
``reports_offset``, with ``report_count`` counting them all)."""

from __future__ import annotations

from tests.app.test_page_query_counts import _case_with_reports


def test_a_cases_reports_come_a_page_at_a_time_and_the_next_page_follows(cast):
    case = _case_with_reports(cast, 5, "2025-11-02")
    api = cast.api["qa"]
    every = [r["id"] for r in api.get(f"/api/v1/cases/{case}/reports?limit=200").json()]
    assert len(every) == 5 and every == sorted(every)
    first = api.get(f"/api/v1/cases/{case}/reports?limit=2").json()
    second = api.get(f"/api/v1/cases/{case}/reports?limit=2&offset=2").json()
    last = api.get(f"/api/v1/cases/{case}/reports?limit=2&offset=4").json()
    assert [[r["id"] for r in p] for p in (first, second, last)] == [every[:2], every[2:4], every[4:]]
    assert api.get(f"/api/v1/cases/{case}/reports?limit=2&offset=6").json() == []


def test_the_case_itself_holds_one_page_of_its_reports(cast):
    case = _case_with_reports(cast, 5, "2025-11-02")
    for who in ("qa", "pk"):
        api = cast.api[who]
        every = [r["id"] for r in api.get(f"/api/v1/cases/{case}/reports").json()]
        page = api.get(f"/api/v1/cases/{case}?reports_limit=2&reports_offset=2").json()
        assert [r["id"] for r in page["reports"]] == every[2:4], who
        assert page["report_count"] == 5, who
        # Later pages keep the summary of the earliest report.
        assert page["incident"] == api.get(f"/api/v1/cases/{case}").json()["incident"], who


def test_a_later_page_of_reports_keeps_the_title_of_the_earliest_report_the_party_may_see(cast):
    """Only the first page holds the earliest report; a later one reads it apart for the summary."""
    from truce.cases.models import Case
    from truce.reports.models import Report

    case = _case_with_reports(cast, 5, "2025-11-02")
    ids = list(Report.objects.filter(case=case).order_by("created_at", "id").values_list("id", flat=True))
    for n, report in enumerate(ids):
        Report.objects.filter(pk=report).update(title=f"report number {n}")
    api = cast.api["pk"]
    for offset in (0, 1, 2, 4):
        page = api.get(f"/api/v1/cases/{case}?reports_limit=2&reports_offset={offset}").json()
        assert [r["id"] for r in page["reports"]] == ids[offset : offset + 2], offset
        assert page["title"] == "report number 0", offset
    # The mediators' summary is the case's own, on any page.
    own = Case.objects.get(pk=case).title
    page = cast.api["qa"].get(f"/api/v1/cases/{case}?reports_limit=2&reports_offset=2").json()
    assert page["title"] == own != "report number 0"


def test_a_cases_reports_default_to_at_most_fifty(cast, monkeypatch):
    case = _case_with_reports(cast, 1, "2025-11-02")
    from truce.reports.models import Report

    first = Report.objects.get(case=case)
    fields = {f.attname: getattr(first, f.attname) for f in Report._meta.concrete_fields}
    Report.objects.bulk_create([Report(**{**fields, "id": None}) for _ in range(55)])
    api = cast.api["qa"]
    assert len(api.get(f"/api/v1/cases/{case}").json()["reports"]) == 50
    assert len(api.get(f"/api/v1/cases/{case}/reports").json()) == 50
    assert len(api.get(f"/api/v1/cases/{case}/reports?offset=50").json()) == 6


def test_bad_page_parameters_are_refused_naming_them(cast):
    case = _case_with_reports(cast, 1, "2025-11-02")
    api = cast.api["qa"]
    for query, name in (("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset")):
        response = api.get(f"/api/v1/cases/{case}/reports?{query}")
        assert response.status_code == 422 and name in response.content.decode(), query
    response = api.get(f"/api/v1/cases/{case}?reports_limit=0")
    assert response.status_code == 422 and "reports_limit" in response.content.decode()


def test_a_case_one_may_not_see_has_no_reports_to_page(cast):
    case = cast.api["monitor"].file_report().json()["case"]
    for who in ("pk", "af", "observer"):
        response = cast.api[who].get(f"/api/v1/cases/{case}/reports")
        assert response.status_code == 404, who
