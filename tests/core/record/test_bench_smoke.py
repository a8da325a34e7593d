"""The record benchmark runs end to end (our side only; the pymerkle venv is not built in tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "record" / "run.py"


@pytest.mark.slow
def test_quick_benchmark_runs_and_reports_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--no-pymerkle", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "full bundle verification" in done.stdout
    (result,) = json.loads(out.read_text())
    assert result["n"] == 10_000 and result["bundle_verify"]["entries"] == 10_000
    assert result["ours_cold"]["first_inclusion_s"] > 0
