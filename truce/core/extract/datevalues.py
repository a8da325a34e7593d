"""Resolved date values: the result a date rule produces and the arithmetic that builds it.

Shared by dates.py (English rules, the public API) and dates_local.py (other languages and calendars).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)
# How far a tense may push a month-day or month away from the nearest occurrence (see pick_year).
TENSE_REACH = dt.timedelta(days=300)
# Parts of the day a day expression can name, with their TimeML 1.2 codes ("Friday night": 2025-10-17TNI).
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


@dataclass(frozen=True)
class Result:
    """A resolved value: TimeML-style ``value``, inclusive ``low``/``high`` days and precision.

    ``part`` is the part of the day the expression names ("morning", "afternoon", "evening", "night"
    from "Friday night", "tonight", "the next morning"), kept out of ``value`` so that it stays an ISO
    date; None when it names none."""

    value: str
    low: dt.date | None
    high: dt.date | None
    precision: str
    relative: bool
    part: str | None = None


@dataclass(frozen=True)
class Found:
    """A resolved expression at ``start:end`` of the text it was found in."""

    start: int
    end: int
    result: Result


def day_result(day: dt.date, relative: bool, high: dt.date | None = None, part: str | None = None) -> Result:
    return Result(day.isoformat(), day, high or day, "day", relative, part_of_day(part))


def part_of_day(word: str | None) -> str | None:
    """The part of the day a word names: "morning", "afternoon", "evening" or "night" ("tonight" is
    night); None for any other word."""
    if not word:
        return None
    word = word.lower()
    if word == "tonight":
        return "night"
    return word if word in PARTS_OF_DAY else None


def month_result(year: int, month: int, relative: bool) -> Result:
    first = dt.date(year, month, 1)
    last = (dt.date(year + (month == 12), month % 12 + 1, 1)) - ONE_DAY
    return Result(f"{year:04d}-{month:02d}", first, last, "month", relative)


def year_result(year: int, relative: bool) -> Result:
    return Result(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31), "year", relative)


def week_result(day: dt.date, relative: bool) -> Result:
    iso = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    return Result(f"{iso.year:04d}-W{iso.week:02d}", monday, monday + dt.timedelta(days=6), "week", relative)


def pick_year(month: int, day: int, anchor: dt.date, tense: str) -> dt.date | None:
    """The occurrence of month/day nearest the anchor, or the next/last one when the tense says so."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    # The tense wins only within ten months: further out, the nearest occurrence is the likelier reading
    # ("by Jan. 14" in a past-tense report written on Jan. 6 is eight days ahead, not a year back).
    if tense == "future":
        later = [c for c in candidates if anchor <= c <= anchor + TENSE_REACH]
        if later:
            return min(later)
    if tense == "past":
        earlier = [c for c in candidates if anchor - TENSE_REACH <= c <= anchor]
        if earlier:
            return max(earlier)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def weekday_near(target: int, anchor: dt.date, tense: str) -> dt.date:
    """The ``target`` weekday on or after the anchor ("future"), the nearer of the two ("near": a deadline
    set in the past may have passed or not), else on or before it."""
    ahead = (target - anchor.weekday()) % 7
    if tense == "future" or (tense == "near" and ahead < 7 - ahead):
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=(anchor.weekday() - target) % 7)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def step_result(anchor: dt.date, step: int, unit: str) -> Result:
    if unit == "week":
        return week_result(anchor + dt.timedelta(weeks=step), True)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return month_result(index // 12, index % 12 + 1, True)
    return year_result(anchor.year + step, True)
