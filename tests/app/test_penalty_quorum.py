"""A penalty is confirmed as a ruling takes effect: by the agreement's quorum (pak-afg-2025: one officer of
each mediator). Finding: one mediator alone confirmed a penalty whose measure is delivered by both."""

from __future__ import annotations

from tests.app.story import record_size, signed_in
from tests.app.test_workflow_permissions import Scene
from truce.penalties.models import Penalty


def _proposed(cast) -> Penalty:
    Scene(cast).to("ruled")
    return Penalty.objects.get(status="proposed")


def test_one_mediator_alone_does_not_confirm_a_penalty(cast):
    penalty = _proposed(cast)
    answer = cast.api["qa"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    assert answer.status_code == 200
    assert answer.json()["status"] == "proposed" and answer.json()["confirmed_by"] == ["QA"]
    penalty.refresh_from_db()
    assert penalty.status == "proposed" and penalty.confirmed_on is None
    ledger = cast.api["af"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()
    assert ledger["penalties"][0]["status"] == "proposed" and ledger["penalties"][0]["confirmed_by"] == ["QA"]


def test_the_second_mediators_confirmation_meets_the_quorum(cast):
    penalty = _proposed(cast)
    cast.api["qa"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    answer = cast.api["tr"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed too."})
    assert answer.json()["status"] == "confirmed"
    penalty.refresh_from_db()
    assert penalty.status == "confirmed" and penalty.confirmed_on is not None


def test_an_officer_confirms_once_and_a_second_try_changes_nothing(cast):
    penalty = _proposed(cast)
    cast.api["qa"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    before = record_size()
    again = cast.api["qa"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    assert again.status_code == 400 and "already confirmed" in again.json()["message"]
    assert record_size() == before and penalty.confirmations.count() == 1


def test_the_ledger_page_says_what_the_confirmation_still_awaits(cast):
    penalty = _proposed(cast)
    page = signed_in(cast.qa).post(
        f"/ledger/pak-afg-2025/AF/penalties/{penalty.pk}/confirm/", {"reason": "Agreed."}, follow=True
    )
    html = page.content.decode()
    assert "awaits one officer of each mediator" in html and "confirmed so far by QA" in html


def test_one_mediator_may_still_decline_a_proposal(cast):
    penalty = _proposed(cast)
    answer = cast.api["tr"].post(f"/api/v1/penalties/{penalty.pk}/decline", {"reason": "Not proportionate."})
    assert answer.json()["status"] == "declined"


def test_the_ledger_page_says_the_quorum_in_the_readers_language(cast):
    penalty = _proposed(cast)
    cast.qa.language = "tr"
    cast.qa.save(update_fields=["language"])
    page = signed_in(cast.qa).post(
        f"/ledger/pak-afg-2025/AF/penalties/{penalty.pk}/confirm/", {"reason": "Agreed."}, follow=True
    )
    html = page.content.decode()
    assert "one officer of each mediator" not in html
    assert "her arabulucudan bir görevli" in html
