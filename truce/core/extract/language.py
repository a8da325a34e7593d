"""Language of an article: ``detect(text) -> ISO 639-1`` for en, tr, ur, ps, fa, ar ("und" otherwise).

No model: the script decides the family, then letters only one language uses and frequent function
words decide within it.
- Latin script: Turkish when its letters (ğ ı ş İ) or function words (ve, bir, bu, için, ile) dominate,
  English when English function words do.
- Arabic script: Pashto letters (ټ ډ ړ ږ ښ ګ ڼ ځ څ ې ۍ) -> ps; Urdu letters (ٹ ڈ ڑ ں ے ۓ) -> ur;
  Arabic's own (ة, Arabic yeh ي, ى, a high share of words starting with ال) -> ar; Persian/Dari
  function words (است، این، را، می) with Persian yeh/kaf -> fa. Letters count per thousand letters so
  a quoted English name or a borrowed word does not flip the result.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_EN = frozenset(
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "by", "said", "as",
        "at", "from", "were", "has", "have", "it", "its"
    }
)  # fmt: skip
_TR = frozenset(
    {
        "ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "olan", "ise", "çok", "daha", "ama", "gibi",
        "sonra", "ancak", "değil", "dedi"
    }
)  # fmt: skip
_FA = frozenset(
    {
        "است", "این", "را", "که", "از", "با", "می", "به", "برای", "شد", "های", "آن", "کرد", "یک", "تا",
        "نیز", "بود", "هم", "شده", "کند"
    }
)  # fmt: skip
_UR = frozenset(
    {
        "کے", "کی", "ہے", "میں", "اور", "کو", "نے", "سے", "کا", "پر", "ہیں", "کہ", "تھا", "گیا", "یہ", "بھی"
    }
)  # fmt: skip
_PS = frozenset(
    {
        "د", "او", "په", "چې", "له", "دا", "سره", "کې", "ته", "یې", "وه", "دي", "شوي", "ده", "نه", "وو"
    }
)  # fmt: skip
_AR = frozenset(
    {
        "في", "من", "على", "إلى", "أن", "التي", "الذي", "عن", "مع", "هذا", "هذه", "كان", "قال", "بين", "وقد"
    }
)  # fmt: skip

_PASHTO_LETTERS = set("ټډړږښګڼځڅېۍ")
_URDU_LETTERS = set("ٹڈڑںےۓ")
_ARABIC_LETTERS = set("ةيىأإؤ")
_PERSIAN_LETTERS = set("یکپچژگ")


_LATIN = re.compile(r"[A-Za-zçğıöşüÇĞİÖŞÜ]+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufefe]+")
# Text without these has no letters but those of ``_LATIN`` other than İ (its other characters are
# digits, punctuation, symbols and spaces) and nothing of the Arabic script: English and Turkish news,
# whose quotes and dashes are not ASCII.
_NOT_PLAIN = re.compile(r"[^\W\x00-\x7fçğıöşüÇĞÖŞÜ]|[\u0600-\u06ff\u0750-\u077f\ufb50-\ufefe]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_PLAIN_WORD = re.compile(r"[a-zçğıöşü]+")


def _plain(sample: str) -> bool:
    """Whether ``_NOT_PLAIN`` finds nothing in ``sample``: it tests single characters, so looking only
    at the (few) characters outside ASCII, run together, is the same search and much shorter."""
    return _NOT_PLAIN.search("".join(_NON_ASCII.findall(sample))) is None


def _script(text: str) -> tuple[int, int]:
    # Runs, not single letters: far fewer matches for the same count.
    return len("".join(_LATIN.findall(text))), len("".join(_ARABIC_SCRIPT.findall(text)))


def _words_lower(sample: str) -> list[str]:
    """``[w.lower() for w in _WORD.findall(sample)]``: lower-casing first gives the same words except
    for İ, the one character whose lower case is two characters (checked over all of Unicode by the tests)."""
    if "\u0130" in sample:
        return [w.lower() for w in _WORD.findall(sample)]
    return _WORD.findall(sample.lower())


def detect(text: str) -> str:
    """ISO 639-1 code of the language of ``text``; "und" when it cannot tell (too short, other script)."""
    sample = text[:3000]  # plenty for a verdict; detection must stay cheap next to extraction
    if _plain(sample):
        # Only letters of ``_LATIN``: the words are the runs of them, lower-cased before or after alike
        # (lower-casing makes no other character such a letter and keeps every length, see the tests),
        # their letters are all the Latin letters, and there is no Arabic script.
        words = _PLAIN_WORD.findall(sample.lower())
        if sum(map(len, words)) < 12:
            return "und"
        return _latin_script(sample, words)
    latin, arabic = _script(sample)
    if latin + arabic < 12:
        return "und"
    words = _words_lower(sample)
    if arabic > latin:
        return _arabic_script(sample, [w for w in words if not w.isascii()], arabic)
    return _latin_script(sample, words)


def _latin_script(sample: str, words: list[str]) -> str:
    if not words:
        return "und"
    en = sum(map(_EN.__contains__, words))
    tr = sum(map(_TR.__contains__, words)) + 2 * sum(sample.count(ch) for ch in "ğışİĞŞ")
    if tr > en and tr >= 2:
        return "tr"
    if en >= max(2, len(words) // 20):
        return "en"
    return "en" if en > 0 and len(words) < 40 else "und"


def _arabic_script(sample: str, words: list[str], letters: int) -> str:
    per_mille = 1000 / max(letters, 1)
    pashto = sum(ch in _PASHTO_LETTERS for ch in sample) * per_mille
    urdu = sum(ch in _URDU_LETTERS for ch in sample) * per_mille
    arabic = sum(ch in _ARABIC_LETTERS for ch in sample) * per_mille
    scores = {
        "ps": pashto * 2 + sum(w in _PS for w in words) * 3,
        "ur": urdu * 2 + sum(w in _UR for w in words) * 3,
        "ar": arabic + sum(w in _AR for w in words) * 3 + sum(w.startswith("ال") for w in words) * 2,
        "fa": sum(ch in _PERSIAN_LETTERS for ch in sample) * per_mille * 0.3
        + sum(w in _FA for w in words) * 3,
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else "und"
