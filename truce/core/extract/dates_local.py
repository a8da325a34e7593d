"""Dates in Urdu, Arabic, Dari/Persian, Pashto and Turkish (rules in dates.py's docstring and
docs/extraction.md): Gregorian, Solar Hijri and Hijri month names, local words for yesterday/today/
tomorrow, last/this/next week|month|year, weekdays, and Eastern Arabic/Persian digits.

Arabic-script text is matched after ``calendars.fold_char`` folds spelling variants one character for one
character, so offsets found in the folded text are offsets in the original.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from truce.core.extract import calendars
from truce.core.extract.datevalues import (
    ONE_DAY,
    Found,
    Result,
    day_result,
    month_result,
    pick_year,
    safe_date,
    step_result,
    weekday_near,
)

_NON_LATIN_DEICTIC: dict[str, int] = {
    "امروز": 0, "دیروز": -1, "فردا": 1,  # fa
    "اج": 0, "گزشته روز": -1, "گذشته روز": -1,  # ur (آج folds to اج)
    "نن": 0, "پرون": -1, "سبا": 1,  # ps
    "الیوم": 0, "امس": -1, "البارحه": -1, "غدا": 1,  # ar (after folding)
}  # fmt: skip
# "last/this/next week|month|year" in Dari/Persian, Urdu, Pashto and Arabic: phrase -> (step, unit).
_NON_LATIN_PERIODS: dict[str, tuple[int, str]] = {
    "هفته گذشته": (-1, "week"), "هفته پیش": (-1, "week"), "هفته آینده": (1, "week"), "این هفته": (0, "week"),
    "ماه گذشته": (-1, "month"), "ماه پیش": (-1, "month"), "ماه آینده": (1, "month"), "این ماه": (0, "month"),
    "سال گذشته": (-1, "year"), "سال آینده": (1, "year"), "امسال": (0, "year"), "پارسال": (-1, "year"),
    "گزشتہ ہفتے": (-1, "week"), "پچھلے ہفتے": (-1, "week"), "اگلے ہفتے": (1, "week"), "اس ہفتے": (0, "week"),
    "گزشتہ ماہ": (-1, "month"), "پچھلے مہینے": (-1, "month"), "اگلے ماہ": (1, "month"),
    "اس ماہ": (0, "month"),
    "رواں ماہ": (0, "month"), "گزشتہ سال": (-1, "year"), "اگلے سال": (1, "year"), "رواں سال": (0, "year"),
    "تېره اونۍ": (-1, "week"), "راتلونکې اونۍ": (1, "week"), "تېره میاشت": (-1, "month"),
    "راتلونکې میاشت": (1, "month"), "تېر کال": (-1, "year"), "پروسږکال": (-1, "year"), "سږکال": (0, "year"),
    "الأسبوع الماضي": (-1, "week"), "الأسبوع المقبل": (1, "week"), "الأسبوع القادم": (1, "week"),
    "هذا الأسبوع": (0, "week"), "الشهر الماضي": (-1, "month"), "الشهر المقبل": (1, "month"),
    "الشهر القادم": (1, "month"), "هذا الشهر": (0, "month"), "العام الماضي": (-1, "year"),
    "السنة الماضية": (-1, "year"), "العام المقبل": (1, "year"), "هذا العام": (0, "year"),
}  # fmt: skip
# Weekdays (Monday = 0). Persian/Dari and Pashto compounds of شنبه (Pashto writes شنبې); Urdu names only
# with "کو" after or "بروز" before, because پیر (a saint) and ہفتہ (a week) are ordinary words.
_NON_LATIN_WEEKDAYS: dict[str, int] = {
    "یکشنبه": 6, "دوشنبه": 0, "سه شنبه": 1, "سهشنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "پنج شنبه": 3,
    "جمعه": 4, "شنبه": 5, "یکشنبی": 6, "دوشنبی": 0, "سه شنبی": 1, "چهارشنبی": 2, "پنجشنبی": 3, "شنبی": 5,
    "الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6,
}  # fmt: skip
_URDU_WEEKDAYS: dict[str, int] = {
    "پیر": 0,
    "منگل": 1,
    "بدھ": 2,
    "جمعرات": 3,
    "جمعہ": 4,
    "ہفتہ": 5,
    "اتوار": 6,
}
_TURKISH_WEEKDAYS: dict[str, int] = {
    "pazartesi": 0, "salı": 1, "çarşamba": 2, "perşembe": 3, "cumartesi": 5, "cuma": 4, "pazar": 6,
}  # fmt: skip
# Capitalised, or lower case before "günü" (day): lower-case pazar alone is a market.
_TURKISH_WEEKDAY = re.compile(
    r"(?<!\w)(Pazartesi|Salı|Çarşamba|Perşembe|Cumartesi|Cuma|Pazar)(?!\w)"
    r"|(?<!\w)(pazartesi|salı|çarşamba|perşembe|cumartesi|cuma|pazar)(?= günü)"
)
_TURKISH_DEICTIC = {"bugün": 0, "dün": -1, "yarın": 1}
_TURKISH_PERIOD = {"geçen": -1, "bu": 0, "gelecek": 1, "önümüzdeki": 1}
_TURKISH_UNIT = {"hafta": "week", "haftaya": "week", "ay": "month", "yıl": "year", "sene": "year"}


def _fold(text: str) -> str:
    return "".join(calendars.fold_char(ch) for ch in text)


def _alternation(names: dict[str, int]) -> str:
    return "|".join(
        re.escape(calendars.normalise_letters(n)).replace(r"\ ", r"\s*")
        for n in sorted(names, key=len, reverse=True)
    )


_AR_WORD_END = r"(?![\u0621-\u06ff])"
_AR_WORD_START = r"(?<![\u0621-\u06ff])"


@functools.cache
def _local_patterns() -> tuple[dict[str, int], list[tuple[str, re.Pattern[str]]]]:
    solar = _alternation(calendars.SOLAR_HIJRI_MONTHS)
    hijri = _alternation(calendars.HIJRI_MONTHS)
    greg_names = {}
    for names in calendars.GREGORIAN_MONTHS.values():
        greg_names.update({calendars.normalise_letters(k): v for k, v in names.items()})
    greg = _alternation(greg_names)
    day_re = r"(?P<day>[0-3]?\d)(?:\s*(?:ام|م|th|\.|inci|ıncı|nci|ncı))?"
    year_re = r"(?P<year>1[34]\d\d|20\d\d|19\d\d)"
    # Order matters: Hijri names contain Solar Hijri ones in a few spellings, so Hijri goes first, and a
    # Hijri month requires a Hijri year marker or year in the 14xx range.
    sources: list[tuple[str, str]] = [
        (
            "hijri",
            _AR_WORD_START
            + day_re
            + r"?\s*(?P<month>"
            + hijri
            + r")"
            + _AR_WORD_END
            + r"(?:\s*(?:سال\s*)?"
            + year_re
            + r")?\s*(?:هـ|ه\.?ق|هجری\s*قمری|ھ)?",
        ),
        (
            "solar",
            _AR_WORD_START
            + r"(?:"
            + day_re
            + r"\s*)?(?:(?P<mah>ماه)\s*|د\s*)?(?P<month>"
            + solar
            + r")"
            + _AR_WORD_END
            + r"(?:\s*(?:ماه\s*)?(?:سال\s*)?"
            + year_re
            + r")?(?:\s*(?:هـ\s*ش|ه\.?ش|هجری\s*شمسی|لمریز))?",
        ),
        (
            "greg",
            _AR_WORD_START
            + r"(?:"
            + day_re
            + r"\s*)?(?:(?P<mah>ماه|شهر)\s*)?(?P<month>"
            + greg
            + r")"
            + _AR_WORD_END
            + r"(?:\s*(?:سال\s*|،\s*)?"
            + year_re
            + r")?",
        ),
        ("greg", r"(?<!\w)(?:" + day_re + r"\s+)?(?P<month>" + greg + r")(?!\w)(?:\s+" + year_re + r")?"),
    ]
    return greg_names, [(kind, re.compile(source, re.IGNORECASE)) for kind, source in sources]


def iter_local(text: str, anchor: dt.date, lang: str) -> Iterator[Found]:
    folded = _fold(text)
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    greg_names, patterns = _local_patterns()
    for kind, pattern in patterns:
        for m in pattern.finditer(folded):
            s, e = m.span()
            while e > s and folded[e - 1].isspace():
                e -= 1
            if not free(s, e):
                continue
            month_name = m["month"]
            day_n = int(m["day"]) if m["day"] else None
            year_n = int(m["year"]) if m["year"] else None
            named_month = bool(m.groupdict().get("mah"))
            result = _resolve_local(kind, month_name, day_n, year_n, anchor, greg_names, named_month)
            if result is None:
                continue
            taken.append((s, e))
            yield Found(s, e, result)
    for word, shift in _NON_LATIN_DEICTIC.items():
        for m in re.finditer(_AR_WORD_START + re.escape(word) + _AR_WORD_END, folded):
            if free(*m.span()):
                taken.append(m.span())
                yield Found(m.start(), m.end(), day_result(anchor + dt.timedelta(days=shift), True))
    for pattern, (step, unit) in _local_period_patterns():
        for m in pattern.finditer(folded):
            if free(*m.span()):
                taken.append(m.span())
                yield Found(m.start(), m.end(), step_result(anchor, step, unit))
    for pattern, weekday in _local_weekday_patterns():
        for m in pattern.finditer(folded):
            if free(*m.span()):
                taken.append(m.span())
                yield Found(m.start(), m.end(), day_result(weekday_near(weekday, anchor, "past"), True))
    if lang == "tr":
        for m in _TURKISH_WEEKDAY.finditer(text):
            if free(*m.span()):
                taken.append(m.span())
                weekday = _TURKISH_WEEKDAYS[m.group(0).lower().replace("i̇", "i")]
                yield Found(m.start(), m.end(), day_result(weekday_near(weekday, anchor, "past"), True))
        lower = text.lower()
        for m in re.finditer(r"(?<!\w)(bugün|dün|yarın)(?!\w)", lower):
            if free(*m.span()):
                taken.append(m.span())
                yield Found(
                    m.start(), m.end(), day_result(anchor + dt.timedelta(days=_TURKISH_DEICTIC[m[1]]), True)
                )
        for m in re.finditer(r"(?<!\w)(geçen|bu|gelecek|önümüzdeki)\s+(haftaya|hafta|ay|yıl|sene)\w*", lower):
            if free(*m.span()):
                taken.append(m.span())
                yield Found(
                    m.start(), m.end(), step_result(anchor, _TURKISH_PERIOD[m[1]], _TURKISH_UNIT[m[2]])
                )


def _folded_alternative(phrase: str) -> str:
    return re.escape(calendars.normalise_letters(phrase)).replace(r"\ ", r"\s*")


@functools.cache
def _local_period_patterns() -> list[tuple[re.Pattern[str], tuple[int, str]]]:
    return [
        (re.compile(_AR_WORD_START + _folded_alternative(phrase) + _AR_WORD_END), value)
        for phrase, value in sorted(_NON_LATIN_PERIODS.items(), key=lambda item: -len(item[0]))
    ]


@functools.cache
def _local_weekday_patterns() -> list[tuple[re.Pattern[str], int]]:
    out = [
        (re.compile(_AR_WORD_START + r"(?:یوم\s*)?" + _folded_alternative(name) + _AR_WORD_END), weekday)
        for name, weekday in sorted(_NON_LATIN_WEEKDAYS.items(), key=lambda item: -len(item[0]))
    ]
    for name, weekday in _URDU_WEEKDAYS.items():
        folded = _folded_alternative(name)
        source = r"(?:بروز\s*" + folded + "|" + folded + r"(?=\s*کو" + _AR_WORD_END + "))"
        out.append((re.compile(_AR_WORD_START + source + _AR_WORD_END), weekday))
    return out


def _lookup(name: str, table: dict[str, int]) -> int | None:
    return _folded_table(tuple(table.items())).get(re.sub(r"\s+", "", name))


@functools.cache
def _folded_table(items: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return {re.sub(r"\s+", "", calendars.normalise_letters(name)): number for name, number in items}


def _resolve_local(
    kind: str,
    name: str,
    day: int | None,
    year: int | None,
    anchor: dt.date,
    greg_names: dict[str, int],
    named_month: bool = False,
) -> Result | None:
    if kind == "greg":
        month = _lookup(name.lower(), {k.lower(): v for k, v in greg_names.items()})
        if month is None:
            return None
        if year is None:
            if day is None:
                if not named_month and re.search(r"[\u0600-\u06ff]", name) and len(name.replace(" ", "")) < 4:
                    # Short month names alone are ordinary words in Arabic script: می (a Persian verb
                    # prefix), مه (fog), اب (water, after folding آب).
                    return None
                picked = pick_year(month, 15, anchor, "")
                return month_result(picked.year, month, True) if picked else None
            picked = pick_year(month, day, anchor, "")
            return day_result(picked, True) if picked else None
        if day is None:
            return month_result(year, month, False)
        got = safe_date(year, month, day)
        return day_result(got, False) if got else None
    if kind == "solar":
        month = _lookup(name, calendars.SOLAR_HIJRI_MONTHS)
        if month is None or (day is None and year is None and not named_month):
            # A bare zodiac/Iranian month name is too often an ordinary word (تیر "arrow", دی, مهر);
            # "ماه میزان" (the month of Mizan) is safe.
            return None
        if year is not None and not 1300 <= year <= 1500:
            return None
        jy = year if year is not None else calendars.gregorian_to_solar_hijri_year(anchor)
        if year is None and calendars.solar_hijri_to_gregorian(jy, month, 1) > anchor + dt.timedelta(
            days=180
        ):
            jy -= 1
        if day is None:
            low, high = calendars.solar_hijri_month_span(jy, month)
            return Result(
                f"{low.year:04d}-{low.month:02d}" if low.month == high.month else low.isoformat()[:7],
                low,
                high,
                "month",
                year is None,
            )
        if not 1 <= day <= calendars.solar_hijri_month_length(jy, month):
            return None  # 30 Hut only in a leap year
        return day_result(calendars.solar_hijri_to_gregorian(jy, month, day), year is None)
    month = _lookup(name, calendars.HIJRI_MONTHS)
    if month is None or (year is not None and not 1300 <= year <= 1500) or (day is None and year is None):
        return None
    hy = year if year is not None else calendars.gregorian_to_hijri_year(anchor)
    if day is None:
        low, high = calendars.hijri_month_span(hy, month)
        return Result(low.isoformat()[:7], low, high, "month", year is None)
    if not 1 <= day <= 30:
        return None
    got = calendars.hijri_to_gregorian(hy, month, day)
    # Tabular Hijri can be a day off the announced calendar: keep the day, widen the range.
    return Result(got.isoformat(), got - ONE_DAY, got + ONE_DAY, "day", year is None)
