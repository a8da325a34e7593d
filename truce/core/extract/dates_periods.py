"""Quarters, halves and the expressions that only make sense as a whole: their TimeML values.

Used by dates.py: the quarter and half handlers of its running-text rules, and ``resolve_whole`` for an
expression resolved on its own (``dates.resolve``, a TimeML TIMEX3's text), where phrases too common in
running text to be taken as dates there ("the year", "a year earlier", a bare eight-digit number) name
one without doubt.

Values follow ISO-TimeML: ``2025-Q3``, ``2025-H1``; a year-end is the last day of the year (TimeML's own
examples annotate "by year-end" as ``1989-12-31``).
"""

from __future__ import annotations

import datetime as dt
import re

from truce.core.extract.datevalues import (
    ONE_DAY,
    Result,
    day_result,
    month_result,
    safe_date,
    week_result,
    year_result,
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def quarter_result(year: int, q: int, relative: bool) -> Result:
    """Requires 1 <= q <= 4."""
    low = dt.date(year, 3 * q - 2, 1)
    high = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - ONE_DAY
    return Result(f"{year:04d}-Q{q}", low, high, "month", relative)


def half_result(year: int, h: int, relative: bool) -> Result:
    """Requires h in (1, 2)."""
    low = dt.date(year, 6 * h - 5, 1)
    high = dt.date(year, 6, 30) if h == 1 else dt.date(year, 12, 31)
    return Result(f"{year:04d}-H{h}", low, high, "month", relative)


def period_year(first_month: int, months: int, anchor: dt.date, tense: str) -> int:
    """The year of a quarter or half named without one ("the fourth quarter", "the first half"): the
    latest such period that has begun by the anchor (a January report's "fourth quarter" is last year's),
    or, in a future-tense clause, the next one that has not yet ended (an October forecast for "the
    first quarter" is next year's)."""
    year = anchor.year if dt.date(anchor.year, first_month, 1) <= anchor else anchor.year - 1
    end_index = year * 12 + first_month - 1 + months
    ends = dt.date(end_index // 12, end_index % 12 + 1, 1) - ONE_DAY
    if tense == "future" and ends < anchor:
        year += 1
    return year


def year_named(year: str | None, which: str | None, anchor: dt.date) -> int | None:
    """The year an "of ..." tail names: a written year, or "the/this/last/next year"; None without one."""
    if year:
        return int(year)
    if which:
        word = which.lower().split()[0]
        return anchor.year + {"the": 0, "this": 0, "last": -1, "next": 1}[word]
    return None


def current_quarter(anchor: dt.date, tense: str) -> tuple[int, int]:
    """The quarter "the quarter" names: the one the anchor falls in, or in a past-tense clause the last
    one that has ended (results reported in October are the third quarter's)."""
    q = (anchor.month - 1) // 3 + 1
    year = anchor.year
    if tense == "past":
        q -= 1
        if q == 0:
            year, q = year - 1, 4
    return year, q


# --- whole expressions ------------------------------------------------------------------------------------

_UNIT_DAYS = {"day": 1, "week": 7}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "a couple of": 2,
}  # fmt: skip

_OFFSET = re.compile(
    r"(?:some\s+|about\s+|nearly\s+|almost\s+)?(?P<n>\d{1,3}|a couple of|a few|several|an?|one|two|three|"
    r"four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year|decade)s?\s+"
    r"(?P<dir>earlier|before|later|after|on|from\s+now|hence)",
    re.IGNORECASE,
)
_YEAR_AGO = re.compile(
    r"(?:the\s+)?(?:year[\s-]+(?:ago|earlier|before)|previous\s+year's|prior[\s-]+year)"
    r"(?:\s+(?P<what>quarter|period|month|level|levels|figure|figures))?",
    re.IGNORECASE,
)
_THE_UNIT = re.compile(
    r"(?P<lead>(?:the\s+)?(?:last|previous|past|next|coming|current|latest|most\s+recent)|the|this)\s+"
    r"(?P<fiscal>fiscal\s+)?(?P<unit>year|month|week|quarter)",
    re.IGNORECASE,
)
_YEAR_END = re.compile(
    r"(?:the\s+)?(?P<step>last\s+|next\s+|this\s+)?(?:year[\s-]end|year's\s+end)", re.IGNORECASE
)
# Unnamed spans of the recent past or the coming future ("in recent years", "the coming months"): TimeML
# writes them PAST_REF and FUTURE_REF.
_RECENT = re.compile(
    r"(?:in\s+)?(?:the\s+)?(?:most\s+)?recent\s+(?:years|months|weeks|days|decades|times)", re.IGNORECASE
)
_COMING = re.compile(
    r"(?:in\s+)?(?:the\s+)?(?:(?:coming|upcoming|next\s+few|next\s+several)\s+(?:years|months|weeks|days|decades)"
    r"|(?:years|months|weeks|decades)\s+(?:ahead|to\s+come))",
    re.IGNORECASE,
)
# Decades without their century ("the '90s", "the mid-80s") or in words ("the nineties").
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}  # fmt: skip
_SHORT_DECADE = re.compile(
    r"(?:the\s+)?(?:(?:early|mid|late)[\s-]*)?(?:(?:['\u2019](?P<d>[0-9])0|(?P<d2>[2-9])0)'?s|(?P<word>"
    + "|".join(_DECADE_WORDS)
    + r"))",
    re.IGNORECASE,
)
# Centuries: TimeML writes a century as its first two digits ("the 20th century" = "19").
_CENTURY = re.compile(
    r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<which>this|the\s+current|the\s+present|the\s+last|the\s+past|the\s+previous|"
    r"the\s+next|the\s+coming|next|last)|(?P<nth>1[5-9]|2[01])(?:st|nd|rd|th)|(?P<word>nineteenth|"
    r"twentieth|twenty-first))\s+century",
    re.IGNORECASE,
)
# A decade named from the anchor's: "this decade" (in 1998 the 1990s), "the next decade", "the previous
# decade".
_THE_DECADE = re.compile(
    r"(?P<which>this|the\s+current|the\s+present|the\s+next|the\s+coming|the\s+previous)\s+decade",
    re.IGNORECASE,
)
_CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}
# A year with its century cut off ("'98", "in '01").
_APOSTROPHE_YEAR = re.compile(r"(?:in\s+)?['\u2019](?P<yy>\d\d)")
_BARE_QUARTER = re.compile(r"Q(?P<q>[1-4])")
_COMPACT = re.compile(r"(?P<year>(?:18|19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)")
_SHORT_NUMERIC = re.compile(r"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<yy>\d\d)")

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}  # fmt: skip


def _below_hundred(words: list[str]) -> int | None:
    """ "ninety-eight", "ten", "oh five" -> 98, 10, 5; None for anything else."""
    if words[:1] == ["oh"] and len(words) == 2 and words[1] in _UNITS:
        return _UNITS[words[1]]
    if len(words) == 1:
        word = words[0]
        return _UNITS.get(word, _TEENS.get(word, _TENS.get(word)))
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS:
        return _TENS[words[0]] + _UNITS[words[1]]
    return None


def spelled_year(text: str) -> int | None:
    """A year written in words, from 1800 to 2099: "nineteen ninety-eight", "two thousand and one",
    "twenty twenty-five", "two thousand"; None for anything else."""
    words = re.sub(r"[-\s]+", " ", text.lower().strip()).split()
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        if rest[:1] == ["and"]:
            rest = rest[1:]
        if not rest:
            return 2000
        tail = _below_hundred(rest)
        return 2000 + tail if tail is not None else None
    if len(words) >= 2 and words[0] in ("eighteen", "nineteen", "twenty"):
        tail = _below_hundred(words[1:])
        if tail is None:
            return None
        return {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[words[0]] + tail
    return None


def _shift(day: dt.date, n: int, unit: str) -> Result:
    if unit in _UNIT_DAYS:
        moved = day + dt.timedelta(days=n * _UNIT_DAYS[unit])
        return day_result(moved, True) if unit == "day" else week_result(moved, True)
    if unit == "month":
        index = day.year * 12 + day.month - 1 + n
        return month_result(index // 12, index % 12 + 1, True)
    return year_result(day.year + n * (10 if unit == "decade" else 1), True)


def _near_century(yy: int, anchor: dt.date) -> int:
    """The four-digit year ending in ``yy`` nearest the anchor's year ("98" in 1999 is 1998)."""
    base = anchor.year - anchor.year % 100
    return min((base - 100 + yy, base + yy, base + 100 + yy), key=lambda y: abs(y - anchor.year))


_PERIOD_VALUE = re.compile(r"(?P<year>\d{4})-(?P<kind>[QH])(?P<n>[1-4])")


def _period_years_before(reference_value: str | None, years: int) -> Result | None:
    """The quarter or half ``years`` years before the one ``reference_value`` names ("1998-Q3", 1 ->
    1997-Q3); None when the reference is no quarter or half."""
    m = _PERIOD_VALUE.fullmatch(reference_value or "")
    if not m or (m["kind"] == "H" and int(m["n"]) > 2):
        return None
    maker = quarter_result if m["kind"] == "Q" else half_result
    return maker(int(m["year"]) - years, int(m["n"]), True)


def _decade(start: int) -> Result:
    return Result(f"{start // 10:03d}X", dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "year", True)


def _century(first_two: int) -> Result:
    return Result(
        f"{first_two:02d}",
        dt.date(first_two * 100, 1, 1),
        dt.date(first_two * 100 + 99, 12, 31),
        "year",
        True,
    )


def resolve_whole(
    expression: str,
    anchor: dt.date,
    tense: str,
    reference: dt.date | None,
    reference_value: str | None = None,
) -> Result | None:
    """The value of an expression that is a date only when it stands alone (see the module docstring);
    ``reference`` is the day the text last spoke of, which "a year earlier" counts from (else the
    anchor), and ``reference_value`` that date's value: when it is a quarter or a half, "a year earlier"
    and "the year-ago period" are that quarter or half a year before (results compared with the same
    period of the year before). None when ``expression`` is none of these."""
    text = expression.strip()
    if m := _OFFSET.fullmatch(text):
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
        direction = m["dir"].lower()
        sign = -1 if direction in ("earlier", "before") else 1
        unit = m["unit"].lower()
        if direction.startswith(("from", "hence")):
            return _shift(anchor, n, unit)  # "two years from now" counts from the anchor, always
        if unit == "year" and (period := _period_years_before(reference_value, -sign * n)):
            return period
        return _shift(reference or anchor, sign * n, unit)
    if m := _YEAR_AGO.fullmatch(text):
        what = (m["what"] or "").lower()
        if what in ("", "period", "quarter") and (period := _period_years_before(reference_value, 1)):
            return period
        if what == "quarter":
            year, q = current_quarter(anchor, tense or "past")
            return quarter_result(year - 1, q, True)
        if what == "month":
            return month_result(anchor.year - 1, anchor.month, True)
        return year_result(anchor.year - 1, True)
    if m := _THE_UNIT.fullmatch(text):
        lead = re.sub(r"^the (?=\w)", "", re.sub(r"\s+", " ", m["lead"].lower()))
        step = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(lead, 0)
        unit = m["unit"].lower()
        if unit == "quarter":
            # "the quarter" follows the clause's tense, "the latest quarter" is the last one ended, "this
            # quarter" and "last quarter" count from the one the anchor is in.
            reading = "past" if lead in ("latest", "most recent") else tense if lead == "the" else ""
            year, q = current_quarter(anchor, reading)
            index = year * 4 + q - 1 + step
            return quarter_result(index // 4, index % 4 + 1, True)
        return _shift(anchor, step, unit)
    if m := _YEAR_END.fullmatch(text):
        step = {"last": -1, "next": 1}.get((m["step"] or "").strip().lower(), 0)
        return day_result(dt.date(anchor.year + step, 12, 31), True)
    if m := _COMPACT.fullmatch(text):
        day = safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
        return day_result(day, False) if day else None
    if m := _SHORT_NUMERIC.fullmatch(text):
        # A two-digit year is a dateline's or a form's: month-first or day-first both occur (MM/DD/YY on
        # American wires), so the reading nearer the anchor wins; one that is no date drops out.
        year = _near_century(int(m["yy"]), anchor)
        a, b = int(m["a"]), int(m["b"])
        options = [d for d in (safe_date(year, b, a), safe_date(year, a, b)) if d]
        if not options:
            return None
        return day_result(min(options, key=lambda d: abs((d - anchor).days)), False)
    if m := _APOSTROPHE_YEAR.fullmatch(text):
        # News looks back more than ahead: the latest such year up to ten years after the anchor ("'45"
        # in 1998 is 1945, "'01" is 2001).
        year = anchor.year - anchor.year % 100 + int(m["yy"])
        if year > anchor.year + 10:
            year -= 100
        elif year + 100 <= anchor.year + 10:
            year += 100
        return year_result(year, False)
    if m := _BARE_QUARTER.fullmatch(text):
        q = int(m["q"])
        return quarter_result(period_year(3 * q - 2, 3, anchor, tense), q, True)
    if _RECENT.fullmatch(text):
        return Result("PAST_REF", None, anchor, "unknown", True)
    if _COMING.fullmatch(text):
        return Result("FUTURE_REF", anchor, None, "unknown", True)
    if m := _SHORT_DECADE.fullmatch(text):
        digit = int(m["d"] or m["d2"]) if (m["d"] or m["d2"]) else _DECADE_WORDS[m["word"].lower()]
        # The latest decade ending in that digit that has begun by the anchor ("the '90s" in 1998 is the
        # 1990s, "the '20s" in 2025 the 2020s, in 1998 the 1920s).
        start = anchor.year - anchor.year % 100 + 10 * digit
        return _decade(start if start <= anchor.year else start - 100)
    if m := _THE_DECADE.fullmatch(text):
        which = re.sub(r"\s+", " ", m["which"].lower()).removeprefix("the ")
        step = {"next": 1, "coming": 1, "previous": -1}.get(which, 0)
        return _decade(anchor.year - anchor.year % 10 + 10 * step)
    if m := _CENTURY.fullmatch(text):
        if m["nth"] or m["word"]:
            nth = int(m["nth"]) if m["nth"] else _CENTURY_WORDS[m["word"].lower()]
            return _century(nth - 1)
        which = re.sub(r"\s+", " ", m["which"].lower()).removeprefix("the ")
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        return _century(anchor.year // 100 + step)
    spelled = spelled_year(text)
    return year_result(spelled, False) if spelled is not None else None
