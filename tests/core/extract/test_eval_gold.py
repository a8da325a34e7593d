"""The corpus-gold scorer, fed a gold file written here and extractor outputs made to hit each rule."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from truce.core.extract.evaluate import gold

GOLD = {
    "format": "truce-gold/1",
    "document": "a.txt",
    "published": "2025-11-04",
    "events": [
        {
            "id": "E1", "required": True, "kind": "violence", "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "date": {"low": "2025-10-12", "high": "2025-10-12", "precision": "day"},
            "location": {"country": ["PK", "AF"], "place": None},
            "fatalities": [{"who": "soldiers", "low": 5, "best": 5, "high": None}],
            "evidence": ["fire along the border on October 12"],
        },
        {
            "id": "E2", "required": True, "kind": "process", "event_type": "Talks",
            "sub_event_type": "Talks held",
            "date": {"low": "2025-10-01", "high": "2025-10-31", "precision": "month"},
            "location": {"country": ["QA"], "place": "Doha"}, "fatalities": [], "evidence": ["talks in Doha"],
        },
    ],
    "quotes": [{"id": "Q1", "required": True, "speaker": "Amina Khan", "contains": "we want calm"}],
    "not_events": [{"text": "attacks rose over the years", "why": "trend"}],
}  # fmt: skip


def event(event_type: str, low: str | None, high: str | None, place: str | None, country: str | None,
          evidence: str = "", fatalities: list | None = None) -> dict:  # fmt: skip
    return {
        "event_type": event_type, "sub_event_type": "", "date": {"value": low, "low": low, "high": high},
        "location": {"name": place, "country": country}, "fatalities": fatalities or [],
        "evidence": [{"text": evidence}] if evidence else [],
    }  # fmt: skip


@pytest.fixture()
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "a.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "a.txt").write_text("An article written for the test.", encoding="utf-8")
    return tmp_path


def run(gold_dir: Path, events: list[dict], quotes: list[dict] | None = None) -> dict:
    def fake(text: str, published: dt.date | None) -> dict:
        assert published == dt.date(2025, 11, 4)
        return {"events": events, "quotes": quotes or []}

    return gold.score(gold_dir, extract=fake)


def test_everything_found(gold_dir: Path) -> None:
    result = run(
        gold_dir,
        [
            event(
                "Battles",
                "2025-10-12",
                "2025-10-12",
                None,
                "PK",
                fatalities=[{"low": 5, "best": 5, "high": None}],
            ),
            event("Talks", None, None, "Doha", "QA"),
        ],
        [{"speaker": "Amina Khan", "text": "“We want calm,” she said"}],
    )
    assert result["required_events"] == {"total": 2, "found": 2, "recall": 1.0}
    assert result["fatalities"]["found"] == 1
    assert result["required_quotes"]["found"] == 1
    assert result["wrong_dates"] == 0


def test_day_precision_gold_needs_the_day(gold_dir: Path) -> None:
    result = run(gold_dir, [event("Battles", "2025-10-01", "2025-10-31", None, "AF")])
    e1 = result["per_document"][0]["events"][0]
    assert (e1["found"], e1["date"]) == (False, "imprecise")
    assert result["wrong_dates"] == 0  # imprecise, not wrong: October contains the 12th


def test_disjoint_date_on_an_event_citing_the_incident_is_a_wrong_date(gold_dir: Path) -> None:
    result = run(
        gold_dir,
        [event("Battles", "2025-11-03", "2025-11-03", None, "PK", "fire along the border on October 12.")],
    )
    assert result["wrong_dates"] == 1
    assert result["required_events"]["found"] == 0


def test_wrong_place_or_type_is_not_a_match(gold_dir: Path) -> None:
    result = run(
        gold_dir,
        [
            event("Battles", "2025-10-12", "2025-10-12", "Kabul", "IR"),
            event("Talks", None, None, "Istanbul", "TR"),
        ],
    )
    assert result["required_events"]["found"] == 0


def test_quote_needs_the_right_speaker_but_a_surname_is_enough(gold_dir: Path) -> None:
    assert run(gold_dir, [], [{"speaker": "Khan", "text": "We want calm."}])["required_quotes"]["found"] == 1
    assert (
        run(gold_dir, [], [{"speaker": "Omar Ali", "text": "We want calm."}])["required_quotes"]["found"] == 0
    )


def test_event_from_a_not_event_passage_counts_as_false(gold_dir: Path) -> None:
    result = run(gold_dir, [event("Battles", None, None, None, None, "Attacks rose over the years.")])
    assert result["false_events"] == 1


def test_gold_file_in_another_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.gold.json").write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(ValueError, match="truce-gold/1"):
        gold.score(tmp_path)
