"""``truce bench``: run the benchmarks under ``bench/`` (source checkout only).

    truce bench record [--sizes 100000,1000000] [--quick] [--no-pymerkle] [--json FILE]
    truce bench extract [--pages 200] [--words 800] [--repeat 3] [--weight news|news-div|page|light]
                        [--format text|json]
    truce bench pages [--sizes 1000,100000] [--samples 40] [--viewers qa,pk] [--database-url URL]
    truce bench replay [--entries 100000] [--database-url URL] [--keep]
    truce bench load [--clients 8,32,128] [--requests 600] [--time-limit 300] [--workers 2] [--threads 4]
                     [--database-url URL] [--format text|json]
    truce bench bulletins [--languages en,ur] [--repeat 5] [--home DIR]
    truce bench growth [--sizes 1000,10000,100000] [--samples 15] [--database-url URL] [--skip PARTS]
    truce bench exports [--incidents 1000000] [--formats csv,json,geojson,acled] [--keep]
    truce bench ingest [--articles 3000] [--workers 2] [--format text|json]

Each benchmark is a script run in its own process, so its memory and timings do not mix with the CLI's.
Add a benchmark by adding a subparser and its script to ``BENCHMARKS``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from truce.cli.base import CommandError

# subcommand -> (script under the repository's bench/ folder, help)
BENCHMARKS: dict[str, tuple[str, str]] = {
    "record": ("bench/record/run.py", "Merkle tree, proofs and bundle verification vs pymerkle 7.0"),
    "extract": ("bench/extract/run.py", "articles per second per core vs trafilatura's main-text extraction"),
    "pages": ("bench/pages/run.py", "dashboard, map data and case list p50/p95 at 10^3 and 10^5 incidents"),
    "replay": ("bench/replay/run.py", "`truce record replay` time and peak memory on 10^5 record entries"),
    "load": (
        "bench/load/run.py",
        "officers filing with evidence while mediators browse: p50/p95/p99, lost writes",
    ),
    "exports": (
        "bench/exports/run.py",
        "`truce export` peak memory and time over 10^6 incidents, each format, mediators and public",
    ),
    "bulletins": (
        "bench/bulletins/run.py",
        "time to produce the demo's weekly public bulletin, PDF and HTML",
    ),
    "growth": (
        "bench/growth/run.py",
        "pages, query counts, exports, a bulletin and a backup at 10^3, 10^4 and 10^5 cases",
    ),
    "ingest": (
        "bench/ingest/run.py",
        "`truce ingest` in one process vs on a local Dask cluster (--workers N), side by side",
    ),
}


def _configure_record(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="100000,1000000", help="comma-separated entry counts")
    p.add_argument("--quick", action="store_true", help="a 10,000-entry smoke run")
    p.add_argument("--samples", type=int, default=200, help="proofs timed per size")
    p.add_argument("--no-pymerkle", action="store_true", help="skip the pymerkle comparison")
    p.add_argument("--json", type=Path, help="also write the raw figures to FILE")


def _record_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--sizes", args.sizes, "--samples", str(args.samples)]
    if args.quick:
        argv.append("--quick")
    if args.no_pymerkle:
        argv.append("--no-pymerkle")
    if args.json:
        argv += ["--json", str(args.json)]
    return argv


def _configure_extract(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pages", type=int, default=200, help="generated ~800-word article pages")
    p.add_argument("--words", type=int, default=800, help="words per article (default 800)")
    p.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    p.add_argument(
        "--weight",
        choices=("news", "news-div", "page", "light"),
        default="news",
        help="page weight: a full news page (default), the same without an <article> element, a lean page, "
        "or the article with little furniture",
    )
    p.add_argument("--light", action="store_true", help="same as --weight light")
    p.add_argument("--format", choices=("text", "json"), default="text")


def _extract_argv(args: argparse.Namespace) -> list[str]:
    weight = "light" if args.light else args.weight
    argv = ["--pages", str(args.pages), "--words", str(args.words), "--repeat", str(args.repeat)]
    return [*argv, "--weight", weight, "--format", args.format]


def _configure_pages(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="1000,100000", help="comma-separated incident counts, ascending")
    p.add_argument("--samples", type=int, default=40, help="requests timed per page and size")
    p.add_argument("--viewers", default="qa,pk", help="qa (a mediator), pk (a liaison)")
    p.add_argument("--database-url", help="a PostgreSQL database to use (emptied first)")


def _pages_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--sizes", args.sizes, "--samples", str(args.samples), "--viewers", args.viewers]
    return [*argv, "--database-url", args.database_url] if args.database_url else argv


def _configure_replay(p: argparse.ArgumentParser) -> None:
    p.add_argument("--entries", type=int, default=100_000, help="record entries to build")
    p.add_argument("--database-url", help="a PostgreSQL database to use (emptied first)")
    p.add_argument("--keep", action="store_true", help="keep the built instance and print where it is")


def _replay_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--entries", str(args.entries)]
    if args.database_url:
        argv += ["--database-url", args.database_url]
    return [*argv, "--keep"] if args.keep else argv


def _configure_load(p: argparse.ArgumentParser) -> None:
    p.add_argument("--clients", default="8,32,128", help="comma-separated concurrency levels")
    p.add_argument(
        "--requests", type=int, default=600, help="operations per level (a filing is two requests)"
    )
    p.add_argument("--time-limit", type=float, default=300.0, help="seconds per level at most")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=4, help="threads per worker")
    p.add_argument("--database-url", help="a PostgreSQL database (dropped and created again)")
    p.add_argument("--format", choices=("text", "json"), default="text")


def _load_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--clients", args.clients, "--requests", str(args.requests), "--time-limit", str(args.time_limit)]
    argv += ["--workers", str(args.workers), "--threads", str(args.threads), "--format", args.format]
    return [*argv, "--database-url", args.database_url] if args.database_url else argv


def _configure_bulletins(p: argparse.ArgumentParser) -> None:
    p.add_argument("--languages", default="en,ur", help="comma-separated (default en,ur)")
    p.add_argument("--repeat", type=int, default=5, help="runs per language")
    p.add_argument("--home", help="a TRUCE_HOME holding the demo instance (built when empty)")


def _bulletins_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--languages", args.languages, "--repeat", str(args.repeat)]
    return [*argv, "--home", args.home] if args.home else argv


def _configure_exports(p: argparse.ArgumentParser) -> None:
    p.add_argument("--incidents", type=int, default=1_000_000, help="incidents to build")
    p.add_argument("--formats", default="csv,json,geojson,acled", help="comma-separated formats")
    p.add_argument("--keep", action="store_true", help="keep the built instance and print where it is")


def _exports_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--incidents", str(args.incidents), "--formats", args.formats]
    return [*argv, "--keep"] if args.keep else argv


def _configure_growth(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated case counts, ascending")
    p.add_argument("--samples", type=int, default=15, help="requests timed per page, viewer and size")
    p.add_argument("--database-url", help="a PostgreSQL database to use (emptied first)")
    p.add_argument("--skip", default="", help="parts to leave out: pages, exports, bulletin, backup")


def _growth_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--sizes", args.sizes, "--samples", str(args.samples), "--skip", args.skip]
    return [*argv, "--database-url", args.database_url] if args.database_url else argv


def _configure_ingest(p: argparse.ArgumentParser) -> None:
    p.add_argument("--articles", type=int, default=3000, help="generated articles to ingest")
    p.add_argument("--workers", type=int, default=2, help="local Dask worker processes")
    p.add_argument("--format", choices=("text", "json"), default="text")


def _ingest_argv(args: argparse.Namespace) -> list[str]:
    return ["--articles", str(args.articles), "--workers", str(args.workers), "--format", args.format]


_CONFIGURE = {
    "record": (_configure_record, _record_argv),
    "extract": (_configure_extract, _extract_argv),
    "pages": (_configure_pages, _pages_argv),
    "replay": (_configure_replay, _replay_argv),
    "load": (_configure_load, _load_argv),
    "exports": (_configure_exports, _exports_argv),
    "bulletins": (_configure_bulletins, _bulletins_argv),
    "growth": (_configure_growth, _growth_argv),
    "ingest": (_configure_ingest, _ingest_argv),
}


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="bench_command", metavar="BENCHMARK", required=True)
    for name, (_, help_text) in BENCHMARKS.items():
        _CONFIGURE[name][0](sub.add_parser(name, help=help_text, description=help_text))


def run(args: argparse.Namespace) -> int:
    import truce

    script_rel, _ = BENCHMARKS[args.bench_command]
    script = Path(truce.__file__).resolve().parents[1] / script_rel
    if not script.exists():
        raise CommandError(f"{script_rel} not found: benchmarks run from a source checkout of Truce")
    argv = _CONFIGURE[args.bench_command][1](args)
    return subprocess.run([sys.executable, str(script), *argv]).returncode
