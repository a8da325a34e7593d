"""An agreement written only from DESIGN.md's sketch loads (with its zone file beside it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from truce.core.agreement import load_agreement

from .conftest import SQUARE

# DESIGN.md's "The agreement file (sketch)" block, copied verbatim.
SKETCH = """\
[agreement]
id = "pak-afg-2025"
title = "Pakistan–Afghanistan ceasefire (Doha, 19 Oct 2025; continued at Istanbul, 30 Oct 2025)"
in_force = 2025-10-19
mandate_until = 2026-04-30            # renewal date of the mechanism's mandate
timezone = "Asia/Karachi"
languages = ["en", "ur", "ps", "fa", "tr", "ar"]

[[party]]
code = "PK"
name = "Islamic Republic of Pakistan"

[[party]]
code = "AF"
name = "Afghanistan (Taliban authorities)"

[[mediator]]
code = "QA"
name = "State of Qatar"

[[mediator]]
code = "TR"
name = "Republic of Türkiye"

[[commitment]]
id = "C1"
title = "No hostile acts against the other party's forces, civilians or installations"
covers = ["Armed clash", "Shelling/artillery/missile attack", "Air/drone strike", "Ground incursion"]

[[commitment]]
id = "C2"
title = "Territory not used by any group for attacks against the other party"
covers = ["Attack from territory"]

[procedure]
reply_window_hours = 72
ruling_quorum = "each-mediator"        # one officer of every mediator signs
publish_after = "ruling"

[[zone]]
name = "Border belt"
geometry = "zones/pak-afg-border.geojson"

[[penalty]]                            # the schedule is the agreement's; this one is illustrative
when = "points_30d >= 3"
measure = "Formal warning to the party"
[[penalty]]
when = "points_30d >= 8"
measure = "Public attribution in the next bulletin and referral to the principals' meeting"
"""

DESIGN = Path(__file__).resolve().parents[3] / ".." / "shared" / "DESIGN.md"


def _write(tmp_path: Path, text: str) -> Path:
    import json

    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "pak-afg-border.geojson").write_text(json.dumps(SQUARE), encoding="utf-8")
    path = tmp_path / "sketch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_design_sketch_loads(tmp_path):
    a = load_agreement(_write(tmp_path, SKETCH))
    assert a.id == "pak-afg-2025"
    assert [c.id for c in a.covers("Ground incursion")] == ["C1"]
    assert [r.id for r in a.penalties] == ["P1", "P2"]  # ids default to the position
    assert a.procedure.ruling_quorum.kind == "each-mediator"


def test_copy_matches_design_md(tmp_path):
    if not DESIGN.is_file():
        pytest.skip("../shared/DESIGN.md is not present")
    block = re.search(
        r"## The agreement file \(sketch\)\n```toml\n(.*?)```", DESIGN.read_text(encoding="utf-8"), re.S
    )
    assert block is not None, "DESIGN.md no longer has the sketch block"
    assert block.group(1) == SKETCH
    load_agreement(_write(tmp_path, block.group(1)))
