"""Build and run tools/verify-go, the verifier written with Go's golang.org/x/mod/sumdb packages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[3] / "tools" / "verify-go"
# Debian's golang-golang-x-mod-dev installs the packages here; GOPATH mode builds from it, offline.
GOPATH = "/usr/share/gocode"


def build(out_dir: Path) -> Path:
    """The built verifier; skips when Go or x/mod is absent unless TRUCE_REQUIRE_GO is set (make test-go)."""
    go = shutil.which("go")
    missing = None
    if go is None:
        missing = "go is not installed (apt-get install golang-go golang-golang-x-mod-dev)"
    elif not Path(GOPATH, "src/golang.org/x/mod/sumdb/note").is_dir():
        missing = f"golang.org/x/mod is not under {GOPATH} (apt-get install golang-golang-x-mod-dev)"
    if missing:
        if os.environ.get("TRUCE_REQUIRE_GO"):
            pytest.fail(missing)
        pytest.skip(missing)
    assert go is not None
    binary = out_dir / "verify-go"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": GOPATH,
        "GOCACHE": str(out_dir / "gocache"),
        "GOFLAGS": "",
        "GOPROXY": "off",
    }
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=TOOL, env=env, check=True)
    return binary


def run(binary: Path, *args: str | Path) -> tuple[bool, str]:
    """(accepted, output) of one verify-go run; any exit status but 0 and 1 is a bug in the tool."""
    done = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return done.returncode == 0, done.stdout + done.stderr
