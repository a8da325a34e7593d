"""The whole verification story through the API, every step in the record."""

from __future__ import annotations

import datetime as dt
import io

from tests.app.story import record_size
from truce.record.models import Entry
from truce.record.store import check_chain


def test_complaint_to_ruling_to_penalty_on_the_ledger(cast):
    api = cast.api
    start = record_size()
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()

    filed = api["pk"].file_report().json()
    case_id = filed["case"]
    assert api["qa"].post(f"/api/v1/cases/{case_id}/admit").json()["status"] == "admissible"

    case = api["qa"].post(f"/api/v1/cases/{case_id}/monitors", {"monitor": "monitor"}).json()
    assert case["status"] == "under_investigation" and case["monitors"] == ["monitor"]

    visit = api["monitor"].post(
        f"/api/v1/cases/{case_id}/visits",
        {
            "visited_at": yesterday,
            "place": "Northern post, Chaman",
            "findings": "Two fresh craters east of the post; fragments of 82 mm mortar rounds.",
        },
    )
    assert visit.status_code == 201, visit.content
    denial = api["monitor"].post(
        f"/api/v1/cases/{case_id}/access-denials",
        {
            "denied_by_party": "AF",
            "denied_at": yesterday,
            "place": "Spin Boldak checkpoint",
            "denied_by": "Checkpoint commander",
            "description": "Turned back at the barrier.",
        },
    )
    assert denial.status_code == 201, denial.content
    photo = io.BytesIO(b"crater photograph")
    photo.name = "crater.jpg"
    evidence = api["monitor"].upload(
        f"/api/v1/cases/{case_id}/evidence", {"file": photo, "reliability": "A", "credibility": "2"}
    )
    assert evidence.status_code == 201, evidence.content

    requested = api["qa"].post(f"/api/v1/cases/{case_id}/reply-request").json()
    assert requested["status"] == "awaiting_reply" and requested["reply_due_at"]
    assert any(n["kind"] == "reply_requested" for n in api["af"].get("/api/v1/inbox").json())

    reply = api["af"].post(
        f"/api/v1/cases/{case_id}/replies",
        {"text": "Our posts did not fire; the rounds came from positions we do not hold."},
    )
    assert reply.status_code == 201, reply.content

    drafted = api["qa"].post(
        f"/api/v1/cases/{case_id}/rulings",
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "perpetrator": "Afghan border forces",
            "perpetrator_type": "State forces",
            "confidence": "fair",
            "reasons": "The craters and fragments match the complaint; the reply names no other position.",
            "evidence": [evidence.json()["id"]],
        },
    )
    assert drafted.status_code == 201, drafted.content
    ruling = drafted.json()
    assert ruling["status"] == "draft"

    first = api["qa"].post(f"/api/v1/rulings/{ruling['id']}/signatures").json()
    assert first["status"] == "draft"  # one mediator of two
    second = api["tr"].post(f"/api/v1/rulings/{ruling['id']}/signatures").json()
    assert second["status"] == "in_force"
    assert {s["body"] for s in second["signatures"]} == {"QA", "TR"}

    case = api["qa"].get(f"/api/v1/cases/{case_id}").json()
    assert case["status"] == "published"  # the agreement publishes on ruling
    assert case["replies"][0]["text"].startswith("Our posts did not fire")  # the reply beside the ruling

    ledger = api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()
    assert ledger["totals"]["points_30d"] == 3 and ledger["totals"]["access_denials_30d"] == 1
    proposed = [p for p in ledger["penalties"] if p["status"] == "proposed"]
    assert [p["rule"] for p in proposed] == ["P1"]
    assert proposed[0]["reasons"] == f"ruling R{ruling['label'][1:]} within 30 days: 3 points ≥ 3"

    # Confirmed as a ruling takes effect: by one officer of each mediator.
    first = api["tr"].post(
        f"/api/v1/penalties/{proposed[0]['id']}/confirmation", {"reason": "Agreed by both mediators."}
    )
    assert first.json()["status"] == "proposed" and first.json()["confirmed_by"] == ["TR"]
    confirmed = api["qa"].post(
        f"/api/v1/penalties/{proposed[0]['id']}/confirmation", {"reason": "Agreed by both mediators."}
    )
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["confirmed_by"] == ["TR", "QA"]
    ledger = api["af"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()  # the party sees its own
    assert ledger["penalties"][0]["status"] == "confirmed" and ledger["open_penalties"] == 1
    assert api["af"].get("/api/v1/penalties/ledger/pak-afg-2025/PK").status_code == 404

    types = list(Entry.objects.filter(index__gte=start).values_list("type", flat=True))
    assert types == [
        "ReportFiled",
        "CaseAdmitted",
        "MonitorAssigned",
        "SiteVisitLogged",
        "AccessDenied",
        "CaseEvidenceAdded",
        "ReplyRequested",
        "ReplySubmitted",
        "RulingDrafted",
        "RulingSigned",
        "RulingSigned",
        "PenaltyConfirmationGiven",
        "PenaltyDecided",
    ]
    assert check_chain().ok
