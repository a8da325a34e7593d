"""A case's title, place, coordinates and date, wherever they are shown, come only from the reports the
viewer may see; filing a complaint reveals nothing about cases the filer could not see."""

from __future__ import annotations

from django.test import Client

from tests.app.story import incident
from truce.cases.models import Case
from truce.cases.present import case_summary
from truce.notifications.models import Notification

SECRET = {"name": "Grid 4417 observation point", "country": "PK", "lat": 30.9301, "lon": 66.4555}


def _observation(cast):
    body = incident(
        title="Monitors saw a mortar team at grid 4417",
        location={**SECRET, "geo_precision": 1},
        description="Team of four, tube pointed east.",
    )
    filed = cast.api["monitor"].file_report(incident=body).json()
    assert "case" in filed, filed
    return filed


def _join_into_complaint_case(cast):
    observation = _observation(cast)
    complaint = cast.api["pk"].file_report().json()
    joined = cast.api["qa"].post(f"/api/v1/cases/{observation['case']}/join", {"into": complaint["case"]})
    assert joined.status_code == 200, joined.content
    return observation, complaint


def _leaks(text: str) -> list[str]:
    return [s for s in ("grid 4417", "Grid 4417", "30.9301", "66.4555", "mortar team") if s in text]


def test_party_sees_a_case_summary_built_only_from_its_own_reports(cast):
    _, complaint = _join_into_complaint_case(cast)
    case_id = complaint["case"]
    seen = cast.api["pk"].get(f"/api/v1/cases/{case_id}").json()
    assert seen["title"] == incident()["title"]
    assert seen["incident"]["lat"] == incident()["location"]["lat"]
    assert seen["report_count"] == 1
    assert not _leaks(str(seen))
    listed = cast.api["pk"].get("/api/v1/cases").json()
    assert not _leaks(str(listed))
    client = Client()
    client.force_login(cast.pk)
    for page in ("/cases/", f"/cases/{case_id}/", "/inbox/"):
        assert not _leaks(client.get(page).content.decode()), page
    # The mediators see the case as it is.
    assert cast.api["qa"].get(f"/api/v1/cases/{case_id}").json()["report_count"] == 2


def test_summary_of_a_case_opened_by_an_observation_hides_its_title_and_place_from_the_party(cast):
    observation = _observation(cast)
    case = Case.objects.get(pk=observation["case"])
    complaint = cast.api["pk"].file_report(case=case.pk)
    # An explicit case the party cannot see answers like a missing one.
    assert complaint.status_code == 404
    assert case_summary(case, cast.qa)["title"] == "Monitors saw a mortar team at grid 4417"
    summary = case_summary(case, cast.pk)
    assert summary["title"] == case.reference and summary["incident"]["lat"] is None


def test_filing_a_complaint_does_not_reveal_a_hidden_case_of_the_same_incident(cast):
    observation = _observation(cast)
    complaint = cast.api["pk"].file_report().json()
    # Joining would tell Pakistan that the monitors already hold this incident: the complaint opens its
    # own case, and the mediators are told the two may be one incident.
    assert complaint["case"] != observation["case"]
    assert cast.api["pk"].get(f"/api/v1/cases/{observation['case']}").status_code == 404
    hint = Notification.objects.filter(user=cast.qa, kind="possible_same_incident").get()
    assert observation["case_reference"] in hint.title
    assert not Notification.objects.filter(user__in=[cast.pk, cast.af], kind="possible_same_incident")


def test_a_party_still_joins_a_case_it_can_see(cast):
    first = cast.api["pk"].file_report().json()
    second = cast.api["pk2"].file_report(incident=incident(title="Second account of the shelling")).json()
    assert second["case"] == first["case"]


def test_a_party_joins_the_nearest_case_it_can_see_when_a_nearer_one_is_hidden(cast):
    near = {"name": "Chaman", "country": "PK", "lat": 30.921, "lon": 66.4597, "geo_precision": 1}
    five_km_north = {**near, "name": "North of Chaman", "lat": 30.966}
    own = cast.api["pk"].file_report(incident=incident(date="2025-10-24", location=five_km_north)).json()
    hidden = cast.api["monitor"].file_report(incident=incident(date="2025-10-26", location=near)).json()
    assert hidden["case"] != own["case"]
    joined = cast.api["pk2"].file_report(incident=incident(date="2025-10-25", location=near)).json()
    assert joined["case"] == own["case"]
    assert not Notification.objects.filter(kind="possible_same_incident").exists()
