"""Score event typing on CASE 2021 shared task 2 snippets (a TSV with ``id``, ``EventSnippet``, ``SubType``).

Two typings are scored on the same snippets:

- ``product``: what ``truce extract --format json`` emits for the snippet read as a plain-text article
  (``pipeline.extract``, the function the command and the leads use): its top event, the one of highest
  confidence (the first told among equals). A snippet with no event is a miss: it counts against its gold
  label and for no other.
- ``classify``: ``eventtype.classify`` on the whole snippet, which no user sees; kept to show how much the
  product path loses between the classifier and its output.

Labels are CASE 2021's abbreviations: the 25 ACLED sub-event types (``truce.core.taxonomy.CASE2021_LABELS``)
and five outside ACLED (``OUTSIDE_LABELS``). The classifier's own labels are mapped back to these names.
Weighted F1 weighs each label's F1 by its gold support (the shared task's headline figure); macro F1 is
the plain mean over labels with gold support or predictions.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from truce.core.extract import eventtype, pipeline
from truce.core.extract.evaluate.split import Part, keeps
from truce.core.taxonomy import CASE2021_LABELS

OUTSIDE_LABELS: dict[str, str] = {
    "ORG_CRIME": eventtype.ORGANIZED_CRIME,
    "NATURAL_DISASTER": eventtype.NATURAL_DISASTER,
    "MAN_MADE_DISASTER": eventtype.MAN_MADE_DISASTER,
    "DIPLO": eventtype.DIPLOMACY,
    "ATTRIB": eventtype.ATTRIBUTION,
}
ALL_LABELS: dict[str, str] = {**CASE2021_LABELS, **OUTSIDE_LABELS}
_CODE_OF: dict[str, str] = {name: code for code, name in ALL_LABELS.items()}
# Process types that the classifier never returns but a caller's labels may contain.
_CODE_OF.update({"Ceasefire": "AGREEMENT", "Talks": "DIPLO", "Border crossing": "OTHER"})
# A process step told under "Talks" whose sub-type says an agreement was reached is the codebook's
# Agreement, not diplomacy: the step is the agreement, the talks only its setting.
_CODE_OF["Ceasefire agreement reached"] = "AGREEMENT"
# What the product path predicts for a snippet it emits no event for: a code outside every label set, so
# it is a miss for the gold label and a false positive of none.
NO_EVENT = "NO_EVENT"


def case_code(label: str) -> str:
    """The CASE 2021 code of one of the classifier's labels (unknown labels become ``OTHER``)."""
    return _CODE_OF.get(label, "OTHER")


def read_tsv(path: str | Path) -> list[tuple[str, str, str]]:
    """(id, snippet, gold code) rows of a CASE 2021 TSV; raises ValueError naming the bad line."""
    rows: list[tuple[str, str, str]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["id", "EventSnippet", "SubType"]:
            raise ValueError(
                f"{path}: line 1: expected the header 'id<TAB>EventSnippet<TAB>SubType', got {header!r}"
            )
        for lineno, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < 3:
                raise ValueError(f"{path}: line {lineno}: expected 3 tab-separated fields, got {len(row)}")
            code = row[2].strip()
            if code not in ALL_LABELS:
                raise ValueError(
                    f"{path}: line {lineno}: unknown label {code!r}; expected one of the CASE 2021 codes"
                )
            rows.append((row[0], row[1], code))
    return rows


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def metrics(gold: list[str], predicted: list[str], labels: list[str]) -> dict:
    """Per-label P/R/F1 and support, with weighted and macro F1, over ``labels`` only.

    A prediction outside ``labels`` counts as a miss for its gold label (a false negative) and is not a
    false positive of any label in ``labels``: this is how the shared task scored the 25 ACLED types.
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, guess in zip(gold, predicted, strict=True):
        if g == guess:
            tp[g] += 1
            continue
        if guess in labels:
            fp[guess] += 1
        if g in labels:
            fn[g] += 1
    per_label = {}
    total = sum(tp[label] + fn[label] for label in labels)
    weighted = 0.0
    macro_values = []
    for label in labels:
        support = tp[label] + fn[label]
        p, r, f = _prf(tp[label], fp[label], fn[label])
        per_label[label] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": support,
        }
        weighted += f * support
        if support or fp[label]:
            macro_values.append(f)
    return {
        "weighted_f1": round(weighted / total, 4) if total else 0.0,
        "macro_f1": round(sum(macro_values) / len(macro_values), 4) if macro_values else 0.0,
        "accuracy": round(sum(tp[label] for label in labels) / total, 4) if total else 0.0,
        "n": total,
        "per_label": per_label,
    }


def product_code(text: str) -> str:
    """The CASE 2021 code of the top event ``truce extract`` emits for ``text``, or ``NO_EVENT``."""
    events = pipeline.extract(text, content_type="text")["events"]
    if not events:
        return NO_EVENT
    top = max(events, key=lambda e: e["confidence"])  # max keeps the first of equals
    # A violence event's sub-event type is an ACLED label; a process event's is free text ("Talks
    # scheduled"), so its process type ("Ceasefire", "Talks") names it.
    label = top["sub_event_type"] if top["sub_event_type"] in _CODE_OF else top["event_type"]
    return case_code(label)


def _both(gold: list[str], predicted: list[str]) -> dict:
    acled = metrics(
        [g for g in gold if g in CASE2021_LABELS],
        [p for g, p in zip(gold, predicted, strict=True) if g in CASE2021_LABELS],
        list(CASE2021_LABELS),
    )
    return {"acled25": acled, "all30": metrics(gold, predicted, list(ALL_LABELS))}


def score(tsv_path: str | Path, part: Part | None = None) -> dict:
    """Type every snippet of ``tsv_path`` (only those of ``part`` when given, see ``split``) both ways and
    score against the gold labels.

    Returns ``{"n", "part", "product": {"acled25", "all30", "no_event"}, "classify": {"acled25",
    "all30"}}``; each ``acled25``/``all30`` has weighted_f1, macro_f1, accuracy and per_label P/R/F1/support
    (see ``metrics``); ``no_event`` counts the snippets the product path emits no event for, and
    ``no_event_acled`` those of them whose gold label is one of the 25 ACLED types.
    """
    rows = [row for row in read_tsv(tsv_path) if keeps(part, row[0])]
    gold = [code for _, _, code in rows]
    product = [product_code(text) for _, text, _ in rows]
    classified = [case_code(eventtype.classify(text)[0]) for _, text, _ in rows]
    return {
        "n": len(rows),
        "part": part or "all",
        "product": {
            **_both(gold, product),
            "no_event": product.count(NO_EVENT),
            # Of those, the snippets whose gold is an ACLED type: the events the product misses. The rest
            # carry a label outside ACLED (crime, disasters, diplomacy, attribution), rightly given none.
            "no_event_acled": sum(
                p == NO_EVENT and g in CASE2021_LABELS for g, p in zip(gold, product, strict=True)
            ),
        },
        "classify": _both(gold, classified),
    }


def format_table(result: dict) -> str:
    """A plain-text per-label table of one typing of ``score``'s result (``result["product"]``)."""
    lines = [f"{'label':32} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}"]
    for label, m in result["all30"]["per_label"].items():
        lines.append(f"{label:32} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:4d}")
    for part in ("acled25", "all30"):
        r = result[part]
        lines.append(
            f"{part}: weighted F1 {r['weighted_f1']:.4f}  macro F1 {r['macro_f1']:.4f}  accuracy "
            f"{r['accuracy']:.4f}  (n={r['n']})"
        )
    return "\n".join(lines)
