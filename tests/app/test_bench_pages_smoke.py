"""The page-speed benchmark runs end to end on a small instance and reports every page for both states."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.app.story import REPO


def test_the_pages_benchmark_reports_p50_and_p95_for_every_page():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_HOME")}
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "pages" / "run.py"), "--sizes", "30", "--samples", "2"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for line in ("cold (", "warm (", "dashboard filtered", "map data, zoomed", "case list, search"):
        assert line in result.stdout, result.stdout
    assert result.stdout.count("p50/p95 ms") == 2
