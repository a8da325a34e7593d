"""The replay benchmark builds genuine entries (their chain checks) and replays them without a difference."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.app.story import REPO


def test_the_replay_benchmark_builds_a_sound_record_and_replays_it_without_a_difference():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_HOME")}
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "replay" / "run.py"), "--entries", "40"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "46 entries built" in result.stdout and "chain checked" in result.stdout, result.stdout
    assert "replay: 46 entries" in result.stdout and "5 ruling" in result.stdout, result.stdout
    assert "differences: 0, unreadable entries: 0" in result.stdout, result.stdout
