"""Export benchmark: peak memory and time of `truce export` over 10^6 incidents.

    python bench/exports/run.py [--incidents 1000000] [--formats csv,json,geojson,acled] [--keep]

Builds a throw-away SQLite instance with the page benchmark's bulk loader (bench/pages/run.py: the agreement,
its cast, N cases with one submitted complaint each, the parties' stored summaries), in chunks of 10^5 so
the loader itself stays small, then runs `truce export incidents --format F --out FILE` for the mediators'
view and `--public`, each in a process of its own under /usr/bin/time, and prints the rows written, the
seconds and the process's peak resident memory (what a streamed export must keep flat as N grows).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHUNK = 100_000


def _pages_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_pages", REPO / "bench" / "pages" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(incidents: int) -> Path:
    pages = _pages_module()
    pages.setup(None)  # a temporary TRUCE_HOME with its SQLite database, migrated
    people = pages.cast()
    from truce.cases.models import Case

    started = time.perf_counter()
    for start in range(0, incidents, CHUNK):
        pages.fill(min(CHUNK, incidents - start), start, people)
        print(f"  loaded {Case.objects.count():,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    return Path(os.environ["TRUCE_HOME"])


def measure(home: Path, fmt: str, public: bool) -> dict[str, object]:
    out = home / f"export.{fmt}"
    command = [sys.executable, "-m", "truce", "export", "incidents", "--format", fmt, "--out", str(out)]
    if public:
        command.append("--public")
    env = {**os.environ, "TRUCE_HOME": str(home), "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    size = out.stat().st_size
    with out.open("rb") as f:
        lines = sum(1 for _ in f)
    out.unlink()
    return {
        "format": fmt,
        "scope": "public" if public else "mediators",
        "seconds": round(seconds, 1),
        "peak_mib": round(peak_kb / 1024, 1),
        "bytes": size,
        "lines": lines,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,json,geojson,acled")
    parser.add_argument("--keep", action="store_true", help="keep the built instance and print where it is")
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="output")
    args = parser.parse_args()
    print(f"building {args.incidents:,} incidents", flush=True)
    home = build(args.incidents)
    results = [measure(home, fmt, public) for fmt in args.formats.split(",") for public in (False, True)]
    if args.output == "json":
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(
                f"{r['format']:<8} {r['scope']:<10} {r['lines']:>10,} lines {r['bytes'] / 2**20:>8.1f} MiB "
                f"in {r['seconds']:>6.1f} s, peak resident memory {r['peak_mib']:>6.1f} MiB"
            )
    if args.keep:
        print(f"instance kept at {home}")
    else:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
