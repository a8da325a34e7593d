"""Shared fixtures: a small valid agreement written to a temporary folder, and helpers to break it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from truce.agreements import SHIPPED

REPO = Path(__file__).resolve().parents[3]
AGREEMENTS = SHIPPED

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[70.0, 33.0], [71.0, 33.0], [71.0, 34.0], [70.0, 34.0], [70.0, 33.0]]],
}

# A valid agreement using most fields; tests replace a line to break exactly one thing.
VALID = """\
[agreement]
id = "test-ceasefire"
title = "Test ceasefire"
in_force = 2025-10-19
mandate_until = 2026-04-30
timezone = "Asia/Karachi"
languages = ["en", "ur"]

[[party]]
code = "PK"
name = "Pakistan"

[[party]]
code = "AF"
name = "Afghanistan"

[[mediator]]
code = "QA"
name = "Qatar"

[[mediator]]
code = "TR"
name = "Türkiye"

[[category]]
name = "Hostile propaganda"

[[commitment]]
id = "C1"
title = "No hostile acts"
covers = [
  "Armed clash",
  "Air/drone strike",
]

[[commitment]]
id = "C2"
title = "No propaganda"
covers = ["Hostile propaganda"]
points = 2

[procedure]
reply_window_hours = 72
ruling_quorum = "each-mediator"
publish_after = "ruling"
severity_points = { "Air/drone strike" = 3 }

[[zone]]
name = "Border"
geometry = "zones/border.geojson"

[[penalty]]
id = "P1"
when = "points_30d >= 3"
measure = "Warning"
expires_after_days = 90

[[penalty]]
id = "P2"
when = "points_30d >= 8 or violations_7d >= 3"
measure = "Public attribution"
replaces = ["P1"]
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle`` (the test's expected line)."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} occurs {len(hits)} times in the fixture"
    return hits[occurrence - 1]


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the fixture"
    return text.replace(old, new)


@pytest.fixture
def write_agreement(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` as tmp/agreement.toml with a valid zone file beside it (unless ``zone`` is None)."""

    def write(text: str = VALID, *, zone: object = SQUARE, name: str = "agreement.toml") -> Path:
        if zone is not None:
            (tmp_path / "zones").mkdir(exist_ok=True)
            payload = zone if isinstance(zone, str) else json.dumps(zone)
            (tmp_path / "zones" / "border.geojson").write_text(payload, encoding="utf-8")
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
