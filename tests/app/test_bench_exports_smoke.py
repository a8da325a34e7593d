"""The export benchmark runs end to end on a small instance: every format for the mediators and the public,
with the rows written and the peak memory of the export's own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.app.story import REPO


def test_the_exports_benchmark_reports_rows_time_and_peak_memory_for_each_format_and_scope():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_HOME")}
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "exports" / "run.py"),
            "--incidents",
            "300",
            "--format",
            "json",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout[result.stdout.index("[") :])
    assert {(r["format"], r["scope"]) for r in rows} == {
        (f, s) for f in ("csv", "json", "geojson", "acled") for s in ("mediators", "public")
    }
    by = {(r["format"], r["scope"]): r for r in rows}
    assert by[("csv", "mediators")]["lines"] == 301  # a header and one line per incident
    assert 0 < by[("csv", "public")]["lines"] < 301  # the public sees published cases only
    assert all(r["peak_mib"] > 0 for r in rows)
