"""Triage of leads by the agreement's mediators and monitors: accept into a case (a lead report with the
articles as evidence; nothing ruled) or dismiss with a reason. Everyone else sees nothing: 404."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.app.story import ApiClient, incident, ingest_demo_articles, record_size
from truce.cases.models import Case, CaseStatus
from truce.cli import main
from truce.core import clock
from truce.demo import ARTICLES as DEMO_ARTICLES
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.reports import evidence_store
from truce.reports.models import Report
from truce.sources.models import Article, Lead, LeadSource, LeadStatus

ARTICLES = DEMO_ARTICLES
TRIAGERS = ("qa", "tr", "monitor")
OTHERS = ("pk", "pk2", "af", "observer", "admin", "outsider")


@pytest.fixture
def scene(cast):
    """Two outlets' articles on the Chaman shelling of 28 October 2025, ingested as one lead."""
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        ingest_demo_articles()
        yield {"cast": cast, "lead": Lead.objects.get(), "api": cast.api}


def test_accepting_a_lead_opens_a_case_with_a_lead_report_and_the_articles_as_evidence(scene):
    lead = scene["lead"]
    response = scene["api"]["monitor"].post(f"/api/v1/leads/{lead.pk}/accept", {"commitments": ["C1"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted" and body["case"] and body["report"]
    report = Report.objects.get(pk=body["report"])
    assert (report.kind, report.status, report.filed_by) == ("lead", "submitted", scene["cast"].monitor)
    assert (report.incident_date, report.place, report.fatalities_low, report.fatalities_best) == (
        dt.date(2025, 10, 28),
        "Chaman",
        6,
        6,
    )
    assert report.fatalities_high is None
    case = Case.objects.get(pk=body["case"])
    assert report.case == case and case.status == CaseStatus.RECEIVED  # nothing is ruled automatically
    evidence = list(report.evidence.all())
    links = [e.url for e in evidence if e.kind == "link"]
    files = {e.sha256 for e in evidence if e.kind == "file"}
    assert links == ["https://quetta-ledger.example/2025/10/29/chaman-border-shelling"]
    assert files == set(Article.objects.values_list("sha256", flat=True))
    assert all(evidence_store.verify(sha) for sha in files)
    entry = Entry.objects.order_by("-index").first()
    assert entry.type == "LeadAccepted" and entry.subject == f"lead:{lead.pk}"
    assert check_chain().first_bad is None
    # The monitor who accepted it can read the report it filed.
    assert scene["api"]["monitor"].get(f"/api/v1/reports/{report.pk}").status_code == 200


def test_a_lead_of_an_incident_already_reported_is_suggested_and_joins_that_case(cast):
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        complaint = cast.api["pk"].file_report(incident=incident(date="2025-10-28")).json()
        main(
            [
                "ingest",
                "--agreement",
                "pak-afg-2025",
                "--published",
                "2025-10-29",
                str(ARTICLES / "chaman-frontier-post.txt"),
            ]
        )
        lead = Lead.objects.get()
        assert lead.suggested_cases == [complaint["case"]]
        body = cast.api["qa"].post(f"/api/v1/leads/{lead.pk}/accept", {}).json()
    assert body["case"] == complaint["case"]
    assert Case.objects.count() == 1 and Case.objects.get().reports.count() == 2


def test_dismissing_needs_a_reason_and_a_dismissed_lead_cannot_be_accepted(scene):
    lead, api = scene["lead"], scene["api"]["qa"]
    before = record_size()
    response = api.post(f"/api/v1/leads/{lead.pk}/dismiss", {"reason": "   "})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    assert api.post(f"/api/v1/leads/{lead.pk}/dismiss", {}).status_code == 422
    assert record_size() == before and Lead.objects.get().status == LeadStatus.OPEN
    reason = "Both articles repeat one military source; the monitors already saw the site."
    response = api.post(f"/api/v1/leads/{lead.pk}/dismiss", {"reason": reason})
    assert response.status_code == 200 and response.json()["dismissed_reason"] == reason
    again = api.post(f"/api/v1/leads/{lead.pk}/accept", {})
    assert again.status_code == 400 and "already dismissed" in again.json()["message"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("viewer", TRIAGERS + OTHERS + ("anonymous",))
def test_only_the_agreements_mediators_and_monitors_see_leads_and_articles(scene, viewer):
    api: ApiClient = scene["api"][viewer]
    lead = scene["lead"]
    article = Article.objects.first()
    paths = ("/api/v1/leads", f"/api/v1/leads/{lead.pk}", f"/api/v1/articles/{article.pk}")
    statuses = [api.get(path).status_code for path in paths]
    if viewer in TRIAGERS:
        assert statuses == [200, 200, 200]
        assert [item["id"] for item in api.get("/api/v1/leads").json()] == [lead.pk]
        content = api.get(f"/api/v1/articles/{article.pk}/content")
        assert content["X-Content-SHA256"] == article.sha256
    elif viewer == "anonymous":
        assert statuses == [401, 401, 401]
    else:
        # The list answers, but empty; one lead or article answers exactly like one that does not exist.
        assert statuses == [200, 404, 404]
        assert api.get("/api/v1/leads").json() == []
        assert api.get(f"/api/v1/articles/{article.pk}/content").status_code == 404


COPIED = ("agreement_id", "kind", "event_type", "sub_event_type", "date_low", "date_high", "place", "country")


def copy_of(lead: Lead, **changes: object) -> Lead:
    """Another open lead like ``lead`` (made directly: the triage actions are what is under test)."""
    fields = {f: getattr(lead, f) for f in COPIED} | {
        "raised_at": lead.raised_at,
        "updated_at": lead.updated_at,
    }
    return Lead.objects.create(**(fields | changes))


@pytest.mark.parametrize("action", ["accept", "dismiss"])
def test_nobody_else_can_accept_or_dismiss_and_each_triager_can(scene, action):
    lead = scene["lead"]
    body = {"reason": "Not a cross-border incident."} if action == "dismiss" else {}
    before = record_size()
    for viewer in OTHERS:
        response = scene["api"][viewer].post(f"/api/v1/leads/{lead.pk}/{action}", body)
        assert response.status_code == 404, (viewer, response.content)
    assert scene["api"]["anonymous"].post(f"/api/v1/leads/{lead.pk}/{action}", body).status_code == 401
    assert record_size() == before and Lead.objects.get().status == LeadStatus.OPEN
    for viewer in TRIAGERS:
        # Each triager acts on a lead of its own: the first one's lead is no longer open for the others.
        own = copy_of(lead)
        response = scene["api"][viewer].post(f"/api/v1/leads/{own.pk}/{action}", body)
        assert response.status_code == 200, (viewer, response.content)
        assert response.json()["status"] == ("accepted" if action == "accept" else "dismissed")


def test_the_request_examples_work_as_they_stand(scene):
    schema = ApiClient(None).get("/api/v1/openapi.json").json()
    lead = scene["lead"]
    for name in ("accept", "dismiss"):
        body = schema["paths"][f"/api/v1/leads/{{lead_id}}/{name}"]["post"]["requestBody"]
        ref = body["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        example = schema["components"]["schemas"][ref]["examples"][0]
        if name == "dismiss":
            lead = copy_of(lead)
        response = scene["api"]["qa"].post(f"/api/v1/leads/{lead.pk}/{name}", example)
        assert response.status_code == 200, (name, response.content)


def test_a_lead_without_a_date_needs_one_to_be_accepted(scene):
    undated = copy_of(scene["lead"], date_low=None, date_high=None, place="Torkham")
    api = scene["api"]["tr"]
    response = api.post(f"/api/v1/leads/{undated.pk}/accept", {})
    assert response.status_code == 400 and response.json()["field"] == "date"
    response = api.post(f"/api/v1/leads/{undated.pk}/accept", {"date": "2025-10-27"})
    assert response.status_code == 200, response.content


def test_the_lead_list_and_a_lead_cost_the_same_queries_however_many_there_are(
    scene, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = scene["api"]["qa"]
    lead = scene["lead"]

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path).status_code == 200
        return len(captured)

    # The first request of a minute also records the token's last use (one UPDATE); warm that up first.
    queries("/api/v1/leads")
    one_list, one_lead = queries("/api/v1/leads"), queries(f"/api/v1/leads/{lead.pk}")
    for _ in range(5):
        copy_of(lead)
    first = lead.sources.first()
    for index in range(90, 93):  # more sources: still read with their articles in one query
        LeadSource.objects.create(
            lead=lead, article=first.article, event_index=index, event=first.event, added_at=first.added_at
        )
    assert queries("/api/v1/leads") == one_list
    assert queries(f"/api/v1/leads/{lead.pk}") == one_lead


def test_figures_that_disagree_across_sources_still_make_a_valid_report(scene):
    # One source gave only a best figure (5), another 9 to 9: across them low 9, best 5, high 9.
    odd = copy_of(scene["lead"], fatalities_low=9, fatalities_best=5, fatalities_high=4)
    response = scene["api"]["qa"].post(f"/api/v1/leads/{odd.pk}/accept", {})
    assert response.status_code == 200, response.content
    report = Report.objects.get(pk=response.json()["report"])
    assert (report.fatalities_low, report.fatalities_best, report.fatalities_high) == (5, 5, 5)
