"""Load benchmark: hundreds of liaison officers and monitors filing reports with evidence while mediators
browse, against the production server (`truce serve`: gunicorn), on loopback.

    python bench/load/run.py [--clients 8,32,128] [--requests 600] [--time-limit 300]
                             [--workers 2] [--threads 4] [--database-url URL] [--format text|json]

For each concurrency level a fresh instance is built (`truce init` in a temporary TRUCE_HOME; SQLite there,
or the PostgreSQL database named by --database-url, dropped and created again), with LIAISONS liaison
officers of each party, MONITORS monitors and the two mediators, each with an API token. The server is
started in its own process group; then ``clients`` threads share a fixed number of requests (or stop at the
time limit), each a mix of:

- filing: `POST /api/v1/reports` (a complaint by the officer's party, or a monitor's observation), then
  `POST /api/v1/reports/{id}/evidence` with a 64 KiB file (two requests, timed apart);
- browsing (mediators): `GET /api/v1/cases`, `GET /api/v1/cases/{id}` of a recent case, `GET /api/v1/reports`.

Afterwards, with the server stopped: every report the server acknowledged (2xx with its id) must be in the
database with its evidence file's SHA-256; `truce record check` must pass, and a checkpoint signed then, its
bundle exported, must pass `truce record verify`. The benchmark prints
p50/p95/p99 per kind of request, the error count by status, and "lost writes" — which must be 0.

Each officer files under the per-user hourly limits (TRUCE_FILINGS_PER_HOUR, TRUCE_UPLOADS_PER_HOUR): with
LIAISONS officers per party a run of a few thousand requests stays inside them, as a real roster would.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

LIAISONS = 100  # per party
MONITORS = 20
EVIDENCE_BYTES = 64 * 1024
BROWSE_SHARE = 0.25  # of the operations; the rest are filings (report + evidence)
PLACES = [
    ("Chaman", "PK", "Balochistan", 30.921, 66.4597),
    ("Torkham", "PK", "Khyber Pakhtunkhwa", 34.1, 71.09),
    ("Spin Boldak", "AF", "Kandahar", 31.0, 66.39),
    ("Kurram", "PK", "Khyber Pakhtunkhwa", 33.73, 70.1),
]


@dataclass
class Sample:
    kind: str
    status: int
    ms: float


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    acknowledged: dict[int, str] = field(default_factory=dict)  # report id -> evidence SHA-256 (or "")
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRUCE_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        TRUCE_HOME=str(home),
        TRUCE_SECRET_KEY="bench-secret-key-not-for-production-" + "x" * 20,
        PYTHONPATH=str(REPO),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build(home: Path, database_url: str | None) -> dict[str, list[str]]:
    """A fresh instance with the roster; returns the API tokens by role."""
    from truce.agreements import SHIPPED

    if database_url:
        _recreate_postgres(database_url)
    env = _env(home, database_url)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "truce",
            "init",
            "--agreement",
            str(SHIPPED / "pakistan-afghanistan-2025.toml"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    roster = subprocess.run(
        [sys.executable, __file__, "--roster"], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(roster.stdout)


def roster() -> None:
    """Run inside the instance's environment (``--roster``): add the users and print their tokens."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "truce.settings"
    import django

    django.setup()
    from django.conf import settings

    from truce.accounts.actions import do_add_user, do_issue_token

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    tokens: dict[str, list[str]] = {"PK": [], "AF": [], "monitor": [], "mediator": []}
    people = [(f"liaison-{p.lower()}-{i}", "liaison", p) for p in ("PK", "AF") for i in range(LIAISONS)]
    people += [(f"monitor-{i}", "monitor", "") for i in range(MONITORS)]
    people += [("mediator-qa", "mediator", "QA"), ("mediator-tr", "mediator", "TR")]
    for name, role, org in people:
        user = do_add_user(
            name,
            role=role,
            organisation=org,
            agreement_id="pak-afg-2025",
            password="x" * 20,
            acting_user=None,
        )
        key = org if role == "liaison" else role
        tokens[key].append(do_issue_token(user, acting_user=None))
    print(json.dumps(tokens))


@contextlib.contextmanager
def server(home: Path, database_url: str | None, workers: int, threads: int):  # type: ignore[no-untyped-def]
    port = _free_port()
    serve_options = ("--workers", str(workers), "--threads", str(threads))
    log = open(home / "server.log", "wb")  # noqa: SIM115  (closed below, after the process)
    process = subprocess.Popen(
        [sys.executable, "-m", "truce", "serve", "--port", str(port), *serve_options],
        env=_env(home, database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the whole group is stopped at the end
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/agreements")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {home / 'server.log'}")
            time.sleep(0.2)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


def _request(
    conn: http.client.HTTPConnection, method: str, path: str, token: str, body: bytes = b"", ctype: str = ""
) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
    if ctype:
        headers["Content-Type"] = ctype
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def _incident(rng: random.Random, accused: str) -> dict[str, Any]:
    name, country, admin1, lat, lon = rng.choice(PLACES)
    return {
        "title": f"Mortar fire near {name}",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": f"2025-11-{rng.randint(1, 28):02d}",
        "date_precision": "day",
        "location": {
            "name": name,
            "country": country,
            "admin1": admin1,
            "lat": lat,
            "lon": lon,
            "geo_precision": 1,
        },
        "actors": [{"name": "Border forces", "type": "State forces", "role": "perpetrator"}],
        "fatalities": {"low": 0, "best": 0, "high": 1},
        "commitments": ["C1"],
        "accused_party": accused,
        "description": "Rounds landed near the post; load benchmark.",
        "language": "en",
    }


def _multipart(content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in (("reliability", "B"), ("credibility", "2"), ("description", "photo of the crater")):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="crater.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _jpeg_like(rng: random.Random) -> bytes:
    # JPEG's start-of-image and JFIF marker, then noise: the upload check reads the magic bytes.
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(EVIDENCE_BYTES - 11)


def client(
    port: int, tokens: dict[str, list[str]], tally: Tally, todo: list[int], seed: int, stop_at: float
) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    filers = [(t, "AF") for t in tokens["PK"]] + [(t, "PK") for t in tokens["AF"]]
    filers += [(t, rng.choice(("PK", "AF"))) for t in tokens["monitor"]]
    while time.monotonic() < stop_at:
        with tally.lock:
            if not todo:
                return
            todo.pop()
        try:
            if rng.random() < BROWSE_SHARE:
                _browse(conn, rng, tokens["mediator"], tally)
            else:
                _file(conn, rng, rng.choice(filers), tally)
        except (OSError, http.client.HTTPException) as exc:
            tally.add(Sample(f"connection error: {type(exc).__name__}", 0, 0.0))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)


def _timed(tally: Tally, kind: str, conn: http.client.HTTPConnection, *args: Any) -> tuple[int, bytes]:
    t0 = time.perf_counter()
    status, body = _request(conn, *args)
    tally.add(Sample(kind, status, (time.perf_counter() - t0) * 1000))
    return status, body


def _file(conn: http.client.HTTPConnection, rng: random.Random, filer: tuple[str, str], tally: Tally) -> None:
    token, accused = filer
    body = json.dumps({"agreement": "pak-afg-2025", "incident": _incident(rng, accused)}).encode()
    status, answer = _timed(
        tally, "file report", conn, "POST", "/api/v1/reports", token, body, "application/json"
    )
    if status != 201:
        return
    report = json.loads(answer)["id"]
    with tally.lock:
        tally.acknowledged[report] = ""
    content = _jpeg_like(rng)
    form, ctype = _multipart(content)
    status, answer = _timed(
        tally, "add evidence", conn, "POST", f"/api/v1/reports/{report}/evidence", token, form, ctype
    )
    if status == 201:
        with tally.lock:
            tally.acknowledged[report] = hashlib.sha256(content).hexdigest()


def _browse(conn: http.client.HTTPConnection, rng: random.Random, mediators: list[str], tally: Tally) -> None:
    token = rng.choice(mediators)
    status, answer = _timed(tally, "list cases", conn, "GET", "/api/v1/cases?limit=50", token)
    items = json.loads(answer) if status == 200 else []  # lists answer a JSON array
    if items:
        case = rng.choice(items)["id"]
        _timed(tally, "case", conn, "GET", f"/api/v1/cases/{case}", token)
    _timed(tally, "list reports", conn, "GET", "/api/v1/reports?limit=50", token)


def check(home: Path, database_url: str | None, tally: Tally) -> tuple[int, bool]:
    """Lost writes (acknowledged reports or evidence missing after the run) and whether the record
    verifies, read with the server stopped."""
    env = _env(home, database_url)
    script = (
        "import json, sys, django, os; os.environ['DJANGO_SETTINGS_MODULE']='truce.settings'; django.setup();"
        "from truce.reports.models import Report, Evidence;"
        "ids = set(Report.objects.values_list('pk', flat=True));"
        "shas = {r: s for r, s in Evidence.objects.exclude(report=None).values_list('report_id', 'sha256')};"
        "print(json.dumps({'ids': sorted(ids), 'shas': {str(k): v for k, v in shas.items()}}))"
    )
    found = json.loads(
        subprocess.run(
            [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
        ).stdout
    )
    ids, shas = set(found["ids"]), found["shas"]
    lost = sum(
        1
        for report, sha in tally.acknowledged.items()
        if report not in ids or (sha and shas.get(str(report)) != sha)
    )
    # End to end: the live chain, tree and evidence files, then a signed checkpoint, a bundle exported and
    # verified offline as a party would.
    bundle = home / "bundle"
    steps = [
        ["record", "check"],
        ["record", "checkpoint", "--no-witnesses"],
        ["record", "export", "--out", str(bundle)],
        ["record", "verify", str(bundle)],
    ]
    for step in steps:
        if subprocess.run([sys.executable, "-m", "truce", *step], env=env, capture_output=True).returncode:
            return lost, False
    return lost, True


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def run_level(
    args: argparse.Namespace, clients: int, tokens_home: tuple[dict[str, list[str]], Path]
) -> dict[str, Any]:
    tokens, home = tokens_home
    tally = Tally()
    todo = list(range(args.requests))
    with server(home, args.database_url, args.workers, args.threads) as port:
        stop_at = time.monotonic() + args.time_limit
        started = time.perf_counter()
        threads = [
            threading.Thread(target=client, args=(port, tokens, tally, todo, args.seed + i, stop_at))
            for i in range(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    lost, verified = check(home, args.database_url, tally)
    kinds: dict[str, Any] = {}
    for kind in sorted({s.kind for s in tally.samples}):
        ms = [s.ms for s in tally.samples if s.kind == kind]
        kinds[kind] = {
            "count": len(ms),
            "p50": statistics.median(ms),
            "p95": _percentile(ms, 0.95),
            "p99": _percentile(ms, 0.99),
        }
    every = [s.ms for s in tally.samples if s.status]
    errors: dict[str, int] = {}
    for s in tally.samples:
        if s.status >= 400 or s.status == 0:
            errors[str(s.status)] = errors.get(str(s.status), 0) + 1
    return {
        "clients": clients,
        "operations": args.requests - len(todo),
        "requests": len(tally.samples),
        "seconds": wall,
        "requests_per_second": len(tally.samples) / wall if wall else 0.0,
        "all": {
            "p50": statistics.median(every),
            "p95": _percentile(every, 0.95),
            "p99": _percentile(every, 0.99),
        }
        if every
        else {},
        "kinds": kinds,
        "errors": errors,
        "server_errors": sum(n for status, n in errors.items() if status.startswith("5")),
        "acknowledged_reports": len(tally.acknowledged),
        "lost_writes": lost,
        "record_verifies": verified,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="8,32,128", help="comma-separated concurrency levels")
    parser.add_argument(
        "--requests", type=int, default=600, help="operations per level (a filing is two requests)"
    )
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per level at most")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--database-url", help="a PostgreSQL database (dropped and created again)")
    parser.add_argument("--seed", type=int, default=20251019)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--roster", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.roster:
        roster()
        return 0
    results = []
    for clients in (int(c) for c in args.clients.split(",")):
        home = Path(tempfile.mkdtemp(prefix="truce-bench-load-"))
        tokens = build(home, args.database_url)
        results.append(run_level(args, clients, (tokens, home)))
        if args.format == "text":
            _print(results[-1], args)
    if args.format == "json":
        print(json.dumps(results, indent=2))
    bad = [r for r in results if r["lost_writes"] or r["server_errors"] or not r["record_verifies"]]
    return 1 if bad else 0


def _print(r: dict[str, Any], args: argparse.Namespace) -> None:
    store = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"\n{store}, {r['clients']} clients, gunicorn {args.workers} workers x {args.threads} threads: "
        f"{r['operations']} operations, {r['requests']} requests in {r['seconds']:.1f} s "
        f"({r['requests_per_second']:.1f}/s)"
    )
    if r["all"]:
        print(
            f"  all requests       p50 {r['all']['p50']:7.1f} ms  p95 {r['all']['p95']:7.1f}  "
            f"p99 {r['all']['p99']:7.1f}"
        )
    for kind, k in r["kinds"].items():
        print(
            f"  {kind:<18} n={k['count']:<5} p50 {k['p50']:7.1f} ms  p95 {k['p95']:7.1f}  p99 {k['p99']:7.1f}"
        )
    print(
        f"  errors by status: {r['errors'] or 'none'}; 5xx: {r['server_errors']}; acknowledged reports: "
        f"{r['acknowledged_reports']}; lost writes: {r['lost_writes']}; "
        f"record verifies: {r['record_verifies']}"
    )


if __name__ == "__main__":
    sys.exit(main())
