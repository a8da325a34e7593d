"""Evidence files: content-addressed, write-once, hashed while streaming, nothing kept when refused."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from truce.reports import evidence_store


@pytest.fixture
def home(settings, tmp_path):
    settings.TRUCE_HOME = tmp_path
    return tmp_path


def test_stored_under_its_hash_read_only(home):
    stored = evidence_store.put([b"abc", b"def"], limit=100)
    assert stored.sha256 == hashlib.sha256(b"abcdef").hexdigest() and stored.size == 6
    path = evidence_store.original_path(stored.sha256)
    assert path.read_bytes() == b"abcdef"
    assert path.relative_to(home).parts[:2] == ("evidence", "originals")
    assert not stat.S_IMODE(os.stat(path).st_mode) & 0o222  # nobody may write it
    assert evidence_store.verify(stored.sha256)


def test_same_bytes_twice_keep_the_first_file(home):
    first = evidence_store.put([b"same"], limit=100)
    inode = os.stat(evidence_store.original_path(first.sha256)).st_ino
    second = evidence_store.put([b"same"], limit=100)
    assert first == second
    assert os.stat(evidence_store.original_path(first.sha256)).st_ino == inode


def test_over_the_limit_keeps_nothing(home):
    with pytest.raises(evidence_store.EvidenceTooLarge):
        evidence_store.put([b"x" * 60, b"x" * 60], limit=100)
    assert not list((home / "evidence" / "incoming").iterdir())
    assert not (home / "evidence" / "originals").exists() or not any(
        p.is_file() for p in (home / "evidence" / "originals").rglob("*")
    )


def test_a_tampered_original_is_detected(home):
    stored = evidence_store.put([b"original"], limit=100)
    path = evidence_store.original_path(stored.sha256)
    os.chmod(path, 0o644)
    path.write_bytes(b"changed")
    assert not evidence_store.verify(stored.sha256)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "abc"])
def test_paths_only_from_real_digests(home, bad):
    with pytest.raises(ValueError):
        evidence_store.original_path(bad)


def test_a_stored_file_and_every_folder_made_for_it_are_synced_before_put_returns(home, monkeypatch):
    """A row names the file only after put() returns: by then a crash must not lose the file, its
    folder entry, nor the entries of the folders created to hold it."""
    synced_files: list[int] = []
    synced_dirs: list[str] = []
    real_fsync, real_fsync_dir = os.fsync, evidence_store._fsync_dir
    monkeypatch.setattr(os, "fsync", lambda fd: (synced_files.append(fd), real_fsync(fd))[1])
    monkeypatch.setattr(
        evidence_store, "_fsync_dir", lambda path: (synced_dirs.append(str(path)), real_fsync_dir(path))[1]
    )
    stored = evidence_store.put([b"first file in a new folder"], limit=100)
    path = evidence_store.original_path(stored.sha256)
    evidence = home / "evidence"
    # each new folder's entry in its parent (originals/, ab/, cd/), then the file's entry in cd/
    assert synced_files, "the file's bytes were never synced"
    assert synced_dirs == [
        str(evidence),
        str(evidence / "originals"),
        str(path.parent.parent),
        str(path.parent),
    ]
    synced_dirs.clear()
    rendition = evidence_store.put_rendition(stored.sha256, b"redacted")
    folder = evidence_store.rendition_dir(stored.sha256)
    assert synced_dirs == [str(evidence), str(folder.parent), str(folder)]
    assert (folder / rendition.sha256).read_bytes() == b"redacted"


def test_stored_files_lists_originals_and_renditions_but_not_incoming(home):
    stored = evidence_store.put([b"original"], limit=100)
    rendition = evidence_store.put_rendition(stored.sha256, b"rendition")
    (home / "evidence" / "incoming" / "half-received").write_bytes(b"x")
    names = sorted(name for name, _path in evidence_store.stored_files())
    sha = stored.sha256
    assert names == sorted([f"originals/{sha[:2]}/{sha[2:4]}/{sha}", f"renditions/{sha}/{rendition.sha256}"])


def test_record_check_reports_uploads_cut_off_by_a_crash_and_keeps_them(home, db):
    from truce.record.check import check_evidence

    (home / "evidence" / "incoming").mkdir(parents=True)
    cut = home / "evidence" / "incoming" / "tmpq1w2e3"
    cut.write_bytes(b"the first megabyte of a video, then the server died")
    problems, lines = check_evidence()
    assert problems == []
    assert any(line.startswith("incoming: 1 partly received files in evidence/incoming") for line in lines)
    assert cut.read_bytes() == b"the first megabyte of a video, then the server died"  # never deleted


def test_an_upload_too_large_for_memory_waits_in_evidence_incoming_not_in_tmp(home):
    from truce.reports.uploads import IncomingUploadHandler

    handler = IncomingUploadHandler()
    handler.new_file("file", "video.mp4", "video/mp4", 3 * 1024 * 1024, None)
    handler.receive_data_chunk(b"the first megabyte", 0)
    spooled = handler.file.temporary_file_path()
    assert os.path.dirname(spooled) == str(home / "evidence" / "incoming")
    uploaded = handler.file_complete(len(b"the first megabyte"))
    assert uploaded.read() == b"the first megabyte"
    uploaded.close()
    assert not os.path.exists(spooled)  # gone once the request is done with it


def test_a_large_upload_through_the_api_is_stored_whole_and_leaves_nothing_behind(cast, settings):
    content = os.urandom(3 * 1024 * 1024)  # over FILE_UPLOAD_MAX_MEMORY_SIZE: spooled to disk
    report = cast.api["pk"].file_report().json()["id"]
    added = cast.api["pk"].add_file(report, content=content, name="video.mp4")
    assert added.status_code == 201, added.content
    assert added.json()["sha256"] == hashlib.sha256(content).hexdigest()
    incoming = settings.TRUCE_HOME / "evidence" / "incoming"
    assert list(incoming.iterdir()) == []
