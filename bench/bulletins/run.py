"""Bulletin benchmark: the time to produce one weekly public bulletin of the demo data, as PDF and HTML.

    python bench/bulletins/run.py [--languages en,ur] [--repeat 5] [--home DIR]

Builds the demo instance (`truce demo --no-serve`) in a temporary TRUCE_HOME (or uses --home, built
there if empty), then, in one process, produces the weekly public edition as of today in each language
``--repeat`` times and prints per language the median and best seconds of: gathering the content (the
database reads), the HTML (the map and charts drawn with matplotlib, the template), and the PDF (the HTML
again, laid out by WeasyPrint). The first run of each language is included: it is what a worker pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--languages", default="en,ur")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--home", help="a TRUCE_HOME holding the demo instance (built when empty)")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="truce-bench-bulletins-")
    os.environ["TRUCE_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    if not (Path(home) / "demo-logins.txt").exists():
        truce = Path(sys.executable).with_name("truce")
        subprocess.run([str(truce), "demo", "--no-serve"], check=True, stdout=subprocess.DEVNULL)
    from truce.cli.base import setup_django

    setup_django()
    from truce.bulletins.actions import Request, scope_of
    from truce.bulletins.content import gather
    from truce.bulletins.render import render

    print(f"demo instance in {home}; weekly public bulletin, {args.repeat} runs per language")
    print(f"{'lang':<5} {'phase':<7} {'median s':>9} {'best s':>8} {'bytes':>9}")
    for language in args.languages.split(","):
        times: dict[str, list[float]] = {"gather": [], "html": [], "pdf": []}
        sizes = {}
        for _ in range(args.repeat):
            started = time.perf_counter()
            content = gather(scope_of(Request("pak-afg-2025", "week", "public", language, "pdf")), "week")
            times["gather"].append(time.perf_counter() - started)
            for fmt in ("html", "pdf"):
                started = time.perf_counter()
                sizes[fmt] = len(render(content, language, fmt).data)
                times[fmt].append(time.perf_counter() - started)
        for phase, values in times.items():
            size = f"{sizes[phase]:>9,}" if phase in sizes else f"{'':>9}"
            print(f"{language:<5} {phase:<7} {statistics.median(values):>9.2f} {min(values):>8.2f} {size}")
    print(f"load average during the run: {os.getloadavg()[0]:.2f} (1 min), cores: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
