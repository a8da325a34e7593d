"""Score date resolution on TimeML 1.2 files (e.g. TempEval-3's TBAQ-cleaned AQUAINT part).

For every ``<TIMEX3 type="DATE">`` in a document, the resolver gets the expression's text, the document
creation date (the ``<DCT>`` TIMEX3) and the sentence around the expression; the score is exact match of
the normalised value. ISO week numbers are compared without zero padding ("2000-W7" equals "2000-W07")
because annotators wrote both. An expression counts as *relative* when its text contains no four-digit
year (``Friday``, ``last month``, ``Oct. 23`` without year count as relative). Month-and-day expressions
("Oct. 23", "August 7, 1998") are also counted apart: the dateparser baseline is quoted for them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

_TIMEX = re.compile(r"<TIMEX3(?P<attrs>[^>]*)>(?P<text>.*?)</TIMEX3>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_EXPLICIT = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONTH_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.IGNORECASE
)

Resolver = Callable[["Item", dict], "str | None"]


@dataclass(frozen=True)
class Item:
    document: str
    anchor: dt.date
    text: str
    gold: str
    context: str

    @property
    def relative(self) -> bool:
        return not _EXPLICIT.search(self.text)

    @property
    def month_day(self) -> bool:
        """A month name with a day ("Oct. 23", "August 7, 1998"): the set the dateparser baseline names."""
        return bool(_MONTH_DAY.search(self.text))


def read(path: Path) -> Iterator[Item]:
    """Every DATE TIMEX3 of one TimeML file. Requires a ``<DCT>`` TIMEX3 with a value."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.DOTALL)
    if not dct:
        raise ValueError(f"{path}: no <DCT> TIMEX3 with a value; TimeML documents need their creation date")
    anchor = dt.date.fromisoformat(dct.group(1)[:10])
    body = raw
    # Build the plain text while remembering where each TIMEX3 landed, to cut its sentence out.
    plain: list[str] = []
    spans: list[tuple[int, int, dict[str, str], str]] = []
    pos = 0
    length = 0
    for m in _TIMEX.finditer(body):
        before = html.unescape(_TAG.sub("", body[pos : m.start()]))
        plain.append(before)
        length += len(before)
        text = html.unescape(_TAG.sub("", m["text"]))
        spans.append((length, length + len(text), dict(_ATTR.findall(m["attrs"])), text))
        plain.append(text)
        length += len(text)
        pos = m.end()
    full = "".join(plain) + html.unescape(_TAG.sub("", body[pos:]))
    for start, end, attrs, text in spans:
        # Every DATE counts, the document's own date line included (502 in the AQUAINT set, as published).
        if attrs.get("type") != "DATE":
            continue
        left = max(full.rfind(". ", 0, start), full.rfind("\n\n", 0, start))
        right_candidates = [i for i in (full.find(". ", end), full.find("\n\n", end)) if i >= 0]
        right = min(right_candidates) if right_candidates else len(full)
        context = full[left + 1 : right + 1].replace("\n", " ")
        yield Item(path.name, anchor, text, attrs.get("value", ""), context)


def items(path: Path) -> list[Item]:
    files = sorted(path.glob("*.tml")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"{path}: no .tml files; give a TimeML file or a folder of them")
    return [item for file in files for item in read(file)]


def _normalise(value: str) -> str:
    return re.sub(r"-W0(\d)\b", r"-W\1", value.strip())


def truce_resolver(item: Item, state: dict) -> str | None:
    """Our resolver, with the sentence as context and, per document, the last date it resolved as the
    reference for "that day" and the like (its own output, never the gold)."""
    from truce.core.extract import dates

    if state.get("document") != item.document:
        state.clear()
        state["document"] = item.document
    mention = dates.resolve(item.text, item.anchor, "en", context=item.context, reference=state.get("focus"))
    if (
        mention is not None
        and mention.low is not None
        and mention.value[:1].isdigit()
        and mention.low != item.anchor
    ):
        state["focus"] = mention
    return mention.value if mention else None


def dateparser_resolver(item: Item, state: dict) -> str | None:
    """dateparser alone with default settings (the baseline the issue quotes), at the period it reports."""
    from dateparser.date import DateDataParser

    text, anchor = item.text, item.anchor
    base = dt.datetime(anchor.year, anchor.month, anchor.day, 12)
    data = DateDataParser(settings={"RELATIVE_BASE": base}).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return f"{day.year:04d}"
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if data.period == "week":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    return day.isoformat()


RESOLVERS: dict[str, Resolver] = {"truce": truce_resolver, "dateparser": dateparser_resolver}


def score(path: str | Path, resolver: str = "truce", with_errors: bool = False) -> dict:
    """Accuracy of ``resolver`` over every DATE TIMEX3 under ``path``: overall, relative, explicit, and
    month-and-day expressions (with or without year)."""
    resolve = RESOLVERS[resolver]
    counts = {"all": [0, 0], "relative": [0, 0], "explicit": [0, 0], "month_day": [0, 0]}
    errors = []
    state: dict = {}
    for item in items(Path(path)):
        got = resolve(item, state)
        ok = got is not None and _normalise(got) == _normalise(item.gold)
        keys = ["all", "relative" if item.relative else "explicit"] + (
            ["month_day"] if item.month_day else []
        )
        for key in keys:
            counts[key][0] += ok
            counts[key][1] += 1
        if not ok:
            errors.append({"document": item.document, "text": item.text, "anchor": item.anchor.isoformat(),
                           "gold": item.gold, "got": got})  # fmt: skip
    result: dict = {"resolver": resolver}
    for key, (right, total) in counts.items():
        result[key] = {"exact": right, "total": total, "accuracy": round(right / total, 4) if total else None}
    if with_errors:
        result["errors"] = errors
    return result
