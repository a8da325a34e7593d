"""Date expressions: find them in text and resolve them against the publication day (the anchor).

Rules (documented for users in docs/extraction.md, section "Dates"):
- Written-out dates ("October 12, 2025", "12 Oct 2025", "2025-10-12") are taken as written.
- A month and day without a year ("October 12") takes the year that puts it nearest the anchor; in a
  future-tense clause the next such day, in a past-tense clause the last such day. Months alone alike.
- A weekday ("on Tuesday") is the last such day on or before the anchor, or the next on or after it when
  its clause is in the future tense ("will meet on Thursday", "scheduled for Monday", "planned to leave on
  Thursday"); a clause without a tense marker takes the nearest one in its sentence.
- "yesterday/today/tomorrow", "last/this/next week|month|year", "N days/weeks/months/years ago",
  "earlier this month", "late November", seasons, quarters and halves (``2025-Q3``, ``2025-H1``), decades,
  a few fixed and movable holidays.
- Resolving one expression on its own (``resolve``) also reads phrases that are dates only when they
  stand alone: "a year earlier", "the quarter", "year-end", years in words, "YYYYMMDD" and "MM/DD/YY"
  (``dates_periods.resolve_whole``).
- Ranges ("October 11-12", "the night of October 11-12") give low/high and the first day as value.
- A date after the anchor is flagged ``future``. In ``annotate`` a sentence that opens in an earlier
  period ("Last month, ...") or dates the statement it relays ("said on October 20 that ...") re-anchors
  "this month/week/year" in the same and the next sentence to that day, flagged ``background`` when that
  changes the reading.
- "that day", "the next day", "later that year" resolve against the last date the text spoke of.
- Urdu, Arabic, Dari, Pashto and Turkish: Gregorian month names, Solar Hijri months (Afghan and Iranian
  names) with their years, Hijri months, local words for yesterday/today/tomorrow, Eastern Arabic and
  Persian digits.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from truce.core.extract import dates_local, dates_periods
from truce.core.extract.casefold import AS_ASCII, case_safe
from truce.core.extract.datevalues import (
    ONE_DAY,
    Found,
    Result,
    day_result,
    month_result,
    part_of_day,
    pick_year,
    safe_date,
    week_result,
    weekday_near,
    year_result,
)
from truce.core.extract.document import DateMention, Document
from truce.core.extract.eventtype import lower_twin

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "several": 3, "a few": 3, "few": 3, "a couple of": 2, "a couple": 2,
}  # fmt: skip
_SEASONS = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}

_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|March|Mar\.|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?P<n>\d{1,3}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"  # noqa: E501
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_RANGE = r"(?:\s*(?:-|–|to|and)\s*(?:" + _MON2 + r"\s+)?" + _DAY2 + r")?"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    handler: Callable[[re.Match[str], dt.date, str], Result | None]
    needs_context: bool = False  # a bare month/weekday: only taken in running text after a preposition
    # Only when resolving a whole expression: "post-1959" names 1959 as TimeML wants, but in running text
    # ("the post-2021 government") it is a bound, not the date of anything the text reports.
    whole_only: bool = False
    # A part every match contains, as a case-sensitive pattern in lower case: searched in the lower-cased
    # text first, it skips the full pattern where that cannot match (see ``_iter_english``).
    core: re.Pattern[str] | None = None


def _month_of(name: str) -> int:
    return _MONTHS[
        name.lower().rstrip(".")[:3] if name.lower().startswith("sept") else name.lower().rstrip(".")
    ]


# --- handlers: (match, anchor, tense) -> Result ---------------------------------------------------------


def _h_iso(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    day = safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return day_result(day, False) if day else None


def _h_month_day(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    month = _month_of(m["mon"])
    day_n = int(m["day"])
    if m.groupdict().get("year"):
        first = safe_date(int(m["year"]), month, day_n)
        relative = False
    elif m.groupdict().get("wd"):
        # "Monday, Oct. 26": the year in which that day is that weekday, nearest the anchor.
        weekday = _WEEKDAYS[m["wd"].lower()]
        fits = [d for y in range(anchor.year - 6, anchor.year + 7) if (d := safe_date(y, month, day_n))]
        fits = [d for d in fits if d.weekday() == weekday]
        first = min(fits, key=lambda d: abs((d - anchor).days)) if fits else None
        relative = True
    else:
        first = pick_year(month, day_n, anchor, tense)
        relative = True
    if first is None:
        return None
    high = None
    if m.groupdict().get("day2"):
        month2 = _month_of(m["mon2"]) if m.groupdict().get("mon2") else month
        year2 = first.year + (month2 < month)
        high = safe_date(year2, month2, int(m["day2"]))
        if high is None or high < first or (high - first).days > 62:
            high = None
    return day_result(first, relative, high, m.groupdict().get("part"))


def _h_month_year(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    return month_result(int(m["year"]), _month_of(m["mon"]), False)


def _h_month(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    month = _month_of(m["mon"])
    which = (m.groupdict().get("which") or "").lower()
    if which == "last" or which == "this past":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif which == "next" or which == "this coming":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        day = pick_year(month, 15 if month != anchor.month else anchor.day, anchor, tense)
        year = day.year if day else anchor.year
    return month_result(year, month, True)


def _h_year(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    return year_result(int(m["year"]), False)


def _h_modified_year(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    return year_result(int(m["year"]), False)  # "mid-2021", "post-1959": the year


def _h_decade(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    start = int(m["decade"])
    return Result(f"{start // 10:03d}X", dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "year", False)


def _h_weekday(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    target = _WEEKDAYS[m["wd"].lower()]
    which = (m.groupdict().get("which") or "").lower()
    if which == "last":
        day = weekday_near(target, anchor - ONE_DAY, "past")
    elif which == "next" or which == "this coming":
        day = weekday_near(target, anchor + ONE_DAY, "future")
    else:
        day = weekday_near(target, anchor, tense)
    if m.groupdict().get("before"):
        day -= ONE_DAY
    value = day.isoformat()
    hour = m.groupdict().get("hour")
    if hour:
        h = int(hour) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        value += f"T{h:02d}:{int(m['minute'] or 0):02d}"
    return Result(value, day, day, "day", True, part_of_day(m.groupdict().get("part")))


def _h_deictic_day(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    word = m["word"].lower()
    shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    if m.groupdict().get("before"):
        shift += -1 if word == "yesterday" else 1
    day = anchor + dt.timedelta(days=shift)
    return day_result(day, True, part=m.groupdict().get("part") or word)


def _h_this_part(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    """ "this morning", "this afternoon", "this evening": the anchor's day; "last night", "last evening":
    the day before, with the part of the day kept apart as for "Monday night"."""
    back = bool(m["which2"])
    return day_result(anchor - ONE_DAY if back else anchor, True, part=m["part"] or m["part2"])


def _h_period(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    which = (m.groupdict().get("which") or "this").lower()
    unit = m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[
        which.split()[-1]
    ]
    if m.group(0).lower().startswith("the") and which in ("last", "past") and unit != "weekend":
        # "the past week" is the seven days up to the anchor, not the calendar week before; "the previous
        # week" is the week before.
        step = 0
    if unit == "week":
        return week_result(anchor + dt.timedelta(weeks=step), True)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return month_result(index // 12, index % 12 + 1, True)
    if unit == "year":
        return year_result(anchor.year + step, True)
    if unit == "weekend":
        saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        if step > 0 or (step == 0 and tense == "future"):
            saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        return Result(saturday.isoformat(), saturday, saturday + ONE_DAY, "day", True)
    return None


def _h_part_of_period(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    unit = m["unit"].lower()
    if unit == "week":
        return week_result(anchor, True)
    if unit == "month":
        return month_result(anchor.year, anchor.month, True)
    return year_result(anchor.year, True)


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _h_ago(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    n = _count(m["n"])
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        return day_result(anchor - dt.timedelta(days=n), True)
    if unit == "week":
        return week_result(anchor - dt.timedelta(weeks=n), True)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 - n
        return month_result(index // 12, index % 12 + 1, True)
    if unit == "decade":
        return year_result(anchor.year - 10 * n, True)
    return year_result(anchor.year - n, True)


def _h_ref(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    word = m["ref"].lower()
    word = re.sub(r"\s+", " ", word)
    if word in ("now", "current", "currently", "present", "the present", "at present", "nowadays",
                "these days", "at the moment", "right now"):  # fmt: skip
        return Result("PRESENT_REF", anchor, anchor, "unknown", True)
    if word in ("the future", "future", "the years ahead", "soon", "the near future"):
        return Result("FUTURE_REF", anchor, None, "unknown", True)
    return Result("PAST_REF", None, anchor, "unknown", True)


def _h_season(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    code, first_month = _SEASONS[m["season"].lower()]
    which = (m.groupdict().get("which") or "").lower()
    if m.groupdict().get("year"):
        year = int(m["year"])
    else:
        # The latest occurrence that has started by the anchor; "last" skips one still running, "next"
        # takes the following one.
        year = anchor.year if dt.date(anchor.year, first_month, 1) <= anchor else anchor.year - 1
        if which == "last" and _season_span(year, first_month)[1] >= anchor:
            year -= 1
        elif which == "next" or (not which and tense == "future"):
            year += 1
    low, high = _season_span(year, first_month)
    return Result(f"{year:04d}-{code}", low, high, "month", not m.groupdict().get("year"))


def _season_span(year: int, first_month: int) -> tuple[dt.date, dt.date]:
    """Meteorological seasons: three whole months; winter runs December to February."""
    end_index = year * 12 + first_month - 1 + 3
    return dt.date(year, first_month, 1), dt.date(end_index // 12, end_index % 12 + 1, 1) - ONE_DAY


def _h_quarter(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1": 1, "2": 2, "3": 3, "4": 4}[m["q"].lower()]
    named = dates_periods.year_named(m.groupdict().get("year"), m.groupdict().get("which"), anchor)
    year = named if named is not None else dates_periods.period_year(3 * q - 2, 3, anchor, tense)
    return dates_periods.quarter_result(year, q, not m.groupdict().get("year"))


def _h_half(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    h = {"first": 1, "second": 2, "1st": 1, "2nd": 2, "1": 1, "2": 2}[m["h"].lower()]
    named = dates_periods.year_named(m.groupdict().get("year"), m.groupdict().get("which"), anchor)
    year = named if named is not None else dates_periods.period_year(6 * h - 5, 6, anchor, tense)
    return dates_periods.half_result(year, h, not m.groupdict().get("year"))


def _easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return dt.date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + ONE_DAY,
    "easter": _easter,
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + ONE_DAY,
    "good friday": lambda y: _easter(y) - 2 * ONE_DAY,
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "boxing day": lambda y: dt.date(y, 12, 26),
    "new year's": lambda y: dt.date(y, 1, 1),
    "valentine's day": lambda y: dt.date(y, 2, 14),
    "halloween": lambda y: dt.date(y, 10, 31),
    # United States holidays by their American names ("Labor Day"; "Labour Day" elsewhere is May 1).
    "fourth of july": lambda y: dt.date(y, 7, 4),
    "memorial day": lambda y: _nth_weekday(y, 6, 0, 1) - 7 * ONE_DAY,  # the last Monday of May
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "labour day": lambda y: dt.date(y, 5, 1),
    "may day": lambda y: dt.date(y, 5, 1),
    "veterans day": lambda y: dt.date(y, 11, 11),
}


def _h_holiday(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    rule = _HOLIDAYS[m["holiday"].lower()]
    which = (m.groupdict().get("which") or "").lower()
    this_year = rule(anchor.year)
    if which == "last":
        day = this_year if this_year < anchor else rule(anchor.year - 1)
    elif which == "next":
        day = this_year if this_year > anchor else rule(anchor.year + 1)
    else:
        options = [rule(anchor.year - 1), this_year, rule(anchor.year + 1)]
        day = min(options, key=lambda d: abs((d - anchor).days))
    return day_result(day, True)


def _h_week_of(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    inner = _h_month_day(m, anchor, tense)
    return week_result(inner.low, True) if inner and inner.low else None


def _h_easter_week(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    return week_result(_easter(anchor.year) - ONE_DAY, True)


def _h_numeric_date(m: re.Match[str], anchor: dt.date, tense: str) -> Result | None:
    # Day-first (15/10/2025, the usage in Pakistan, Afghanistan, Turkey and the Arab world) unless the first
    # number cannot be a day's month partner, in which case month-first.
    a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
    if year < 100:
        year += 2000
    day = safe_date(year, b, a) or safe_date(year, a, b)
    return day_result(day, False) if day else None


_WHICH = r"(?P<which>last|next|this coming|this past|this)"
_FLAGS = re.IGNORECASE
# Cores of the rules (see _Rule.core), in lower case.
_MON_START = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"  # how every month name starts
_MON_TAIL = r"[a-z]*\.{0,2}"  # the rest of a month name and its full stop ("Mar." + ".")
_YEAR_CORE = r"(?:1[89]|20)\d\d"
_WD_CORE = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

_RULES: list[_Rule] = [
    _Rule(
        re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
        _h_iso,
        core=re.compile(r"\d-[01]\d-[0-3]\d"),
    ),
    _Rule(
        re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.](?P<year>(?:19|20)\d\d)\b"),
        _h_numeric_date,
        core=re.compile(r"[/.][01]?\d[/.](?:19|20)\d\d"),
    ),
    _Rule(
        re.compile(r"\bthe\s+week\s+of\s+" + _MON + r"\s+" + _DAY + r"\b", _FLAGS),
        _h_week_of,
        core=re.compile(r"week\s+of\s"),
    ),
    _Rule(re.compile(r"\bEaster\s+week\b", _FLAGS), _h_easter_week),
    _Rule(
        re.compile(
            r"\b(?:(?:the\s+)?(?P<part>night|morning|evening|afternoon)\s+of\s+)?(?:" + _WD + r",?\s+)?"
            + _MON + r"\s+" + _DAY + _RANGE + r"(?:,?\s+" + _YEAR + r")?(?!\d)",
            _FLAGS,
        ),
        _h_month_day,
        core=re.compile(_MON_START + _MON_TAIL + r"\s+\d"),
    ),
    _Rule(
        re.compile(
            r"\b(?:(?:the\s+)?(?P<part>night|morning|evening|afternoon)\s+of\s+)?(?:" + _WD
            + r",?\s+)?(?:the\s+)?" + _DAY + r"(?:\s*(?:-|–|to|and)\s*" + _DAY2 + r")?\s+(?:of\s+)?" + _MON
            + r"(?:,?\s+" + _YEAR + r")?\b",
            _FLAGS,
        ),
        _h_month_day,
        core=re.compile(r"\d(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON_START),
    ),
    _Rule(
        re.compile(r"\b" + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"\b", _FLAGS),
        _h_month_year,
        core=re.compile(_MON_START + _MON_TAIL + r",?\s+(?:of\s+)?" + _YEAR_CORE),
    ),
    # The year before the quarter: "fiscal 2000's first quarter", "the 1998 third quarter", "last year's
    # fourth quarter".
    _Rule(
        re.compile(
            r"\b(?:fiscal\s+)?(?:" + _YEAR + r"|(?P<which>this|last|next)\s+year)"
            + r"(?:'s)?\s+(?:fiscal\s+)?(?P<q>first|second|third|fourth)[\s-]+quarter\b",
            _FLAGS,
        ),
        _h_quarter,
    ),
    _Rule(
        re.compile(
            r"\b(?P<q>first|second|third|fourth|[1-4])(?:st|nd|rd|th)?[\s-]+quarter"
            r"(?:\s+of\s+(?:" + _YEAR + r"|(?P<which>the|this|last|next)\s+year))?\b",
            _FLAGS,
        ),
        _h_quarter,
    ),
    _Rule(re.compile(r"\bQ(?P<q>[1-4])\s+" + _YEAR + r"\b"), _h_quarter),
    # A half with its year in running text ("the first half of 2025", "the second half of next year");
    # alone ("the first half") only as a whole expression: in text it is as often a match's or a meeting's.
    _Rule(
        re.compile(
            r"\b(?P<h>first|second|1st|2nd)[\s-]+half\s+of\s+(?:" + _YEAR
            + r"|(?P<which>the|this|last|next)\s+year)\b",
            _FLAGS,
        ),
        _h_half,
        core=re.compile(r"half\s+of\s"),
    ),
    _Rule(
        re.compile(
            r"\b(?:fiscal\s+)?(?:" + _YEAR + r"|(?P<which>this|last|next)\s+year)'s\s+"
            r"(?P<h>first|second)[\s-]+half\b",
            _FLAGS,
        ),
        _h_half,
        core=re.compile(r"'s\s+(?:first|second)[\s-]+half"),
    ),
    _Rule(re.compile(r"\b(?P<h>first|second)[\s-]+half\b", _FLAGS), _h_half, whole_only=True),
    _Rule(re.compile(r"\bH(?P<h>[12])\s+" + _YEAR + r"\b"), _h_half),
    _Rule(
        re.compile(
            r"\b(?:(?P<which>last|next|this)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?"
            + _YEAR + r")?\b",
            _FLAGS,
        ),
        _h_season,
        needs_context=True,
    ),
    # Before the weekdays: "Good Friday" is Easter's Friday, not the last Friday.
    _Rule(
        re.compile(r"\b(?:(?P<which>last|next|this)\s+)?(?P<holiday>" + "|".join(
            re.escape(h) for h in sorted(_HOLIDAYS, key=len, reverse=True)) + r")\b", _FLAGS),
        _h_holiday,
    ),
    _Rule(
        re.compile(
            r"\b(?P<before>(?:the\s+)?day\s+before\s+)?" + _WHICH + r"\s+" + _WD + _PART + r"\b", _FLAGS
        ),
        _h_weekday,
        core=re.compile(r"(?:last|next|coming|past|this)\s+" + _WD_CORE),
    ),
    _Rule(
        re.compile(
            r"\b(?:(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)\s+(?:[A-Z]{2,4}\s+)?)?"
            + _WD + r"(?:'s)?" + _PART + r"\b",
            _FLAGS,
        ),
        _h_weekday,
        core=re.compile(_WD_CORE),
    ),
    _Rule(
        re.compile(
            r"\b(?P<before>the\s+day\s+(?:before|after)\s+)?(?P<word>yesterday|today|tonight|tomorrow)"
            r"(?:(?:(?<=yesterday)|(?<=tomorrow))\s+(?P<part>morning|afternoon|evening|night))?\b",
            _FLAGS,
        ),
        _h_deictic_day,
    ),
    _Rule(
        re.compile(r"\b(?:(?P<which>this)\s+(?P<part>morning|afternoon|evening)|(?P<which2>last)\s+"
                   r"(?P<part2>night|evening))\b", _FLAGS),
        _h_this_part,
        core=re.compile(r"(?:this|last)\s+(?:morning|afternoon|evening|night)"),
    ),
    _Rule(
        re.compile(
            r"\b(?:the\s+)?(?P<which>last|past|previous|this|current|next|coming|this\s+coming|this\s+past)\s+"
            r"(?P<unit>week|month|year|weekend)\b",
            _FLAGS,
        ),
        _h_period,
        core=re.compile(r"(?:last|past|previous|this|current|next|coming)\s+(?:week|month|year)"),
    ),
    _Rule(
        re.compile(r"\b(?:over\s+|during\s+|at\s+)?the\s+(?P<unit>weekend)\b", _FLAGS),
        _h_period,
        core=re.compile(r"the\s+weekend"),
    ),
    _Rule(
        re.compile(
            r"\b(?:earlier|later|early|late)(?:\s+in)?\s+this\s+(?P<unit>week|month|year)\b",
            _FLAGS,
        ),
        _h_part_of_period,
        core=re.compile(r"this\s+(?:week|month|year)"),
    ),
    _Rule(
        re.compile(
            r"\b(?:almost\s+|nearly\s+|about\s+|some\s+|over\s+)?" + _NUM
            + r"\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b",
            _FLAGS,
        ),
        _h_ago,
    ),
    _Rule(
        re.compile(r"\b(?:the\s+)?(?:early|mid|late)?-?\s*(?P<decade>1[89]\d0|20[0-2]0)'?s\b", _FLAGS),
        _h_decade,
        core=re.compile(r"(?:1[89]\d0|20[0-2]0)'?s"),
    ),
    _Rule(
        re.compile(
            r"\b(?:(?:early|mid|late)[\s-]+|(?P<which>last|next|this)\s+)?" + _MON + r"\b(?!\.?\s+\d)", _FLAGS
        ),
        _h_month,
        needs_context=True,
        # the month name (_MON in lower case) and what must follow it
        core=re.compile(_MON.replace("?P<mon>", "?:").lower() + r"\b(?!\.?\s+\d)"),
    ),
    _Rule(
        re.compile(r"(?<![\d,.$£€-])\b" + _YEAR + r"\b(?![\d,%-])", _FLAGS),
        _h_year,
        needs_context=True,
    ),
    # A year with a hyphenated modifier: "mid-2021", "early-2024" in running text too; "pre-/post-1959" only
    # as a whole expression (see whole_only).
    _Rule(
        re.compile(r"\b(?:mid|early|late)-" + _YEAR + r"\b(?![\d,%-])", _FLAGS),
        _h_modified_year,
        core=re.compile("-" + _YEAR_CORE),
    ),
    _Rule(
        re.compile(r"\b(?:pre|post)-" + _YEAR + r"\b(?![\d,%-])", _FLAGS), _h_modified_year, whole_only=True
    ),
    _Rule(
        re.compile(
            r"\b(?P<ref>now|currently|current|at present|the present|nowadays|the future|future|the past|"
            r"recently)\b",
            _FLAGS,
        ),
        _h_ref,
        needs_context=True,
    ),
    # Reference words that stand alone in a TimeML TIMEX3 but in running text date nothing an incident
    # needs ("soon" after a threat, "formerly" before a title).
    _Rule(
        re.compile(
            r"\b(?P<ref>these\s+days|at\s+the\s+moment|right\s+now|soon|the\s+near\s+future|formerly)\b",
            _FLAGS,
        ),
        _h_ref,
        whole_only=True,
    ),
]  # fmt: skip

# Words before a bare month, year, season or reference word in running text that make it a date.
_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|on|since|until|till|by|from|during|before|after|of|through|early|late|mid|last|next|this|"
    r"between|and|to)\s+(?:the\s+)?|-)$",
    re.IGNORECASE,
)
_LOWERCASE_MONTH_WORDS = {"may", "march"}

# Clause-level tense: the tense marker nearest the expression inside its clause decides whether a bare
# weekday or month-day points forward or back.
_FUTURE = re.compile(
    r"\b(?:(?:will|would|shall)\s+(?:\w+\s+){0,2}be\s+\w+|"
    # the auxiliary is part of the future marker: "were planning to" must not read as past "were"
    r"(?:is|are|was|were|be|been)\s+(?:planning|going|due|expected|scheduled|set)\s+to|"
    r"will|shall|'ll|would|is\s+to|are\s+to|was\s+to|were\s+to|scheduled|"
    r"plans?\s+to|planning\s+to|due\s+(?:to|on)|expected|set\s+(?:to|for)|to\s+be\s+held|going\s+to|"
    r"upcoming|deadlines?|(?:postponed|extended|delayed|adjourned|deferred)\s+(?:to|until|till)|"
    r"later\s+(?:this|on)|from\s+now)\b",
    re.IGNORECASE,
)
# Past-tense markers, in two patterns that each match whole words only (so that together they find what
# one alternation of both finds): the first is case-insensitive and has a faster twin on lower-cased text,
# the second depends on case.
_PAST_WORDS = re.compile(
    r"\b(?:was|were|had|did|said|told|killed|died|ago|earlier|previous|began|started|ended|since|saw|"
    r"took|met|held|made|gave|came|went|fought|struck|hit|shot)\b",
    re.IGNORECASE,
)
# a lower-case word ending in -ed ("United" is a name, "hundred" and "need" are not verbs)
_PAST_ED = re.compile(
    r"\b(?!(?:need|indeed|hundred|red|bed|speed|seed|feed|shed|breed|greed|wed)\b)[a-z]\w*ed\b"
)
# A deadline lies ahead of whoever set it, so alone it makes its clause future; but one set or reported in
# a past-tense sentence ("had ruled ... and set Friday as the deadline") may have passed: the nearest
# occurrence. Reporting verbs date the report, not the deadline, so they do not count against it.
_DEADLINE = re.compile(r"deadlines?", re.IGNORECASE)
_NOT_FOR_DEADLINE = re.compile(r"deadlines?|said|says|told", re.IGNORECASE)
# Past-tense verbs of intent: they point forward to a date named after them.
_INTENT = re.compile(r"planned|intended", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    # typewriter quotes (``...'') are quotation marks too: a quote ends its speaker's clause
    r"[.;:!?\n\u201c\u201d\"]|''|``|,\s|\b(?:that|who|which|but|saying|adding|says|according)\b"
)
# A deadline or earliest time ("by Jan. 14", "as soon as Tuesday") points forward; "since" points back.
# "until" only after a word: "given them until Tuesday" is a deadline, "Until Thursday, they had not" is not.
_PREPOSITION_BEFORE = re.compile(
    r"\b(by|as\s+(?:early|soon)\s+as|no\s+later\s+than|since|(?<=\w\s)until|(?<=\w\s)till)\s+$",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^\W*(?:(?:on|by|until|since|from|as\s+of|late|early|and|but|then)\s+)*$", re.IGNORECASE
)


def clause_tense(context: str, start: int, end: int) -> str:
    """'future', 'past' or '' for the clause of ``context`` around ``context[start:end]``; a clause with no
    tense marker of its own ("..., her last stop Tuesday morning, ...") takes the nearest in its sentence."""
    if context[end : end + 2] == "'s":
        return "past"  # "Wednesday's ruling": a noun phrase about what already happened
    preposition = _PREPOSITION_BEFORE.search(context[max(0, start - 40) : start])
    if preposition:
        return "future" if preposition.group(1).lower() != "since" else "past"
    breaks = list(_CLAUSE_BREAK.finditer(context[:start]))
    clause_start = breaks[-1].end() if breaks else 0
    right = _CLAUSE_BREAK.search(context, end)
    clause_end = right.start() if right else len(context)
    if _LEAD_IN.match(context[clause_start:start]) and right and right.group(0).startswith(","):
        # A fronted date ("On Tuesday, the league plans to ...") takes the tense of the main clause.
        following = _CLAUSE_BREAK.search(context, right.end())
        clause_end = following.start() if following else len(context)
    markers = _Markers(context)
    marker = markers.nearest(start, end, clause_start, clause_end) or markers.nearest(
        start, end, 0, len(context)
    )
    if marker is None:
        return ""
    tense, word = marker
    if tense == "future" and _DEADLINE.fullmatch(word):
        other = markers.nearest(start, end, clause_start, clause_end, _NOT_FOR_DEADLINE)
        other = other or markers.nearest(start, end, 0, len(context), _NOT_FOR_DEADLINE)
        return "near" if other is not None and other[0] == "past" else "future"
    return tense


# Twins of the case-insensitive marker patterns for lower-cased text (see ``eventtype.lower_twin``).
_FUTURE_LOWER = lower_twin(_FUTURE)
_PAST_WORDS_LOWER = lower_twin(_PAST_WORDS)


class _Markers:
    """The tense markers of a context: searched case-sensitively in its lower-cased form when it is
    case-safe, which finds the same spans several times faster (see ``eventtype.lower_twin``)."""

    def __init__(self, context: str) -> None:
        self.context = context
        self.future, self.past_words, self.text = _FUTURE, _PAST_WORDS, context
        if _FUTURE_LOWER is not None and _PAST_WORDS_LOWER is not None and case_safe(context):
            self.future, self.past_words, self.text = _FUTURE_LOWER, _PAST_WORDS_LOWER, context.lower()

    def nearest(
        self, start: int, end: int, clause_start: int, clause_end: int, skip: re.Pattern[str] | None = None
    ) -> tuple[str, str] | None:
        """The tense and text of the marker in ``context[clause_start:clause_end]`` nearest the expression
        at ``start:end``, leaving out markers that ``skip`` matches whole; None when there is none."""
        context, text = self.context, self.text
        future = [m.span() for m in self.future.finditer(text, clause_start, clause_end)]
        # Both past patterns match whole words only: together they find what one alternation of them finds.
        past = sorted(
            {
                *(m.span() for m in self.past_words.finditer(text, clause_start, clause_end)),
                *(m.span() for m in _PAST_ED.finditer(context, clause_start, clause_end)),
            }
        )
        best: tuple[int, str, str] | None = None
        for spans, tense in ((future, "future"), (past, "past")):
            for s, e in spans:
                if s < end and e > start:
                    continue
                word = context[s:e]
                if skip is not None and skip.fullmatch(word):
                    continue
                distance = start - e if e <= start else s - end + 1
                found = tense
                if e <= start and _INTENT.fullmatch(word):
                    # "planned to leave on Thursday": the plan is past, the day it names is ahead. A date
                    # before "planned" ("On Friday, the ministry planned to ...") dates the planning: past.
                    found = "future"
                if best is None or distance < best[0]:
                    best = (distance, found, word)
        return (best[1], best[2]) if best else None


# Cheap substring checks run before a rule's full pattern: most sentences have no
# month name, weekday or "ago", and the full patterns are slow to try at every position (bench/extract).
_TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "weekday": ("day",),
    "holiday": (
        "easter",
        "christmas",
        "new year",
        "thanksgiving",
        "election",
        "good friday",
        "boxing day",
        "valentine",
        "halloween",
        "fourth of july",
        "memorial day",
        "labor day",
        "labour day",
        "may day",
        "veterans day",
    ),
    "quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "half": ("half", "h1", "h2"),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "deictic": ("yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening", "night"),
    "period": ("week", "month", "year"),
    "ago": ("ago",),
    "modified_year": ("mid-", "early-", "late-", "pre-", "post-"),
    "ref": ("now", "current", "present", "future", "past", "recent"),
}
# Every rule of the "year" family names a year from 1800 to 2099 ("2025-10-12", "15/10/2025", "the 1990s").
_YEAR_DIGITS = re.compile(_YEAR_CORE)


def _triggered(text: str) -> set[str]:
    """Which families of rules can match ``text`` at all (substring tests: far cheaper than a regex)."""
    lower = text.lower()
    found = {name for name, words in _TRIGGER_WORDS.items() if any(word in lower for word in words)}
    if _YEAR_DIGITS.search(text):
        found.add("year")
    return found


class _TriggerIndex:
    """Where the trigger words occur in a whole document, lower-cased once: a sentence's families are
    then the words found between its ends instead of some forty substring searches. Gives what
    ``_triggered`` gives for the same span (the words are ASCII, and lower-casing maps each character on
    its own unless it changes the text's length, in which case ``usable`` is False and sentences are
    tested alone)."""

    def __init__(self, text: str) -> None:
        lower = text.lower()
        self.text = text
        self.usable = len(lower) == len(text)
        spans: list[tuple[int, int, str]] = []  # (start, end, family) of every occurrence, in text order
        for family, words in _TRIGGER_WORDS.items():
            for word in words:
                at = lower.find(word)
                while at >= 0:
                    spans.append((at, at + len(word), family))
                    at = lower.find(word, at + 1)
        spans.sort()
        self.spans = spans
        self.starts = [start for start, _, _ in spans]

    def triggered(self, start: int, end: int) -> set[str]:
        """``_triggered(text[start:end])``."""
        span = self.text[start:end]
        if not self.usable:
            return _triggered(span)
        found = set()
        spans = self.spans
        i = bisect.bisect_left(self.starts, start)
        while i < len(spans) and spans[i][0] < end:
            if spans[i][1] <= end:
                found.add(spans[i][2])
            i += 1
        if _YEAR_DIGITS.search(span):
            found.add("year")
        return found


_TRIGGER_OF: dict[Callable[..., Result | None], str] = {
    _h_iso: "year", _h_numeric_date: "year", _h_year: "year", _h_decade: "year",
    _h_week_of: "month", _h_month_day: "month", _h_month_year: "month", _h_month: "month",
    _h_easter_week: "holiday", _h_holiday: "holiday", _h_quarter: "quarter", _h_half: "half",
    _h_season: "season",
    _h_weekday: "weekday", _h_deictic_day: "deictic", _h_period: "period", _h_part_of_period: "period",
    _h_ago: "ago", _h_ref: "ref", _h_modified_year: "modified_year", _h_this_part: "deictic",
}  # fmt: skip


def _rule_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-insensitive rule's twin for lower-cased text (see ``eventtype.lower_twin``): the pattern with
    its named groups dropped and its letters lower-cased, which (?i) reads alike; None for a pattern with
    an escape in upper case (``\\S``: lower-casing would change it) or without (?i)."""
    if not pattern.flags & re.IGNORECASE or re.search(r"\\[A-Z]", pattern.pattern):
        return None
    return lower_twin(re.compile(re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern).lower(), pattern.flags))


def _twin_matches(
    pattern: re.Pattern[str], twin: re.Pattern[str], text: str, lower: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a case-safe ``text``: the twin finds the same matches in ``lower``
    several times faster, and the pattern's match where each starts gives the groups in ``text``."""
    for found in twin.finditer(lower):
        m = pattern.match(text, found.start())
        if m is not None:  # always: the twin matches where the pattern does
            yield m


_PLAN = [(rule, _TRIGGER_OF[rule.handler], _rule_twin(rule.pattern)) for rule in _RULES]


def _iter_english(
    text: str, anchor: dt.date, whole: bool, triggered: set[str] | None = None
) -> Iterator[Found]:
    taken: list[tuple[int, int]] = []
    if not text.isascii():
        # The rules' case-insensitive patterns accept "Tueſday" or "FRİDAY", the word tables do not: the
        # rules read such letters as ASCII (casefold; one character for one, so offsets stay).
        folded = text.translate(AS_ASCII)
        if folded != text:
            text, triggered = folded, None
    if triggered is None:
        triggered = _triggered(text)
    # Rule cores and twins are searched in lower case: the same search as (?i) on the text itself when it
    # is case-safe (see eventtype.lower_twin); on other text every triggered rule runs as written.
    lower = text.lower() if case_safe(text) else None
    for rule, family, twin in _PLAN:
        if family not in triggered:
            continue
        if rule.whole_only and not whole:
            continue
        if lower is not None and rule.core is not None and not rule.core.search(lower):
            continue
        if lower is not None and twin is not None:
            matches = _twin_matches(rule.pattern, twin, text, lower)
        else:
            matches = rule.pattern.finditer(text)
        for m in matches:
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if rule.needs_context and not whole:
                word = m.group(0)
                if "mon" in rule.pattern.groupindex and m["mon"] and m["mon"].islower():
                    continue
                if m.groupdict().get("mon") in ("May", "March") and not _CONTEXT_BEFORE.search(
                    text[max(0, start - 30) : start]
                ):
                    continue
                if not _CONTEXT_BEFORE.search(text[max(0, start - 30) : start]) and not word[:1].isupper():
                    if rule.handler in (_h_year, _h_ref):
                        if rule.handler is _h_year and not re.search(
                            r"\b(?:in|since|until|by|of|from|before|after|during)\s+(?:the\s+)?(?:year\s+)?$",
                            text[max(0, start - 30) : start],
                            re.I,
                        ):
                            continue
                        if rule.handler is _h_ref and m["ref"].lower() not in (
                            "now",
                            "currently",
                            "at present",
                        ):
                            continue
                    else:
                        continue
            if (
                rule.handler is _h_ref
                and not whole
                and m["ref"].lower() not in ("now", "currently", "at present", "nowadays")
            ):
                continue  # "the current government", "future meetings": adjectives, not times
            if (
                "mon" in rule.pattern.groupindex
                and m["mon"]
                and m["mon"].lower().rstrip(".") in _LOWERCASE_MONTH_WORDS
                and m["mon"][0].islower()
            ):
                continue  # "may", "march": the verbs
            sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
            sentence_end_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
            sentence_end = min(sentence_end_candidates) if sentence_end_candidates else len(text)
            sentence = text[sentence_start:sentence_end]
            tense = clause_tense(sentence, start - sentence_start, end - sentence_start)
            result = rule.handler(m, anchor, tense)
            if result is None:
                continue
            taken.append((start, end))
            yield Found(start, end, result)


# --- public API -----------------------------------------------------------------------------------------

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


def find(
    text: str, anchor: dt.date, lang: str = "en", *, triggered: set[str] | None = None
) -> list[DateMention]:
    """Every date expression in ``text`` resolved against ``anchor``, in text order. ``triggered``: the
    rule families that can match ``text`` when the caller already knows them (see ``_TriggerIndex``)."""
    found: list[Found] = list(_iter_english(text, anchor, whole=False, triggered=triggered))
    if lang != "en" or (not text.isascii() and _ARABIC_LETTER.search(text)):
        spans = [(f.start, f.end) for f in found]
        found += [
            f
            for f in dates_local.iter_local(text, anchor, lang)
            if not any(f.start < e and s < f.end for s, e in spans)
        ]
    found.sort(key=lambda f: f.start)
    return [_mention(text, f, anchor) for f in found]


def _mention(text: str, f: Found, anchor: dt.date) -> DateMention:
    r = f.result
    return DateMention(
        start=f.start,
        end=f.end,
        text=text[f.start : f.end],
        value=r.value,
        low=r.low,
        high=r.high,
        precision=r.precision,  # type: ignore[arg-type]
        relative=r.relative,
        future=bool(r.low and r.low > anchor),
        part_of_day=r.part,
    )


_ANAPHORA = re.compile(
    r"^(?:(?P<same>(?:earlier\s+|later\s+)?(?:on\s+)?(?:that|the\s+same)\s+(?:same\s+)?(?:day|morning|afternoon|evening|night))"
    r"|(?P<next>the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)|the\s+day\s+after|a\s+day\s+later)"
    r"|(?P<prev>the\s+(?:day|night|evening)\s+before|the\s+previous\s+(?:day|night|evening))"
    r"|(?P<year>(?:earlier\s+|later\s+)?(?:in\s+)?that\s+(?:same\s+)?year)"
    r"|(?P<month>(?:earlier\s+|later\s+)?(?:in\s+)?that\s+(?:same\s+)?month))$",
    re.IGNORECASE,
)


_PART_WORD = re.compile(r"morning|afternoon|evening|night", re.IGNORECASE)


def resolve_anaphora(expression: str, reference: DateMention) -> DateMention | None:
    """Resolve "that day", "the next day", "later that year" ... against the date the text last spoke of.
    Requires ``reference.low`` (the focus date); returns None for anything else."""
    r = _anaphora_result(expression, reference)
    if r is None:
        return None
    return DateMention(
        0, len(expression), expression, r.value, r.low, r.high, r.precision,  # type: ignore[arg-type]
        relative=True, part_of_day=r.part,
    )  # fmt: skip


# A week, month or year counted from the date the text last spoke of: "the same year", "that week", "the
# following month", "the year before", "later in the week" (the last also from the anchor when the text
# has spoken of no date yet: see ``_unit_anaphora``).
_ANAPHORA_UNIT = re.compile(
    r"^(?:(?:in\s+)?(?:the\s+same|that)\s+(?P<same>week|month|year)"
    r"|(?:earlier|later|early|late)\s+in\s+the\s+(?P<inside>day|week|month|year)"
    r"|the\s+following\s+(?P<next>week|month|year)|the\s+(?P<after>week|month|year)\s+after"
    r"|the\s+(?P<before>week|month|year)\s+before)$",
    re.IGNORECASE,
)
# The precisions of a reference date a unit can be counted from (a week is not counted from a month).
_UNIT_FROM = {"day": {"day"}, "week": {"day", "week"}, "month": {"day", "week", "month"}}


def _unit_anaphora(expression: str, anchor: dt.date, reference: DateMention | None) -> Result | None:
    m = _ANAPHORA_UNIT.match(expression.strip().rstrip("."))
    if not m:
        return None
    if reference is None or reference.low is None:
        if not m["inside"]:
            return None
        day, precision = anchor, "day"  # "later in the week" in a text that has named no date yet
    else:
        day, precision = reference.low, reference.precision
    unit = next(u.lower() for u in m.groups() if u)
    if unit in _UNIT_FROM and precision not in _UNIT_FROM[unit]:
        return None
    step = 1 if m["next"] or m["after"] else -1 if m["before"] else 0
    if unit == "day":
        return day_result(day, True)
    if unit == "week":
        return week_result(day + dt.timedelta(weeks=step), True)
    if unit == "month":
        index = day.year * 12 + day.month - 1 + step
        return month_result(index // 12, index % 12 + 1, True)
    return year_result(day.year + step, True)


def _anaphora_result(expression: str, reference: DateMention) -> Result | None:
    m = _ANAPHORA.match(expression.strip().rstrip("."))
    if not m or reference.low is None:
        return None
    day = reference.low
    if m["year"]:
        return year_result(day.year, True)
    if m["month"]:
        return month_result(day.year, day.month, True)
    if reference.precision != "day":
        return None
    part = _PART_WORD.search(m.group(0))  # "the next morning", "that night"
    shift = 1 if m["next"] else -1 if m["prev"] else 0
    return day_result(day + ONE_DAY * shift, True, part=part.group(0) if part else None)


def resolve(
    expression: str,
    anchor: dt.date,
    lang: str = "en",
    context: str = "",
    reference: DateMention | None = None,
) -> DateMention | None:
    """Resolve one date expression (e.g. a TimeML TIMEX3 text) against ``anchor``.

    ``context`` is the sentence the expression appears in, when known: its tense decides whether a bare
    weekday or month-day points back (default) or forward. ``reference`` is the date the text last spoke
    of, for "that day", "the next day", "later that year". Returns None when nothing is recognised."""
    resolved = _resolve(expression, anchor, lang, context, reference)
    if resolved is None:
        return None
    text, found = resolved
    return _mention(text, found, anchor)


def resolve_result(
    expression: str,
    anchor: dt.date,
    lang: str = "en",
    context: str = "",
    reference: DateMention | None = None,
) -> Result | None:
    """As ``resolve``, but the bare ``Result``: with the part of the day the expression names (``part``),
    which a ``DateMention`` does not carry."""
    resolved = _resolve(expression, anchor, lang, context, reference)
    return resolved[1].result if resolved else None


# A day number that shares the month of the date before it: "on April 24 and 25", "May 3, 4 or 5".
_SHARED_MONTH = re.compile(
    _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*(?:,|-|–)\s*\d{1,2}(?:st|nd|rd|th)?)*"
    r"\s*(?:,|-|–|and|or|to|through)\s*$",
    re.IGNORECASE,
)


# The edge of a period ("the end of the year", "the beginning of next month"): the period's value.
_PERIOD_EDGE = re.compile(
    r"(?:by\s+|until\s+|before\s+|since\s+)?(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|turn|close|"
    r"rest|remainder|balance)\s+of\s+(?P<rest>\S.*)",
    re.IGNORECASE,
)
# The noun "day" annotated alone ("a great day", "the day after his death"): the day the text last spoke
# of, or the day after or before it when the words after the noun say so; the anchor when there is none.
_DAY_NOUN = re.compile(
    r"(?:the\s+|(?:the|an?)\s+(?!(?:next|following|previous|same|other|last|first|one|single|whole|entire|"
    r"every|each|any|half|full|working|business)\s)[a-z]+\s+)?day",
    re.IGNORECASE,
)


def _day_noun(
    noun: re.Match[str], expression: str, context: str, anchor: dt.date, reference: DateMention | None
) -> Result | None:
    day = reference.low if reference is not None and reference.precision == "day" else None
    shift = 0
    at = context.find(expression) if context else -1
    if at >= 0:
        after = re.match(r"\s+(after|before)\b", context[at + len(expression) :], re.IGNORECASE)
        if after:
            if day is None:
                return None  # the day after what: no date to count from
            shift = 1 if after.group(1).lower() == "after" else -1
    return day_result((day or anchor) + ONE_DAY * shift, True)


def _resolve(
    expression: str, anchor: dt.date, lang: str, context: str, reference: DateMention | None
) -> tuple[str, Found] | None:
    expression = expression.strip().rstrip(".")
    if reference is not None and (anaphoric := _anaphora_result(expression, reference)):
        return expression, Found(0, len(expression), anaphoric)
    if counted := _unit_anaphora(expression, anchor, reference):
        return expression, Found(0, len(expression), counted)
    tense = ""
    if context:
        at = context.find(expression)
        if at >= 0:
            tense = clause_tense(context, at, at + len(expression))
            # The annotation may leave out a determiner that changes the reading ("last" + "October").
            before = re.search(r"\b(last|next|this)\s+$", context[:at], re.IGNORECASE)
            if (
                before
                and not re.match(r"(?i)(?:last|next|this)\b", expression)
                and not re.search(r"\d", expression)
            ):
                expression = f"{before.group(1)} {expression}"
        if re.fullmatch(r"[0-3]?\d(?:st|nd|rd|th)?", expression):
            # ... or the month a bare day number shares with the date before it ("April 24 and 25").
            for hit in re.finditer(r"(?<![\w$£€.,])" + re.escape(expression) + r"(?![\w%])", context):
                shared = _SHARED_MONTH.search(context[max(0, hit.start() - 40) : hit.start()])
                if shared:
                    expression = f"{shared['mon']} {expression}"
                    break
    best: Found | None = None
    longest_failed = 0  # a written date that does not exist ("February 30") must not fall back to its year
    for rule in _RULES:
        m = rule.pattern.search(expression)
        if not m:
            continue
        result = rule.handler(m, anchor, tense)
        if result is None:
            longest_failed = max(longest_failed, m.end() - m.start())
            continue
        if m.end() - m.start() < longest_failed:
            continue
        candidate = Found(m.start(), m.end(), result)
        if best is None or (candidate.end - candidate.start) > (best.end - best.start):
            best = candidate
    if best is None or best.end - best.start < len(expression):
        # Phrases that name a date only when they stand alone ("the year", "a year earlier", "19981026").
        whole = dates_periods.resolve_whole(
            expression,
            anchor,
            tense,
            reference.low if reference is not None else None,
            reference.value if reference is not None else None,
        )
        if whole is None and (edge := _PERIOD_EDGE.fullmatch(expression)):
            # "the end of the year" is the year at the precision TimeML writes it ("the year"), the part
            # being what TimeML's mod attribute says, not the value.
            inner = _resolve(edge["rest"], anchor, lang, "", reference)
            if inner is not None and inner[1].end - inner[1].start == len(inner[0]):
                whole = inner[1].result
        if whole is None and (noun := _DAY_NOUN.fullmatch(expression)):
            whole = _day_noun(noun, expression, context, anchor, reference)
        if whole is not None:
            best = Found(0, len(expression), whole)
    if best is None or lang != "en" or re.search(r"[\u0600-\u06ff]", expression):
        local = list(dates_local.iter_local(expression, anchor, lang))
        if local and (best is None or local[0].end - local[0].start > best.end - best.start):
            best = local[0]
    return (expression, best) if best else None


# --- background guard ------------------------------------------------------------------------------------

_PASSAGE_SHIFT = re.compile(
    r"^\W*(?P<which>last|earlier\s+this|in\s+the\s+previous|the\s+previous)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
# A sentence that attributes its content to a dated statement or report ("said on October 20 that ...",
# "a report published in September") speaks from that date.
_OLDER_REPORT = re.compile(
    r"\b(?:reports?|reported|statements?|said|announced|stated|published|released|issued|according\s+to)\b",
    re.IGNORECASE,
)


_EARLIEST_ANCHOR, _LATEST_ANCHOR = dt.date(1800, 1, 1), dt.date(2199, 12, 31)


def annotate(doc: Document) -> None:
    """Append every date in ``doc.text`` to ``doc.dates``. Requires ``doc.sentences`` (from
    ``sentences.annotate``); uses ``doc.published`` as the anchor and skips the document without one."""
    if doc.published is None or not _EARLIEST_ANCHOR <= doc.published <= _LATEST_ANCHOR:
        return  # no anchor, or one so near the calendar's ends that date arithmetic would overflow
    anchor = doc.published
    sentences = doc.sentences or []
    shifted_until = -1  # index of the last sentence that still speaks from an earlier period
    shifted_anchor: dt.date | None = None
    focus: DateMention | None = None  # the date the text last spoke of, for "that day", "the next day"
    index = _TriggerIndex(doc.text)
    for sentence in sentences:
        in_place = doc.text[sentence.start : sentence.end] == sentence.text
        triggered = index.triggered(sentence.start, sentence.end) if in_place else None
        mentions = find(
            sentence.text, anchor, doc.language if doc.language != "und" else "en", triggered=triggered
        )
        if focus is not None:
            mentions = _with_anaphora(sentence.text, mentions, focus)
        vantage = _vantage(sentence.text, mentions, anchor)
        if vantage is not None:
            shifted_anchor = vantage
            shifted_until = sentence.index + 1
        for mention in mentions:
            mention.start += sentence.start
            mention.end += sentence.start
            if shifted_anchor and sentence.index <= shifted_until and _is_this_period(mention.text):
                again = resolve(mention.text, shifted_anchor, doc.language)
                # Background only when the earlier vantage point changes the reading: "said on Monday
                # that raids this week ..." still means this week.
                if again is not None and again.value != mention.value:
                    mention.value, mention.low, mention.high = again.value, again.low, again.high
                    mention.precision = again.precision
                    mention.background = True
            mention.future = bool(mention.low and mention.low > anchor)
            doc.dates.append(mention)
            # The publication day counts too: "Talks opened on Tuesday. Later that day ..." in a Tuesday
            # article is that Tuesday, not whatever older date came before.
            if mention.low is not None and mention.value[:1].isdigit():
                focus = mention
        if shifted_anchor and sentence.index > shifted_until:
            shifted_anchor = None


_ANAPHORA_IN_TEXT = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?:on\s+)?(?:that|the\s+same)\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)\b"
    r"|\bthe\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)\b|\bthe\s+day\s+after\b(?!\s+\w+day)"
    r"|\ba\s+day\s+later\b|\bthe\s+(?:day|night|evening)\s+before\b(?!\s+\w+day)"
    r"|\b(?:(?:earlier|later)\s+)?(?:in\s+)?that\s+(?:same\s+)?(?:year|month)\b",
    re.IGNORECASE,
)


_ANAPHORA_IN_LOWER = lower_twin(_ANAPHORA_IN_TEXT)
_ANAPHORA_WORDS = ("that", "same", "next", "following", "after", "later", "before", "previous")
# Every match of _ANAPHORA_IN_TEXT also names one of these (so holds it in lower case, on case-safe text).
_ANAPHORA_UNITS = ("day", "night", "evening", "morning", "afternoon", "year", "month")


def _with_anaphora(text: str, mentions: list[DateMention], focus: DateMention) -> list[DateMention]:
    lower = text.lower()
    if not any(word in lower for word in _ANAPHORA_WORDS):
        return mentions
    if _ANAPHORA_IN_LOWER is not None and case_safe(text):
        if not any(unit in lower for unit in _ANAPHORA_UNITS):
            return mentions
        spans = [m.span() for m in _ANAPHORA_IN_LOWER.finditer(lower)]
    else:
        spans = [m.span() for m in _ANAPHORA_IN_TEXT.finditer(text)]
    out = list(mentions)
    for start, end in spans:
        if any(start < d.end and d.start < end for d in mentions):
            continue
        expression = text[start:end]
        resolved = resolve_anaphora(expression, focus)
        if resolved is not None:
            resolved.start, resolved.end, resolved.text = start, end, expression
            out.append(resolved)
    return sorted(out, key=lambda d: d.start) if len(out) > len(mentions) else mentions


_OLDER_REPORT_LOWER = lower_twin(_OLDER_REPORT)
_DATED_BY = re.compile(r"\s+(?:on|in|of|dated)\s+(?:the\s+)?", re.IGNORECASE)


def _vantage(text: str, mentions: list[DateMention], anchor: dt.date) -> dt.date | None:
    """The earlier day a sentence speaks from, if it opens in an earlier period ("Last month, ...") or
    dates the statement it reports ("said on October 20", "a report issued in September"): the last day
    of that date. Offsets of ``mentions`` are relative to ``text``."""
    past = [d for d in mentions if d.high is not None and d.high < anchor]
    if not past:
        return None
    if _PASSAGE_SHIFT.search(text):
        return past[0].high
    if _OLDER_REPORT_LOWER is not None and case_safe(text):
        report_ends = [m.end() for m in _OLDER_REPORT_LOWER.finditer(text.lower())]
    else:
        report_ends = [m.end() for m in _OLDER_REPORT.finditer(text)]
    for report_end in report_ends:
        dated = next((d for d in past if _DATED_BY.fullmatch(text, report_end, d.start)), None)
        if dated is not None:
            return dated.high
    return None


def _is_this_period(text: str) -> bool:
    return bool(re.search(r"\bthis\s+(?:week|month|year)\b", text, re.IGNORECASE))
