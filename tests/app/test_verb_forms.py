"""The case page's forms in words: a day and a time of day on the agreement's clock for site visits and
access denials, refusals in plain words beside the form with what was typed kept, and the next steps named
as acts rather than code names."""

from __future__ import annotations

import datetime as dt

from tests.app.story import record_size, signed_in
from truce.cases.models import AccessDenial, SiteVisit


def _investigating(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    qa = signed_in(cast.qa)
    qa.post(f"/cases/{case_id}/act/admit/")
    qa.post(f"/cases/{case_id}/act/assign/", {"monitor": "monitor"})
    return case_id


def test_a_site_visit_is_given_as_a_day_and_a_time_on_the_agreements_clock(cast):
    case_id = _investigating(cast)
    monitor = signed_in(cast.monitor)
    page = monitor.get(f"/cases/{case_id}/").content.decode()
    assert 'type="date" name="visited_at_date"' in page and 'type="time" name="visited_at_time"' in page
    assert "Asia/Karachi" in page
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    data = {
        "visited_at_date": yesterday,
        "visited_at_time": "10:30",
        "place": "Post 7",
        "findings": "Craters.",
    }
    response = monitor.post(f"/cases/{case_id}/act/visit/", data)
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    local = visit.visited_at.astimezone(dt.timezone(dt.timedelta(hours=5)))  # Asia/Karachi has no DST
    assert (local.date().isoformat(), local.strftime("%H:%M")) == (yesterday, "10:30")


def test_a_visit_said_in_words_is_refused_plainly_and_the_typed_text_is_kept(cast):
    case_id = _investigating(cast)
    before = record_size()
    data = {
        "visited_at_date": "yesterday afternoon",
        "visited_at_time": "",
        "place": "Post 7",
        "findings": "Fresh craters by the wall.",
    }
    response = signed_in(cast.monitor).post(f"/cases/{case_id}/act/visit/", data)
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('id="v-error"')[1].split("</div>")[0]
    assert "calendar" in error and "visited_at" not in error
    assert 'value="yesterday afternoon"' in html
    assert "Fresh craters by the wall.</textarea>" in html
    assert not SiteVisit.objects.exists() and not AccessDenial.objects.exists()
    assert record_size() == before


def test_the_next_steps_are_named_in_words(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    html = signed_in(cast.qa).get(f"/cases/{case_id}/").content.decode()
    assert "What can be done next: Declare admissible, Declare inadmissible" in html
    assert "declare_inadmissible" not in html and "Allowed next" not in html


def test_a_refused_reply_keeps_its_text_and_names_no_field(cast):
    case_id = _investigating(cast)
    signed_in(cast.qa).post(f"/cases/{case_id}/act/request-reply/")
    af = signed_in(cast.af)
    response = af.post(f"/cases/{case_id}/act/reply/", {"text": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the reply" in html and "text:" not in html


def test_evidence_is_dated_with_a_day_and_a_time_on_the_agreements_clock(cast):
    import io

    report_id = cast.api["pk"].file_report().json()["id"]
    client = signed_in(cast.pk)
    page = client.get(f"/reports/{report_id}/").content.decode()
    assert 'type="date" name="obtained_on"' in page and 'type="time" name="obtained_time"' in page
    assert "Asia/Karachi" in page and "2025-10-26T07:40+05:00" not in page
    photo = io.BytesIO(b"photo")
    photo.name = "p.jpg"
    data = {"file": photo, "obtained_on": "2025-10-26", "obtained_time": "07:40", "reliability": "B"}
    assert client.post(f"/reports/{report_id}/evidence/", {**data, "credibility": "2"}).status_code == 302
    item = cast.api["pk"].get(f"/api/v1/reports/{report_id}").json()["evidence"][0]
    assert item["provenance"]["obtained_at"].startswith("2025-10-26T02:40")  # 07:40 in Karachi, in UTC


def test_a_time_without_a_day_is_refused_beside_the_day(cast):
    import io

    report_id = cast.api["pk"].file_report().json()["id"]
    photo = io.BytesIO(b"photo")
    photo.name = "p.jpg"
    data = {"file": photo, "obtained_time": "07:40", "reliability": "B", "credibility": "2"}
    response = signed_in(cast.pk).post(f"/reports/{report_id}/evidence/", data)
    assert response.status_code == 400
    assert "Give the day as well as the time." in response.content.decode()
