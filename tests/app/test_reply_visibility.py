"""A reply is asked only of a party that can see the case; mediators may share a case opened by the
monitors with the accused party (without its protected parts), and a ruling never treats an unseen
case as one whose reply window lapsed."""

from __future__ import annotations

import datetime as dt

from tests.app.story import incident, record_size, signed_in
from truce.cases.models import Case
from truce.core import clock
from truce.notifications.models import Notification


def _observed_case(cast, **kw):
    filed = (
        cast.api["monitor"]
        .file_report(incident=incident(title="Monitors saw rounds fired from the western ridge", **kw))
        .json()
    )
    case_id = filed["case"]
    cast.api["qa"].post(f"/api/v1/cases/{case_id}/admit")
    cast.api["qa"].post(f"/api/v1/cases/{case_id}/monitors", {"monitor": "monitor"})
    return filed, case_id


def test_reply_is_not_requested_from_a_party_that_cannot_see_the_case(cast):
    _, case_id = _observed_case(cast)
    before = record_size()
    refused = cast.api["qa"].post(f"/api/v1/cases/{case_id}/reply-request")
    assert refused.status_code == 400
    message = refused.json()["message"]
    assert "AF cannot see" in message and "share" in message
    assert record_size() == before
    assert Case.objects.get(pk=case_id).status == "under_investigation"
    assert not Notification.objects.filter(user=cast.af).exists()


def test_no_ruling_on_a_case_the_accused_party_never_could_see(cast):
    _, case_id = _observed_case(cast)
    drafted = cast.api["qa"].post(
        f"/api/v1/cases/{case_id}/rulings",
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "confidence": "fair",
            "reasons": "Seen by the monitors.",
        },
    )
    assert drafted.status_code == 400
    assert "share" in drafted.json()["message"]


def test_shared_case_reaches_the_accused_party_without_protected_parts_and_it_may_reply(cast):
    filed, case_id = _observed_case(cast)
    secret = cast.api["monitor"].add_file(
        filed["id"], b"names the informant", description="Informant Z's sketch", source_protected="true"
    )
    assert secret.status_code == 201, secret.content
    assert cast.api["af"].get(f"/api/v1/cases/{case_id}").status_code == 404
    shared = cast.api["qa"].post(f"/api/v1/cases/{case_id}/share", {"party": "AF"})
    assert shared.status_code == 200, shared.content
    seen = cast.api["af"].get(f"/api/v1/cases/{case_id}").json()
    assert seen["title"] == "Monitors saw rounds fired from the western ridge"
    assert "Informant Z" not in str(seen)
    assert seen["reports"][0]["filed_by"] is None
    assert cast.api["pk"].get(f"/api/v1/cases/{case_id}").status_code == 404  # shared with AF only
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/reply-request").status_code == 200
    assert cast.api["af"].post(f"/api/v1/cases/{case_id}/replies", {"text": "Not ours."}).status_code == 201


def test_only_a_mediator_shares_a_case_and_only_with_a_party_of_the_agreement(cast):
    _, case_id = _observed_case(cast)
    assert cast.api["monitor"].post(f"/api/v1/cases/{case_id}/share", {"party": "AF"}).status_code == 403
    assert cast.api["af"].post(f"/api/v1/cases/{case_id}/share", {"party": "AF"}).status_code == 404
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/share", {"party": "XX"}).status_code == 400
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/share", {"party": "AF"}).status_code == 200
    again = cast.api["qa"].post(f"/api/v1/cases/{case_id}/share", {"party": "AF"})
    assert again.status_code == 400 and "already" in again.json()["message"]


def test_the_case_page_offers_the_mediator_sharing_instead_of_a_reply_request(cast):
    _, case_id = _observed_case(cast)
    client = signed_in(cast.qa)
    page = client.get(f"/cases/{case_id}/").content.decode()
    assert "Share with the accused party (AF)" in page and "AF cannot see" in page
    assert "Request AF" not in page
    client.post(f"/cases/{case_id}/act/share/", {"party": "AF"})
    page = client.get(f"/cases/{case_id}/").content.decode()
    assert "Share with the accused party" not in page and "Request AF" in page
    assert cast.api["af"].get(f"/api/v1/cases/{case_id}").status_code == 200


def test_a_window_that_ran_out_unseen_is_no_lapse_and_sharing_opens_it_anew(cast):
    _, case_id = _observed_case(cast)
    # A case put to Afghanistan before requests checked whether it could see the case; its window has
    # long closed without a reply.
    long_ago = clock.now() - dt.timedelta(days=10)
    Case.objects.filter(pk=case_id).update(
        status="awaiting_reply", reply_requested_at=long_ago, reply_due_at=long_ago + dt.timedelta(days=3)
    )
    ruling = {"outcome": "no_violation", "confidence": "weak", "reasons": "Nothing seen."}
    refused = cast.api["qa"].post(f"/api/v1/cases/{case_id}/rulings", ruling)
    assert refused.status_code == 400 and "share" in refused.json()["message"]
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/share", {"party": "AF"}).status_code == 200
    case = Case.objects.get(pk=case_id)
    assert case.reply_due_at is not None and case.reply_due_at > clock.now()
    assert "Your reply is due by" in Notification.objects.get(user=cast.af, kind="case_shared").body
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/rulings", ruling).status_code == 400  # window open
    assert cast.api["af"].post(f"/api/v1/cases/{case_id}/replies", {"text": "Not ours."}).status_code == 201
