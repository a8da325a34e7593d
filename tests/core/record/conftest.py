from __future__ import annotations

from pathlib import Path

import pytest

# The shared vectors live beside the repository (../shared from the repo root); tests skip without them.
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
VECTORS = SHARED / "vectors"


def shared_vectors(*parts: str) -> Path:
    path = VECTORS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference vectors not found at {path}")
    return path
