"""The notices people need, in the reader's language, and an inbox that can be marked read.

Reproduced first: mediators heard nothing of a new complaint or of a lead that opened a case, a party
nothing of a penalty confirmed against it, nobody anything of a meeting; and no notice could be marked
read."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext

from tests.app.story import signed_in
from tests.app.test_meetings import before_meeting, schedule  # noqa: F401  (a fixture)
from tests.app.test_workflow_permissions import Scene
from truce.accounts.models import Role
from truce.notifications.models import Kind, Notification
from truce.notifications.present import TEXTS, compose, in_english, shown
from truce.penalties.models import Penalty


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_mediators_hear_of_a_new_complaint_and_nobody_else_does(cast):
    case = cast.api["pk"].file_report().json()["case"]
    told = set(Notification.objects.filter(kind=Kind.NEW_COMPLAINT).values_list("user__username", flat=True))
    assert told == {"qa", "tr"}
    notice = Notification.objects.filter(kind=Kind.NEW_COMPLAINT, user=cast.qa).get()
    assert notice.case_id == case
    assert "new complaint by PK against AF" in notice.title
    assert notice.params["summary"]


def test_a_draft_tells_nobody_until_it_is_submitted(cast):
    draft = cast.api["pk"].file_report(draft=True).json()
    assert not Notification.objects.filter(kind=Kind.NEW_COMPLAINT).exists()
    cast.api["pk"].post(f"/api/v1/reports/{draft['id']}/submit", {})
    assert Notification.objects.filter(kind=Kind.NEW_COMPLAINT).count() == 2


def test_an_urgent_complaint_alerts_once_not_twice(cast):
    cast.api["pk"].file_report(urgent=True)
    assert Kind.URGENT_REPORT in _kinds(cast.qa) and Kind.NEW_COMPLAINT not in _kinds(cast.qa)


def test_the_other_mediators_hear_of_a_lead_that_opened_a_case(cast):
    from tests.app.story import ingest_demo_articles
    from truce.sources.models import Lead

    ingest_demo_articles()
    lead = Lead.objects.filter(agreement_id="pak-afg-2025", status="open").order_by("id").first()
    assert lead is not None
    answer = cast.api["qa"].post(f"/api/v1/leads/{lead.pk}/accept", {})
    assert answer.status_code < 300, answer.content
    told = set(
        Notification.objects.filter(kind=Kind.LEAD_OPENED_CASE).values_list("user__username", flat=True)
    )
    assert told == {"tr"}  # not the mediator who accepted it, not the parties


def test_the_party_hears_when_a_penalty_against_it_is_confirmed(cast):
    Scene(cast).to("ruled")
    penalty = Penalty.objects.get(status="proposed")
    cast.api["qa"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    assert not Notification.objects.filter(kind=Kind.PENALTY_CONFIRMED).exists()  # quorum not yet met
    cast.api["tr"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed too."})
    told = set(
        Notification.objects.filter(kind=Kind.PENALTY_CONFIRMED).values_list("user__username", flat=True)
    )
    assert told == {penalty.party.lower()}
    assert penalty.measure in Notification.objects.get(kind=Kind.PENALTY_CONFIRMED).title


def test_participants_hear_of_a_meeting_scheduled_and_cancelled(cast, before_meeting):  # noqa: F811
    meeting = schedule(cast).json()
    told = set(
        Notification.objects.filter(kind=Kind.MEETING_SCHEDULED).values_list("user__username", flat=True)
    )
    assert told == {"tr", "pk", "pk2", "af"}  # not the scheduler, not monitors, nobody of another agreement
    notice = Notification.objects.filter(kind=Kind.MEETING_SCHEDULED, user=cast.af).get()
    assert "2025-11-06 12:00 (Asia/Karachi)" in notice.title
    cast.api["tr"].post(f"/api/v1/meetings/{meeting['id']}/cancel", {"reason": "The venue fell through."})
    told = set(
        Notification.objects.filter(kind=Kind.MEETING_CANCELLED).values_list("user__username", flat=True)
    )
    assert told == {"qa", "pk", "pk2", "af"}
    assert "The venue fell through." in Notification.objects.filter(kind=Kind.MEETING_CANCELLED).first().body


def test_notices_are_composed_in_the_readers_language_and_old_ones_stay_readable(cast):
    params = {"case": "pak-afg-2025/0001", "party": "AF"}
    with translation.override("en"):
        assert compose(Kind.REPLY_RECEIVED, params) == ("Case pak-afg-2025/0001: AF has replied", "")
    # Old rows: no params, the stored words.
    assert compose(Kind.REPLY_RECEIVED, {}, "Stored title", "Stored body") == ("Stored title", "Stored body")
    # A kind's words that miss a placeholder fall back to the stored words rather than failing the inbox.
    assert compose(Kind.REPLY_RECEIVED, {"case": "x"}, "Stored", "") == ("Stored", "")
    for kind, (title, _body) in TEXTS.items():
        assert title and "%(" in title, kind
    # Every kind's words are in every catalogue: they were once marked through an alias makemessages does
    # not know, and every notice came out in English whatever the reader's language.
    for language in ("ur", "ps", "fa", "tr", "ar"):
        with translation.override(language):
            for title, body in TEXTS.values():
                for words in (title, body):
                    # Words that are only placeholders (a penalty's reasons, a case's summary) have
                    # nothing to translate.
                    if re.sub(r"%\(\w+\)s", "", words).strip(" ."):
                        assert gettext(words) != words, (language, words)
            assert compose(Kind.REPLY_RECEIVED, params)[0] != "Case pak-afg-2025/0001: AF has replied"


def test_a_notice_is_marked_read_by_its_owner_only(cast):
    cast.api["pk"].file_report()
    notice = Notification.objects.filter(user=cast.qa, kind=Kind.NEW_COMPLAINT).get()
    assert cast.api["tr"].post(f"/api/v1/inbox/{notice.pk}/read").status_code == 404
    answer = cast.api["qa"].post(f"/api/v1/inbox/{notice.pk}/read")
    assert answer.status_code == 200 and answer.json()["read"] is True
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.get(user=cast.tr, kind=Kind.NEW_COMPLAINT).read_at is None


def test_the_inbox_page_marks_one_and_all_read_and_the_menu_counts_unread(cast):
    for _ in range(2):
        cast.api["pk"].file_report()
    client = signed_in(cast.qa)
    unread = Notification.objects.filter(user=cast.qa, read_at__isnull=True)
    before = unread.count()
    page = client.get("/inbox/").content.decode()
    assert 'class="unread-count"' in page and "Mark all read" in page
    assert f"</span> {before}</span>" in page
    first = Notification.objects.filter(user=cast.qa).order_by("id").first()
    assert client.post(f"/inbox/{first.pk}/read/").status_code == 302
    assert unread.count() == before - 1
    assert client.post("/inbox/read/").status_code == 302
    assert not Notification.objects.filter(user=cast.qa, read_at__isnull=True).exists()
    page = client.get("/inbox/").content.decode()
    assert 'class="unread-count"' not in page and "Mark all read" not in page
    # Someone else's notice is not there for another user to mark.
    assert signed_in(cast.tr).post(f"/inbox/{first.pk}/read/").status_code == 404


# No action writes these any more; their old rows show the words they were stored with.
_RETIRED = {Kind.COMPLAINT_AGAINST_YOU}


def test_every_kind_of_notice_has_words_to_compose_in_the_readers_language():
    # The older kinds were stored as English sentences and read in English whatever the reader's language.
    worded = {key.split("/")[0] for key in TEXTS}
    assert set(Kind) - _RETIRED <= worded
    assert worded <= set(Kind)


def test_the_older_kinds_are_stored_with_params_and_read_in_the_readers_language(cast):
    from truce.accounts.actions import do_deactivate_user, do_reactivate_user

    hidden = cast.api["monitor"].file_report().json()  # the complaint below cannot see this case
    scene = Scene(cast).to("ruled")  # assigned, ruling to sign, in force, penalty proposed
    cast.api["pk"].file_report(urgent=True)
    do_deactivate_user(cast.monitor.pk, acting_user=cast.admin)
    do_reactivate_user(cast.monitor.pk, acting_user=cast.admin)
    kinds = {
        Kind.ASSIGNED,
        Kind.RULING_TO_SIGN,
        Kind.RULING_IN_FORCE,
        Kind.PENALTY_PROPOSED,
        Kind.URGENT_REPORT,
        Kind.POSSIBLE_SAME_INCIDENT,
        Kind.ACCOUNT_CHANGED,
    }
    rows = list(Notification.objects.filter(kind__in=kinds))
    assert {n.kind for n in rows} == kinds
    for n in rows:
        assert n.params, n.kind
        # The row keeps the English, which the words composed in English are.
        assert shown(n) == (n.title, n.body) == in_english(n.kind, n.params), n.kind
        with translation.override("ps"):
            title, _body = shown(n)
        assert title != n.title, (n.kind, title)
        if n.kind != Kind.URGENT_REPORT and "case" in n.params:  # an urgent report is titled by itself
            assert n.params["case"] in title
    same = Notification.objects.filter(kind=Kind.POSSIBLE_SAME_INCIDENT).first()
    assert same.params["other"] == hidden["case_reference"] and same.params["party"] == "PK"
    assert (
        Notification.objects.get(user=cast.monitor, kind=Kind.ASSIGNED).params["case"]
        in shown(Notification.objects.get(user=cast.monitor, kind=Kind.ASSIGNED))[0]
    )
    # The role is a word in the reader's language too, not the code the row keeps.
    account = Notification.objects.filter(kind=Kind.ACCOUNT_CHANGED, user=cast.qa).first()
    assert account.params["role"] == "monitor"
    with translation.override("tr"):
        assert str(Role.MONITOR.label) != "Monitor" and str(Role.MONITOR.label) in shown(account)[0]
    assert scene.ruling is not None


def test_a_reader_sees_an_older_kind_in_their_language_on_the_inbox_page(cast):
    Scene(cast).to("investigating")
    cast.monitor.language = "ar"
    cast.monitor.save(update_fields=["language"])
    notice = Notification.objects.get(user=cast.monitor, kind=Kind.ASSIGNED)
    page = signed_in(cast.monitor).get("/inbox/").content.decode()
    with translation.override("ar"):
        assert shown(notice)[0] in page
    assert notice.title not in page  # "You are assigned to case …" in English


def test_a_reply_overdue_and_a_case_shared_are_read_in_the_readers_language(cast):
    from truce.cases.actions.replies import do_mark_overdue_replies
    from truce.cases.models import Case
    from truce.core import clock

    observed = cast.api["monitor"].file_report().json()["case"]
    cast.api["qa"].post(f"/api/v1/cases/{observed}/admit")
    assert cast.api["qa"].post(f"/api/v1/cases/{observed}/share", {"party": "AF"}).status_code == 200
    shared = Notification.objects.get(kind=Kind.CASE_SHARED, user=cast.af)
    assert "form" not in shared.params  # no reply was asked: no due date
    with translation.override("fa"):
        assert shown(shared)[0] != shared.title and shared.params["case"] in shown(shared)[0]
    scene = Scene(cast).to("awaiting_reply")
    Case.objects.filter(pk=scene.case).update(reply_due_at=clock.now() - dt.timedelta(seconds=1))
    do_mark_overdue_replies()
    overdue = Notification.objects.filter(kind=Kind.REPLY_OVERDUE).first()
    assert overdue.params == {"case": overdue.case.reference, "party": "AF"}
    with translation.override("ur"):
        assert shown(overdue)[0] != overdue.title and shown(overdue)[1] != overdue.body


def test_a_notices_dates_are_in_the_readers_calendar_and_stored_in_the_gregorian(cast):
    # A Dari or Pashto reader met "2025-10-31 09:00" inside a sentence of their language.
    from truce.core.extract import calendars
    from truce.web.templatetags.truce_format import SOLAR_HIJRI, reset_viewer_clock, set_viewer_clock

    params = {"case": "pak-afg-2025/0001", "due": "2025-10-31 09:00", "zone": "Asia/Karachi", "summary": "x"}
    year = str(calendars.gregorian_to_solar_hijri(dt.date(2025, 10, 31))[0])
    with translation.override("fa"):
        title, _body = compose(Kind.REPLY_REQUESTED, params)
    assert year in title and "09:00" in title and "(Asia/Karachi)" in title
    with translation.override("tr"):
        assert "2025-10-31 09:00" in compose(Kind.REPLY_REQUESTED, params)[0]  # Gregorian by default
    # The English the row keeps is Gregorian, even when the acting user reads in Solar Hijri.
    tokens = set_viewer_clock(ZoneInfo("Asia/Kabul"), SOLAR_HIJRI)
    try:
        assert in_english(Kind.REPLY_REQUESTED, params)[0] == (
            "Case pak-afg-2025/0001: your reply is due by 2025-10-31 09:00 (Asia/Karachi)"
        )
    finally:
        reset_viewer_clock(tokens)


def test_the_email_of_a_notice_goes_out_in_each_recipients_language(cast):
    from django.core import mail

    from truce.background.queue import drain

    cast.qa.email, cast.qa.language = "qa@example.org", "tr"
    cast.qa.save(update_fields=["email", "language"])
    cast.tr.email = "tr@example.org"  # chose no language: English
    cast.tr.save(update_fields=["email"])
    Scene(cast).to("admissible")
    drain()  # truce worker sends the mail
    told = {m.to[0]: m for m in mail.outbox if "new complaint" in m.subject or "yeni şikâyet" in m.subject}
    assert "Case pak-afg-2025/0001: new complaint by PK against AF" in told["tr@example.org"].subject
    notice = Notification.objects.get(user=cast.qa, kind=Kind.NEW_COMPLAINT)
    with translation.override("tr"):
        assert told["qa@example.org"].subject == f"[Truce] {shown(notice)[0]}"
    assert told["qa@example.org"].subject != told["tr@example.org"].subject
