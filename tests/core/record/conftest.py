from __future__ import annotations

import os
from pathlib import Path

import pytest

# The shared vectors live beside the repository (../shared from the repo root, or ../../shared from a
# worktree under wt/), or where TRUCE_SHARED_VECTORS says; tests skip without them.
_REPO = Path(__file__).resolve().parents[3]
_CANDIDATES = [
    *([Path(os.environ["TRUCE_SHARED_VECTORS"])] if os.environ.get("TRUCE_SHARED_VECTORS") else []),
    _REPO.parent / "shared" / "vectors",
    _REPO.parent.parent / "shared" / "vectors",
]
VECTORS = next((c for c in _CANDIDATES if c.is_dir()), _CANDIDATES[0])


def shared_vectors(*parts: str) -> Path:
    path = VECTORS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference vectors not found at {path}")
    return path
