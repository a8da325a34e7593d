"""Each role against each object and each action: only what the rules allow succeeds; the rest is 404
(cannot see) or 403 (can see, cannot do)."""

from __future__ import annotations

import pytest

from tests.app.story import incident

OBSERVATION_PLACE = {
    "name": "Torkham",
    "country": "PK",
    "admin1": "Khyber Pakhtunkhwa",
    "lat": 34.10,
    "lon": 71.09,
    "geo_precision": 1,
}


@pytest.fixture
def scene(cast):
    """Pakistan's complaint (with a protected source) and draft, Afghanistan's complaint, a monitor's
    observation elsewhere."""
    complaint = cast.api["pk"].file_report().json()
    evidence = (
        cast.api["pk"]
        .add_file(complaint["id"], obtained_from="Informant near the post", source_protected="true")
        .json()
    )
    draft = (
        cast.api["pk"].file_report(draft=True, incident=incident(title="Drone seen over Angoor Adda")).json()
    )
    against_pk = (
        cast.api["af"]
        .file_report(
            incident=incident(
                accused_party="PK",
                title="Shelling of Spin Boldak",
                location={"name": "Spin Boldak", "country": "AF", "lat": 31.0058, "lon": 66.3997},
            )
        )
        .json()
    )
    observation = (
        cast.api["monitor"]
        .file_report(
            incident=incident(
                accused_party="",
                commitments=[],
                title="Gunfire heard at Torkham",
                sub_event_type="Armed clash",
                location=OBSERVATION_PLACE,
            )
        )
        .json()
    )
    for name, body in (("C", complaint), ("D", draft), ("A", against_pk), ("O", observation)):
        assert "id" in body, (name, body)
    return {"C": complaint, "D": draft, "A": against_pk, "O": observation, "evidence": evidence, "cast": cast}


SEES = {  # viewer -> which of C (PK's complaint), D (PK's draft), A (AF's complaint), O (observation)
    "qa": "C A O",
    "tr": "C A O",
    "pk": "C D A",
    "pk2": "C D A",
    "af": "C A",
    "monitor": "O",
    "observer": "",
    "admin": "",
    "outsider": "",
}


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_each_role_sees_exactly_its_reports(scene, viewer):
    api = scene["cast"].api[viewer]
    for name in "CDAO":
        status = api.get(f"/api/v1/reports/{scene[name]['id']}").status_code
        expected = 200 if name in SEES[viewer].split() else 404
        assert status == expected, f"{viewer} on {name}: {status}"
    listed = {r["id"] for r in api.get("/api/v1/reports").json()}
    assert listed == {scene[n]["id"] for n in SEES[viewer].split()}


@pytest.mark.parametrize("viewer", sorted(SEES))
def test_each_role_sees_exactly_the_cases_of_its_reports(scene, viewer):
    api = scene["cast"].api[viewer]
    expected = {scene[n]["case"] for n in SEES[viewer].split() if scene[n]["case"]}
    assert {c["id"] for c in api.get("/api/v1/cases").json()} == expected
    for name in "CAO":
        status = api.get(f"/api/v1/cases/{scene[name]['case']}").status_code
        assert status == (200 if scene[name]["case"] in expected else 404), f"{viewer} on case of {name}"


FILES = {
    "qa": 403,
    "tr": 403,
    "pk": 201,
    "pk2": 201,
    "af": 201,
    "monitor": 201,
    "observer": 404,
    "admin": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("who", "status"), sorted(FILES.items()))
def test_only_liaisons_and_monitors_file_reports(cast, who, status):
    accused = {"af": "PK"}.get(who, "AF")
    response = cast.api[who].file_report(incident=incident(accused_party=accused))
    assert response.status_code == status, response.content


ADDS_EVIDENCE = {
    "qa": 201,
    "tr": 201,
    "pk": 201,
    "pk2": 201,
    "af": 403,
    "monitor": 404,
    "observer": 404,
    "admin": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("who", "status"), sorted(ADDS_EVIDENCE.items()))
def test_only_the_filing_side_and_mediators_add_evidence(scene, who, status):
    response = scene["cast"].api[who].add_file(scene["C"]["id"], b"more evidence")
    assert response.status_code == status, response.content


SUBMITS_DRAFT = {
    "qa": 404,
    "tr": 404,
    "pk": 200,
    "pk2": 200,
    "af": 404,
    "monitor": 404,
    "observer": 404,
    "admin": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("who", "status"), sorted(SUBMITS_DRAFT.items()))
def test_only_the_filing_party_submits_its_draft(scene, who, status):
    response = scene["cast"].api[who].post(f"/api/v1/reports/{scene['D']['id']}/submit")
    assert response.status_code == status, response.content


SEES_SOURCE = {"qa": True, "tr": True, "pk": True, "pk2": True, "af": False}


@pytest.mark.parametrize(("who", "sees"), sorted(SEES_SOURCE.items()))
def test_protected_source_is_withheld_from_the_accused_only(scene, who, sees):
    report = scene["cast"].api[who].get(f"/api/v1/reports/{scene['C']['id']}").json()
    source = (report["evidence"][0]["provenance"] or {}).get("obtained_from")
    assert (source == "Informant near the post") is sees
    assert report["evidence"][0]["withheld"] is not sees
    case = scene["cast"].api[who].get(f"/api/v1/cases/{scene['C']['case']}").json()
    in_case = next(r for r in case["reports"] if r["id"] == scene["C"]["id"])
    assert (in_case["evidence"][0]["provenance"] is not None) is sees


def test_submitted_draft_reaches_the_accused_and_a_case(scene):
    cast = scene["cast"]
    submitted = cast.api["pk"].post(f"/api/v1/reports/{scene['D']['id']}/submit").json()
    assert submitted["status"] == "submitted" and submitted["case"] is not None
    assert cast.api["af"].get(f"/api/v1/reports/{scene['D']['id']}").status_code == 200
    assert cast.api["pk"].post(f"/api/v1/reports/{scene['D']['id']}/submit").status_code == 400


def test_liaison_cannot_join_a_case_it_cannot_see(scene):
    hidden_case = scene["O"]["case"]  # the monitor's observation: not visible to Pakistan's liaison
    response = scene["cast"].api["pk"].file_report(case=hidden_case)
    assert response.status_code == 404 and response.json()["field"] == "case"


def test_deactivated_user_token_stops_working(cast):
    cast.pk.is_active = False
    cast.pk.save(update_fields=["is_active"])
    assert cast.api["pk"].get("/api/v1/reports").status_code == 401


def test_bogus_token_is_refused(cast):
    from tests.app.story import ApiClient

    assert ApiClient("truce_not-a-real-token").get("/api/v1/cases").status_code == 401
