"""Calendar conversions and month names for the languages the extractor reads and the pages show.

Both calendars come from one library, ``convertdate`` (docs/calendars.md says why that one):

- Solar Hijri (Afghanistan's and Iran's civil calendar): ``convertdate.persian`` starts each year on the day
  of the March equinox reckoned at the Tehran meridian (noon rule), the astronomical rule both countries'
  official calendars follow; the 33-year arithmetic cycle it replaces drifts from it after 1403 SH.
- Hijri: ``convertdate.islamic``, the tabular (civil) Islamic calendar. Official lunar calendars (Umm
  al-Qura, Pakistan's sighting committee) can differ from it by a day or two, so callers widen Hijri days by
  one day each side.

The equinox is computed (about a tenth of a second a year): the library is asked once per year for the
day its year begins, and days within a year follow from the fixed month lengths (31 days in months 1-6, 30
in 7-11, Hut the rest of the year up to the next Nowruz).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from convertdate import islamic, persian

# Afghan (zodiac) month names as Dari and Pashto readers write them, for display; ``en`` is their
# transliteration for every other language. The extractor's table below also knows the Iranian names and
# folded spellings.
SOLAR_HIJRI_MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "fa": ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"),
    "ps": ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب"),
    "en": ("Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sonbola", "Mizan", "Aqrab", "Qaws", "Jadi", "Dalw",
           "Hut"),
}  # fmt: skip


@lru_cache(maxsize=512)
def nowruz(jy: int) -> dt.date:
    """1 Hamal (Farvardin) of Solar Hijri year ``jy``: the day of the March equinox at the Tehran meridian."""
    return dt.date(*persian.to_gregorian(jy, 1, 1))


def solar_hijri_month_length(jy: int, jm: int) -> int:
    """31 days in months 1-6, 30 in 7-11; Hut (12) has 30 in a leap year, else 29."""
    if not 1 <= jm <= 12:
        raise ValueError(f"no month {jm} in the Solar Hijri calendar")
    if jm < 12:
        return 31 if jm <= 6 else 30
    return (nowruz(jy + 1) - nowruz(jy)).days - 336


def solar_hijri_to_gregorian(jy: int, jm: int, jd: int) -> dt.date:
    """Requires 1 <= jm <= 12 and 1 <= jd <= ``solar_hijri_month_length(jy, jm)``; ValueError otherwise
    (30 Hut exists only in a leap year)."""
    if not 1 <= jd <= solar_hijri_month_length(jy, jm):
        raise ValueError(f"no day {jd} in month {jm} of {jy} SH")
    return nowruz(jy) + dt.timedelta(days=(jm - 1) * 31 - max(0, jm - 7) + jd - 1)


def gregorian_to_solar_hijri(day: dt.date) -> tuple[int, int, int]:
    """(year, month, day) of the Solar Hijri calendar for a Gregorian day."""
    jy = day.year - 621 if day >= nowruz(day.year - 621) else day.year - 622
    offset = (day - nowruz(jy)).days
    if offset < 186:
        return jy, offset // 31 + 1, offset % 31 + 1
    return jy, min((offset - 186) // 30 + 7, 12), offset - 186 - 30 * min((offset - 186) // 30, 5) + 1


def solar_hijri_month_span(jy: int, jm: int) -> tuple[dt.date, dt.date]:
    first = solar_hijri_to_gregorian(jy, jm, 1)
    return first, first + dt.timedelta(days=solar_hijri_month_length(jy, jm) - 1)


def gregorian_to_solar_hijri_year(day: dt.date) -> int:
    return gregorian_to_solar_hijri(day)[0]


def hijri_to_gregorian(hy: int, hm: int, hd: int) -> dt.date:
    """Tabular Islamic calendar; requires 1 <= hm <= 12 and 1 <= hd <= 30 (a 30th that the month does not
    have is the first of the next month, as an approximate calendar should read it)."""
    if not 1 <= hm <= 12 or not 1 <= hd <= 30:
        raise ValueError(f"no day {hd} in month {hm} of {hy} AH")
    return dt.date(*islamic.to_gregorian(hy, hm, hd))


def hijri_month_span(hy: int, hm: int) -> tuple[dt.date, dt.date]:
    first = hijri_to_gregorian(hy, hm, 1)
    return first, first + dt.timedelta(days=int(islamic.month_length(hy, hm)) - 1)


def gregorian_to_hijri_year(day: dt.date) -> int:
    return int(islamic.from_gregorian(day.year, day.month, day.day)[0])


# Month names -> month number. Spelling variants are those seen in Pakistani, Afghan, Turkish and Arab
# news sites; Arabic letters are matched after normalisation (see ``normalise_letters``).
GREGORIAN_MONTHS: dict[str, dict[str, int]] = {
    "ur": {"جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "جون": 6, "جولائی": 7, "اگست": 8,
           "ستمبر": 9, "اکتوبر": 10, "نومبر": 11, "دسمبر": 12},
    "ar": {"يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7, "اغسطس": 8,
           "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12, "كانون الثاني": 1, "شباط": 2,
           "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
           "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12},
    "fa": {"ژانویه": 1, "جنوری": 1, "فوریه": 2, "فبروری": 2, "مارس": 3, "مارچ": 3, "اوریل": 4, "اپریل": 4,
           "مه": 5, "می": 5, "ژوئن": 6, "جون": 6, "ژوئیه": 7, "جولای": 7, "اوت": 8, "اگست": 8,
           "سپتامبر": 9, "سپتمبر": 9, "اکتبر": 10, "اکتوبر": 10, "نوامبر": 11, "نومبر": 11,
           "دسامبر": 12, "دسمبر": 12},
    "tr": {"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
           "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12},
}  # fmt: skip
GREGORIAN_MONTHS["ps"] = {**GREGORIAN_MONTHS["fa"], **GREGORIAN_MONTHS["ur"]}

# Solar Hijri: Afghan (zodiac) names in Dari and Pashto, and the Iranian names.
SOLAR_HIJRI_MONTHS: dict[str, int] = {
    "حمل": 1, "ثور": 2, "جوزا": 3, "سرطان": 4, "اسد": 5, "سنبله": 6, "میزان": 7, "عقرب": 8, "قوس": 9,
    "جدی": 10, "دلو": 11, "حوت": 12,
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "شهریور": 6, "مهر": 7, "ابان": 8,
    "اذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
    "وری": 1, "غویی": 2, "غبرگولی": 3, "چنگاښ": 4, "زمری": 5, "وږی": 6, "تله": 7, "لړم": 8, "لیندۍ": 9,
    "مرغومی": 10, "سلواغه": 11, "کب": 12,
}  # fmt: skip

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربیع الاول": 3, "ربیع الثانی": 4, "ربیع الاخر": 4, "جمادی الاولی": 5,
    "جمادی الاول": 5, "جمادی الثانیه": 6, "جمادی الاخره": 6, "جمادی الثانی": 6, "رجب": 7, "شعبان": 8,
    "رمضان": 9, "شوال": 10, "ذوالقعده": 11, "ذو القعده": 11, "ذیقعد": 11, "ذوالحجه": 12, "ذو الحجه": 12,
    "ذیحج": 12,
}  # fmt: skip

_LETTER_MAP = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ګ": "گ",
     "ې": "ی", "ۍ": "ی", "ئ": "ی", "ے": "ی", "ہ": "ه", "ھ": "ه", "\u0640": None, "\u200c": " ",
     "\u064b": None, "\u064c": None, "\u064d": None, "\u064e": None, "\u064f": None, "\u0650": None,
     "\u0651": None, "\u0652": None}
)  # fmt: skip

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise_letters(text: str) -> str:
    """Fold Arabic-script spelling variants (Arabic vs Persian yeh/kaf, hamza seats, teh marbuta, Pashto
    and Urdu letter forms, tatweel, vowel marks) and Eastern Arabic/Persian digits to one form.
    Keeps the length of the text unchanged except where marks are dropped; callers that need offsets
    normalise character by character (see ``dates._fold``)."""
    return text.translate(_LETTER_MAP).translate(_DIGITS)


def fold_char(ch: str) -> str:
    """Normalise one character and always return exactly one character (a space for dropped marks),
    so offsets in the folded text equal offsets in the original (dropped marks are kept as they are)."""
    out = ch.translate(_LETTER_MAP).translate(_DIGITS)
    return out if len(out) == 1 else ch
