"""New reports never join a published or closed case, nor a case against another party: neither by
matching nor by naming the case."""

from __future__ import annotations

import pytest

from tests.app.story import incident
from truce.cases.models import Case


@pytest.mark.parametrize("status", ["published", "ruled", "inadmissible"])
def test_a_complaint_does_not_match_a_closed_case(cast, status):
    first = cast.api["pk"].file_report().json()
    Case.objects.filter(pk=first["case"]).update(status=status)
    second = cast.api["pk"].file_report().json()
    assert second["case"] != first["case"]


@pytest.mark.parametrize("status", ["published", "ruled", "inadmissible"])
def test_naming_a_closed_case_is_refused_saying_why(cast, status):
    first = cast.api["pk"].file_report().json()
    Case.objects.filter(pk=first["case"]).update(status=status)
    refused = cast.api["pk"].file_report(case=first["case"])
    assert refused.status_code == 400
    assert status in refused.json()["message"] and refused.json()["field"] == "case"
    assert Case.objects.get(pk=first["case"]).reports.count() == 1


def test_naming_a_case_against_another_party_is_refused_saying_why(cast):
    against_af = cast.api["pk"].file_report().json()
    # Afghanistan may see the case (it is accused in it) and names it for its own complaint against PK.
    refused = cast.api["af"].file_report(case=against_af["case"], incident=incident(accused_party="PK"))
    assert refused.status_code == 400
    message = refused.json()["message"]
    assert "accuses AF" in message and "PK" in message


def test_a_submitted_draft_naming_a_published_case_is_refused(cast):
    first = cast.api["pk"].file_report().json()
    Case.objects.filter(pk=first["case"]).update(status="published")
    draft = cast.api["pk"].file_report(draft=True).json()
    refused = cast.api["pk"].post(f"/api/v1/reports/{draft['id']}/submit", {"case": first["case"]})
    assert refused.status_code == 400 and "published" in refused.json()["message"]
