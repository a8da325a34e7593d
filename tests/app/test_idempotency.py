"""Retries that change nothing twice: an API write repeated with its Idempotency-Key answers as the first
did, and a web form posted twice with its one-time token makes one object."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading

import pytest
from django.test import Client

from tests.app.story import ApiClient, incident, needs_many_connections, record_size, signed_in
from tests.app.test_pages import form_data
from truce.accounts.models import User
from truce.cases.models import Case, Reply
from truce.core import clock
from truce.idempotency.models import FormSubmission, IdempotentRequest
from truce.idempotency.tasks import prune_keys
from truce.record.models import Entry
from truce.reports.models import Evidence, Report
from truce.rulings.models import Ruling, Signature


def _file(cast, name="pk", key="retry-1", **body):
    api = cast.api[name]
    payload = {"agreement": "pak-afg-2025", "incident": body.pop("incident", incident()), **body}
    return api.client.post(
        "/api/v1/reports",
        data=payload,
        content_type="application/json",
        headers={**api.headers, "Idempotency-Key": key},
    )


def test_three_retries_with_one_key_make_one_report_and_one_record_entry(cast):
    before_reports, before_record = Report.objects.count(), record_size()
    answers = [_file(cast) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert answers[0].content == answers[1].content == answers[2].content
    assert "Idempotent-Replayed" not in answers[0]
    assert answers[1]["Idempotent-Replayed"] == "true" and answers[2]["Idempotent-Replayed"] == "true"
    assert answers[1]["Content-Type"] == answers[0]["Content-Type"]
    assert Report.objects.count() == before_reports + 1
    assert record_size() == before_record + 1
    assert IdempotentRequest.objects.get().status == 201


def test_the_same_key_with_another_body_is_refused_and_creates_nothing(cast):
    _file(cast)
    count, size = Report.objects.count(), record_size()
    other = _file(cast, incident=incident(title="Another shelling"))
    assert other.status_code == 422
    assert other.json()["field"] == "Idempotency-Key"
    assert "'retry-1' was already used for another request" in other.json()["message"]
    assert (Report.objects.count(), record_size()) == (count, size)


def test_another_users_same_key_is_another_key(cast):
    mine = _file(cast, "pk")
    theirs = _file(cast, "pk2")
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert "Idempotent-Replayed" not in theirs
    assert Report.objects.count() == 2


def test_the_key_is_scoped_to_the_method_and_path(cast):
    report = _file(cast, key="k", draft=True).json()["id"]
    api = cast.api["pk"]
    submitted = api.client.post(
        f"/api/v1/reports/{report}/submit",
        content_type="application/json",
        headers={**api.headers, "Idempotency-Key": "k"},
    )
    assert submitted.status_code == 200, submitted.content
    assert "Idempotent-Replayed" not in submitted


@pytest.mark.parametrize(
    "key", ["", "x" * 256, "tab\tinside", "caf\u00e9"], ids=["empty", "too-long", "control", "non-ascii"]
)
def test_a_malformed_key_is_refused_naming_the_rule(cast, key):
    api = cast.api["pk"]
    environ = {"HTTP_IDEMPOTENCY_KEY": key}
    answer = api.client.post(
        "/api/v1/reports",
        data={"agreement": "pak-afg-2025", "incident": incident()},
        content_type="application/json",
        headers=api.headers,
        **environ,
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "Idempotency-Key"
    assert "1–255 printable ASCII" in answer.json()["message"]
    assert Report.objects.count() == 0


def test_a_refusal_is_not_kept_and_the_key_stays_free(cast):
    refused = _file(cast, incident=incident(date="1800-01-01"))
    assert refused.status_code in (400, 422)
    assert not IdempotentRequest.objects.exists()
    assert _file(cast).status_code == 201  # the corrected request, same key


def test_an_evidence_upload_retried_with_a_new_multipart_boundary_is_one_upload(cast):
    report = cast.api["pk"].file_report().json()["id"]
    api = cast.api["pk"]

    def upload(content=b"photo bytes"):
        file = io.BytesIO(content)
        file.name = "photo.jpg"
        # Django's test client draws a new boundary for each request, as real clients do.
        return api.client.post(
            f"/api/v1/reports/{report}/evidence",
            {"file": file, "reliability": "B", "credibility": "2"},
            headers={**api.headers, "Idempotency-Key": "upload-1"},
        )

    first, second = upload(), upload()
    assert first.status_code == second.status_code == 201, first.content
    assert first.content == second.content and second["Idempotent-Replayed"] == "true"
    assert Evidence.objects.count() == 1
    assert upload(b"other bytes").status_code == 422
    assert Evidence.objects.count() == 1


def test_keys_are_kept_for_the_window_then_pruned(cast, settings):
    settings.TRUCE_IDEMPOTENCY_HOURS = 48
    with clock.frozen(dt.datetime(2025, 11, 3, 8, 0, tzinfo=dt.UTC)) as frozen:
        _file(cast)
        frozen.advance(hours=47, minutes=59)
        assert prune_keys() == 0
        assert _file(cast)["Idempotent-Replayed"] == "true"
        assert Report.objects.count() == 1
        frozen.advance(minutes=2)  # the key is now past its 48 hours
        assert prune_keys() == 1
        again = _file(cast)
        assert again.status_code == 201 and "Idempotent-Replayed" not in again
        assert Report.objects.count() == 2


def test_the_window_is_never_under_a_day(monkeypatch):
    import importlib

    import truce.settings

    monkeypatch.setenv("TRUCE_IDEMPOTENCY_HOURS", "1")
    try:
        assert importlib.reload(truce.settings).TRUCE_IDEMPOTENCY_HOURS == 24
    finally:
        monkeypatch.delenv("TRUCE_IDEMPOTENCY_HOURS")
        importlib.reload(truce.settings)


def test_the_worker_prunes_expired_keys(cast):
    from truce.cli.worker import one_round

    with clock.frozen(dt.datetime(2025, 11, 3, 8, 0, tzinfo=dt.UTC)) as frozen:
        _file(cast)
        frozen.advance(hours=49)
        done = one_round({})
    assert "idempotency keys and form tokens expired: 1" in done
    assert not IdempotentRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_action_that_fails_after_writing_leaves_no_key(cast, monkeypatch):
    from truce.reports import actions

    real = actions.do_file_report

    def file_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(actions, "do_file_report", file_then_fail)
    cast.api["pk"].client.raise_request_exception = False
    size = record_size()
    answer = _file(cast)
    assert answer.status_code == 500
    assert not IdempotentRequest.objects.exists()
    assert Report.objects.count() == 0 and record_size() == size
    monkeypatch.undo()
    assert _file(cast).status_code == 201  # the retry runs, and is the one report


def test_the_schema_documents_the_header_on_writes_only(cast):
    schema = Client().get("/api/v1/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            assert ("Idempotency-Key" in names) == (method.upper() in {"POST", "PUT", "PATCH", "DELETE"}), (
                method,
                path,
            )


# --- web forms ---------------------------------------------------------------------------------------


def _page(name: str) -> Client:
    return signed_in(User.objects.get(username=name))


def _token(page: bytes, action: str) -> str:
    """The one-time token of the form posting to ``action`` on ``page``."""
    html = page.decode()
    start = html.index(f'action="{action}"')
    found = re.search(r'name="form_token" value="([^"]+)"', html[start:])
    assert found is not None, action
    return found.group(1)


def test_double_posting_the_complaint_form_files_one_report(cast):
    pk = _page("pk")
    page = pk.get("/reports/new/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    form = form_data(form_token=token)
    first = pk.post("/reports/new/", form)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = pk.post("/reports/new/", form, follow=True)
    assert Report.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert b"This form was already sent" in second.content
    # A fresh token is a new filing.
    form["form_token"] = re.search(
        r'name="form_token" value="([^"]+)"', pk.get("/reports/new/").content.decode()
    ).group(1)
    assert pk.post("/reports/new/", form).status_code == 302
    assert Report.objects.count() == 2


def _replying_case(cast) -> int:
    case_id = cast.api["pk"].file_report().json()["case"]
    qa = _page("qa")
    assert qa.post(f"/cases/{case_id}/act/admit/").status_code == 302
    qa.post(f"/cases/{case_id}/act/assign/", {"monitor": "monitor"})
    qa.post(f"/cases/{case_id}/act/request-reply/")
    assert Case.objects.get(pk=case_id).status == "awaiting_reply"
    return case_id


def test_double_posting_a_reply_submits_one_reply(cast):
    case_id = _replying_case(cast)
    af = _page("af")
    action = f"/cases/{case_id}/act/reply/"
    token = _token(af.get(f"/cases/{case_id}/").content, action)
    size = record_size()
    first = af.post(action, {"text": "We deny it.", "form_token": token})
    second = af.post(action, {"text": "We deny it.", "form_token": token})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Reply.objects.filter(case_id=case_id).count() == 1
    assert record_size() == size + 1


def test_a_refused_form_keeps_its_token_free(cast):
    case_id = _replying_case(cast)
    af = _page("af")
    action = f"/cases/{case_id}/act/reply/"
    token = _token(af.get(f"/cases/{case_id}/").content, action)
    af.post(action, {"text": "", "form_token": token})  # refused: a reply needs text
    assert Reply.objects.filter(case_id=case_id).count() == 0
    assert not FormSubmission.objects.exists()
    af.post(action, {"text": "We deny it.", "form_token": token})
    assert Reply.objects.filter(case_id=case_id).count() == 1


def test_double_posting_a_signature_signs_once(cast):
    case_id = _replying_case(cast)
    _page("af").post(f"/cases/{case_id}/act/reply/", {"text": "We deny it."})
    qa = _page("qa")
    qa.post(
        f"/cases/{case_id}/act/ruling/",
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "confidence": "fair",
            "reasons": "The findings match.",
        },
    )
    ruling = Ruling.objects.get(case_id=case_id)
    action = f"/cases/{case_id}/act/sign/"
    tr = _page("tr")
    token = _token(tr.get(f"/cases/{case_id}/").content, action)
    signed_before = Signature.objects.filter(ruling=ruling).count()
    size = record_size()
    answers = [tr.post(action, {"ruling": ruling.pk, "form_token": token}, follow=True) for _ in range(2)]
    assert Signature.objects.filter(ruling=ruling).count() == signed_before + 1
    assert b"already sent" in answers[1].content
    assert b"already signed" not in answers[1].content.lower()
    assert Entry.objects.count() >= size + 1


# Forms on every page that change no record: log out, and the reader's own settings (language, calendar),
# which a second post leaves as the first did.
NOT_WRITES = ('action="/logout/"', 'action="/language/"', 'action="/calendar/"')


def _write_forms(html: str) -> list[str]:
    forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
    return [f for f in forms if not any(marker in f for marker in NOT_WRITES)]


def test_every_write_form_of_the_case_page_carries_a_token(cast):
    case_id = _replying_case(cast)
    html = _page("qa").get(f"/cases/{case_id}/").content.decode()
    writes = _write_forms(html)
    assert writes
    for form in writes:
        assert 'name="form_token"' in form, form[:200]
    assert 'src="/static/truce/once.js"' in html


def test_a_web_action_that_fails_after_writing_leaves_no_token(cast, monkeypatch):
    case_id = _replying_case(cast)
    af = _page("af")
    af.raise_request_exception = False
    from truce.cases.actions import replies

    real = replies.do_submit_reply

    def reply_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(replies, "do_submit_reply", reply_then_fail)
    answer = af.post(f"/cases/{case_id}/act/reply/", {"text": "We deny it.", "form_token": "t" * 32})
    assert answer.status_code == 500
    assert not FormSubmission.objects.exists()
    assert Reply.objects.filter(case_id=case_id).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_make_one_report(settings, tmp_path):
    from django.db import connections

    from tests.app.story import make_cast

    needs_many_connections()
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cast = make_cast()
    size = record_size()
    barrier = threading.Barrier(4)
    answers: list = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            api = ApiClient(cast.api["pk"].headers["Authorization"].removeprefix("Bearer "))
            barrier.wait()
            answers.append(
                api.client.post(
                    "/api/v1/reports",
                    data={"agreement": "pak-afg-2025", "incident": incident()},
                    content_type="application/json",
                    headers={**api.headers, "Idempotency-Key": "at-once"},
                )
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sorted(a.status_code for a in answers) == [201] * 4, [a.content for a in answers]
    assert len({a.content for a in answers}) == 1
    assert sum(a.get("Idempotent-Replayed") == "true" for a in answers) == 3
    assert Report.objects.count() == 1
    assert record_size() == size + 1


def test_double_posting_the_meeting_form_schedules_one_meeting(cast):
    from truce.meetings.models import Meeting

    qa = _page("qa")
    html = qa.get("/meetings/new/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    when = (clock.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    form = {"kind": "technical", "scheduled_for": when, "place": "Torkham", "title": "", "form_token": token}
    first, second = qa.post("/meetings/new/", form), qa.post("/meetings/new/", form)
    assert first.status_code == second.status_code == 302, first.content.decode()[:500]
    assert second["Location"] == first["Location"]
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("name, path", [("pk", "/reports/new/"), ("qa", "/meetings/new/")])
def test_every_write_form_of_a_page_carries_a_token(cast, name, path):
    html = _page(name).get(path).content.decode()
    forms = _write_forms(html)
    assert forms
    assert all('name="form_token"' in f for f in forms)


def test_a_key_on_a_very_long_address_answers_as_without_it(cast):
    api = cast.api["pk"]
    path = f"/api/v1/reports/{'9' * 3000}/submit"
    plain = api.client.post(path, content_type="application/json", headers=api.headers)
    keyed = api.client.post(
        path, content_type="application/json", headers={**api.headers, "Idempotency-Key": "long"}
    )
    assert keyed.status_code == plain.status_code < 500
    assert not IdempotentRequest.objects.exists()
