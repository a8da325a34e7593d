"""The TimeML floor on the stated-precision figure of the sealed part (eval_floors.toml, [timeml]); the
strict figures are gated in test_eval_gate.py. Skips when ../shared is absent."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from truce.cli.eval import shared_root
from truce.core.extract.evaluate import timeml

TIMEML = shared_root() / "eval" / "timeml-aquaint"
FLOORS = tomllib.loads((Path(__file__).with_name("eval_floors.toml")).read_text(encoding="utf-8"))

pytestmark = pytest.mark.eval


def test_timeml_stated_precision_floor() -> None:
    if not TIMEML.is_dir():
        pytest.skip(f"TimeML set not found at {TIMEML}")
    result = timeml.score(TIMEML, part="sealed")
    assert result["all_stated_precision"]["accuracy"] >= FLOORS["timeml"]["min_stated_precision_accuracy"]
    # Reading the gold at its stated precision only ever adds matches to the strict figure.
    assert result["all_stated_precision"]["exact"] >= result["all"]["exact"]
