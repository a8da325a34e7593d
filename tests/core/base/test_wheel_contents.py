"""What a plain install carries: every data file the package reads (agreements, templates, static files,
catalogues, gazetteer, demo articles) must be inside the wheel, or `truce` works from the checkout and
fails for users. The wheel is built from this checkout and compared with the tracked files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _tracked_package_data() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "truce"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split()
    # Python sources are packaged as modules; migrations and every other file the code opens are data.
    return {name for name in listed if not name.endswith((".py", ".pyi")) and "/__pycache__/" not in name}


@pytest.mark.install
def test_the_wheel_carries_every_data_file_of_the_package(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("needs the git checkout to list the tracked files")
    # From a copy holding only the checkout's files: the checkout's own truce.egg-info (left by the editable
    # install) lists every file and would hide a pattern missing from pyproject.toml.
    source = tmp_path / "source"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    for name in listed:
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("truce-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_tracked_package_data() - inside)
    assert not missing, f"not in the wheel (add them to [tool.setuptools.package-data]): {missing[:20]}"
    assert "truce/agreements/shipped/pakistan-afghanistan-2025.toml" in inside
