"""The four letters outside ASCII that Python's case-insensitive matching reads as ASCII ones.

``(?i)`` matches İ (U+0130) and ı (U+0131) to "i", ſ (U+017F, long s) to "s" and K (U+212A, Kelvin sign)
to "k"; İ is also the only character whose lower case is longer (i plus a combining dot). So a pattern
can match "KİLLED" or "Tueſday" while the word tables it leads to know only "killed" and "tuesday", and
shortcuts that search lower-cased text hold only for text without these letters. Every component that
reads words case-insensitively uses this module for both (checked over all of Unicode by the tests of
eventtype and actors).
"""

from __future__ import annotations

import re

# Each letter as the ASCII letter (?i) matches it to, lower case.
FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
UNSAFE = re.compile("[" + "".join(FOLDS) + "]")
# The same letters as ASCII, keeping their case: one character for one, so offsets stay.
AS_ASCII = str.maketrans({"\u0130": "I", "\u0131": "i", "\u017f": "s", "\u212a": "K"})


def case_safe(text: str) -> bool:
    """Whether ``text`` holds none of the four letters: then lower-casing keeps its length, its word
    classes and what every case-insensitive pattern matches."""
    return text.isascii() or UNSAFE.search(text) is None


def folded_lower(text: str) -> str:
    """``text`` lower-cased, offset for offset, with the four letters written as the ASCII letters they
    match: the key to look a case-insensitively matched word up in a lower-case table."""
    if case_safe(text):
        return text.lower()
    return UNSAFE.sub(lambda m: FOLDS[m.group()], text).lower()
