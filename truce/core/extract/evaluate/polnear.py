"""Score quote attribution on PolNeAR (brat ``.ann`` attribution annotations over news texts).

Layout of a PolNeAR directory: ``text/NAME.txt`` and ``attributions/NAME_XXXX.ann``, where ``XXXX`` is the
annotator's suffix. An article annotated twice has two ``.ann`` files; each annotation file is scored as
its own document against the same extractor output (no union: a union would count relations both
annotators marked twice and mix two readings of one passage), so such an article weighs twice.

What is scored:

* A gold *relation* is an ``E`` line joining ``Source``, ``Cue`` and ``Content`` (and ``Content2``) text
  spans; spans may be discontinuous (``start end;start end``).
* It is *direct* when its content contains a double quotation mark: ``"``, ``“``, ``”``, ``„``, ``«`` or
  ``»``. Single marks do not count: in English text they are apostrophes far more often than quotes.
* Relations without a ``Source`` span (``Attribution-no-source``) have no speaker to find: they are left
  out of recall, and an extracted quote that overlaps only their content is left out of precision.
* An extracted quote with ``direct=True`` is *correct* when its span overlaps the content of a direct gold
  relation and its speaker span overlaps that relation's source. A gold direct relation is *found* when some
  extracted direct quote is correct for it.
* ``speaker``: precision = correct extracted direct quotes / extracted direct quotes (less those left out),
  recall = found gold direct relations / gold direct relations with a source, F1 their harmonic mean.
  ``content``: the same with the speaker condition dropped (is the quote found at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from truce.core.extract.document import Document, Quote
from truce.core.extract.evaluate.split import Part, keeps

DIRECT_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
SUFFIX = re.compile(r"_[0-9a-f]{4}$")

Spans = list[tuple[int, int]]


@dataclass
class Relation:
    source: Spans
    content: Spans
    direct: bool


def read_ann(path: Path, text: str) -> list[Relation]:
    """Relations of one brat file. Requires ``text`` to be the article the offsets point into."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if not parts[0]:
            continue
        try:
            if parts[0].startswith("T"):
                _label, offsets = parts[1].split(" ", 1)
                spans[parts[0]] = [(int(a), int(b)) for a, b in (s.split() for s in offsets.split(";"))]
            elif parts[0].startswith("E"):
                args = parts[1].split()[1:]
                events.append(dict(arg.split(":", 1) for arg in args))
        except (IndexError, ValueError) as exc:
            raise ValueError(
                f"{path}:{line_no}: not a brat T or E line ({exc}); fix or remove the line"
            ) from exc
    relations = []
    for ev in events:
        content = [s for key, ref in ev.items() if key.startswith("Content") for s in spans.get(ref, [])]
        if not content:
            continue
        source = spans.get(ev.get("Source", ""), [])
        content_text = " ".join(text[a:b] for a, b in content)
        relations.append(Relation(source, content, bool(DIRECT_MARKS.search(content_text))))
    return relations


def _overlaps(spans: Spans, start: int | None, end: int | None) -> bool:
    if start is None or end is None:
        return False
    return any(a < end and start < b for a, b in spans)


def _default_extract(text: str) -> list[Quote]:
    from truce.core.extract import quotes

    doc = Document(text=text)
    quotes.annotate(doc)
    return doc.quotes


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, float | int]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(
    path: str | Path, extract: Callable[[str], list[Quote]] | None = None, part: Part | None = None
) -> dict:
    """Score ``extract`` (default: ``quotes.annotate``) on a PolNeAR directory, on the articles of
    ``part`` only when given (``split``: an article is sealed or tuning by its text file's name).

    Requires ``path/text/*.txt`` and ``path/attributions/*.ann``; raises ``FileNotFoundError`` naming what
    is missing otherwise. Returns a JSON-serialisable dict with ``speaker`` and ``content`` P/R/F1 and counts.
    """
    root = Path(path)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{root}: expected a PolNeAR folder with text/ and attributions/ inside")
    extract = extract or _default_extract
    cache: dict[str, list[Quote]] = {}
    totals = dict(
        gold=0, gold_no_source=0, system=0, system_ignored=0, sp_tp_p=0, sp_tp_r=0, ct_tp_p=0, ct_tp_r=0
    )
    ann_files = sorted(ann_dir.glob("*.ann"))
    if not ann_files:
        raise FileNotFoundError(f"{ann_dir}: no .ann files")
    ann_files = [ann for ann in ann_files if keeps(part, SUFFIX.sub("", ann.stem))]
    for ann in ann_files:
        name = SUFFIX.sub("", ann.stem)
        txt = text_dir / f"{name}.txt"
        if not txt.exists():
            txt = text_dir / f"{ann.stem}.txt"
        if not txt.exists():
            raise FileNotFoundError(f"{ann}: no matching text file {text_dir / (name + '.txt')}")
        text = txt.read_text(encoding="utf-8")
        if name not in cache:
            cache[name] = [q for q in extract(text) if q.direct]
        system = cache[name]
        relations = [r for r in read_ann(ann, text) if r.direct]
        with_source = [r for r in relations if r.source]
        totals["gold"] += len(with_source)
        totals["gold_no_source"] += len(relations) - len(with_source)
        for q in system:
            hits = [r for r in relations if _overlaps(r.content, q.start, q.end)]
            if hits and not any(r.source for r in hits):
                totals["system_ignored"] += 1
                continue
            totals["system"] += 1
            if hits:
                totals["ct_tp_p"] += 1
            if any(_overlaps(r.source, q.speaker_start, q.speaker_end) for r in hits):
                totals["sp_tp_p"] += 1
        for r in with_source:
            matching = [q for q in system if _overlaps(r.content, q.start, q.end)]
            if matching:
                totals["ct_tp_r"] += 1
            if any(_overlaps(r.source, q.speaker_start, q.speaker_end) for q in matching):
                totals["sp_tp_r"] += 1
    return {
        "set": "polnear",
        "part": part or "all",
        "documents": len(cache),
        "annotation_files": len(ann_files),
        "gold_direct": totals["gold"],
        "gold_direct_without_source": totals["gold_no_source"],
        "system_direct": totals["system"],
        "system_direct_ignored": totals["system_ignored"],
        "speaker": _prf(totals["sp_tp_p"], totals["system"], totals["sp_tp_r"], totals["gold"]),
        "content": _prf(totals["ct_tp_p"], totals["system"], totals["ct_tp_r"], totals["gold"]),
    }


def main() -> None:
    import json
    import sys

    print(json.dumps(score(sys.argv[1]), indent=2))


if __name__ == "__main__":
    main()
