"""An evidence file's bytes (and their fsyncs) are stored before the write's transaction opens, so other
writers do not wait on them; a refused upload stores nothing, and every check holds again inside."""

from __future__ import annotations

import io

import pytest
from django.db import connection

from truce.errors import TooManyRequests
from truce.idempotency.models import IdempotentRequest
from truce.reports import actions, evidence_store
from truce.reports.evidence_intake import EvidenceInput
from truce.reports.models import Evidence

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"crater" * 100
PDF = b"%PDF-1.7\n" + b"x" * 100


def _upload(cast, report, content=JPEG, *, who="pk", key="upload-1", name="crater.jpg", **fields):
    api = cast.api[who]
    file = io.BytesIO(content)
    file.name = name
    headers = dict(api.headers)
    if key:
        headers["Idempotency-Key"] = key
    return api.client.post(
        f"/api/v1/reports/{report}/evidence",
        {"file": file, "reliability": "B", "credibility": "2", **fields},
        headers=headers,
    )


@pytest.fixture
def puts(monkeypatch):
    """Each evidence_store.put: how many transactions were open around it beyond the test's own."""
    depths: list[int] = []
    real = evidence_store.put
    base = len(connection.atomic_blocks)

    def spy(*args, **kwargs):
        depths.append(len(connection.atomic_blocks) - base)
        return real(*args, **kwargs)

    monkeypatch.setattr(evidence_store, "put", spy)
    return depths


def _files() -> set[str]:
    return {name for name, _ in evidence_store.stored_files()}


@pytest.mark.parametrize("key", ["upload-1", ""], ids=["with Idempotency-Key", "without"])
def test_the_file_is_stored_before_the_transaction_opens(cast, puts, key):
    report = cast.api["pk"].file_report().json()["id"]
    answer = _upload(cast, report, key=key)
    assert answer.status_code == 201, answer.content
    assert puts == [0]
    row = Evidence.objects.get()
    assert evidence_store.verify(row.sha256)
    assert row.size == len(JPEG)


def test_a_retry_stores_nothing_again_and_answers_as_the_first(cast, puts):
    report = cast.api["pk"].file_report().json()["id"]
    first, second = _upload(cast, report), _upload(cast, report)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content and second["Idempotent-Replayed"] == "true"
    assert puts == [0]
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "content", "fields", "status"),
    [
        ("pk", PDF, {}, 400),  # a PDF declared as a JPEG
        ("af", JPEG, {}, 403),  # the accused side may see the complaint, not add to it
        ("pk", JPEG, {"reliability": "Z"}, 400),  # no such grade
    ],
    ids=["wrong type", "accused side", "bad grade"],
)
def test_a_refused_upload_stores_no_file(cast, puts, who, content, fields, status):
    report = cast.api["pk"].file_report().json()["id"]
    before = _files()
    answer = _upload(cast, report, content, who=who, **fields)
    assert answer.status_code == status, answer.content
    assert _files() == before
    assert not Evidence.objects.exists() and not IdempotentRequest.objects.exists()


def test_an_upload_over_the_hourly_limit_stores_no_file(cast, settings):
    settings.TRUCE_UPLOADS_PER_HOUR = 1
    report = cast.api["pk"].file_report().json()["id"]
    assert _upload(cast, report, key="first").status_code == 201
    before = _files()
    answer = _upload(cast, report, JPEG + b"another", key="second")
    assert answer.status_code == 429, answer.content
    assert "limit is 1 an hour" in answer.json()["message"]
    assert _files() == before


def test_an_upload_over_the_daily_bytes_stores_no_file(cast, settings):
    settings.TRUCE_UPLOAD_BYTES_PER_DAY = len(JPEG) + 10
    report = cast.api["pk"].file_report().json()["id"]
    assert _upload(cast, report, key="first").status_code == 201
    before = _files()
    answer = _upload(cast, report, JPEG + b"another", key="second")
    assert answer.status_code == 429, answer.content
    assert _files() == before


def test_the_limits_are_checked_again_inside_the_transaction(cast, settings):
    """A file received while under the limit is refused if another upload reached it meanwhile."""
    settings.TRUCE_UPLOADS_PER_HOUR = 1
    report = cast.api["pk"].file_report().json()["id"]
    officer = cast.users["pk"]
    item = EvidenceInput(filename="crater.jpg", media_type="image/jpeg", reliability="B", credibility="2")
    received = actions.receive_evidence_file(
        report, upload=io.BytesIO(JPEG), evidence=item, acting_user=officer
    )
    assert _upload(cast, report, JPEG + b"meanwhile").status_code == 201
    with pytest.raises(TooManyRequests):
        actions.do_add_evidence(report, evidence=item, received=received, acting_user=officer)
    assert Evidence.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused_before_anything_is_written(cast, settings, puts):
    settings.TRUCE_EVIDENCE_MAX_BYTES = 100
    report = cast.api["pk"].file_report().json()["id"]
    before = _files()
    answer = _upload(cast, report)
    assert answer.status_code == 413, answer.content
    assert "larger than the limit of 100 bytes" in answer.json()["message"]
    assert puts == [] and _files() == before
