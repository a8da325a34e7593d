"""After the accused party's reply the case no longer awaits it: it is back under investigation (the
workflow's receive_reply), the party's inbox says the request is done, counter-evidence may still be added
until the deadline, and the reply is not requested a second time."""

from __future__ import annotations

from tests.app.story import signed_in
from tests.app.test_workflow_permissions import Scene
from truce.cases.models import Case
from truce.record.models import Entry


def test_the_case_leaves_awaiting_reply_when_the_reply_is_in(cast):
    scene = Scene(cast).to("awaiting_reply")
    assert Case.objects.get(pk=scene.case).status == "awaiting_reply"
    answer = cast.api["af"].post(f"/api/v1/cases/{scene.case}/replies", {"text": "We deny it."})
    assert answer.status_code < 300, answer.content
    case = Case.objects.get(pk=scene.case)
    assert case.status == "under_investigation"
    assert Entry.objects.filter(type="ReplySubmitted").count() == 1
    # The page no longer shows a reply as due, and the API says the same.
    page = signed_in(cast.qa).get(f"/cases/{scene.case}/").content.decode()
    assert "Reply due" not in page
    assert cast.api["qa"].get(f"/api/v1/cases/{scene.case}").json()["status"] == "under_investigation"


def test_after_the_reply_the_party_still_adds_counter_evidence_until_the_deadline(cast):
    scene = Scene(cast).to("awaiting_reply")
    cast.api["af"].post(f"/api/v1/cases/{scene.case}/replies", {"text": "We deny it."})
    page = signed_in(cast.af).get(f"/cases/{scene.case}/").content.decode()
    assert "Add counter-evidence to your reply" in page


def test_the_reply_is_not_requested_twice(cast):
    scene = Scene(cast).to("awaiting_reply")
    cast.api["af"].post(f"/api/v1/cases/{scene.case}/replies", {"text": "We deny it."})
    again = cast.api["qa"].post(f"/api/v1/cases/{scene.case}/reply-request")
    assert again.status_code == 400
    assert "replied" in again.json()["message"]
    assert Case.objects.get(pk=scene.case).status == "under_investigation"


def test_the_ruling_is_drafted_after_the_reply(cast):
    scene = Scene(cast).to("awaiting_reply")
    cast.api["af"].post(f"/api/v1/cases/{scene.case}/replies", {"text": "We deny it."})
    ruling = {
        "outcome": "violation",
        "commitment": "C1",
        "responsible_party": "AF",
        "confidence": "fair",
        "reasons": "The findings match.",
    }
    assert cast.api["qa"].post(f"/api/v1/cases/{scene.case}/rulings", ruling).status_code == 201
    assert Case.objects.get(pk=scene.case).status == "ruling_drafted"
