"""An inbox notice that asked something of its reader says when it is done: "your reply is due" once the
party's reply is in, "a ruling awaits your signature" once the reader signed it (or it came into force).
Notices themselves are never edited; the inbox reads whether they are met from the case."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.app.story import incident, signed_in
from tests.app.test_workflow_permissions import Scene
from truce.notifications.models import Kind


def _inbox(cast, name: str) -> dict[str, bool]:
    """kind -> done, for the notices of one case kind each (the newest of a kind wins)."""
    rows = cast.api[name].get("/api/v1/inbox").json()
    out: dict[str, bool] = {}
    for row in reversed(rows):
        out[row["kind"]] = row["done"]
    return out


def test_a_reply_request_is_done_once_the_party_has_replied(cast):
    scene = Scene(cast).to("awaiting_reply")
    assert _inbox(cast, "af")[Kind.REPLY_REQUESTED] is False
    page = signed_in(cast.af).get("/inbox/").content.decode()
    assert "Done" not in page
    cast.api["af"].post(f"/api/v1/cases/{scene.case}/replies", {"text": "We deny it."})
    assert _inbox(cast, "af")[Kind.REPLY_REQUESTED] is True
    assert "Done" in signed_in(cast.af).get("/inbox/").content.decode()


def test_a_ruling_to_sign_is_done_for_the_signer_and_for_all_once_in_force(cast):
    scene = Scene(cast).to("drafted")
    assert _inbox(cast, "tr")[Kind.RULING_TO_SIGN] is False
    cast.api["qa"].post(f"/api/v1/rulings/{scene.ruling}/signatures")
    # The drafter is not asked to sign (truce.rulings.actions notifies the other mediators only).
    assert Kind.RULING_TO_SIGN not in _inbox(cast, "qa")
    assert _inbox(cast, "tr")[Kind.RULING_TO_SIGN] is False  # still waits for Türkiye's officer
    cast.api["tr"].post(f"/api/v1/rulings/{scene.ruling}/signatures")
    assert _inbox(cast, "tr")[Kind.RULING_TO_SIGN] is True


def _reply_requested(cast, day: int) -> None:
    qa = cast.api["qa"]
    case = cast.api["pk"].file_report(incident=incident(date=f"2025-10-{day:02d}")).json()["case"]
    for path, body in (("admit", None), ("monitors", {"monitor": "monitor"}), ("reply-request", None)):
        assert qa.post(f"/api/v1/cases/{case}/{path}", body).status_code < 300


def test_the_inbox_costs_the_same_queries_however_many_notices(cast):
    _reply_requested(cast, 20)
    client = signed_in(cast.af)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/inbox/").status_code == 200
        return len(captured.captured_queries)

    queries()  # the first page of a session also notes when it was last seen
    few = queries()
    for day in (22, 24, 26, 28):
        _reply_requested(cast, day)
    assert queries() == few
