"""Growth benchmark: what users and operators wait for at 10^3, 10^4 and 10^5 cases, in one run.

    python bench/growth/run.py [--sizes 1000,10000,100000] [--samples 15] [--database-url URL]

Builds one throw-away instance (SQLite in a temporary TRUCE_HOME, or the PostgreSQL database named by
--database-url, which is emptied first) with the page benchmark's bulk loader (bench/pages/run.py: the
Pakistan–Afghanistan agreement, its cast, cases with one submitted complaint each spread over October 2025
to March 2026, the parties' stored summaries), grows it to each size in turn and measures at each:

- pages, as a mediator (sees every case) and a liaison (about half), through Django's test client with the
  dashboard's cache emptied before each request (the state after any write): the dashboard, its map data,
  the case list, a search, a case page — p50/p95 ms;
- the same pages' database query counts (what must not grow with the data);
- `truce export incidents --format csv`, mediators' and public, each in its own process: seconds;
- the weekly public bulletin ending 2026-03-31 (the busiest stretch of the data): gathering, HTML, PDF;
- `truce backup --out FILE`: seconds and archive size.

Record proofs and the verification of a bundle at 10^5 and 10^6 entries are `bench/record`'s (`truce bench
record`); the replay of 10^5 entries is `bench/replay`'s. The growth table is what docs/performance.md
shows; the last column is the ratio of the largest size's figure to the smallest's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
CHUNK = 100_000


def _bench_module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / name / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages(people: dict[str, Any], pages: Any, samples: int) -> dict[str, float]:
    """p50/p95 ms as the page benchmark times them (its ``measure``, the dashboard's cache emptied before
    each request), and each page's database queries on top, per viewer and page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from truce.cases.models import Case

    viewers = ["qa", "pk"]
    times = pages.measure(people, samples, viewers, cold=True)
    case = Case.objects.get(number=1).pk
    out: dict[str, float] = {}
    for viewer in viewers:
        client = pages._signed_in(people[viewer])
        for name, url in pages.PAGES:
            url = url.format(case=case)
            client.get(url)  # the session's first requests note what later ones need not
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            out[f"{viewer} {name} p50 ms"], out[f"{viewer} {name} p95 ms"] = times[(viewer, name)]
            out[f"{viewer} {name} queries"] = len(queries.captured_queries)
    return out


def _timed(command: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return time.perf_counter() - started


def _exports() -> dict[str, float]:
    home = Path(os.environ["TRUCE_HOME"])
    out = {}
    for scope, extra in (("mediators", []), ("public", ["--public"])):
        target = home / f"growth-export-{scope}.csv"
        command = [sys.executable, "-m", "truce", "export", "incidents", "--format", "csv"]
        command += ["--out", str(target)]
        out[f"export csv {scope} s"] = _timed(command + extra)
        target.unlink()
    return out


def _bulletin() -> dict[str, float]:
    from truce.bulletins.actions import Request, scope_of
    from truce.bulletins.content import gather
    from truce.bulletins.render import render

    as_of = dt.date(2026, 3, 31)
    out = {}
    started = time.perf_counter()
    content = gather(scope_of(Request("pak-afg-2025", "week", "public", "en", "pdf")), "week", as_of=as_of)
    out["bulletin gather s"] = time.perf_counter() - started
    for fmt in ("html", "pdf"):
        started = time.perf_counter()
        render(content, "en", fmt)
        out[f"bulletin {fmt} s"] = time.perf_counter() - started
    return out


def _backup() -> dict[str, float]:
    home = Path(os.environ["TRUCE_HOME"])
    target = home.parent / f"{home.name}-growth-backup.tar.gz"
    seconds = _timed([sys.executable, "-m", "truce", "backup", "--out", str(target)])
    size = target.stat().st_size
    target.unlink()
    return {"backup s": seconds, "backup MiB": size / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated case counts, ascending")
    parser.add_argument("--samples", type=int, default=15, help="requests timed per page, viewer and size")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (it is emptied first)")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to leave out: pages, exports, bulletin, backup"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    pages = _bench_module("pages")
    pages.setup(args.database_url)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    from django.db import connection

    people = pages.cast()
    have = 0
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        started = time.perf_counter()
        while have < size:
            step = min(CHUNK, size - have)
            pages.fill(step, have, people)
            have += step
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{connection.vendor}: {size:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
        row: dict[str, float] = {}
        for part, measure in (
            ("pages", lambda: _pages(people, pages, args.samples)),
            ("exports", _exports),
            ("bulletin", _bulletin),
            ("backup", _backup),
        ):
            if part not in skip:
                row.update(measure())
                print(f"  {part} measured", flush=True)
        results[size] = row
    load = os.getloadavg()[0]
    print(f"\n{connection.vendor}, load average {load:.2f} (1 min) at the end, {os.cpu_count()} cores")
    header = f"{'':<42}" + "".join(f"{f'{s:,}':>12}" for s in sizes) + f"{'ratio':>9}"
    print(header)
    for key in results[sizes[0]]:
        values = [results[s][key] for s in sizes]
        ratio = values[-1] / values[0] if values[0] else float("nan")
        shown = "".join(f"{v:>12.0f}" if key.endswith("queries") else f"{v:>12.2f}" for v in values)
        print(f"{key:<42}{shown}{ratio:>9.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
