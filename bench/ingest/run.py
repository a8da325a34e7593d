"""Ingest benchmark: `truce ingest` in one process against `truce ingest --workers N` (a local Dask cluster),
side by side on the same generated articles.

    python bench/ingest/run.py [--articles 3000] [--workers 2] [--format text|json]

Writes the articles (bench/ingest/articles.py: wire stories from templates, seeded) into a temporary
folder, then for each mode builds a fresh SQLite instance (`truce init` with the Pakistan–Afghanistan
agreement) and times `truce ingest` on the folder as a process of its own, wall clock, cluster start
included: what an operator waits for. Both runs must print the same result (the same articles, leads and
sources), else the benchmark fails. Then the extraction alone, in this process: every article through the
extractor in one process, and through a local cluster of N workers (its start timed apart), since storing
stays in one process and bounds the whole run's speed-up.

The ratios depend on the cores free while it runs: the script prints the machine's core count and load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.ingest import articles  # noqa: E402

AGREEMENT = REPO / "truce" / "agreements" / "shipped" / "pakistan-afghanistan-2025.toml"
PUBLISHED = "2026-01-10"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _truce(home: Path, *args: str) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and the workers it started, its output)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(TRUCE_HOME=str(home), PYTHONPATH=str(REPO))
    env.setdefault("TRUCE_SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 20)
    cpu = _cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "truce", *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"truce {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return seconds, _cpu() - cpu, done.stdout


def ingest(root: Path, folder: Path, name: str, extra: list[str]) -> tuple[float, float, str]:
    home = root / f"home-{name}"
    _truce(home, "init", "--agreement", str(AGREEMENT))
    return _truce(
        home, "ingest", "--agreement", "pak-afg-2025", "--published", PUBLISHED, *extra, str(folder)
    )


def extraction_alone(paths: list[Path], workers: int) -> dict[str, float]:
    from truce.core.extract import distribute

    published = dt.date.fromisoformat(PUBLISHED)
    jobs = [
        distribute.Job(text=p.read_text(encoding="utf-8"), source=str(p), published=published, title="")
        for p in paths
    ]
    started = time.perf_counter()
    one = distribute.in_process(jobs)
    single = time.perf_counter() - started
    started = time.perf_counter()
    with distribute.on_cluster(workers=workers) as extract:
        ready = time.perf_counter()
        many = extract(jobs)
        done = time.perf_counter()
    if many != one:
        raise SystemExit("the cluster's extractions differ from one process's")
    return {"single_s": single, "cluster_start_s": ready - started, "cluster_s": done - ready}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000, help="generated articles (default 3000)")
    parser.add_argument("--workers", type=int, default=2, help="local Dask worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()

    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    root = Path(tempfile.mkdtemp(prefix="truce-bench-ingest-"))
    paths = articles.write(root / "articles", args.articles, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    if args.format == "text":
        print(f"{len(paths)} articles ({size / 1e6:.1f} MB) generated")
        print(f"machine: {cores} cores, load average {load:.1f} at start (shared: other work competes)")

    try:
        single_s, single_cpu, single_out = ingest(root, root / "articles", "single", [])
        many_s, many_cpu, many_out = ingest(
            root, root / "articles", "workers", ["--workers", str(args.workers)]
        )
        identical = single_out == many_out
        alone = extraction_alone(paths, args.workers)
    finally:
        shutil.rmtree(root)
    result: dict[str, Any] = {
        "articles": len(paths),
        "bytes": size,
        "cores": cores,
        "load_at_start": round(load, 2),
        "workers": args.workers,
        "ingest_single_s": round(single_s, 2),
        "ingest_workers_s": round(many_s, 2),
        "ingest_speedup": round(single_s / many_s, 2),
        "ingest_single_cpu_s": round(single_cpu, 1),
        "ingest_workers_cpu_s": round(many_cpu, 1),
        "load_at_end": round(os.getloadavg()[0], 2),
        "extract_single_s": round(alone["single_s"], 2),
        "extract_workers_s": round(alone["cluster_s"], 2),
        "cluster_start_s": round(alone["cluster_start_s"], 2),
        "extract_speedup": round(alone["single_s"] / alone["cluster_s"], 2),
        "identical": identical,
        "summary": [line for line in single_out.splitlines() if not line.startswith("  lead ")],
    }
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        for line in result["summary"]:
            print(f"  {line}")
        print(f"truce ingest, one process:      {single_s:8.1f} s wall, {single_cpu:7.1f} s CPU")
        print(
            f"truce ingest --workers {args.workers}:       {many_s:8.1f} s wall, {many_cpu:7.1f} s CPU "
            "(cluster start included; CPU of the workers too)"
        )
        print(f"whole ingest speed-up:          {result['ingest_speedup']:.2f}x")
        print(
            f"extraction alone: one process {alone['single_s']:.1f} s, {args.workers} workers "
            f"{alone['cluster_s']:.1f} s (+ {alone['cluster_start_s']:.1f} s to start them): "
            f"{result['extract_speedup']:.2f}x"
        )
        print(
            f"results identical: {'yes' if identical else 'NO'}; "
            f"load average at end {result['load_at_end']:.1f}"
        )
    if not identical:
        print("the two runs printed different results:", file=sys.stderr)
        print(single_out, "----", many_out, sep="\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
