"""The evidence store's contract, run against each backend: the local folders and an S3 bucket served over
HTTP by moto's standalone server. Write-once, content-addressed, nothing kept when refused, no delete; and
for S3 the upload path through the API, the orphan report, the backup and the errors that name what is
wrong. The local store's fsync discipline has its own tests (test_evidence_store.py, tests/crash)."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

from django.test import Client  # noqa: E402

from truce.reports import evidence_store  # noqa: E402
from truce.reports.evidence_store import (  # noqa: E402
    EvidenceStoreError,
    EvidenceTooLarge,
    LocalEvidenceStore,
    original_name,
    rendition_name,
)

BUCKET = "truce-evidence-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 as a real HTTP server on a free loopback port, for this module."""
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, tmp_path, monkeypatch) -> Any:
    """A fresh bucket, and the instance's settings pointing at it."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test-key-id",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    bucket = f"{BUCKET}-{tmp_path.name.lower().replace('_', '-')[-30:]}"
    client.create_bucket(Bucket=bucket)
    settings.TRUCE_EVIDENCE_STORE = "s3"
    settings.TRUCE_S3_BUCKET = bucket
    settings.TRUCE_S3_ENDPOINT_URL = s3_endpoint
    settings.TRUCE_S3_PREFIX = ""
    client.bucket = bucket  # type: ignore[attr-defined]
    return client


@pytest.fixture(params=["local", "s3"])
def store(request, settings, tmp_path) -> Any:
    settings.TRUCE_HOME = tmp_path / "home"
    if request.param == "s3":
        request.getfixturevalue("s3")
    else:
        settings.TRUCE_EVIDENCE_STORE = "local"
    return evidence_store.store()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the contract, for each store ------------------------------------------------------------------


def test_put_stores_the_bytes_under_their_hash_and_open_gives_them_back(store):
    stored = evidence_store.put([b"abc", b"def"], limit=100)
    assert stored.sha256 == _sha(b"abcdef") and stored.size == 6
    name = original_name(stored.sha256)
    assert store.exists(name) and store.size(name) == 6
    with evidence_store.open_original(stored.sha256) as handle:
        assert handle.read() == b"abcdef"
    assert evidence_store.verify(stored.sha256)


def test_the_same_bytes_twice_are_one_file(store):
    first = evidence_store.put([b"same"], limit=100)
    second = evidence_store.put([b"same"], limit=100)
    assert first == second
    assert sorted(store.names()) == [original_name(first.sha256)]


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(store, settings):
    with pytest.raises(EvidenceTooLarge):
        evidence_store.put([b"x" * 60, b"x" * 60], limit=100)
    assert list(store.names()) == []
    assert evidence_store.incoming_files() == []  # the spool file went too


def test_a_rendition_is_kept_apart_from_the_originals(store):
    original = evidence_store.put([b"original"], limit=100)
    rendition = evidence_store.put_rendition(original.sha256, b"redacted")
    assert sorted(store.names()) == sorted(
        [original_name(original.sha256), rendition_name(original.sha256, rendition.sha256)]
    )
    assert not store.exists(original_name(rendition.sha256))
    with evidence_store.open_rendition(original.sha256, rendition.sha256) as handle:
        assert handle.read() == b"redacted"


def test_a_missing_file_is_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        evidence_store.open_original(_sha(b"never stored"))
    assert not store.exists(original_name(_sha(b"never stored")))


def test_a_large_file_streams_through_in_chunks(store):
    chunk = os.urandom(1024 * 1024)
    stored = evidence_store.put([chunk] * 6, limit=10 * 1024 * 1024)
    assert stored.size == 6 * 1024 * 1024
    assert evidence_store.verify(stored.sha256)


def test_no_store_can_delete(store):
    assert not any(hasattr(store, verb) for verb in ("delete", "remove", "unlink"))


def test_bad_names_are_refused_before_any_store_is_asked(store):
    for bad in ("../../etc/passwd", "A" * 64, "0" * 63):
        with pytest.raises(ValueError, match="not a SHA-256"):
            evidence_store.open_original(bad)


# --- S3 only -----------------------------------------------------------------------------------------


def test_s3_put_never_overwrites_an_object_holding_other_bytes(s3, settings, tmp_path):
    settings.TRUCE_HOME = tmp_path / "home"
    data = b"the real photograph"
    key = original_name(_sha(data))
    s3.put_object(Bucket=s3.bucket, Key=key, Body=b"something else entirely")
    with pytest.raises(EvidenceStoreError, match=r"holds other bytes .* it was not overwritten"):
        evidence_store.put([data], limit=100)
    assert s3.get_object(Bucket=s3.bucket, Key=key)["Body"].read() == b"something else entirely"


def test_s3_objects_carry_their_sha256_and_nothing_lands_on_the_local_disk(s3, settings, tmp_path):
    settings.TRUCE_HOME = tmp_path / "home"
    stored = evidence_store.put([b"checked"], limit=100)
    head = s3.head_object(Bucket=s3.bucket, Key=original_name(stored.sha256), ChecksumMode="ENABLED")
    assert head["Metadata"]["sha256"] == stored.sha256
    assert head["ContentLength"] == 7
    assert not (tmp_path / "home" / "evidence" / "originals").exists()  # nothing on the local disk


def test_an_unreachable_bucket_fails_the_upload_naming_it(s3, settings, tmp_path):
    settings.TRUCE_HOME = tmp_path / "home"
    settings.TRUCE_S3_BUCKET = "no-such-bucket-here"
    with pytest.raises(EvidenceStoreError, match="s3://no-such-bucket-here/"):
        evidence_store.put([b"lost?"], limit=100)
    assert evidence_store.incoming_files() == []


def test_s3_without_a_bucket_or_boto3_is_refused_at_start_with_what_to_do():
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "truce.settings", "TRUCE_EVIDENCE_STORE": "s3"}
    base.pop("TRUCE_S3_BUCKET", None)
    code = "import django; django.setup()"
    no_bucket = subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True)
    assert "TRUCE_EVIDENCE_STORE=s3 needs TRUCE_S3_BUCKET" in no_bucket.stderr
    # boto3 made unimportable, as in a plain `pip install truce` without the s3 extra.
    hide = "import sys; sys.modules['boto3'] = None; "  # find_spec then answers None, as when absent
    no_boto = subprocess.run(
        [sys.executable, "-c", hide + code],
        env={**base, "TRUCE_S3_BUCKET": "b"},
        capture_output=True,
        text=True,
    )
    assert "needs boto3, which is not installed" in no_boto.stderr
    assert "pip install 'truce[s3]'" in no_boto.stderr
    wrong = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "TRUCE_EVIDENCE_STORE": "ftp"},
        capture_output=True,
        text=True,
    )
    assert "TRUCE_EVIDENCE_STORE must be local or s3, not 'ftp'" in wrong.stderr


# --- through the instance ----------------------------------------------------------------------------


def test_an_upload_through_the_api_lands_in_the_bucket_and_is_served_back(cast, s3, settings):
    filed = cast.api["pk"].file_report()
    report = filed.json()["id"]
    added = cast.api["pk"].add_file(report, content=b"crater photograph via s3", source_protected="true")
    assert added.status_code == 201, added.content
    evidence = added.json()
    sha = _sha(b"crater photograph via s3")
    assert evidence["sha256"] == sha
    assert (
        s3.get_object(Bucket=s3.bucket, Key=original_name(sha))["Body"].read() == b"crater photograph via s3"
    )
    assert not evidence_store.original_path(sha).exists()
    content = cast.api["pk"].get(f"/api/v1/reports/{report}/evidence/{evidence['id']}/content")
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == b"crater photograph via s3"
    # Protected: the other party may not read it from the bucket either.
    refused = cast.api["af"].get(f"/api/v1/reports/{report}/evidence/{evidence['id']}/content")
    assert refused.status_code == 404


def test_record_check_reports_orphans_and_missing_objects_in_the_bucket(cast, s3, settings):
    from truce.record.check import check_evidence

    report = cast.api["pk"].file_report().json()["id"]
    assert cast.api["pk"].add_file(report, content=b"named by a row").status_code == 201
    orphan = evidence_store.put([b"stored, then the action rolled back"], limit=1000)
    problems, lines = check_evidence()
    assert problems == []
    assert any("orphans: 1 stored files" in line and orphan.sha256 in line for line in lines), lines
    s3.delete_object(Bucket=s3.bucket, Key=original_name(_sha(b"named by a row")))
    problems, _lines = check_evidence()
    name = original_name(_sha(b"named by a row"))
    assert problems == [f"evidence file evidence/{name} is named by the database but missing"]


@pytest.mark.django_db(
    transaction=True
)  # the backup snapshots the database from outside the test's transaction
def test_a_backup_of_an_s3_instance_says_the_evidence_is_not_in_it_and_checks_it_is_there(
    cast, s3, settings, tmp_path, capsys
):
    import json
    import tarfile

    from truce.cli import main
    from truce.instance import prepare_home

    prepare_home()
    report = cast.api["pk"].file_report().json()["id"]
    assert cast.api["pk"].add_file(report, content=b"kept in the bucket").status_code == 201
    out = tmp_path / "s3-instance.tar.gz"
    assert main(["backup", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "evidence NOT in the archive: its 1 files are in s3://" in said
    with tarfile.open(out, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("MANIFEST.json").read())  # type: ignore[union-attr]
    assert not any(m["path"].startswith("home/evidence/") for m in manifest["members"])
    assert manifest["evidence_not_included"]["files"] == 1
    assert manifest["evidence_not_included"]["store"].startswith(f"s3://{s3.bucket}/")

    s3.delete_object(Bucket=s3.bucket, Key=original_name(_sha(b"kept in the bucket")))
    assert main(["backup", "--out", str(tmp_path / "second.tar.gz")]) == 1
    assert "is named by the database but missing from s3://" in capsys.readouterr().err
    assert not Path(tmp_path / "second.tar.gz").exists()


def test_healthz_fails_evidence_storage_when_the_bucket_does_not_answer(cast, s3, settings):
    from truce.instance import prepare_home

    prepare_home()
    checks = Client().get("/healthz").json()["checks"]
    assert checks["evidence_storage"]["ok"] is True
    settings.TRUCE_S3_BUCKET = "no-such-bucket-here"
    checks = Client().get("/healthz").json()["checks"]
    assert checks["evidence_storage"] == {
        "ok": False,
        "detail": "the evidence bucket does not answer (ClientError)",
    }


def test_the_local_store_is_the_default(settings, tmp_path):
    settings.TRUCE_HOME = tmp_path
    assert isinstance(evidence_store.store(), LocalEvidenceStore)
