"""Kills at the two points where a crash could leave something half-done, reached exactly rather than by
chance (the harness, test_crash.py, reaches them only sometimes): inside `truce record checkpoint`'s
transaction after the checkpoint row is written, and inside an evidence upload's transaction after the
file is stored and its row written. Each is SIGKILLed there (tests/crash/pause_at.py), and then: nothing
of the write is in the database, `truce record check` passes, the stored file is reported as an orphan and
kept, the next checkpoint signs, and the record verifies. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.crash.harness import REPO, HarnessError, Instance, Server, incident, multipart

pytestmark = pytest.mark.crash


@pytest.fixture(params=["sqlite", "postgresql"])
def instance(request: pytest.FixtureRequest, tmp_path: Path) -> Instance:
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else ""
    made = Instance(tmp_path / "home", database_url=url)
    made.set_up()
    return made


def _paused(instance: Instance, table: str, marker: Path, *command: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crash.pause_at", table, str(marker), "--", *command],
        env=instance.env(),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return proc


def _wait_for(marker: Path, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            raise HarnessError(f"the command ended ({proc.returncode}) before reaching the pause")
        if time.monotonic() > deadline:
            raise HarnessError("the command never reached the pause")
        time.sleep(0.1)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _verified(instance: Instance, tmp_path: Path) -> str:
    checked = instance.truce("record", "check")
    instance.truce("record", "export", "--out", str(tmp_path / "bundle"))
    verified = instance.truce("record", "verify", str(tmp_path / "bundle"))
    assert verified.stdout.startswith("OK: ")
    return checked.stdout


def test_a_checkpoint_killed_before_its_commit_leaves_none_and_the_next_one_signs(instance, tmp_path):
    marker = tmp_path / "paused"
    proc = _paused(instance, "record_checkpoint", marker, "record", "checkpoint", "--no-witnesses")
    _wait_for(marker, proc)
    _kill(proc)
    checked = instance.truce("record", "check").stdout
    assert "no checkpoint signed yet" in checked  # the killed one left nothing
    signed = instance.truce("record", "checkpoint", "--no-witnesses").stdout
    assert signed.startswith("signed checkpoint of size ")  # the record's lock was released by the kill
    assert "checkpoints: 1, latest size" in _verified(instance, tmp_path)


def test_an_upload_killed_after_storing_its_file_leaves_an_orphan_reported_and_kept(instance, tmp_path):
    server = Server(instance, tmp_path / "serve.log")
    server.start()
    status, raw = server.request(
        "POST",
        "/api/v1/reports",
        json.dumps({"agreement": "pak-afg-2025", "incident": incident(1)}).encode(),
        {"Authorization": f"Bearer {instance.tokens['pk']}", "Content-Type": "application/json"},
    )
    assert status == 201, raw
    report = json.loads(raw)["id"]
    server.kill()
    entries_before = instance.inspect()["entries"]

    # The same server, paused inside the upload's transaction once the evidence row is written.
    marker = tmp_path / "paused"
    port = str(_free_port())
    proc = _paused(instance, "reports_evidence", marker, "serve", "--port", port, "--workers", "1")
    server.port = int(port)
    _wait_until_serving(server, proc)
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE: the request spools it in evidence/incoming while it runs.
    content = b"video of the crater " + os.urandom(3 * 1024 * 1024)
    body, content_type = multipart({"reliability": "B", "credibility": "2"}, "crater.mp4", content)
    headers = {"Authorization": f"Bearer {instance.tokens['pk']}", "Content-Type": content_type}
    answered: list[int] = []
    sender = _send_in_background(server, f"/api/v1/reports/{report}/evidence", body, headers, answered)
    _wait_for(marker, proc)
    _kill(proc)
    sender.join(timeout=60)
    assert answered == []  # never acknowledged

    state = instance.inspect()
    assert state["evidence"] == [] and state["entries"] == entries_before and state["problems"] == []
    stored = instance.stored_files()
    assert len(stored) == 1  # the file was synced before the row: it is there, named by nothing
    checked = _verified(instance, tmp_path)
    assert "orphans: 1 stored files" in checked and next(iter(stored)) in checked
    assert instance.stored_files() == stored  # reported, not deleted
    # The request's spooled copy, left by the kill inside TRUCE_HOME (not /tmp), reported and kept too.
    (spooled,) = (instance.home / "evidence" / "incoming").iterdir()
    assert spooled.name.endswith(".upload.mp4")
    assert "incoming: 1 partly received files" in checked and spooled.exists()


def _free_port() -> int:
    from tests.crash.harness import free_port

    return free_port()


def _wait_until_serving(server: Server, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise HarnessError(f"the paused server exited {proc.returncode}")
        try:
            if server.request("GET", "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise HarnessError("the paused server did not answer")


def _send_in_background(server: Server, path: str, body: bytes, headers: dict[str, str], answered: list[int]):  # type: ignore[no-untyped-def]
    import threading

    def send() -> None:
        try:
            status, _ = server.request("POST", path, body, headers)
            answered.append(status)
        except OSError:
            pass

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread
