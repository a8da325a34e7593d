"""Calendar arithmetic and month names for the languages the extractor reads.

Solar Hijri (Afghanistan's and Iran's civil calendar) uses the 33-year arithmetic rule, which agrees with
the astronomical calendar for 1178-1633 SH (1799-2256 CE). Hijri dates use the tabular (civil) Islamic
calendar, epoch 16 July 622 Julian; official lunar calendars (Umm al-Qura, Pakistan's sighting
committee) can differ from it by a day or two, so callers widen Hijri days by one day each side.
"""

from __future__ import annotations

import datetime as dt

_SH_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
              2324, 2394, 2456, 3178)  # fmt: skip


def _jal_cal(jy: int) -> tuple[int, int, int]:
    """Return (leap, gregorian year, march day of Farvardin 1) for Solar Hijri year ``jy``."""
    gy = jy + 621
    leap_j = -14
    jp = _SH_BREAKS[0]
    jump = 0
    for jm in _SH_BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += jump // 33 * 8 + (jump % 33) // 4
        jp = jm
    n = jy - jp
    leap_j += n // 33 * 8 + ((n % 33) + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + (jump + 4) // 33 * 33
    leap = ((n + 1) % 33 - 1) % 4
    if leap == -1:
        leap = 4
    return leap, gy, march


def solar_hijri_to_gregorian(jy: int, jm: int, jd: int) -> dt.date:
    """Requires 1 <= jm <= 12 and a day that exists in that month (31 days in months 1-6, 30 after)."""
    _, gy, march = _jal_cal(jy)
    start = dt.date(gy, 3, march)
    offset = (jm - 1) * 31 - max(0, jm - 7) * 1 + jd - 1
    return start + dt.timedelta(days=offset)


def solar_hijri_month_span(jy: int, jm: int) -> tuple[dt.date, dt.date]:
    first = solar_hijri_to_gregorian(jy, jm, 1)
    nxt = solar_hijri_to_gregorian(jy + (jm == 12), jm % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def gregorian_to_solar_hijri_year(day: dt.date) -> int:
    jy = day.year - 621
    return jy if day >= solar_hijri_to_gregorian(jy, 1, 1) else jy - 1


# 16 July 622 Julian = 19 July 622 in the proleptic Gregorian calendar Python uses.
_HIJRI_EPOCH = dt.date(622, 7, 19).toordinal() - 1


def hijri_to_gregorian(hy: int, hm: int, hd: int) -> dt.date:
    """Tabular Islamic calendar; requires 1 <= hm <= 12 and 1 <= hd <= 30."""
    days = hd + (295 * (hm - 1) + 9) // 10 + 354 * (hy - 1) + (3 + 11 * hy) // 30
    return dt.date.fromordinal(days + _HIJRI_EPOCH)


def hijri_month_span(hy: int, hm: int) -> tuple[dt.date, dt.date]:
    first = hijri_to_gregorian(hy, hm, 1)
    nxt = hijri_to_gregorian(hy + (hm == 12), hm % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def gregorian_to_hijri_year(day: dt.date) -> int:
    hy = int((day.toordinal() - _HIJRI_EPOCH) / 354.367) + 1
    while hijri_to_gregorian(hy, 1, 1) > day:
        hy -= 1
    while hijri_to_gregorian(hy + 1, 1, 1) <= day:
        hy += 1
    return hy


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
