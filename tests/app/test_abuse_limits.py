"""One account (or one stolen token) cannot flood the mechanism: filings and uploads per user are limited
(429 with Retry-After, the API's error shape, the message beside the form), lists and texts in a report
are capped with messages naming the field and the cap, and a file whose bytes contradict its declared type
is refused, naming what it looks like."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import transaction
from django.test import Client

from tests.app.story import PASSWORD, incident, ingest_demo_articles, record_size
from tests.app.test_pages import form_data
from truce.agreements import registry
from truce.core import clock
from truce.core.incident import (
    MAX_ACTORS,
    MAX_ATTENDANCE,
    MAX_COMMITMENTS,
    MAX_IDS,
    IncidentError,
    parse_incident,
)
from truce.reports.actions import file_lead_report
from truce.reports.models import Evidence, Report
from truce.sources.models import Lead

MORNING = dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>"


def test_a_report_with_200000_actors_is_refused_naming_actors_and_the_maximum(cast):
    # Short names keep the body (2.6 MB) under Django's request size limit, as in the finding.
    actors = [{"name": "a"}] * 200_000
    before = record_size()
    answer = cast.api["pk"].file_report(incident=incident(actors=actors))
    assert answer.status_code == 422
    body = answer.json()
    assert body["field"] == "incident.actors"
    assert f"at most {MAX_ACTORS}" in body["message"]
    assert not Report.objects.exists() and record_size() == before


def test_the_core_parser_caps_actors_and_commitments_for_every_interface(cast):
    _, agreement = registry.get("pak-afg-2025")
    data = incident(actors=[{"name": "x"}] * (MAX_ACTORS + 1), commitments=["C1"] * 1000)
    with pytest.raises(IncidentError) as caught:
        parse_incident(data, agreement, today=dt.date(2025, 10, 30))
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages["incident.actors"] == f"has {MAX_ACTORS + 1:,} actors; the maximum is {MAX_ACTORS}"
    assert messages["incident.commitments"] == "has 1,000 commitment ids; the maximum is 100"


def test_an_overlong_title_is_refused_naming_the_field_and_the_limit(cast):
    answer = cast.api["pk"].file_report(incident=incident(title="x" * 5000))
    assert answer.status_code == 400
    assert answer.json()["problems"] == [
        {"field": "incident.title", "message": "is 5000 characters long; the limit is 200"}
    ]


def test_filings_past_the_hourly_limit_answer_429_with_retry_after(cast, settings):
    settings.TRUCE_FILINGS_PER_HOUR = 2
    with clock.frozen(MORNING) as frozen:
        assert cast.api["pk"].file_report().status_code == 201
        frozen.advance(minutes=10)
        assert cast.api["pk"].file_report().status_code == 201
        frozen.advance(minutes=10)
        before = record_size()
        refused = cast.api["pk"].file_report()
        assert refused.status_code == 429
        # The first filing leaves the hour 40 minutes from now.
        assert refused["Retry-After"] == str(40 * 60)
        body = refused.json()
        assert set(body) == {"message", "field", "problems"}
        assert "limit is 2 an hour" in body["message"] and "40 minutes" in body["message"]
        assert Report.objects.count() == 2 and record_size() == before
        # Another user is not held back by pk's filings.
        assert cast.api["monitor"].file_report(incident=incident(accused_party="")).status_code == 201
        frozen.advance(minutes=41)
        assert cast.api["pk"].file_report().status_code == 201


def test_the_filing_page_shows_the_limit_beside_the_form_with_429(cast, settings):
    settings.TRUCE_FILINGS_PER_HOUR = 1
    cast.api["pk"].file_report()
    browser = Client()
    assert browser.login(username="pk", password=PASSWORD)
    page = browser.post("/reports/new/", form_data())
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert "the limit is 1 an hour" in page.content.decode()
    assert Report.objects.count() == 1


def test_uploads_past_the_hourly_limit_answer_429(cast, settings):
    settings.TRUCE_UPLOADS_PER_HOUR = 2
    report = cast.api["pk"].file_report().json()["id"]
    assert cast.api["pk"].add_file(report, b"first").status_code == 201
    assert cast.api["pk"].add_file(report, b"second").status_code == 201
    refused = cast.api["pk"].add_file(report, b"third")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 3500
    assert refused.json()["field"] == "file"
    assert "limit is 2 an hour" in refused.json()["message"]
    # A link is not an upload: it stays possible.
    link = cast.api["pk"].upload(
        f"/api/v1/reports/{report}/evidence", {"url": "https://example.org/photo", "reliability": "C"}
    )
    assert link.status_code == 201
    assert Evidence.objects.filter(kind="file").count() == 2


def test_uploads_past_the_daily_bytes_answer_429_and_keep_nothing(cast, settings):
    settings.TRUCE_UPLOAD_BYTES_PER_DAY = 100
    report = cast.api["pk"].file_report().json()["id"]
    with clock.frozen(MORNING) as frozen:
        assert cast.api["pk"].add_file(report, b"a" * 60).status_code == 201
        frozen.advance(hours=3)
        refused = cast.api["pk"].add_file(report, b"b" * 60)
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(21 * 3600)
        assert "limit is 100 bytes a day" in refused.json()["message"]
        assert Evidence.objects.count() == 1
        frozen.advance(hours=21, seconds=1)
        assert cast.api["pk"].add_file(report, b"b" * 60).status_code == 201


@pytest.mark.parametrize(
    ("content", "looks_like"), [(PDF, "a PDF document"), (HTML, "an HTML page")], ids=["pdf", "html"]
)
def test_a_file_declared_a_photograph_whose_bytes_are_something_else_is_refused(cast, content, looks_like):
    report = cast.api["pk"].file_report().json()["id"]
    refused = cast.api["pk"].add_file(report, content, name="photo.jpg")
    assert refused.status_code == 400
    body = refused.json()
    assert body["field"] == "file"
    assert "'photo.jpg' is declared as image/jpeg" in body["message"] and looks_like in body["message"]
    assert not Evidence.objects.exists()


def test_files_whose_bytes_fit_their_declared_type_are_accepted(cast):
    report = cast.api["pk"].file_report().json()["id"]
    assert cast.api["pk"].add_file(report, PDF, name="statement.pdf").status_code == 201
    assert cast.api["pk"].add_file(report, b"\xff\xd8\xff\xe0JFIF", name="crater.jpg").status_code == 201
    # Bytes that match no known signature are not second-guessed.
    assert cast.api["pk"].add_file(report, b"photo bytes", name="photo.jpg").status_code == 201


def test_the_evidence_page_refuses_a_disguised_file_beside_the_form(cast):
    report = cast.api["pk"].file_report().json()["id"]
    browser = Client()
    assert browser.login(username="pk", password=PASSWORD)
    upload = io.BytesIO(HTML)
    upload.name = "crater.jpg"
    page = browser.post(
        f"/reports/{report}/evidence/", {"file": upload, "reliability": "B", "credibility": "2"}
    )
    assert page.status_code == 400
    assert "its bytes are an HTML page" in page.content.decode()


def test_reports_made_by_accepting_leads_do_not_count_as_filings(cast, settings):
    settings.TRUCE_FILINGS_PER_HOUR = 1
    with transaction.atomic():
        file_lead_report(
            agreement_id="pak-afg-2025",
            incident=incident(accused_party=""),
            case_id=None,
            evidence=[],
            acting_user=cast.monitor,
        )
    assert cast.api["monitor"].file_report(incident=incident(accused_party="")).status_code == 201
    assert cast.api["monitor"].file_report(incident=incident(accused_party="")).status_code == 429


@pytest.fixture
def named(cast):
    """A case, a meeting and a lead the mediator qa sees: the access policy answers 404 for an object
    the caller cannot see before any body is read, so the caps are tried on objects that exist."""
    case = cast.api["pk"].file_report().json()["case"]
    meeting = cast.api["qa"].post(
        "/api/v1/meetings",
        {
            "agreement": "pak-afg-2025",
            "kind": "joint_commission",
            "scheduled_for": (clock.now() + dt.timedelta(days=5)).isoformat(),
            "place": "Istanbul",
            "title": "First session",
        },
    )
    assert meeting.status_code == 201, meeting.content
    ingest_demo_articles("quetta-hospital.html")
    return {"case": case, "meeting": meeting.json()["id"], "lead": Lead.objects.get().pk}


@pytest.mark.parametrize(
    ("path", "body", "field", "cap"),
    [
        ("/api/v1/cases/{case}/split", {"reports": list(range(MAX_IDS + 1))}, "reports", MAX_IDS),
        (
            "/api/v1/cases/{case}/rulings",
            {"outcome": "violation", "confidence": "fair", "reasons": "r", "evidence": [1] * (MAX_IDS + 1)},
            "evidence",
            MAX_IDS,
        ),
        (
            "/api/v1/meetings/{meeting}/close",
            {"attendance": ["QA"] * (MAX_ATTENDANCE + 1)},
            "attendance",
            MAX_ATTENDANCE,
        ),
        (
            "/api/v1/leads/{lead}/accept",
            {"commitments": ["C1"] * (MAX_COMMITMENTS + 1)},
            "commitments",
            MAX_COMMITMENTS,
        ),
    ],
    ids=["split", "ruling", "meeting", "lead"],
)
def test_other_lists_the_api_takes_are_capped_before_any_item_is_looked_up(
    cast, named, path, body, field, cap
):
    answer = cast.api["qa"].post(path.format(**named), body)
    assert answer.status_code == 422
    assert answer.json()["field"] == field and f"at most {cap}" in answer.json()["message"]
