"""An action's refusal reaches the reader of a page in the reader's language ("the reply window closed at …"
in Pashto, "already confirmed … awaits …" in Arabic), while the API keeps answering it in English with the
same fields and status, whatever language the request asks for (docs/languages.md)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from tests.app.story import record_size, signed_in
from tests.app.test_meetings import BEFORE, schedule
from tests.app.test_workflow_permissions import Scene
from truce.cases.actions.common import STEP_WORDS, advance
from truce.cases.models import Case
from truce.core import clock
from truce.core.workflow import TRANSITIONS, Status, Transition, WorkflowError, step
from truce.errors import ActionError
from truce.meetings.models import Meeting, MeetingStatus
from truce.penalties.models import Penalty

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
REQUESTED = dt.datetime(2025, 10, 28, 9, 0, tzinfo=KARACHI)


def _speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def _window_closed(cast) -> tuple[Scene, str]:
    """A case whose reply window ran out unanswered; returns it and the closing time as messages write it."""
    scene = Scene(cast).to("awaiting_reply")
    due = Case.objects.get(pk=scene.case).reply_due_at
    assert due is not None
    return scene, f"{due.astimezone(KARACHI):%Y-%m-%d %H:%M}"


def test_an_action_error_keeps_its_english_message_and_gives_its_words_in_the_active_language():
    error = ActionError(
        gettext_lazy("the reply window closed at %(when)s (%(zone)s)"),
        params={"when": "2025-10-31 09:00", "zone": "Asia/Karachi"},
        field="case",
    )
    with translation.override("ps"):
        assert error.words() == "د ځواب موده په 2025-10-31 09:00 (Asia/Karachi) پای ته ورسېده"
        assert error.message == "the reply window closed at 2025-10-31 09:00 (Asia/Karachi)"
        assert error.problems[0].words() == error.words()
    assert error.to_json() == {
        "message": "the reply window closed at 2025-10-31 09:00 (Asia/Karachi)",
        "field": "case",
        "problems": [
            {"field": "case", "message": "the reply window closed at 2025-10-31 09:00 (Asia/Karachi)"}
        ],
    }


def test_the_reply_form_says_the_window_closed_in_pashto(cast):
    with clock.frozen(REQUESTED) as frozen:
        scene, when = _window_closed(cast)
        frozen.advance(hours=73)
        _speaks(cast.af, "ps")
        before = record_size()
        page = signed_in(cast.af).post(f"/cases/{scene.case}/act/reply/", {"text": "We deny it."})
    html = page.content.decode()
    assert page.status_code == 400
    assert f"د ځواب موده په {when} (Asia/Karachi) پای ته ورسېده" in html
    assert "reply window closed" not in html
    assert record_size() == before


def test_the_api_answers_the_closed_window_in_english_whatever_the_language(cast):
    with clock.frozen(REQUESTED) as frozen:
        scene, when = _window_closed(cast)
        frozen.advance(hours=73)
        _speaks(cast.af, "ps")
        answer = cast.api["af"].client.post(
            f"/api/v1/cases/{scene.case}/replies",
            data={"text": "We deny it."},
            content_type="application/json",
            headers={**cast.api["af"].headers, "Accept-Language": "ps"},
        )
    english = f"the reply window closed at {when} (Asia/Karachi)"
    assert answer.status_code == 400
    assert answer.json() == {
        "message": english,
        "field": "case",
        "problems": [{"field": "case", "message": english}],
    }


def test_the_ledger_page_says_already_confirmed_in_arabic_with_the_quorum_in_arabic(cast):
    Scene(cast).to("ruled")
    penalty = Penalty.objects.get(status="proposed")
    _speaks(cast.qa, "ar")
    client = signed_in(cast.qa)
    url = f"/ledger/pak-afg-2025/AF/penalties/{penalty.pk}/confirm/"
    client.post(url, {"reason": "Agreed."}, follow=True)
    page = client.post(url, {"reason": "Agreed."}, follow=True)
    html = page.content.decode()
    assert f"سبق أن أكّدتَ العقوبة {penalty.reference}؛ وهي بانتظار موظف واحد من كل وسيط" in html
    assert "already confirmed" not in html
    assert penalty.confirmations.count() == 1


def test_the_api_answers_already_confirmed_in_english(cast):
    Scene(cast).to("ruled")
    penalty = Penalty.objects.get(status="proposed")
    _speaks(cast.qa, "ar")
    api = cast.api["qa"]
    api.post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    again = api.client.post(
        f"/api/v1/penalties/{penalty.pk}/confirmation",
        data={"reason": "Agreed."},
        content_type="application/json",
        headers={**api.headers, "Accept-Language": "ar"},
    )
    assert again.status_code == 400
    assert again.json()["message"] == (
        f"you have already confirmed penalty {penalty.reference}; it awaits one officer of each mediator"
    )
    assert again.json()["field"] == "penalty"


def test_the_case_page_says_already_signed_in_arabic(cast):
    scene = Scene(cast).to("drafted")
    _speaks(cast.qa, "ar")
    client = signed_in(cast.qa)
    client.post(f"/cases/{scene.case}/act/sign/", {"ruling": scene.ruling}, follow=True)
    page = client.post(f"/cases/{scene.case}/act/sign/", {"ruling": scene.ruling}, follow=True)
    html = page.content.decode()
    assert "سبق أن وقّعتَ هذا الحكم" in html
    assert "already signed" not in html


def test_every_refused_step_keeps_the_cores_english_for_the_api():
    assert set(STEP_WORDS) == set(Transition)
    for transition, (sources, _target) in TRANSITIONS.items():
        for status in set(Status) - set(sources):
            with pytest.raises(WorkflowError) as core:
                step(status.value, transition)
            with translation.override("ar"), pytest.raises(ActionError) as refused:
                advance(Case(status=status.value), transition)
            assert refused.value.message == str(core.value)
            assert refused.value.field == "status"


def test_the_case_page_says_a_refused_step_in_urdu(cast):
    scene = Scene(cast).to("investigating")
    _speaks(cast.qa, "ur")
    page = signed_in(cast.qa).post(f"/cases/{scene.case}/act/publish/", follow=True)
    html = page.content.decode()
    assert "کیس کی حالت: زیرِ تحقیقات؛ «اشاعت» کے لیے اسے" in html
    assert "to publish it must be" not in html


def test_the_meeting_page_says_a_meeting_not_yet_begun_in_pashto(cast):
    with clock.frozen(BEFORE):
        meeting = schedule(cast).json()["id"]
        _speaks(cast.qa, "ps")
        response = signed_in(cast.qa).post(f"/meetings/{meeting}/close/", {"attendance": "QA\nTR"})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"غونډه {Meeting.objects.get(pk=meeting).reference} لا نه ده پیل شوې" in page
    assert "has not begun" not in page
    assert Meeting.objects.get(pk=meeting).status == MeetingStatus.SCHEDULED
