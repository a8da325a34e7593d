"""The crash harness: a real instance served by ``truce serve`` (gunicorn) in its own process group, bursts
of concurrent API writes, SIGKILL of the whole group at a seeded random moment, and after every kill the
checks that nothing acknowledged was lost and nothing unacknowledged is half-present.

Only public surfaces are used: the ``truce`` command (init, user add, serve, record checkpoint, record
check, record export, record verify), the REST API over loopback, and a read-only inspection of the rows
(``tests/crash/inspect_instance.py``) run in a process of its own. Nothing here imports Django.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truce.agreements import SHIPPED

REPO = Path(__file__).resolve().parents[2]
AGREEMENT = SHIPPED / "pakistan-afghanistan-2025.toml"
USERS = {  # name -> (role, party or mediating state)
    "pk": ("liaison", "PK"),
    "af": ("liaison", "AF"),
    "qa": ("mediator", "QA"),
    "tr": ("mediator", "TR"),
}
# Writes of one case, in the order the workflow allows them; a chain stops at its first failure.
CHAIN = (
    "file",
    "evidence",
    "admit",
    "investigation",
    "reply-request",
    "reply",
    "ruling",
    "sign-qa",
    "sign-tr",
)


UPLOAD_PIECE = 64 * 1024


class HarnessError(AssertionError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    """An instance's data folder and database; every ``truce`` command runs in a process of its own."""

    home: Path
    database_url: str = ""  # "": the embedded SQLite file in ``home``
    tokens: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "TRUCE_TEST_SQLITE_FILE", "DJANGO_SETTINGS_MODULE")
        }
        env |= {
            "TRUCE_HOME": str(self.home),
            "TRUCE_SECRET_KEY": "crash-harness-secret-key-" + "x" * 40,
            # The harness files far more per officer than the abuse limits allow a person in an hour.
            "TRUCE_FILINGS_PER_HOUR": "100000",
            "TRUCE_UPLOADS_PER_HOUR": "100000",
            "PYTHONPATH": str(REPO),
        }
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def truce(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "truce", *args],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode != 0:
            raise HarnessError(
                f"truce {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
            )
        return done

    def set_up(self) -> None:
        self.truce("init", "--agreement", str(AGREEMENT))
        for name, (role, party) in USERS.items():
            added = self.truce(
                "user", "add", name, "--role", role, "--party", party, "--agreement", "pak-afg-2025"
            )
            self.tokens[name] = added.stdout.strip().splitlines()[-1].strip()

    def inspect(self) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "tests.crash.inspect_instance"],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise HarnessError(f"inspecting the instance failed:\n{done.stderr}")
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    def stored_files(self) -> set[str]:
        base = self.home / "evidence"
        return {
            str(Path(folder, name).relative_to(base))
            for part in ("originals", "renditions")
            for folder, _dirs, files in os.walk(base / part)
            for name in files
        }


class Server:
    """``truce serve`` in a new session (its own process group: gunicorn's master and its workers)."""

    def __init__(self, instance: Instance, log: Path) -> None:
        self.instance = instance
        self.log = log
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        self.port = free_port()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "truce",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                ],
                env=self.instance.env(),
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise HarnessError(f"truce serve exited {self.proc.returncode}; see {self.log}")
            try:
                # Healthy, not only up: the database answers, the signing key loads, evidence can be stored.
                status, body = self.request("GET", "/healthz", timeout=5)
                if status == 200:
                    return
                if status == 503:
                    raise HarnessError(f"the restarted server is not healthy: {body.decode()}")
            except OSError:
                pass
            time.sleep(0.2)
        raise HarnessError(f"truce serve did not answer within {timeout} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL to the whole process group, as a power cut would: no worker finishes its request."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path)
            for name, value in {**(headers or {}), "Content-Length": str(len(body))}.items():
                conn.putheader(name, value)
            conn.endheaders()
            # Sent in pieces with a breath between them, as over a field link: a large upload stays in
            # flight long enough for a kill to land inside it.
            for start in range(0, len(body), UPLOAD_PIECE):
                conn.send(body[start : start + UPLOAD_PIECE])
                if len(body) > UPLOAD_PIECE:
                    time.sleep(0.005)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Write:
    """One API write as the client saw it: acknowledged only when a 2xx answer was read whole."""

    step: str
    key: str  # its Idempotency-Key
    method: str
    path: str
    body: bytes
    content_type: str
    user: str
    status: int | None = None  # None: no answer (the server died, or the connection broke)
    answer: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""  # an upload's content hash

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Tally:
    writes: list[Write] = field(default_factory=list)
    kills: int = 0
    verified: int = 0  # kills after which every check passed
    uploads_cut: int = 0  # uploads in flight (sent in part, or awaiting the answer) when the server died
    checkpoints_cut: int = 0  # `truce record checkpoint` runs killed part-way
    checkpoint_failures: int = 0  # runs that exited with an error of their own (must stay 0)
    retried: int = 0  # unacknowledged filings sent again after the restart with their Idempotency-Key
    orphans: int = 0
    incoming: int = 0  # partly received uploads left in evidence/incoming by the kills, reported and kept
    cases: int = 0  # chains started: numbers each case's incident apart from every other
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)

    @property
    def acknowledged(self) -> list[Write]:
        return [w for w in self.writes if w.acknowledged]

    def line(self, label: str, seconds: float) -> str:
        errors = sum(1 for w in self.writes if w.status is not None and w.status >= 500)
        return (
            f"crash harness [{label}]: writes {len(self.writes)}, acknowledged {len(self.acknowledged)}, "
            f"kills {self.kills}, verified {self.verified}, uploads cut {self.uploads_cut}, "
            f"checkpoints cut {self.checkpoints_cut}, filings retried {self.retried}, "
            f"orphans reported {self.orphans}, partial uploads reported {self.incoming}, "
            f"5xx answers {errors}, {seconds:.1f} s"
        )


def incident(n: int) -> dict[str, Any]:
    """A complaint no other one matches (truce.core.matching: dates 3 days apart, places 30 km apart)."""
    day = dt.date(2025, 10, 20) + dt.timedelta(days=3 * (n % 60))
    return {
        "title": f"Crash harness incident {n}",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": day.isoformat(),
        "date_precision": "day",
        "location": {
            "name": f"Border post {n}",
            "country": "PK",
            "admin1": "Balochistan",
            "lat": round(28.0 + 0.3 * (n // 60), 4),
            "lon": 66.4597,
            "geo_precision": 1,
        },
        "actors": [{"name": "Afghan border forces", "type": "State forces", "role": "perpetrator"}],
        "fatalities": {"low": 0, "best": 0, "high": 0},
        "commitments": ["C1"],
        "accused_party": "AF",
        "description": f"Rounds landed beside post {n}.",
        "language": "en",
    }


class Workload:
    """Client threads, each driving cases through ``CHAIN`` until the server dies under it."""

    def __init__(self, instance: Instance, server: Server, tally: Tally, rng: random.Random) -> None:
        self.instance = instance
        self.server = server
        self.tally = tally
        self.rng = rng
        self.in_flight_uploads = 0
        self.upload_lock = threading.Lock()

    def _next(self) -> int:
        with self.tally.lock:
            self.tally.cases += 1
            return self.tally.cases

    def send(self, write: Write, *, upload: bool = False) -> Write:
        headers = {
            "Authorization": f"Bearer {self.instance.tokens[write.user]}",
            "Content-Type": write.content_type,
            "Idempotency-Key": write.key,
        }
        if upload:
            with self.upload_lock:
                self.in_flight_uploads += 1
        try:
            status, raw = self.server.request(write.method, write.path, write.body, headers)
            write.status = status
            if raw:
                try:
                    write.answer = json.loads(raw)
                except ValueError:
                    write.answer = {}
        except OSError:
            write.status = None
        finally:
            if upload:
                with self.upload_lock:
                    self.in_flight_uploads -= 1
        self.tally.add(write)
        return write

    def upload(self, report: int, content: bytes, name: str) -> Write:
        body, content_type = multipart({"reliability": "B", "credibility": "2"}, name, content)
        write = Write(
            "evidence",
            uuid.uuid4().hex,
            "POST",
            f"/api/v1/reports/{report}/evidence",
            body,
            content_type,
            "pk",
        )
        write.sha256 = hashlib.sha256(content).hexdigest()
        self.send(write, upload=True)
        if write.acknowledged and write.answer.get("sha256") != write.sha256:
            raise HarnessError(
                f"evidence {write.answer.get('id')}: the server hashed it as {write.answer.get('sha256')}"
            )
        return write

    def json_write(self, step: str, user: str, path: str, body: dict[str, Any]) -> Write:
        return self.send(
            Write(step, uuid.uuid4().hex, "POST", path, json.dumps(body).encode(), "application/json", user)
        )

    def chain(self, stop: threading.Event) -> None:
        """One case through the workflow; stops at the first write that is not acknowledged."""
        n = self._next()
        filed = self.json_write(
            "file", "pk", "/api/v1/reports", {"agreement": "pak-afg-2025", "incident": incident(n)}
        )
        if not filed.acknowledged or stop.is_set():
            return
        report, case = filed.answer["id"], filed.answer["case"]
        # Sizes from a few bytes to 1.5 MiB: the larger ones take long enough on loopback to be cut.
        content = f"evidence {n} ".encode() + self.rng.randbytes(self.rng.choice((64, 40_000, 600_000)))
        upload = self.upload(report, content, f"photo-{n}.jpg")
        if not upload.acknowledged or stop.is_set():
            return
        for step in ("admit", "investigation", "reply-request"):
            if (
                not self.json_write(step, "qa", f"/api/v1/cases/{case}/{step}", {}).acknowledged
                or stop.is_set()
            ):
                return
        replied = self.json_write(
            "reply", "af", f"/api/v1/cases/{case}/replies", {"text": f"Our posts did not fire ({n})."}
        )
        if not replied.acknowledged or stop.is_set():
            return
        drafted = self.json_write(
            "ruling",
            "qa",
            f"/api/v1/cases/{case}/rulings",
            {
                "outcome": "violation",
                "commitment": "C1",
                "responsible_party": "AF",
                "perpetrator": "Afghan border forces",
                "perpetrator_type": "State forces",
                "confidence": "fair",
                "reasons": f"The craters match the complaint ({n}).",
                "evidence": [upload.answer["id"]],
            },
        )
        if not drafted.acknowledged or stop.is_set():
            return
        for mediator in ("qa", "tr"):
            signed = self.json_write(
                f"sign-{mediator}", mediator, f"/api/v1/rulings/{drafted.answer['id']}/signatures", {}
            )
            if not signed.acknowledged or stop.is_set():
                return

    def client(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.chain(stop)

    def uploader(self, stop: threading.Event) -> None:
        """Files one report, then adds evidence to it back to back (0.5 to 3 MiB, above the size Django
        keeps in memory): the kill lands inside an upload more often than not."""
        n = self._next()
        filed = self.json_write(
            "file", "pk", "/api/v1/reports", {"agreement": "pak-afg-2025", "incident": incident(n)}
        )
        while filed.acknowledged and not stop.is_set():
            content = f"large evidence {n} ".encode() + self.rng.randbytes(
                self.rng.randint(512 * 1024, 3 * 1024 * 1024)
            )
            self.upload(filed.answer["id"], content, f"video-{n}.mp4")


@contextmanager
def checkpointer(
    instance: Instance, stop: threading.Event, tally: Tally
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``truce record checkpoint`` run again and again, each in its own process group, for the kill to cut."""
    running: list[subprocess.Popen[bytes]] = []

    def loop() -> None:
        while not stop.is_set():
            proc = subprocess.Popen(
                [sys.executable, "-m", "truce", "record", "checkpoint", "--no-witnesses"],
                env=instance.env(),
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            running[:] = [proc]
            # 0: signed; -SIGKILL: cut by the kill. Anything else is a checkpoint that failed on its own.
            if proc.wait() not in (0, -signal.SIGKILL):
                tally.checkpoint_failures += 1

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        stop.set()
        for proc in running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                tally.checkpoints_cut += 1
        thread.join(timeout=30)


def burst(
    instance: Instance,
    server: Server,
    tally: Tally,
    rng: random.Random,
    *,
    clients: int,
    with_checkpoints: bool,
) -> None:
    """Clients write until a seeded random moment, then the server's group (and a running checkpoint) die."""
    workload = Workload(instance, server, tally, random.Random(rng.random()))
    stop = threading.Event()
    threads = [threading.Thread(target=workload.client, args=(stop,), daemon=True) for _ in range(clients)]
    threads.append(threading.Thread(target=workload.uploader, args=(stop,), daemon=True))
    cp_stop = threading.Event()
    with checkpointer(instance, cp_stop, tally) if with_checkpoints else _nothing() as _running:
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(1.0, 4.0))
        # Stop first, so no client starts a write against a dead server; those in flight are cut by the kill.
        stop.set()
        with workload.upload_lock:
            tally.uploads_cut += workload.in_flight_uploads
        server.kill()
    tally.kills += 1
    for thread in threads:
        thread.join(timeout=60)
        if thread.is_alive():
            raise HarnessError("a client thread did not notice the server's death within 60 s")


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def retry_unacknowledged_filings(server: Server, instance: Instance, tally: Tally, since: int) -> None:
    """Send each filing the last kill left unanswered again, with its Idempotency-Key: it must succeed."""
    for write in [w for w in tally.writes[since:] if w.step == "file" and not w.acknowledged]:
        status, raw = server.request(
            write.method,
            write.path,
            write.body,
            {
                "Authorization": f"Bearer {instance.tokens[write.user]}",
                "Content-Type": write.content_type,
                "Idempotency-Key": write.key,
            },
        )
        if not 200 <= status < 300:
            raise HarnessError(
                f"retrying filing {write.key} after the restart answered {status}: {raw[:300]!r}"
            )
        write.status, write.answer = status, json.loads(raw)
        tally.retried += 1


ORPHANS = re.compile(r"orphans: (\d+) stored files")


def check_after_kill(instance: Instance, tally: Tally, workdir: Path) -> None:
    """With the server down: every acknowledged write present, nothing half-present, the record checked
    and verified end to end, orphans reported and kept."""
    if tally.checkpoint_failures:
        raise HarnessError(
            f"{tally.checkpoint_failures} `truce record checkpoint` runs failed during the bursts"
        )
    state = instance.inspect()
    if state["problems"]:
        raise HarnessError("half-present writes: " + "; ".join(state["problems"]))
    if state["duplicate_titles"]:
        raise HarnessError(f"a retried filing was stored twice: {state['duplicate_titles'][:5]}")
    reports = set(state["reports"])
    evidence = {e: (r, sha) for e, r, sha in state["evidence"]}
    replies, rulings = set(state["replies"]), set(state["rulings"])
    signatures = {tuple(s) for s in state["signatures"]}
    steps = {tuple(step) for step in state["case_steps"]}
    step_events = {
        "admit": "CaseAdmitted",
        "investigation": "InvestigationStarted",
        "reply-request": "ReplyRequested",
    }
    lost = []
    for w in tally.acknowledged:
        if w.step in step_events and (step_events[w.step], w.answer["id"]) not in steps:
            lost.append(f"{w.step} of case {w.answer['id']}")
        if w.step == "file" and w.answer["id"] not in reports:
            lost.append(f"report {w.answer['id']}")
        elif w.step == "evidence":
            if evidence.get(w.answer["id"], (None, ""))[1] != w.sha256:
                lost.append(f"evidence {w.answer['id']}")
        elif w.step == "reply" and w.answer["id"] not in replies:
            lost.append(f"reply {w.answer['id']}")
        elif w.step == "ruling" and w.answer["id"] not in rulings:
            lost.append(f"ruling {w.answer['id']}")
        elif w.step.startswith("sign-") and (w.answer["id"], w.user) not in signatures:
            lost.append(f"signature of {w.user} on ruling {w.answer['id']}")
    if lost:
        raise HarnessError(f"acknowledged writes lost: {', '.join(lost)}")
    # Every file a row names holds exactly the bytes acknowledged for it.
    for _e, (_r, sha) in evidence.items():
        path = instance.home / "evidence" / "originals" / sha[:2] / sha[2:4] / sha
        if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            raise HarnessError(f"evidence file {path} does not hold the bytes its name says")
    before = instance.stored_files()
    named = {f"originals/{sha[:2]}/{sha[2:4]}/{sha}" for _r, sha in evidence.values()}
    checked = instance.truce("record", "check", check=False)
    if checked.returncode != 0:
        raise HarnessError(f"truce record check failed after a kill:\n{checked.stdout}{checked.stderr}")
    found = ORPHANS.search(checked.stdout)
    orphans = int(found.group(1)) if found else 0
    if orphans != len(before - named):
        raise HarnessError(f"record check reported {orphans} orphans, the store has {len(before - named)}")
    if not before <= instance.stored_files():
        raise HarnessError("truce record check deleted stored files")
    tally.orphans = orphans
    incoming = len(list((instance.home / "evidence" / "incoming").iterdir()))
    if incoming and f"incoming: {incoming} partly received files" not in checked.stdout:
        raise HarnessError(
            f"record check did not report the {incoming} partly received files:\n{checked.stdout}"
        )
    tally.incoming = incoming
    bundle = Path(tempfile.mkdtemp(dir=workdir, prefix="bundle-"))
    instance.truce("record", "export", "--out", str(bundle / "out"))
    verified = instance.truce("record", "verify", str(bundle / "out"))
    if f"OK: {state['entries']} entries" not in verified.stdout:
        raise HarnessError(
            f"truce record verify did not cover all {state['entries']} entries:\n{verified.stdout}"
        )
    tally.verified += 1


def run(instance: Instance, workdir: Path, *, seed: int, kills: int, clients: int, label: str) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    started = time.monotonic()
    instance.set_up()
    server = Server(instance, workdir / "serve.log")
    for round_ in range(kills):
        server.start()
        if round_:
            retry_unacknowledged_filings(server, instance, tally, since=0)
        # Every other burst also cuts a `truce record checkpoint` run.
        burst(instance, server, tally, rng, clients=clients, with_checkpoints=round_ % 2 == 1)
        check_after_kill(instance, tally, workdir)
    # The last kill's unanswered filings, retried on a final restart, then checked once more.
    server.start()
    retry_unacknowledged_filings(server, instance, tally, since=0)
    server.kill()
    check_after_kill(instance, tally, workdir)
    print(tally.line(label, time.monotonic() - started), flush=True)
    return tally
