"""The reply window with a controllable clock: its edges, the overdue task, and time-zone edges."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.app.story import PAK_AFG, incident
from truce.agreements.actions import do_load_agreement
from truce.cases.actions.replies import do_mark_overdue_replies
from truce.cases.models import Case
from truce.core.clock import frozen
from truce.notifications.models import Notification
from truce.record.models import Entry

KARACHI = ZoneInfo("Asia/Karachi")
REQUESTED = dt.datetime(2025, 10, 28, 9, 0, tzinfo=KARACHI)  # 04:00 UTC


def _to_awaiting_reply(cast, clock):
    case = cast.api["pk"].file_report().json()["case"]
    cast.api["qa"].post(f"/api/v1/cases/{case}/admit")
    cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    response = cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request").json()
    return case, response


def test_window_is_72_hours_on_the_agreements_clock_and_closes_exactly(cast):
    with frozen(REQUESTED) as clock:
        case, requested = _to_awaiting_reply(cast, clock)
        assert requested["reply_due_at"] == "2025-10-31T04:00:00.000000Z"  # 09:00 in Karachi, three days on
        clock.at = dt.datetime(2025, 10, 31, 4, 0, tzinfo=dt.UTC)
        assert (
            cast.api["qa"]
            .post(
                f"/api/v1/cases/{case}/rulings",
                {"outcome": "no_violation", "confidence": "weak", "reasons": "x"},
            )
            .status_code
            == 400
        )  # still open
        clock.advance(microseconds=1)
        late = cast.api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "Too late."})
        assert late.status_code == 400
        assert "closed at 2025-10-31 09:00 (Asia/Karachi)" in late.json()["message"]


def test_reply_on_the_last_microsecond_is_accepted(cast):
    with frozen(REQUESTED) as clock:
        case, _ = _to_awaiting_reply(cast, clock)
        clock.at = dt.datetime(2025, 10, 31, 4, 0, tzinfo=dt.UTC)
        assert cast.api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "In time."}).status_code == 201
        assert cast.api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "Again."}).status_code == 400


def test_overdue_task_marks_once_and_tells_the_mediators(cast):
    with frozen(REQUESTED) as clock:
        case, _ = _to_awaiting_reply(cast, clock)
        assert do_mark_overdue_replies() == []  # nothing due yet: nothing written
        clock.advance(hours=72, seconds=1)
        size = Entry.objects.count()
        marked = do_mark_overdue_replies()
        assert [c.pk for c in marked] == [case]
        assert Entry.objects.count() == size + 1
        assert Notification.objects.filter(kind="reply_overdue", case_id=case).count() == 2  # qa and tr
        assert do_mark_overdue_replies() == []
        drafted = cast.api["qa"].post(
            f"/api/v1/cases/{case}/rulings",
            {
                "outcome": "violation",
                "commitment": "C1",
                "responsible_party": "AF",
                "confidence": "weak",
                "reasons": "No reply was received in the window.",
            },
        )
        assert drafted.status_code == 201, drafted.content


def test_a_late_night_incident_is_today_in_the_agreements_zone(cast):
    # 20:30 UTC on 25 October is 01:30 on the 26th in Karachi: the 26th is not "in the future" there.
    with frozen(dt.datetime(2025, 10, 25, 20, 30, tzinfo=dt.UTC)):
        assert cast.api["pk"].file_report(incident=incident(date="2025-10-26")).status_code == 201
        assert cast.api["pk"].file_report(incident=incident(date="2025-10-27")).status_code == 400


@pytest.fixture
def london_agreement(db, tmp_path):
    """The same agreement on a clock with daylight saving (Europe/London ends BST on 26 October 2025)."""
    folder = tmp_path / "dst"
    folder.mkdir()
    (folder / "zones").symlink_to(PAK_AFG.parent / "zones")
    text = (
        PAK_AFG.read_text()
        .replace('id = "pak-afg-2025"', 'id = "pak-afg-dst"')
        .replace('timezone = "Asia/Karachi"', 'timezone = "Europe/London"')
    )
    (folder / "agreement.toml").write_text(text)
    do_load_agreement(folder / "agreement.toml", acting_user=None)
    return "pak-afg-dst"


def test_window_across_the_end_of_daylight_saving_ends_at_the_same_local_time(cast, london_agreement):
    from tests.app.story import ApiClient
    from truce.accounts.actions import do_add_user, do_issue_token

    api = {}
    for name, role, org in (
        ("m1", "mediator", "QA"),
        ("l1", "liaison", "PK"),
        ("l2", "liaison", "AF"),
        ("mon", "monitor", ""),
    ):
        user = do_add_user(name, role=role, organisation=org, agreement_id=london_agreement, acting_user=None)
        api[name] = ApiClient(do_issue_token(user, acting_user=None))
    london = ZoneInfo("Europe/London")
    start = dt.datetime(2025, 10, 24, 12, 0, tzinfo=london)  # BST, UTC+1
    with frozen(start):
        case = (
            api["l1"]
            .file_report(agreement=london_agreement, incident=incident(date="2025-10-23"))
            .json()["case"]
        )
        api["m1"].post(f"/api/v1/cases/{case}/admit")
        api["m1"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "mon"})
        api["m1"].post(f"/api/v1/cases/{case}/reply-request")
    due = Case.objects.get(pk=case).reply_due_at
    assert due.astimezone(london) == dt.datetime(2025, 10, 27, 12, 0, tzinfo=london)  # GMT, UTC+0
    assert due - start.astimezone(dt.UTC) == dt.timedelta(hours=73)  # the clocks went back an hour
