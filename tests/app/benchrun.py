"""Running a benchmark of bench/ end to end as its smoke tests do: in a process of its own, on an instance
of its own (no DATABASE_URL or TRUCE_HOME of the tests leaks into it), from the source checkout."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.app.story import REPO


def run_bench(name: str, *argv: str, timeout: int = 300) -> str:
    """``python bench/<name>/run.py ARGV``: its standard output, once it has exited 0."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_HOME")}
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / name / "run.py"), *argv],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
