"""The load benchmark runs end to end against the production server: officers file reports with evidence
while mediators browse; every acknowledged write is found afterwards and the record verifies. On the
database the stage uses (a throw-away PostgreSQL database beside the test one when DATABASE_URL is set)."""

from __future__ import annotations

import json
import os

from tests.app.benchrun import run_bench


def test_the_load_benchmark_loses_no_acknowledged_write_and_reports_percentiles():
    argv = ["--clients", "4", "--requests", "24", "--time-limit", "120", "--format", "json"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        argv += ["--database-url", url.rsplit("/", 1)[0] + "/truce_bench_load_smoke"]
    (level,) = json.loads(run_bench("load", *argv, timeout=600))
    assert level["clients"] == 4 and level["operations"] == 24
    assert level["acknowledged_reports"] > 0
    assert level["lost_writes"] == 0 and level["server_errors"] == 0 and level["record_verifies"]
    assert {"file report", "add evidence", "list cases"} <= set(level["kinds"])
    for figures in level["kinds"].values():
        assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"]
