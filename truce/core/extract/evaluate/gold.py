"""Score the whole pipeline on articles annotated in the ``truce-gold/1`` format (``*.gold.json``).

Each gold file names its article (a text file next to it), the publication day, the incidents (events)
and quotes an extractor must find, and passages that must not become events. Matching rules:

- **event found**: some extracted event has the gold ``event_type``, its place agrees and its date is not
  wrong. Place agrees when the gold names a place and the event's location name equals it (case and
  accents ignored), or when the gold names none and the event's country is one of the gold countries
  (or the event has no location). Sub-event type agreement is counted apart.
- **date**: *ok* when the event's ``low..high`` lies inside the gold ``low..high`` (an open gold end is
  unbounded); *imprecise* when it overlaps the gold range without fitting inside (October for a day in
  October); *missing* when the event has no date; *wrong* when the ranges are disjoint. Missing and
  imprecise dates are accepted unless the gold precision is "day". A *wrong date* is reported for every
  extracted event of the incident's type whose evidence contains one of the gold evidence passages and
  whose date is wrong: the target is none.
- **fatalities**: a gold figure is found when an event of the incident's type and place, not wrongly
  dated, carries the same low/best/high (None equals None).
- **quotes**: found when an extracted quote's text contains the gold ``contains`` passage (quotation
  marks and spacing ignored) and its speaker names the gold speaker (full name, or its last word).
- **not_events**: an extracted event whose evidence overlaps one of these passages is a false event.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

Extractor = Callable[[str, dt.date | None], dict]


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\"“”‘’'«»]", "", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _default_extract(text: str, published: dt.date | None) -> dict:
    from truce.core.extract import pipeline

    return pipeline.extract(text, published=published, content_type="text")


def date_status(event: dict, gold: dict) -> str:
    """'ok', 'imprecise', 'missing' or 'wrong' for an extracted event's date against a gold event's date."""
    date = event.get("date") or {}
    low, high = _date(date.get("low")), _date(date.get("high"))
    if low is None and high is None:
        return "missing"
    low = low or high
    high = high or low
    assert low is not None and high is not None
    gold_date = gold.get("date") or {}
    g_low, g_high = _date(gold_date.get("low")), _date(gold_date.get("high"))
    if (g_low is None or low >= g_low) and (g_high is None or high <= g_high):
        return "ok"
    if (g_high is None or low <= g_high) and (g_low is None or high >= g_low):
        return "imprecise"
    return "wrong"


def place_ok(event: dict, gold: dict) -> bool:
    location = event.get("location") or {}
    gold_location = gold.get("location") or {}
    countries = gold_location.get("country") or []
    if gold_location.get("place"):
        return _fold(location.get("name")) == _fold(gold_location["place"])
    return not location.get("country") or location.get("country") in countries


def _closest(judged: list[tuple[dict, str, bool]]) -> str:
    """For a missed incident: the best date judgement among same-type events at the right place."""
    seen = {d for _, d, p in judged if p}
    return next((d for d in ("imprecise", "missing", "wrong") if d in seen), "none")


def _about(event: dict, gold: dict) -> bool:
    """Does the extracted event cite one of the gold incident's evidence passages?"""
    texts = [_fold(ev.get("text")) for ev in event.get("evidence", [])]
    return any(_fold(passage) in text for passage in gold.get("evidence", []) for text in texts)


def _figure_matches(found: dict, gold: dict) -> bool:
    return all(found.get(key) == gold.get(key) for key in ("low", "best", "high"))


def _speaker_ok(found: str, gold: str) -> bool:
    found_f, gold_f = _fold(found), _fold(gold)
    if not found_f:
        return False
    return gold_f in found_f or gold_f.split()[-1] in found_f.split()


def score_document(gold_path: Path, extract: Extractor | None = None) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if gold.get("format") != "truce-gold/1":
        raise ValueError(f'{gold_path}: expected "format": "truce-gold/1", got {gold.get("format")!r}')
    text_path = gold_path.parent / gold["document"]
    if not text_path.is_file():
        raise FileNotFoundError(f"{gold_path}: its document {gold['document']!r} is not next to it")
    published = _date(gold.get("published"))
    result = (extract or _default_extract)(text_path.read_text(encoding="utf-8"), published)
    events = result.get("events", [])
    quotes = result.get("quotes", [])

    per_event = []
    for g in gold.get("events", []):
        candidates = [e for e in events if e.get("event_type") == g["event_type"]]
        judged = [(e, date_status(e, g), place_ok(e, g)) for e in candidates]
        precision = (g.get("date") or {}).get("precision")
        good = [
            (e, d, p)
            for e, d, p in judged
            if p and (d == "ok" or (d in ("missing", "imprecise") and precision != "day"))
        ]
        good.sort(key=lambda item: item[1] != "ok")
        best = good[0] if good else None
        figures_found = 0
        not_wrong = [e for e, d, p in judged if p and d != "wrong"]
        for figure in g.get("fatalities", []):
            if any(_figure_matches(f, figure) for e in not_wrong for f in e.get("fatalities", [])):
                figures_found += 1
        per_event.append(
            {
                "id": g["id"],
                "required": bool(g.get("required")),
                "found": best is not None,
                "sub_event_type": bool(best and best[0].get("sub_event_type") == g.get("sub_event_type")),
                "date": best[1] if best else _closest(judged),
                "wrong_dates": sum(d == "wrong" and _about(e, g) for e, d, _ in judged),
                "fatalities": {"gold": len(g.get("fatalities", [])), "found": figures_found},
            }
        )

    per_quote = []
    for g in gold.get("quotes", []):
        needle = _fold(g["contains"])
        hit = any(
            needle in _fold(q.get("text")) and _speaker_ok(q.get("speaker", ""), g["speaker"]) for q in quotes
        )
        text_only = any(needle in _fold(q.get("text")) for q in quotes)
        per_quote.append(
            {"id": g["id"], "required": bool(g.get("required")), "found": hit, "text_found": text_only}
        )

    false_events = 0
    for passage in gold.get("not_events", []):
        needle = _fold(passage["text"])
        for e in events:
            if any(
                needle in _fold(ev.get("text")) or _fold(ev.get("text")) in needle
                for ev in e.get("evidence", [])
                if ev.get("text")
            ):
                false_events += 1
                break
    return {
        "document": gold["document"],
        "events_extracted": len(events),
        "events": per_event,
        "quotes": per_quote,
        "false_events": false_events,
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score(path: str | Path, extract: Extractor | None = None) -> dict[str, Any]:
    """Score every ``*.gold.json`` under ``path`` (a file or a folder)."""
    root = Path(path)
    files = sorted(root.glob("*.gold.json")) if root.is_dir() else [root]
    if not files:
        raise FileNotFoundError(f"{root}: no *.gold.json files; give a gold file or the folder holding them")
    documents = [score_document(f, extract) for f in files]
    events = [e for d in documents for e in d["events"]]
    quotes = [q for d in documents for q in d["quotes"]]
    required_events = [e for e in events if e["required"]]
    required_quotes = [q for q in quotes if q["required"]]
    figures_gold = sum(e["fatalities"]["gold"] for e in events)
    figures_found = sum(e["fatalities"]["found"] for e in events)
    return {
        "documents": len(documents),
        "required_events": {
            "total": len(required_events),
            "found": sum(e["found"] for e in required_events),
            "recall": _ratio(sum(e["found"] for e in required_events), len(required_events)),
        },
        "all_events": {"total": len(events), "found": sum(e["found"] for e in events)},
        "sub_event_type": {"right": sum(e["sub_event_type"] for e in events if e["found"])},
        "wrong_dates": sum(e["wrong_dates"] for e in events),
        "fatalities": {
            "total": figures_gold,
            "found": figures_found,
            "recall": _ratio(figures_found, figures_gold),
        },
        "required_quotes": {
            "total": len(required_quotes),
            "found": sum(q["found"] for q in required_quotes),
            "recall": _ratio(sum(q["found"] for q in required_quotes), len(required_quotes)),
        },
        "all_quotes": {"total": len(quotes), "found": sum(q["found"] for q in quotes)},
        "false_events": sum(d["false_events"] for d in documents),
        "events_extracted": sum(d["events_extracted"] for d in documents),
        "per_document": documents,
    }
