"""Score date resolution on TimeML 1.2 files (e.g. TempEval-3's TBAQ-cleaned AQUAINT part).

For every ``<TIMEX3 type="DATE">`` in a document, the resolver gets the expression's text, the document
creation date (the ``<DCT>`` TIMEX3) and the sentence around the expression (cut with the project's own
sentence splitter, so "vs." or "U.S." do not end it); the score is exact match of the normalised value.
ISO week numbers are compared without zero padding ("2000-W7" equals "2000-W07") because annotators wrote
both. Our resolver's answer is written as TimeML writes it: the day plus the part of the day it names
("Friday night" -> ``2000-01-07TNI``; ``TMO``, ``TAF``, ``TEV``, ``TNI`` for morning, afternoon, evening,
night, as in the TimeML 1.2 guidelines).

Two figures are given overall:

- ``all``: strict exact match of the value our resolver gives (the ISO value the extractor outputs,
  without the part of the day: the AQUAINT gold writes the part for 9 of the 21 DATE expressions that
  name one and the bare day for the other 12, so no choice can match both).
- ``all_stated_precision``: the value compared at the precision the gold states. A gold value's trailing
  components made only of X state that it is no more precise than what comes before them: "1968-XX" is
  read as "1968", "1998-10-XX" as "1998-10", "1998-XX-XX" as "1998", "199X-XX-XX" as "199X". A gold day
  without a time of day ("2000-01-05") states day precision, so a part of the day or clock time after
  our day ("2000-01-05TNI") is not compared; a gold that writes one ("2000-01-05TEV") is compared whole.
  Nothing else is loosened: a coarser answer than the gold ("1998" for "1998-10") is still a miss.

The document's own creation-time TIMEX3 (``functionInDocument="CREATION_TIME"``) is not scored: the
extractor is given the publication date separately, so reading it back from the text measures nothing
the product does (13 of the AQUAINT set's 502 DATE expressions are creation times: 489 are scored).

Expressions whose gold value names a quarter (``1998-Q3``), a half (``1998-H1``), a season
(``1998-SU``), a week (``1998-W42``) or a reference point (``PAST_REF``, ``PRESENT_REF``,
``FUTURE_REF``) are also counted on their own rows (``quarter``, ``half``, ``season``, ``week``,
``ref``, strict), since an answer of the wrong kind (a year for a quarter) is the usual miss there.

An expression counts as *relative* when its text contains no four-digit year (``Friday``, ``last
month``, ``Oct. 23`` without year count as relative). Month-and-day expressions ("Oct. 23", "August 7,
1998") are also counted apart: the dateparser baseline is quoted for them. The ``relative``,
``explicit`` and ``month_day`` figures are strict.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from truce.core.extract import sentences
from truce.core.extract.datevalues import PARTS_OF_DAY
from truce.core.extract.evaluate.split import Part, keeps

_TIMEX = re.compile(r"<TIMEX3(?P<attrs>[^>]*)>(?P<text>.*?)</TIMEX3>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_EXPLICIT = re.compile(r"\b(?:1[89]|20)\d\d\b")
# The kind of value a gold names, for the rows scored apart (see the module docstring).
KINDS = {
    "quarter": re.compile(r"-Q[1-4]$"),
    "half": re.compile(r"-H[12]$"),
    "season": re.compile(r"-(?:SP|SU|FA|WI)$"),
    "week": re.compile(r"-W\d\d?(?:-WE)?$"),
    "ref": re.compile(r"^(?:PAST|PRESENT|FUTURE)_REF$"),
}
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

    @property
    def kind(self) -> str | None:
        """The row of ``KINDS`` the gold value falls in, None for a plain day, month or year."""
        return next((name for name, pattern in KINDS.items() if pattern.search(self.gold.strip())), None)


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
    # A paragraph is what a blank line ends: single line breaks inside one are spaces (same offsets).
    flat = re.sub(r"(?<!\n)\n(?!\n)", " ", full)
    bounds = sentences.split(flat)
    starts = [s for s, _ in bounds]
    for start, end, attrs, text in spans:
        # The creation time is given to the resolver as the anchor, never read from the text.
        if attrs.get("type") != "DATE" or attrs.get("functionInDocument") == "CREATION_TIME":
            continue
        # The sentence the expression starts in, widened to the next ones when it runs across a boundary.
        at = max(0, bisect.bisect_right(starts, start) - 1)
        left, right = bounds[at] if bounds else (0, len(flat))
        while at + 1 < len(bounds) and right < end:
            at += 1
            right = bounds[at][1]
        context = flat[min(left, start) : max(right, end)]
        yield Item(path.name, anchor, text, attrs.get("value", ""), context)


def items(path: Path, part: Part | None = None) -> list[Item]:
    """Every DATE TIMEX3 under ``path``, of the documents of ``part`` only when given (``split``: a
    document is sealed or tuning by its file name without ``.tml``)."""
    files = sorted(path.glob("*.tml")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"{path}: no .tml files; give a TimeML file or a folder of them")
    return [item for file in files if keeps(part, file.stem) for item in read(file)]


def _normalise(value: str) -> str:
    return re.sub(r"-W0(\d)\b", r"-W\1", value.strip())


_UNSPECIFIED_TAIL = re.compile(r"(?:-X+)+$")
_DAY_WITH_TIME = re.compile(r"(\d{4}-\d\d-\d\d)T\S+")


def stated_precision(gold: str, got: str) -> tuple[str, str]:
    """``gold`` and ``got`` as compared at the precision the gold states (see the module docstring):
    trailing all-X components of the gold dropped ("1998-10-XX" -> "1998-10"), and a time of day after
    ``got``'s day dropped when the gold gives the day alone."""
    gold = _UNSPECIFIED_TAIL.sub("", _normalise(gold))
    got = _normalise(got)
    if re.fullmatch(r"\d{4}-\d\d-\d\d", gold):
        got = _DAY_WITH_TIME.sub(r"\1", got)
    return gold, got


def truce_resolver(item: Item, state: dict) -> str | None:
    """Our resolver, with the sentence as context and, per document, the last date it resolved as the
    reference for "that day" and the like (its own output, never the gold). A part of the day the
    expression names is written the TimeML way after a plain day ("2000-01-05" + night -> "2000-01-05TNI")."""
    from truce.core.extract import dates
    from truce.core.extract.document import DateMention

    if state.get("document") != item.document:
        state.clear()
        state["document"] = item.document
    result = dates.resolve_result(
        item.text, item.anchor, "en", context=item.context, reference=state.get("focus")
    )
    if result is None:
        return None
    if result.low is not None and result.value[:1].isdigit() and result.low != item.anchor:
        state["focus"] = DateMention(
            0,
            len(item.text),
            item.text,
            result.value,
            result.low,
            result.high,
            result.precision,  # type: ignore[arg-type]
            True,
        )
    if result.part and re.fullmatch(r"\d{4}-\d\d-\d\d", result.value):
        return f"{result.value}T{PARTS_OF_DAY[result.part]}"
    return result.value


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


_PART_CODE = re.compile(r"(?<=\d\d)T(?:" + "|".join(PARTS_OF_DAY.values()) + r")$")


def score(
    path: str | Path, resolver: str = "truce", with_errors: bool = False, part: Part | None = None
) -> dict:
    """Accuracy of ``resolver`` over every DATE TIMEX3 under ``path``: overall (strict, and at the
    precision the gold states), relative, explicit, month-and-day expressions (with or without year), and
    each kind of ``KINDS`` apart.
    The strict figures compare our value without the part of the day ("2000-01-05" for "Wednesday
    night"); the stated-precision figure compares it with the part, where the gold states one. ``part``:
    score only the tuning or the sealed documents (see ``split``)."""
    resolve = RESOLVERS[resolver]
    counts = {
        "all": [0, 0],
        "all_stated_precision": [0, 0],
        "relative": [0, 0],
        "explicit": [0, 0],
        "month_day": [0, 0],
        **{kind: [0, 0] for kind in KINDS},
    }
    errors = []
    state: dict = {}
    for item in items(Path(path), part):
        got = resolve(item, state)
        plain = _PART_CODE.sub("", got) if got is not None else None
        ok = plain is not None and _normalise(plain) == _normalise(item.gold)
        stated = got is not None and (pair := stated_precision(item.gold, got))[0] == pair[1]
        counts["all_stated_precision"][0] += stated
        counts["all_stated_precision"][1] += 1
        keys = (
            ["all", "relative" if item.relative else "explicit"]
            + (["month_day"] if item.month_day else [])
            + ([item.kind] if item.kind else [])
        )
        for key in keys:
            counts[key][0] += ok
            counts[key][1] += 1
        if not ok:
            errors.append(
                {
                    "document": item.document,
                    "text": item.text,
                    "anchor": item.anchor.isoformat(),
                    "gold": item.gold,
                    "got": plain,
                    "got_timeml": got,
                    "stated_precision_ok": stated,
                }
            )
    result: dict = {"resolver": resolver, "part": part or "all"}
    for key, (right, total) in counts.items():
        result[key] = {"exact": right, "total": total, "accuracy": round(right / total, 4) if total else None}
    if with_errors:
        result["errors"] = errors
    return result
