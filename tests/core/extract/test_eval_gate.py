"""The quality gate: scores on ../shared must not fall below the floors pinned in eval_floors.toml.

The TimeML, CASE and PolNeAR floors are on the sealed part of each set (``evaluate/split.py``), the part
no cue or rule is tuned on; CASE's are on what ``truce extract`` emits. Skips when ../shared (relative to
the repository, or ``$TRUCE_EVAL_SHARED``) is absent, e.g. in a fresh clone without the data.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from truce.cli.eval import default_paths, score_sets, shared_root

SHARED = shared_root()
FLOORS = tomllib.loads((Path(__file__).with_name("eval_floors.toml")).read_text(encoding="utf-8"))

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def scores() -> dict:
    if not SHARED.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED}")
    paths = default_paths(SHARED)
    return {"paths": paths, **score_sets(paths, parts=("sealed",))}


def _need(scores: dict, name: str, key: str) -> dict:
    if name not in scores["paths"]:
        pytest.skip(f"{name} set not present under {SHARED}")
    result: dict = scores[key]
    return result if name == "gold" else result["sealed"]


def test_corpus_article_events_quotes_and_dates(scores: dict) -> None:
    gold = _need(scores, "gold", "gold")
    floors = FLOORS["gold"]
    assert gold["required_events"]["found"] >= floors["min_required_events"], gold["per_document"]
    assert gold["required_quotes"]["found"] >= floors["min_required_quotes"], gold["per_document"]
    assert gold["fatalities"]["found"] >= floors["min_fatality_figures"], gold["per_document"]
    assert gold["wrong_dates"] <= floors["max_wrong_dates"], gold["per_document"]
    assert gold["false_events"] <= floors["max_false_events"], gold["per_document"]


def test_timeml_date_resolution(scores: dict) -> None:
    timeml = _need(scores, "timeml", "timeml")
    assert timeml["all"]["accuracy"] >= FLOORS["timeml"]["min_accuracy"]
    assert timeml["relative"]["accuracy"] >= FLOORS["timeml"]["min_relative_accuracy"]
    assert timeml["month_day"]["accuracy"] >= FLOORS["timeml"]["min_month_day_accuracy"]


def test_case2021_event_typing_from_truce_extract(scores: dict) -> None:
    case = _need(scores, "case", "case2021")["product"]
    assert case["acled25"]["weighted_f1"] >= FLOORS["case2021"]["min_acled25_weighted_f1"]
    assert case["all30"]["weighted_f1"] >= FLOORS["case2021"]["min_all30_weighted_f1"]
    assert case["no_event"] <= FLOORS["case2021"]["max_no_event"]
    assert case["no_event_acled"] <= FLOORS["case2021"]["max_no_event_acled"]


def test_polnear_direct_quote_speakers(scores: dict) -> None:
    polnear = _need(scores, "polnear", "polnear")
    assert polnear["speaker"]["f1"] >= FLOORS["polnear"]["min_speaker_f1"]


def test_floors_file_names_every_set() -> None:
    # Deleting a section would silently drop its gate.
    assert set(FLOORS) == {"gold", "timeml", "case2021", "polnear"}
