"""Numbers as written in news text: digits with separators, Eastern Arabic and Persian digits, and number
words in English plus small numbers in Urdu, Pashto, Dari/Persian, Turkish and Arabic.

``parse_number`` reads a whole expression ("1,200", "۲۳", "twenty-three", "a dozen", "two hundred and five",
"on iki", "بیست و سه"); ``NUMBER_PATTERN`` finds English-side candidates inside a sentence (casualties.py
builds its grammar on it). Vague quantities ("dozens", "hundreds") are not numbers: casualties.py gives
them low/best/high by its own rules.
"""

from __future__ import annotations

import re

# Eastern Arabic (U+0660..) and Persian/Urdu (U+06F0..) digits, plus Devanagari, all mapped to ASCII.
_DIGIT_MAP = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0966 + i): str(i) for i in range(10)},
}
_DIGIT_TABLE = str.maketrans(_DIGIT_MAP)

_EN_UNITS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "dozen": 12,
    "single": 1,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Small numbers in the mechanism's other languages; compounds are read by adding (tens + units) and
# multiplying by scale words, which is how all five languages build them.
_WORDS: dict[str, dict[str, int]] = {
    "ur": {
        "ایک": 1,
        "دو": 2,
        "تین": 3,
        "چار": 4,
        "پانچ": 5,
        "چھ": 6,
        "سات": 7,
        "آٹھ": 8,
        "نو": 9,
        "دس": 10,
        "گیارہ": 11,
        "بارہ": 12,
        "تیرہ": 13,
        "چودہ": 14,
        "پندرہ": 15,
        "سولہ": 16,
        "سترہ": 17,
        "اٹھارہ": 18,
        "انیس": 19,
        "بیس": 20,
        "تیس": 30,
        "چالیس": 40,
        "پچاس": 50,
        "ساٹھ": 60,
        "ستر": 70,
        "اسی": 80,
        "نوے": 90,
        "سو": 100,
        "ہزار": 1000,
        "درجن": 12,
    },
    "ps": {
        "یو": 1,
        "یوه": 1,
        "دوه": 2,
        "درې": 3,
        "دری": 3,
        "څلور": 4,
        "پنځه": 5,
        "شپږ": 6,
        "اووه": 7,
        "اته": 8,
        "نهه": 9,
        "لس": 10,
        "یوولس": 11,
        "دولس": 12,
        "شل": 20,
        "دېرش": 30,
        "څلوېښت": 40,
        "پنځوس": 50,
        "سل": 100,
        "زر": 1000,
    },
    "fa": {
        "یک": 1,
        "دو": 2,
        "سه": 3,
        "چهار": 4,
        "پنج": 5,
        "شش": 6,
        "هفت": 7,
        "هشت": 8,
        "نه": 9,
        "ده": 10,
        "یازده": 11,
        "دوازده": 12,
        "سیزده": 13,
        "چهارده": 14,
        "پانزده": 15,
        "شانزده": 16,
        "هفده": 17,
        "هجده": 18,
        "نوزده": 19,
        "بیست": 20,
        "سی": 30,
        "چهل": 40,
        "پنجاه": 50,
        "شصت": 60,
        "هفتاد": 70,
        "هشتاد": 80,
        "نود": 90,
        "صد": 100,
        "یکصد": 100,
        "دویست": 200,
        "سیصد": 300,
        "هزار": 1000,
        "دوجین": 12,
    },
    "tr": {
        "bir": 1,
        "iki": 2,
        "üç": 3,
        "dört": 4,
        "beş": 5,
        "altı": 6,
        "yedi": 7,
        "sekiz": 8,
        "dokuz": 9,
        "on": 10,
        "yirmi": 20,
        "otuz": 30,
        "kırk": 40,
        "elli": 50,
        "altmış": 60,
        "yetmiş": 70,
        "seksen": 80,
        "doksan": 90,
        "yüz": 100,
        "bin": 1000,
        "düzine": 12,
    },
    "ar": {
        "واحد": 1,
        "واحدة": 1,
        "اثنان": 2,
        "اثنين": 2,
        "اثنتين": 2,
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "ست": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "ثماني": 8,
        "تسعة": 9,
        "تسع": 9,
        "عشرة": 10,
        "عشر": 10,
        "عشرون": 20,
        "عشرين": 20,
        "ثلاثون": 30,
        "ثلاثين": 30,
        "أربعون": 40,
        "أربعين": 40,
        "خمسون": 50,
        "خمسين": 50,
        "مئة": 100,
        "مائة": 100,
        "ألف": 1000,
    },
}
_SCALE_VALUES = {100, 1000, 1_000_000}
# Dari (prs) is written like Persian; ISO 639-1 has no code for it, so "fa" covers both.
_LANG_ALIASES = {"prs": "fa", "dari": "fa", "pa": "ur"}

_DIGITS_RE = re.compile(r"^[+-]?\d{1,3}(?:([,.\u066c\u00a0 ])\d{3})*(?:[.\u066b]\d+)?$|^\d+$")

_EN_WORD = "|".join(
    sorted([w for w in [*_EN_UNITS, *_EN_TENS, *_EN_SCALES] if w not in ("a", "an")], key=len, reverse=True)
)
# A run of English number words ("two hundred and twenty-three", "a dozen") or a digit group.
NUMBER_PATTERN = (
    r"(?:\d{1,3}(?:[,\u066c]\d{3})+(?!\d)|\d+(?:\.\d+)?|[\u0660-\u0669\u06f0-\u06f9]+|"
    r"(?:(?:an?\s+(?=dozen|hundred|thousand))?(?:"
    + _EN_WORD
    + r")(?:(?:[- ]|\s+and\s+)(?:"
    + _EN_WORD
    + r"))*)(?![\w-]))"
)


# Every NUMBER_PATTERN match in words opens with one of these whole words (a word followed by a space,
# hyphen or non-word character): casualties.py looks for them before trying its patterns.
NUMBER_START_WORDS = frozenset([*_EN_WORD.split("|"), "a", "an"])
# Words of a number are split at spaces, hyphens and the zero-width non-joiner of Persian compounds.
_WORD_SPLIT = re.compile(r"[\s\-\u200c]+")


def _parse_digits(text: str) -> int | None:
    s = text.translate(_DIGIT_TABLE).strip()
    m = _DIGITS_RE.match(s)
    if not m:
        return None
    sep = m.group(1) if m.lastindex else None
    if sep:
        s = s.replace(sep, "")
    s = s.replace("\u066b", ".")
    try:
        return int(float(s))
    except ValueError:
        return None


def _combine(values: list[int]) -> int | None:
    """Value of a sequence of number-word values read left to right ("two hundred five" -> 205)."""
    if not values:
        return None
    total = 0
    current = 0
    for v in values:
        if v in _SCALE_VALUES:
            current = (current or 1) * v
            if v >= 1000:
                total += current
                current = 0
        else:
            current += v
    return total + current


def _parse_english(words: list[str]) -> int | None:
    words = [w for w in words if w != "and"]
    if not words:
        return None
    if words[-1] == "dozen":
        # "a dozen" = 12, "two dozen" = 24.
        head = words[:-1]
        if not head or head in (["a"], ["one"]):
            return 12
        factor = _parse_english(head)
        return factor * 12 if factor is not None else None
    if words[0] in ("a", "an"):
        # "a"/"an" only counts before a scale word ("a hundred", "a thousand").
        if len(words) < 2 or words[1] not in _EN_SCALES:
            return None
        words = ["one", *words[1:]]
    values: list[int] = []
    for w in words:
        if w in _EN_UNITS and w not in ("a", "an", "dozen", "single"):
            values.append(_EN_UNITS[w])
        elif w in _EN_TENS:
            values.append(_EN_TENS[w])
        elif w in _EN_SCALES:
            values.append(_EN_SCALES[w])
        else:
            return None
    return _combine(values)


def parse_number(text: str, lang: str = "en") -> int | None:
    """The integer written in ``text``, or None when ``text`` is not (only) a number.

    Accepts digits with thousands separators ("1,200", "1.200", "1 200", Arabic "١٬٢٠٠"), Eastern Arabic and
    Persian digits, English number words ("twenty-three", "a dozen", "two hundred and five") and, for
    ``lang`` in ur/ps/fa/tr/ar, that language's words for small numbers (compounds joined by spaces or by
    the conjunction "و"/"ve"). Decimals are truncated ("2.5" -> 2).
    """
    s = text.strip()
    if not s:
        return None
    value = _parse_digits(s)
    if value is not None:
        return value
    words = [w for w in _WORD_SPLIT.split(s.lower()) if w]
    english = _parse_english(words)
    if english is not None:
        return english
    table = _WORDS.get(_LANG_ALIASES.get(lang, lang))
    if table is None:
        return None
    values: list[int] = []
    for w in words:
        if w in ("و", "ve", "او"):
            continue
        # Persian/Urdu often attach the conjunction: "بیست‌وسه", "وسه".
        if w not in table and w.startswith("و") and w[1:] in table:
            w = w[1:]
        if w not in table:
            d = _parse_digits(w)
            if d is None:
                return None
            values.append(d)
            continue
        values.append(table[w])
    return _combine(values)
