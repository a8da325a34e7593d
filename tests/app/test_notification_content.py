"""Notifications carry nothing their recipient may not see."""

from __future__ import annotations

from django.db import transaction

from tests.app.story import incident
from truce.cases.models import Case
from truce.notifications.models import Kind, Notification
from truce.notifications.send import notify


def test_urgent_observation_sends_nothing_to_the_accused_party_that_cannot_see_it(cast):
    filed = cast.api["monitor"].file_report(
        urgent=True,
        incident=incident(title="Monitors saw a mortar team at grid 4417", description="Team of four."),
    )
    assert filed.status_code == 201, filed.content
    assert cast.api["af"].get(f"/api/v1/reports/{filed.json()['id']}").status_code == 404
    assert not Notification.objects.filter(user=cast.af).exists()
    assert cast.api["af"].get("/api/v1/inbox").json() == []
    alerted = set(Notification.objects.filter(kind="urgent_report").values_list("user__username", flat=True))
    assert alerted == {"qa", "tr"}


def test_urgent_complaint_still_alerts_the_accused_party_which_may_read_it(cast):
    cast.api["pk"].file_report(urgent=True)
    assert Notification.objects.filter(user=cast.af, kind="urgent_report").exists()


def test_reply_request_notice_uses_the_summary_the_party_sees(cast):
    observation = (
        cast.api["monitor"]
        .file_report(incident=incident(title="Monitors saw a mortar team at grid 4417"))
        .json()
    )
    complaint = cast.api["pk"].file_report().json()
    cast.api["qa"].post(f"/api/v1/cases/{observation['case']}/join", {"into": complaint["case"]})
    case_id = complaint["case"]
    cast.api["qa"].post(f"/api/v1/cases/{case_id}/admit")
    cast.api["qa"].post(f"/api/v1/cases/{case_id}/monitors", {"monitor": "monitor"})
    assert cast.api["qa"].post(f"/api/v1/cases/{case_id}/reply-request").status_code == 200
    notice = Notification.objects.get(user=cast.af, kind="reply_requested")
    assert "grid 4417" not in notice.title + notice.body
    assert incident()["title"] in notice.body


def test_a_notice_about_a_case_never_reaches_a_user_who_cannot_see_the_case(cast):
    observed = cast.api["monitor"].file_report(incident=incident(title="Seen by the monitors only")).json()
    case = Case.objects.get(pk=observed["case"])
    with transaction.atomic():
        rows = notify([cast.af, cast.pk, cast.qa], Kind.RULING_IN_FORCE, f"Case {case.reference}", case=case)
    assert [r.user.username for r in rows] == ["qa"]
