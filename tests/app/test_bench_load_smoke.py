"""The load benchmark runs end to end against the production server: officers file reports with evidence
while mediators browse; every acknowledged write is found afterwards and the record verifies. On the
database the stage uses (a throw-away PostgreSQL database beside the test one when DATABASE_URL is set)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.app.story import REPO


def test_the_load_benchmark_loses_no_acknowledged_write_and_reports_percentiles():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_HOME")}
    argv = ["--clients", "4", "--requests", "24", "--time-limit", "120", "--format", "json"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        argv += ["--database-url", url.rsplit("/", 1)[0] + "/truce_bench_load_smoke"]
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "load" / "run.py"), *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (level,) = json.loads(result.stdout)
    assert level["clients"] == 4 and level["operations"] == 24
    assert level["acknowledged_reports"] > 0
    assert level["lost_writes"] == 0 and level["server_errors"] == 0 and level["record_verifies"]
    assert {"file report", "add evidence", "list cases"} <= set(level["kinds"])
    for figures in level["kinds"].values():
        assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"]
