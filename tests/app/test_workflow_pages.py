"""The workflow through the pages (server-rendered forms), as a mediator, a monitor and a liaison use it."""

from __future__ import annotations

import datetime as dt
import io

from django.test import Client

from tests.app.story import signed_in
from truce.accounts.models import User
from truce.cases.models import Case
from truce.rulings.models import Ruling


def login(name: str) -> Client:
    return signed_in(User.objects.get(username=name))


def test_from_complaint_to_ruling_through_the_pages(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    qa, tr, monitor, af = login("qa"), login("tr"), login("monitor"), login("af")
    page = qa.get(f"/cases/{case_id}/")
    assert b"Declare admissible" in page.content

    assert qa.post(f"/cases/{case_id}/act/admit/").status_code == 302
    qa.post(f"/cases/{case_id}/act/assign/", {"monitor": "monitor"})
    assert Case.objects.get(pk=case_id).status == "under_investigation"

    when = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)).isoformat()
    monitor_page = monitor.get(f"/cases/{case_id}/")
    assert b"Log the investigation" in monitor_page.content
    response = monitor.post(
        f"/cases/{case_id}/act/visit/",
        {"visited_at": when, "place": "Post", "findings": "Craters."},
        follow=True,
    )
    assert b"Site visit logged." in response.content
    response = monitor.post(
        f"/cases/{case_id}/act/denial/",
        {"denied_by_party": "AF", "denied_at_date": "yesterday", "denied_at_time": "14:00", "place": "Gate"},
    )
    # Bad input: said plainly beside the form, which keeps what was typed; nothing recorded.
    assert response.status_code == 400
    assert "Pick the day from the calendar" in response.content.decode()
    assert b"denied_at" not in response.content.split(b'id="d-error"')[1].split(b"</div>")[0]
    assert b'value="yesterday"' in response.content

    qa.post(f"/cases/{case_id}/act/request-reply/")
    assert b"Your reply" in af.get(f"/cases/{case_id}/").content
    assert b"Your reply" not in login("pk").get(f"/cases/{case_id}/").content  # only the accused replies
    af.post(f"/cases/{case_id}/act/reply/", {"text": "We deny it."})
    reply = Case.objects.get(pk=case_id).replies.get()
    statement = io.BytesIO(b"post commander's statement")
    statement.name = "statement.txt"
    added = af.post(
        f"/cases/{case_id}/act/reply-evidence/",
        {"reply": reply.pk, "file": statement, "reliability": "C", "credibility": "3"},
        follow=True,
    )
    assert b"Counter-evidence added to your reply." in added.content
    assert reply.evidence.count() == 1
    assert b"reply_requested" in af.get("/inbox/").content or b"reply is due" in af.get("/inbox/").content

    response = qa.post(
        f"/cases/{case_id}/act/ruling/",
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "confidence": "fair",
            "reasons": "The findings match.",
        },
        follow=True,
    )
    assert b"drafted" in response.content
    ruling = Ruling.objects.get(case_id=case_id)
    assert b"Sign ruling" in tr.get(f"/cases/{case_id}/").content
    qa.post(f"/cases/{case_id}/act/sign/", {"ruling": ruling.pk})
    tr.post(f"/cases/{case_id}/act/sign/", {"ruling": ruling.pk})
    assert Case.objects.get(pk=case_id).status == "published"

    ledger = af.get("/ledger/pak-afg-2025/AF/")
    assert ledger.status_code == 200 and b"Formal warning" in ledger.content
    assert login("pk").get("/ledger/pak-afg-2025/AF/").status_code == 404
    mediator_ledger = qa.get("/ledger/pak-afg-2025/AF/")
    assert b"Confirm" in mediator_ledger.content
    assert b"Confirm" not in ledger.content  # the party sees its penalties but does not decide them


def test_workflow_forms_are_refused_to_those_who_may_not_use_them(cast):
    case_id = cast.api["pk"].file_report().json()["case"]
    assert login("pk").post(f"/cases/{case_id}/act/admit/", follow=True).status_code == 200
    assert Case.objects.get(pk=case_id).status == "received"  # a party cannot admit its own complaint
    assert login("outsider").post(f"/cases/{case_id}/act/admit/").status_code == 404
    assert login("qa").post(f"/cases/{case_id}/act/no-such-verb/").status_code == 404


def test_the_other_workflow_forms_work_and_say_what_they_did(cast):
    qa = login("qa")
    first = cast.api["pk"].file_report().json()
    second = cast.api["pk2"].file_report().json()  # the same incident: joins the first case
    case_id = first["case"]
    follow = {"follow": True}
    assert b"Declared admissible." in qa.post(f"/cases/{case_id}/act/admit/", **follow).content
    assert b"Investigation started." in qa.post(f"/cases/{case_id}/act/investigate/", **follow).content
    photo = io.BytesIO(b"crater photograph")
    photo.name = "crater.jpg"
    added = qa.post(
        f"/cases/{case_id}/act/evidence/", {"file": photo, "reliability": "B", "credibility": "2"}, **follow
    )
    assert b"Evidence added to the case." in added.content
    split = qa.post(f"/cases/{case_id}/act/split/", {"reports": [second["id"]]}, **follow)
    assert b"Reports moved to a new case." in split.content
    new_case = Case.objects.exclude(pk=case_id).get()
    joined = qa.post(f"/cases/{new_case.pk}/act/join/", {"into": case_id}, **follow)
    assert b"Joined into the other case." in joined.content
    assert Case.objects.get(pk=new_case.pk).status == "joined"
    refused = qa.post(f"/cases/{case_id}/act/publish/", **follow)
    assert b"to publish it must be ruled" in refused.content  # an illegal move is said, not done
    other = cast.api["pk"].file_report(incident={**_torkham()}).json()["case"]
    assert (
        b"Declared inadmissible."
        in qa.post(
            f"/cases/{other}/act/inadmissible/", {"reason": "Outside the agreement."}, **follow
        ).content
    )
    assert b"Reopened." in qa.post(f"/cases/{other}/act/reopen/", {"reason": "New facts."}, **follow).content


def _torkham():
    from tests.app.story import incident

    return incident(title="Firing at Torkham", location={"name": "Torkham", "lat": 34.1, "lon": 71.09})
