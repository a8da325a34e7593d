"""Who is told what, and when: the inbox and e-mail for replies, urgent reports and rulings."""

from __future__ import annotations

from truce.background.queue import drain
from truce.notifications.models import Notification
from truce.reports.models import Report


def test_reply_request_reaches_the_accused_liaisons_inbox_and_mail(cast, mailoutbox):
    cast.af.email = "af-liaison@example.org"
    cast.af.save(update_fields=["email"])
    case = cast.api["pk"].file_report().json()["case"]
    cast.api["qa"].post(f"/api/v1/cases/{case}/admit")
    cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    drain()  # the mail of the filing and the admission
    mailoutbox.clear()
    cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request")
    assert mailoutbox == []  # queued, for the worker
    assert drain() == [
        "e-mail sent to 1 recipient(s): " + Notification.objects.filter(kind="reply_requested").first().title
    ]
    inbox = cast.api["af"].get("/api/v1/inbox").json()
    assert inbox[0]["kind"] == "reply_requested" and inbox[0]["case"]["id"] == case
    assert "Asia/Karachi" in inbox[0]["title"]
    assert [m.to for m in mailoutbox] == [["af-liaison@example.org"]]
    assert not cast.api["pk"].get("/api/v1/inbox").json()  # the complaining party is not asked to reply


def test_urgent_report_alerts_every_mediator_and_the_accused_at_once(cast):
    filed = cast.api["pk"].file_report(urgent=True).json()
    report = Report.objects.get(pk=filed["id"])
    assert report.urgent and report.urgent_notified_at is not None
    assert report.urgent_notified_at >= report.submitted_at
    alerted = set(Notification.objects.filter(kind="urgent_report").values_list("user__username", flat=True))
    assert alerted == {"qa", "tr", "af"}  # both mediators and the accused party; not the filer, not outsiders
    seen = cast.api["qa"].get(f"/api/v1/reports/{filed['id']}").json()
    assert seen["urgent"] is True and seen["urgent_notified_at"]


def test_an_ordinary_report_alerts_nobody(cast):
    cast.api["pk"].file_report()
    assert not Notification.objects.filter(kind="urgent_report").exists()


def test_a_draft_marked_urgent_alerts_nobody_until_submitted(cast):
    draft = cast.api["pk"].file_report(urgent=True, draft=True).json()
    assert not Notification.objects.filter(kind="urgent_report").exists()
    cast.api["pk"].post(f"/api/v1/reports/{draft['id']}/submit")
    alerted = set(Notification.objects.filter(kind="urgent_report").values_list("user__username", flat=True))
    assert alerted == {"qa", "tr", "af"}
