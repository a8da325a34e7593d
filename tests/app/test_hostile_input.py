"""Hostile input never gives a server error: every case answers 4xx with the JSON error shape (API) or an
error beside the field (pages), and nothing is stored."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from tests.app.story import incident, record_size, signed_in
from truce.accounts.models import User
from truce.cases.models import Case
from truce.reports.models import Report

LISTS = ["/api/v1/reports", "/api/v1/cases", "/api/v1/meetings", "/api/v1/leads"]
HUGE = "9" * 20


def _error_shape(response, status=None):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    if status is not None:
        assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "field", "problems"}, body
    assert body["message"]
    for problem in body["problems"]:
        assert set(problem) == {"field", "message"}
    return body


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", ["-1", HUGE])
def test_list_offset_out_of_range_is_refused_naming_offset(cast, path, offset):
    body = _error_shape(cast.api["qa"].get(path, data={"offset": offset}), 422)
    assert body["field"] == "offset"


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/inbox"])
@pytest.mark.parametrize("limit", ["0", "-5", "201", HUGE])
def test_list_limit_out_of_range_is_refused_naming_limit(cast, path, limit):
    body = _error_shape(cast.api["qa"].get(path, data={"limit": limit}), 422)
    assert body["field"] == "limit"


def test_list_within_range_still_pages(cast):
    for _ in range(3):
        cast.api["pk"].file_report(draft=True)
    client = cast.api["pk"]
    first = client.get("/api/v1/reports", data={"limit": 2}).json()
    rest = client.get("/api/v1/reports", data={"limit": 2, "offset": 2}).json()
    assert len(first) == 2 and len(rest) == 1
    assert client.get("/api/v1/reports", data={"offset": 10**9}).json() == []


@pytest.mark.parametrize("start", ["-1", HUGE])
def test_record_entries_start_out_of_range_is_refused(cast, start):
    _error_shape(cast.api["anonymous"].get("/api/v1/record/entries", data={"start": start}), 422)


@pytest.mark.parametrize(
    "path", ["/api/v1/record/proof/inclusion?index=" + HUGE, "/api/v1/record/tlog-proof?index=-1"]
)
def test_record_proof_index_out_of_range_is_refused(cast, path):
    response = cast.api["anonymous"].get(path)
    assert 400 <= response.status_code < 500, response.content


@pytest.mark.parametrize(
    "path", ["/api/v1/reports/" + HUGE, "/api/v1/cases/" + HUGE, "/api/v1/meetings/" + HUGE]
)
def test_huge_path_id_is_not_found(cast, path):
    _error_shape(cast.api["qa"].get(path), 404)


def test_json_nested_a_thousand_deep_is_refused_with_400(cast):
    before = record_size(), Report.objects.count()
    deep = '{"agreement": "pak-afg-2025", "incident": ' + "[" * 1000 + "]" * 1000 + "}"
    response = cast.api["pk"].client.post(
        "/api/v1/reports", data=deep, content_type="application/json", headers=cast.api["pk"].headers
    )
    body = _error_shape(response, 400)
    assert body["field"] == "body" and "deep" in body["message"]
    assert (record_size(), Report.objects.count()) == before


def test_json_nested_far_beyond_the_recursion_limit_is_refused_with_400(cast):
    deep = "[" * 100_000 + "]" * 100_000
    response = cast.api["pk"].client.post(
        "/api/v1/reports", data=deep, content_type="application/json", headers=cast.api["pk"].headers
    )
    _error_shape(response, 400)


@pytest.mark.parametrize(("text", "words"), [("\ud800", "surrogate"), ("Post\u0000", "NUL")])
def test_unstorable_text_in_json_is_refused_naming_the_field(cast, text, words):
    before = record_size(), Report.objects.count()
    client = cast.api["pk"]
    response = client.file_report(incident=incident(title=text))
    body = _error_shape(response, 400)
    assert body["field"] == "incident.title", body
    assert words in body["message"]
    assert (record_size(), Report.objects.count()) == before


def test_surrogate_in_an_object_key_is_refused(cast):
    raw = '{"agreement": "pak-afg-2025", "incident": {"\\udc00": 1}}'
    client = cast.api["pk"]
    response = client.client.post(
        "/api/v1/reports", data=raw, content_type="application/json", headers=client.headers
    )
    _error_shape(response, 400)


def test_nul_in_a_query_parameter_is_refused_naming_it(cast):
    body = _error_shape(cast.api["qa"].get("/api/v1/leads", data={"status": "open\x00"}), 400)
    assert body["field"] == "status"


def test_nul_in_a_multipart_evidence_field_is_refused(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    response = cast.api["pk"].add_file(report_id, description="crater\x00")
    body = _error_shape(response, 400)
    assert body["field"] == "description"
    assert not Report.objects.get(pk=report_id).evidence.exists()


def _case_under_investigation(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/admit").status_code == 200
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/monitors", {"monitor": "monitor"}).status_code == 200
    return case_id


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:59:59+14:00",
        "9999-12-31T23:59:59-14:00",  # past the end of the calendar in UTC
        "0001-01-01T00:00:00+14:00",  # before its start in UTC
        "0001-01-01T00:00:00-14:00",
    ],
)
def test_site_visit_at_the_edge_of_the_calendar_is_refused(cast, moment):
    case_id = _case_under_investigation(cast)
    before = record_size()
    response = cast.api["monitor"].post(
        f"/api/v1/cases/{case_id}/visits", {"visited_at": moment, "place": "Post", "findings": "x"}
    )
    body = _error_shape(response)
    assert body["field"] == "visited_at"
    assert record_size() == before


def test_access_denial_in_year_9999_is_refused(cast):
    case_id = _case_under_investigation(cast)
    response = cast.api["monitor"].post(
        f"/api/v1/cases/{case_id}/access-denials",
        {"denied_by_party": "AF", "denied_at": "9999-12-31T23:00:00-14:00", "place": "Gate"},
    )
    assert _error_shape(response)["field"] == "denied_at"


def test_meeting_in_year_9999_is_refused(cast):
    response = cast.api["qa"].post(
        "/api/v1/meetings",
        {
            "agreement": "pak-afg-2025",
            "kind": "technical",
            "scheduled_for": "9999-12-31T23:00:00-14:00",
            "place": "Doha",
        },
    )
    assert _error_shape(response)["field"] == "scheduled_for"


def test_evidence_obtained_in_year_9999_is_refused(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    response = cast.api["pk"].add_file(report_id, obtained_at="9999-12-31T23:00:00-14:00")
    assert _error_shape(response)["field"] == "obtained_at"


def test_incident_date_in_year_9999_is_refused(cast):
    response = cast.api["pk"].file_report(incident=incident(date="9999-12-31"))
    assert _error_shape(response)["field"] == "incident.date"


# Pages ---------------------------------------------------------------------------------------------------


def login(name: str) -> Client:
    # With every factor the role needs: a mediator with only a password reaches no form at all.
    return signed_in(User.objects.get(username=name))


@pytest.mark.parametrize(
    ("verb", "data"),
    [
        ("join", {"into": "abc"}),
        ("sign", {"ruling": "abc"}),
        ("sign", {"ruling": HUGE}),
        ("split", {"reports": ["abc"]}),
    ],
)
def test_non_numeric_id_in_a_case_form_is_an_error_not_a_crash(cast, verb, data):
    case_id = cast.api["pk"].file_report().json()["case"]
    before = record_size(), Case.objects.count()
    response = login("qa").post(f"/cases/{case_id}/act/{verb}/", data, follow=True)
    assert response.status_code in (200, 400, 404), response.status_code
    assert (record_size(), Case.objects.count()) == before


def test_non_numeric_reply_id_in_the_counter_evidence_form_is_an_error(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    statement = io.BytesIO(b"statement")
    statement.name = "s.txt"
    response = login("af").post(
        f"/cases/{case_id}/act/reply-evidence/",
        {"reply": "abc", "file": statement, "reliability": "C", "credibility": "3"},
        follow=True,
    )
    assert response.status_code in (200, 400, 404)
    assert b"reply" in response.content


@pytest.mark.parametrize(
    "path",
    ["/leads/?status=%00", "/reports/?page=abc", "/cases/?status=%00", "/meetings/?page=abc"],
)
def test_odd_query_strings_on_pages_are_not_server_errors(cast, path):
    response = login("qa").get(path)
    assert response.status_code < 500, response.status_code


def test_nul_in_a_report_form_field_is_a_form_error(cast):
    response = login("pk").post("/reports/new/", {"title": "Shelling\x00", "agreement": "pak-afg-2025"})
    assert response.status_code in (200, 400)
    assert not Report.objects.exists()


def test_meeting_form_at_the_end_of_the_calendar_is_a_form_error(cast):
    from truce.meetings.models import Meeting

    response = login("qa").post(
        "/meetings/new/",
        {"kind": "technical", "scheduled_for": "9999-12-31T23:00:00-14:00", "place": "Doha"},
    )
    assert response.status_code in (200, 400)
    assert b"check the year" in response.content
    assert not Meeting.objects.exists()


def test_evidence_form_obtained_at_the_end_of_the_calendar_is_a_form_error(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    photo = io.BytesIO(b"photo")
    photo.name = "p.jpg"
    response = login("pk").post(
        f"/reports/{report_id}/evidence/",
        {
            "file": photo,
            "obtained_on": "9999-12-31",
            "obtained_time": "23:00",
            "reliability": "B",
            "credibility": "2",
        },
    )
    assert response.status_code in (200, 400)
    assert b"check the year" in response.content
    assert not Report.objects.get(pk=report_id).evidence.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/agreements/pak%00",
        "/api/v1/penalties/ledger/pak-afg-2025/P%00K",
        "/api/v1/agreements/%ED%A0%80",
    ],
)
def test_unstorable_text_in_a_path_parameter_is_refused(cast, path):
    # PostgreSQL refuses NUL in a text comparison: this must not reach it.
    response = cast.api["qa"].get(path)
    assert 400 <= response.status_code < 500, response.content


def test_nul_in_a_raw_page_form_field_is_refused_naming_it(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    before = record_size()
    response = login("qa").post(f"/cases/{case_id}/act/inadmissible/", {"reason": "out of scope\x00"})
    assert response.status_code == 400
    assert b"reason" in response.content
    assert record_size() == before
    assert Case.objects.get(pk=case_id).status == "received"


@pytest.mark.parametrize("path", ["/ledger/pak-afg-2025/P%00K/", "/cases/?status=%00"])
def test_nul_in_a_page_address_is_refused(cast, path):
    assert login("qa").get(path).status_code == 400


def test_a_json_body_over_the_request_size_limit_is_413_with_the_error_shape(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = cast.api["pk"]
    body = '{"agreement": "pak-afg-2025", "incident": {"title": "' + "x" * 20_000 + '"}}'
    response = client.client.post(
        "/api/v1/reports", data=body, content_type="application/json", headers=client.headers
    )
    assert _error_shape(response, 413)["field"] == "body"
