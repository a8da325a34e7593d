"""A plain `pip install .` (no dev extras, no editable link back to the checkout) into a new virtual
environment gives a working `truce`: the demo builds its instance from the files the package carries, and
the record it wrote replays without a difference. Runs in `make test-install`."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.install
def test_a_plain_install_runs_the_demo_and_replays_its_record(tmp_path: Path) -> None:
    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    truce = tmp_path / "venv" / "bin" / "truce"
    # Outside the checkout, so nothing is imported from it by accident.
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRUCE_", "DJANGO_", "DATABASE_URL"))}
    env.update(TRUCE_HOME=str(work / "truce-data"), PYTHONPATH="")
    _run([str(python), "-m", "pip", "install", "--quiet", str(REPO)], work, env)

    assert "usage: truce" in _run([str(truce), "--help"], work, env)
    where = _run([str(python), "-c", "import truce; print(truce.__file__)"], work, env)
    assert str(tmp_path / "venv") in where, f"truce imported from {where!r}, not from the new environment"

    _run([str(truce), "demo", "--no-serve"], work, env)
    replay = _run([str(truce), "record", "replay"], work, env)
    assert "differences: 0" in replay, replay
