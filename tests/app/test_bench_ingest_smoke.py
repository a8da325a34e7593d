"""The ingest benchmark runs both modes on the same articles and they store the same result."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.app.story import REPO

pytest.importorskip("distributed")


def test_the_ingest_benchmark_compares_one_process_with_two_workers_on_identical_results():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_HOME")}
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "ingest" / "run.py"), "--articles", "12", "--format", "json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    assert figures["identical"] is True and figures["articles"] == 12 and figures["workers"] == 2
    assert (
        figures["summary"][0] == "articles: 12 new, 0 near-duplicate (kept, not extracted), 0 already stored"
    )
    assert (
        figures["ingest_single_s"] > 0 and figures["ingest_workers_s"] > 0 and figures["extract_speedup"] > 0
    )
