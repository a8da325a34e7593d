"""Meeting pages: the list, the meeting with its forms for mediators, the forms' errors beside their
fields, and the printable dossier that shows each viewer only what they may see."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.app.story import signed_in
from tests.app.test_meetings import BEFORE, INFORMANT, at_meeting, file_cases, meeting_scene, schedule
from truce.core import clock
from truce.meetings.models import Decision, Meeting, MeetingStatus


@pytest.fixture
def before_meeting():
    with clock.frozen(BEFORE) as frozen:
        yield frozen


@pytest.fixture(autouse=True)
def long_sessions(settings):
    """These stories jump the project's clock by hours and days between pages; the session limits are
    tested in test_session_timeout.py."""
    settings.TRUCE_SESSION_IDLE_MINUTES = 60 * 24 * 365
    settings.TRUCE_SESSION_MAX_HOURS = 24 * 365


def page_client(user) -> Client:
    return signed_in(user)


def test_a_mediator_runs_a_meeting_from_the_pages(cast, before_meeting):
    reports = file_cases(cast)
    qa = page_client(cast.qa)
    assert "Schedule a meeting" in qa.get("/meetings/").content.decode()

    response = qa.post(
        "/meetings/new/",
        {"kind": "technical", "scheduled_for": "2025-11-06T12:00", "place": "Torkham", "title": ""},
    )
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    # A time without a zone is read in the agreement's zone (Asia/Karachi, UTC+5).
    assert meeting.scheduled_for.isoformat() == "2025-11-06T07:00:00+00:00"
    assert response["Location"] == f"/meetings/{meeting.pk}/"

    page = qa.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Add a case to the agenda" in page and "Record a decision" not in page  # not begun yet
    for name in ("C1", "C3"):
        assert qa.post(f"/meetings/{meeting.pk}/agenda/", {"case": reports[name]["case"]}).status_code == 302

    at_meeting(before_meeting)
    response = qa.post(
        f"/meetings/{meeting.pk}/decisions/",
        {"case": reports["C1"]["case"], "text": "Joint visit to the post.", "supersedes": ""},
    )
    assert response.status_code == 302, response.content.decode()
    response = qa.post(
        f"/meetings/{meeting.pk}/close/",
        {
            "attendance": "Pakistan delegation\nAfghanistan delegation\n",
            "next_meeting_at": "2025-11-20T12:00",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.attendance == ["Pakistan delegation", "Afghanistan delegation"]
    assert meeting.next_meeting_at.isoformat() == "2025-11-20T07:00:00+00:00"
    page = qa.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Joint visit to the post." in page and "Mark the meeting held" not in page


def test_form_errors_are_shown_beside_their_fields_and_nothing_is_saved(cast, before_meeting):
    qa = page_client(cast.qa)
    response = qa.post(
        "/meetings/new/", {"kind": "technical", "scheduled_for": "1999-11-06T12:00", "place": "X"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_scheduled_for_error"' in page and "before the agreement came into force" in page
    assert not Meeting.objects.exists()

    scene_meeting = schedule(cast).json()["id"]
    at_meeting(before_meeting)
    response = qa.post(f"/meetings/{scene_meeting}/close/", {"attendance": "QA\nqa"})
    assert response.status_code == 400
    assert 'id="id_attendance_error"' in response.content.decode()
    assert "listed twice" in response.content.decode()
    assert Meeting.objects.get(pk=scene_meeting).status == MeetingStatus.SCHEDULED


def test_a_liaison_reads_the_meeting_page_without_forms_and_cannot_post_them(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    mid = scene["meeting"]["id"]
    pk = page_client(cast.pk)
    assert "/meetings/" in pk.get("/cases/").content.decode()  # the nav link
    page = pk.get(f"/meetings/{mid}/").content.decode()
    assert scene["reports"]["C1"]["case_reference"] in page
    assert scene["reports"]["C3"]["case_reference"] not in page
    assert "Monitors to revisit Torkham" not in page
    assert "<form" not in page.split("</header>", 1)[1]  # only the log-out form, in the header
    before = Decision.objects.count()
    response = pk.post(f"/meetings/{mid}/decisions/", {"case": scene["reports"]["C1"]["case"], "text": "No."})
    assert response.status_code == 403
    assert pk.get("/meetings/new/").status_code == 404
    assert Decision.objects.count() == before


@pytest.mark.parametrize("viewer", ["observer", "admin", "outsider"])
def test_those_who_may_not_see_meetings_get_404_and_no_link(cast, before_meeting, viewer):
    scene = meeting_scene(cast, before_meeting)
    client = page_client(cast.users[viewer])
    for path in ("", "dossier/"):
        assert client.get(f"/meetings/{scene['meeting']['id']}/{path}").status_code == 404
    assert client.post(f"/meetings/{scene['meeting']['id']}/cancel/", {"reason": "x"}).status_code == 404
    # The outsider has meetings of their own ceasefire to go to; observers and admins have none.
    assert ('href="/meetings/"' in client.get("/cases/").content.decode()) == (viewer == "outsider")


def test_the_dossier_shows_the_mediator_every_agenda_case_with_reports_and_evidence(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    response = page_client(cast.qa).get(f"/meetings/{scene['meeting']['id']}/dossier/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("C1", "C2", "C3"):
        assert scene["reports"][name]["case_reference"] in page
    for title in (
        "Mortar fire on a border post near Chaman",
        "Shelling of Spin Boldak",
        "Gunfire heard at Torkham",
    ):
        assert title in page
    assert INFORMANT in page  # mediators see protected sources
    assert "SHA-256" in page and "Refer C1 to the technical meeting" in page
    assert "truce/meetings.css" in page


def test_the_dossier_hides_protected_sources_from_the_accused_party(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    page = page_client(cast.af).get(f"/meetings/{scene['meeting']['id']}/dossier/").content.decode()
    assert scene["reports"]["C1"]["case_reference"] in page  # the complaint against Afghanistan
    assert "Mortar fire on a border post near Chaman" in page
    assert INFORMANT not in page
    assert "photo.jpg" not in page  # the protected item is withheld whole, its file name too
    assert "1 protected item is withheld from you" in page
    assert scene["reports"]["C3"]["case_reference"] not in page  # the monitor's observation
    assert "Gunfire heard at Torkham" not in page
    # The filing side sees its own source.
    assert (
        INFORMANT in page_client(cast.pk).get(f"/meetings/{scene['meeting']['id']}/dossier/").content.decode()
    )


def test_the_print_stylesheet_leaves_out_the_navigation_and_breaks_pages_per_case():
    path = finders.find("truce/meetings.css")
    assert path, "truce/meetings.css is not found by the static files finders"
    with open(path, encoding="utf-8") as handle:
        css = handle.read()
    printed = css.split("@media print", 1)[1]
    assert ".top" in printed and "display: none" in printed
    assert ".dossier-case { break-before: page" in printed


def test_a_meeting_entered_for_a_past_date_says_so(cast, before_meeting):
    """Finding: a date in the past was accepted silently. Entering a meeting after the fact stays possible
    (its decisions must be minuted); the page now says the date is past and what to do either way."""
    qa = page_client(cast.qa)
    past = qa.post(
        "/meetings/new/",
        {"kind": "technical", "scheduled_for": "2025-10-20T12:00", "place": "Doha", "title": ""},
        follow=True,
    ).content.decode()
    assert "entered for a date already past" in past and "scheduled." not in past
    future = qa.post(
        "/meetings/new/",
        {"kind": "technical", "scheduled_for": "2025-11-06T12:00", "place": "Torkham", "title": ""},
        follow=True,
    ).content.decode()
    assert "scheduled." in future and "already past" not in future
