"""A refused form comes back with what was typed or chosen and the refusal beside it: the accused party's
reply sent after its window closed (the reply form is gone from the page, the text must not be), a ruling's
choices and ticked evidence, the evidence form's fields, the monitor and case chosen, the reason given for
confirming a penalty. Nothing is written when a form is refused."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from tests.app.story import record_size, signed_in
from tests.app.test_workflow_permissions import Scene
from truce.cases.models import Reply
from truce.core import clock
from truce.penalties.models import Penalty
from truce.reports.models import Evidence
from truce.rulings.models import Ruling

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
REQUESTED = dt.datetime(2025, 10, 28, 9, 0, tzinfo=KARACHI)
LONG_REPLY = "Our unit was 40 km away that night; the logs of Post 9 show no firing between 22:00 and 06:00."


def _alert(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</div>", 1)[0]


def _refused(client: Any, url: str, data: dict[str, str]) -> str:
    """The page a form posted to ``url`` comes back as, refused (400)."""
    response = client.post(url, data)
    assert response.status_code == 400, response.status_code
    return response.content.decode()


def test_a_reply_sent_after_the_window_closed_comes_back_with_its_text_and_the_reason(cast):
    with clock.frozen(REQUESTED) as frozen:
        scene = Scene(cast).to("awaiting_reply")
        frozen.advance(
            hours=71, minutes=50
        )  # the liaison opens the page ten minutes before the window closes
        af = signed_in(cast.af)
        assert 'name="text"' in af.get(f"/cases/{scene.case}/").content.decode()
        frozen.advance(minutes=15)  # and sends the reply five minutes after
        before = record_size()
        html = _refused(af, f"/cases/{scene.case}/act/reply/", {"text": LONG_REPLY})
    assert "reply window closed" in _alert(html, 'id="reply-error"')
    # the text is on the page again, in a box the writer can copy it from, beside the reason
    box = html.split('id="reply-text"', 1)[1].split("</textarea>", 1)[0]
    assert LONG_REPLY in box and "readonly" in box and 'aria-describedby="reply-error"' in box
    assert "not sent" in html
    assert not Reply.objects.exists() and record_size() == before


def test_a_reply_refused_while_the_window_is_open_keeps_its_text_in_the_form(cast):
    with clock.frozen(REQUESTED):
        scene = Scene(cast).to("awaiting_reply")
        html = _refused(signed_in(cast.af), f"/cases/{scene.case}/act/reply/", {"text": "x" * 50_001})
    box = html.split('id="reply-text"', 1)[1].split("</textarea>", 1)[0]
    assert "x" * 50_001 in box and "readonly" not in box
    assert _alert(html, 'id="reply-error"').strip()
    assert not Reply.objects.exists()


def test_a_refused_ruling_keeps_its_choices_and_reasons(cast):
    scene = Scene(cast).to("replied")
    data = {
        "outcome": "violation",
        "confidence": "weak",
        "perpetrator_type": "State forces",
        "reasons": "The craters match the complaint.",
        "commitment": "",
        "responsible_party": "AF",
    }
    html = _refused(signed_in(cast.qa), f"/cases/{scene.case}/act/ruling/", data)
    assert "commitment" in html.split("<details open><summary>", 1)[1].split("</form>", 1)[0]
    assert '<option value="violation" selected>' in html
    assert '<option value="weak" selected>' in html
    assert '<option value="State forces" selected>' in html
    assert '<option value="AF" selected>' in html
    assert "The craters match the complaint.</textarea>" in html
    assert not Ruling.objects.exists()


def test_refused_case_evidence_keeps_its_description_beside_the_problem(cast):
    scene = Scene(cast).to("investigating")
    data = {
        "url": "not a link",
        "description": "Video of the shelling from the roof of the school.",
        "obtained_how": "handed over",
        "reliability": "B",
        "credibility": "2",
    }
    before = record_size()
    html = _refused(signed_in(cast.monitor), f"/cases/{scene.case}/act/evidence/", data)
    form = html.split('act/evidence/" enctype', 1)[1].split("</form>", 1)[0]
    assert "Video of the shelling from the roof of the school.</textarea>" in form
    assert 'value="handed over"' in form
    assert 'id="id_url_error"' in form
    assert '<option value="B" selected>' in form
    assert not Evidence.objects.filter(case__isnull=False).exists() and record_size() == before


def test_assigning_a_monitor_twice_keeps_the_choice_with_the_reason(cast):
    scene = Scene(cast).to("investigating")
    html = _refused(signed_in(cast.qa), f"/cases/{scene.case}/act/assign/", {"monitor": "monitor"})
    assert _alert(html, 'id="assign-error"').strip()
    assert "<option selected>monitor</option>" in html


def test_a_refused_penalty_confirmation_keeps_the_reason_typed(cast):
    Scene(cast).to("ruled")
    penalty = Penalty.objects.get(status="proposed")
    qa = signed_in(cast.qa)
    url = f"/ledger/pak-afg-2025/AF/penalties/{penalty.pk}/confirm/"
    qa.post(url, {"reason": "Agreed."})
    html = _refused(qa, url, {"reason": "The ruling stands; the schedule applies."})
    assert 'value="The ruling stands; the schedule applies."' in html
    assert "already confirmed" in _alert(html, f'id="why-{penalty.pk}-error"')
    assert penalty.confirmations.count() == 1


def test_a_penalty_decided_meanwhile_still_says_why_the_confirmation_was_refused(cast):
    # Declined by one mediator while another had the page open: the form is gone from the ledger, so
    # the refusal is said above the page rather than lost with the form.
    Scene(cast).to("ruled")
    penalty = Penalty.objects.get(status="proposed")
    url = f"/ledger/pak-afg-2025/AF/penalties/{penalty.pk}"
    assert signed_in(cast.qa).post(f"{url}/decline/", {"reason": "Out of proportion."}).status_code == 302
    response = signed_in(cast.tr).post(f"{url}/confirm/", {"reason": "Agreed."}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/ledger/pak-afg-2025/AF/"
    said = html.split('<li class="error">', 1)[1].split("</li>", 1)[0]
    assert penalty.reference in said and "declined" in said
    assert f'id="why-{penalty.pk}"' not in html
    assert penalty.confirmations.count() == 0
