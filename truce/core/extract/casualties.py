"""Casualty figures: how many of whom were killed, injured, abducted or arrested, as low/best/high.

Qualifier rules (``quantity``). ACLED codes the conservative figure a report supports; UCDP keeps a low,
a best and a high estimate. We keep all three as (low, best, high), ``None`` meaning "the text gives no
bound":

- exact: "10", "ten", "a dozen" -> (10, 10, 10);
- floor: "at least 10", "more than 10", "over 10", "no fewer than 10", "upwards of 10", "10 or more",
  "10-plus" -> (10, 10, None); ACLED codes the floor ("more than 200" is coded 200);
- ceiling: "as many as 23", "up to 23", "no more than 23", "at most 23" -> (None, 23, 23); the ceiling
  is the only figure given, so it is also the best;
- just below: "nearly 30", "almost 30", "close to 30", "just under 30" -> (None, 30, 30);
- estimate: "about 30", "around 30", "some 30", "roughly 30", "an estimated 30" -> (None, 30, None);
- range: "10 to 15", "10-15", "10 or 15", "between 10 and 15" -> (10, 10, 15); best is the low end
  (ACLED's conservative count); a reversed range ("15 to 10") is not trusted and gives its first figure;
- vague plurals, read as "at least two of them": "dozens" -> (24, 24, None), "scores" -> (40, 40, None),
  "hundreds" -> (200, 200, None), "thousands" -> (2000, 2000, None), "tens" -> (20, 20, None);
- "several", "a few", "a number of", "many", "numerous" -> (2, 3, None): more than one, 3 as ACLED's habit;
- a singular victim ("a soldier was killed") -> (1, 1, 1).

A qualifier before a vague plural keeps the plural's figure and the qualifier's bound ("at least dozens" =
24/24/None). ``annotate`` finds figures in sentences of the forms "N <who> were killed", "killing N <who>",
"N dead", "left N <who> dead", "the death toll rose to N" and "N killed and M injured".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from truce.core.extract.casefold import case_safe, folded_lower
from truce.core.extract.document import CasualtyMention, Document
from truce.core.extract.numbers import NUMBER_PATTERN, NUMBER_START_WORDS, parse_number


@dataclass(frozen=True)
class Quantity:
    low: int | None
    best: int | None
    high: int | None


_FLOOR = r"at least|more than|over|no fewer than|no less than|not less than|upwards of|in excess of|above"
_CEILING = r"as many as|up to|no more than|at most|not more than"
_NEAR_BELOW = r"nearly|almost|close to|just under|just below|fewer than|less than|under"
_ABOUT = r"about|around|some|roughly|approximately|an estimated|estimated|approx\.|circa|nearly about"
QUALIFIER = rf"(?:{_FLOOR}|{_CEILING}|{_NEAR_BELOW}|{_ABOUT})"

_VAGUE: dict[str, Quantity] = {
    "dozens": Quantity(24, 24, None),
    "scores": Quantity(40, 40, None),
    "hundreds": Quantity(200, 200, None),
    "thousands": Quantity(2000, 2000, None),
    "tens": Quantity(20, 20, None),
    "several": Quantity(2, 3, None),
    "a few": Quantity(2, 3, None),
    "a number of": Quantity(2, 3, None),
    "many": Quantity(2, 3, None),
    "numerous": Quantity(2, 3, None),
}
_VAGUE_PATTERN = r"(?:dozens|scores|hundreds|thousands|tens|several|a few|a number of|many|numerous)(?: of)?"

# A figure: optional qualifier, then a range, a number or a vague plural.
QUANTITY_PATTERN = (
    rf"(?P<fig>(?:(?P<qual>{QUALIFIER})\s+)?"
    rf"(?:between\s+(?P<rlo>{NUMBER_PATTERN})\s+and\s+(?P<rhi>{NUMBER_PATTERN})|"
    rf"(?P<lo>{NUMBER_PATTERN})(?:\s*(?:-|–|to|or)\s*(?P<hi>{NUMBER_PATTERN}))?(?P<plus>\s*(?:-plus|\+|"
    rf"or more))?|"
    rf"(?P<vague>{_VAGUE_PATTERN})))"
)
_QUANTITY_RE = re.compile(rf"^\s*{QUANTITY_PATTERN}\s*$", re.I)
_FLOOR_RE = re.compile(_FLOOR)
_CEILING_RE = re.compile(_CEILING)
_NEAR_BELOW_RE = re.compile(_NEAR_BELOW)
_OF_END = re.compile(r"\s+of$")


def _qualify(qual: str, n: int) -> Quantity:
    q = qual.lower()
    if _FLOOR_RE.fullmatch(q):
        return Quantity(n, n, None)
    if _CEILING_RE.fullmatch(q) or _NEAR_BELOW_RE.fullmatch(q):
        return Quantity(None, n, n)
    return Quantity(None, n, None)


def _key(word: str) -> str:
    """``word`` as a key of the word tables: the patterns match case-insensitively, which lets "KİLLED"
    or "ſeveral" through (see casefold)."""
    return folded_lower(word)


def quantity(phrase: str, lang: str = "en") -> Quantity | None:
    """low/best/high of a casualty figure phrase ("at least 10", "dozens", "between 10 and 15"), by the
    rules in the module docstring; None when the phrase is not a figure."""
    m = _QUANTITY_RE.match(phrase)
    if not m:
        n = parse_number(phrase, lang)
        return Quantity(n, n, n) if n is not None else None
    qual = m.group("qual") or ""
    if m.group("rlo"):
        lo, hi = parse_number(m.group("rlo")), parse_number(m.group("rhi"))
        if lo is None or hi is None:
            return None
        return Quantity(min(lo, hi), min(lo, hi), max(lo, hi))
    if m.group("vague"):
        base = _VAGUE.get(_key(_OF_END.sub("", m.group("vague"))))
        if base is None:
            return None
        if qual and _CEILING_RE.fullmatch(qual.lower()):
            return Quantity(None, base.best, None)
        return base
    lo = parse_number(m.group("lo"), lang)
    if lo is None:
        return None
    if m.group("hi"):
        hi = parse_number(m.group("hi"), lang)
        if hi is None or hi <= lo:
            return None if hi is None else Quantity(lo, lo, lo)
        return Quantity(lo, lo, hi)
    if m.group("plus"):
        return Quantity(lo, lo, None)
    if qual:
        return _qualify(qual, lo)
    return Quantity(lo, lo, lo)


_OUTCOMES: dict[str, str] = {}
for _outcome, _words in {
    "killed": "killed|dead|died|martyred|slain|perished|lost their lives|lost his life|lost her life|"
    "executed|beheaded|massacred|shot dead|gunned down",
    "injured": "injured|wounded|hurt|maimed",
    "abducted": "abducted|kidnapped|taken hostage|seized|taken captive",
    "arrested": "arrested|detained|apprehended|taken into custody|held",
}.items():
    for _w in _words.split("|"):
        _OUTCOMES[_w] = _outcome
_OUTCOME = "|".join(sorted(_OUTCOMES, key=len, reverse=True))

# Who: up to six words that are not verbs or clause breaks ("Pakistani soldiers", "Taliban fighters and
# affiliated militants", "people, including two children" is cut at the comma).
_WHO = (
    r"(?P<who>(?:(?!(?:were|was|are|is|have|has|had|got|been|and (?:\d|injur|wound|kill|abduct)\w*)\b)"
    r"[\w'’-]+\s+){0,6}?)"
)
_WHO_AFTER = (
    r"(?P<who>(?:(?!(?:in|on|at|near|during|when|after|before|while|as|including|with|since|from|across|"
    r"and (?:injur|wound|kill|abduct|arrest|leav)\w*)\b)[\w'’-]+(?:\s+|(?=[,.;:)]|$))){0,6})"
)
_AUX = (
    r"(?:(?:were|was|are|is|have been|has been|had been|got|reportedly|were reportedly|have reportedly been|"
)
_AUX += r"were all|all)\s+)*"
_VERB_ACTIVE = (
    r"(?P<verb>killing|killed|kills|kill|wounding|wounded|injuring|injured|martyring|martyred|abducting|"
    r"abducted|"
    r"kidnapping|kidnapped|arresting|arrested|detaining|detained)"
)
_VERB_TO_OUTCOME = {
    "kill": "killed",
    "killing": "killed",
    "killed": "killed",
    "kills": "killed",
    "martyring": "killed",
    "martyred": "killed",
    "wounding": "injured",
    "wounded": "injured",
    "injuring": "injured",
    "injured": "injured",
    "abducting": "abducted",
    "abducted": "abducted",
    "kidnapping": "abducted",
    "kidnapped": "abducted",
    "arresting": "arrested",
    "arrested": "arrested",
    "detaining": "arrested",
    "detained": "arrested",
}

_PATTERNS = [
    # "as many as 23 Pakistani soldiers were martyred", "five civilians killed", "12 people dead"
    re.compile(rf"\b{QUANTITY_PATTERN}\s+{_WHO}{_AUX}(?P<outcome>{_OUTCOME})\b", re.I),
    # "killing more than 200 Taliban fighters", "wounding 16", "left 30 people dead"
    re.compile(rf"\b{_VERB_ACTIVE}\s+{QUANTITY_PATTERN}(?:\s+{_WHO_AFTER})?", re.I),
    re.compile(rf"\b(?:left|leaving)\s+{QUANTITY_PATTERN}\s+{_WHO}(?P<outcome>dead|injured|wounded)\b", re.I),
    # "the death toll rose to 14"
    re.compile(
        rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|is|was|reached|hit)\s+{QUANTITY_PATTERN}", re.I
    ),
    # "a soldier was killed"
    re.compile(
        rf"\b(?P<single>an?|one)\s+(?P<who>(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+)\s+(?:was|has been|had been)\s+"
        rf"(?:\w+\s+)?(?P<outcome>{_OUTCOME})\b",
        re.I,
    ),
]


# Several figures told together: "12 soldiers and three civilians were killed", "killing two policemen, a
# child and four militants" are one figure per group (the total is their sum), not one figure whose
# victims are "soldiers and three civilians". "Five people, including two children, were killed" is one
# figure: the children are among the five. These run before the patterns above; the spans they take are
# not read again.
_Q = re.sub(r"\(\?P<\w+>", "(?:", QUANTITY_PATTERN)  # the same quantity without its named groups
_GROUP_WORD = r"(?!(?:and|or|were|was|are|is|have|has|had|been|including|in|on|at|near|after|when)\b)[\w'’-]+"
_GROUP = rf"(?:(?:{_Q})|an?|one)\s+{_GROUP_WORD}(?:\s+{_GROUP_WORD}){{0,3}}"
_GROUP_LIST = rf"(?P<list>{_GROUP}(?:\s*,\s*{_GROUP})*,?\s+and\s+{_GROUP})"
_LIST_PATTERNS = [
    re.compile(rf"\b{_GROUP_LIST}\s+{_AUX}(?P<outcome>{_OUTCOME})\b", re.I),
    re.compile(
        rf"\b{_VERB_ACTIVE}\s+{_GROUP_LIST}(?=\s*(?:[,.;:)]|$|\s+(?:in|on|at|near|during|when|after)\b))",
        re.I,
    ),
]
_GROUP_WHO = rf"(?P<who>{_GROUP_WORD}(?:\s+{_GROUP_WORD}){{0,3}})"
_ONE_GROUP = re.compile(rf"(?P<fig>{_Q}|an?|one)\s+{_GROUP_WHO}", re.I)
_INCLUDING = re.compile(
    rf"\b{QUANTITY_PATTERN}\s+{_GROUP_WHO}\s*,\s*(?:including|among them)\s+"
    rf"[^,.;]{{1,80}},\s+{_AUX}(?P<outcome>{_OUTCOME})\b",
    re.I,
)


def _listed(
    text: str, lang: str, index: dict[str, list[int]] | None
) -> Iterator[tuple[int, int, str, str, Quantity]]:
    """(start, end, who, outcome, quantity) for each group of a list of figures, and for a figure with
    an "including" aside, in ``text``; each group's span runs from its figure to its last word, the last
    group's to the outcome or to its last word. ``index``: the sentence's start words (``find``), or None
    to search everywhere."""
    low = text.lower()
    if " and " in low:
        for kind, pattern in enumerate(_LIST_PATTERNS):
            matches: Iterable[re.Match[str]]
            if index is None:
                matches = pattern.finditer(text)
            else:
                opening = _LIST_STARTS[kind]
                matches = _matches_at(
                    pattern, text, sorted(p for w, at in index.items() if w in opening for p in at)
                )
            for m in matches:
                if kind == 0:
                    outcome = _OUTCOMES.get(_key(m.group("outcome")), "killed")
                else:
                    outcome = _VERB_TO_OUTCOME.get(_key(m.group("verb")), "")
                if not outcome:
                    continue
                groups = list(_ONE_GROUP.finditer(text, m.start("list"), m.end("list")))
                figures = []
                for g in groups:
                    fig = g.group("fig")
                    q = Quantity(1, 1, 1) if fig.lower() in ("a", "an", "one") else quantity(fig, lang)
                    if q is None:
                        break
                    figures.append((g.start(), g.end(), _clean_who(g.group("who")), q))
                if len(figures) < 2 or len(figures) != len(groups):
                    continue  # not a list of figures after all ("12 soldiers and their commander")
                for i, (start, end, who, q) in enumerate(figures):
                    last = i == len(figures) - 1
                    yield start, (m.end() if last and kind == 0 else end), who, outcome, q
    if "including" in low or "among them" in low:
        for m in _INCLUDING.finditer(text):
            q = quantity(m.group("fig"), lang)
            if q is not None:
                yield (
                    m.start(),
                    m.end(),
                    _clean_who(m.group("who")),
                    _OUTCOMES.get(_key(m.group("outcome")), "killed"),
                    q,
                )


def _first_words(alternation: str) -> set[str]:
    """The first words of the phrases of a "|"-separated alternation ("at least|over" -> at, over)."""
    return {re.findall(r"\w+", phrase)[0] for phrase in alternation.split("|")}


# Where each pattern can start. Every pattern opens with ``\b`` and a word character, so a match starts at
# a word start; the words below are, for each pattern, every word (lower-cased, whole: each is followed by
# a space or another non-word character in the pattern) its match can open with. "0" stands for a word
# that opens with a decimal digit (what ``\d`` matches). ``find`` tries a pattern only at these words.
_DIGIT_WORD = "0"
_QUANTITY_STARTS = frozenset(
    _first_words(f"{_FLOOR}|{_CEILING}|{_NEAR_BELOW}|{_ABOUT}|between|{'|'.join(_VAGUE)}")
    | NUMBER_START_WORDS
    | {_DIGIT_WORD}
)
_STARTS: list[frozenset[str]] = [
    _QUANTITY_STARTS,
    frozenset(_VERB_TO_OUTCOME),
    frozenset({"left", "leaving"}),
    frozenset({"death"}),
    frozenset({"a", "an", "one"}),
]
# The list patterns open with a figure (or "a", "an", "one") and with an active verb.
_LIST_STARTS = [_QUANTITY_STARTS | {"a", "an", "one"}, frozenset(_VERB_TO_OUTCOME)]
_ANY_START = frozenset().union(*_STARTS, *_LIST_STARTS)
# Literals a pattern needs besides its start (lower-cased): a sentence with none of them cannot match.
_NEEDS: list[tuple[str, ...]] = [(), (), (), ("death toll",), ("was", "has been", "had been")]
_WORD = re.compile(r"\w+")


def _start_index(low: str) -> dict[str, list[int]]:
    """Positions of the words of ``low`` (a lower-cased sentence) that some pattern can start with."""
    index: dict[str, list[int]] = {}
    for m in _WORD.finditer(low):
        word = m.group(0)
        if word[0].isdecimal():
            word = _DIGIT_WORD
        elif word not in _ANY_START:
            continue
        index.setdefault(word, []).append(m.start())
    return index


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that matches only at ``starts`` (sorted) and never empty:
    the same leftmost, non-overlapping matches, tried at those positions alone."""
    pos = 0
    for start in starts:
        if start >= pos and (m := pattern.match(text, start)) is not None:
            pos = m.end()
            yield m


# Urdu, Persian/Dari, Pashto, Arabic and Turkish: a number (digits in any script or a number word), up to
# three words (who), then a word for killed or injured. Only exact figures: qualifiers are English-only.
_LOCAL_KILLED = (
    "ہلاک|جاں بحق|جاںبحق|شہید|جان بحق|کشته|جان باختند|جان باخت|کشته شدند|مړه|ووژل|وژل|قتلى|قتيلا|قتيل|"
    "لقوا حتفهم|öldü|öldürüldü|hayatını kaybetti|şehit"
)
_LOCAL_INJURED = "زخمی|ژوبل|مجروح|جرحى|جريحا|جريح|yaralandı|yaralı"
_LOCAL_NUMBER = r"[0-9\u0660-\u0669\u06f0-\u06f9]+|[^\s\d.,،:؛]+(?:\s+(?:و|ve)\s*[^\s\d.,،:؛]+)?"
_LOCAL_RE = re.compile(
    rf"(?<![\w])(?P<num>{_LOCAL_NUMBER})\s+(?P<who>(?:[^\s.,،:؛]+\s+){{0,3}}?)"
    rf"(?P<outcome>{_LOCAL_KILLED}|{_LOCAL_INJURED})"
)
_LOCAL_INJURED_SET = frozenset(_LOCAL_INJURED.split("|"))


def find_local(text: str, lang: str, offset: int = 0) -> list[CasualtyMention]:
    """Exact casualty figures in an Urdu, Persian, Pashto, Arabic or Turkish sentence ("۱۲ افراد ہلاک")."""
    found: list[CasualtyMention] = []
    pos = 0
    while (m := _LOCAL_RE.search(text, pos)) is not None:
        n = parse_number(m.group("num"), lang)
        if n is None:
            # The word taken as a number was not one; a real number may start right after it.
            pos = m.start() + 1
            continue
        pos = m.end()
        outcome = "injured" if m.group("outcome") in _LOCAL_INJURED_SET else "killed"
        found.append(
            CasualtyMention(
                start=m.start() + offset,
                end=m.end() + offset,
                text=m.group(0),
                who=m.group("who").strip(),
                outcome=outcome,  # type: ignore[arg-type]
                low=n,
                best=n,
                high=n,
            )
        )
    return found


def _clean_who(who: str) -> str:
    words = who.strip().split()
    while words and words[0].lower() in ("of", "the", "other", "others", "more"):
        if words[0].lower() in ("other", "others") and len(words) == 1:
            break
        words = words[1:]
    while words and words[-1].lower() in ("and", "of", "the", "in", "on", "at", "by", "who", "as"):
        words = words[:-1]
    return " ".join(words)


# A figure's victims that start with a month name are a date read as a count ("2 October that killed").
_MONTH_FIRST = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s|$)",
    re.I,
)


# Every English pattern needs one of these stems; most sentences have none and skip the full grammar.
_OUTCOME_HINT = re.compile(
    r"kill|dead|died|death|martyr|slain|perish|lost (?:their|his|her) li|execut|behead|massacr|gunned|injur|"
    r"wound|hurt|maim|abduct|kidnap|hostage|seiz|captive|arrest|detain|apprehend|custody|held"
)


def find(text: str, lang: str = "en", offset: int = 0) -> list[CasualtyMention]:
    """Casualty mentions in ``text`` (offsets shifted by ``offset``), leftmost first, no overlaps."""
    low = text.lower()
    if not _OUTCOME_HINT.search(low):
        return []
    # The start words are read from the lower-cased text, which keeps positions and word starts unless
    # the text has one of the case-unsafe characters: then every pattern searches the whole text.
    index = _start_index(low) if case_safe(text) else None
    found: list[CasualtyMention] = []
    taken: list[tuple[int, int]] = []
    for start, end, who, outcome, listed in _listed(text, lang, index):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        found.append(
            CasualtyMention(
                start=start + offset,
                end=end + offset,
                text=text[start:end],
                who=who,
                outcome=outcome,  # type: ignore[arg-type]
                low=listed.low,
                best=listed.best,
                high=listed.high,
            )
        )
    for kind, pattern in enumerate(_PATTERNS):
        matches: Iterable[re.Match[str]]
        if index is None:
            matches = pattern.finditer(text)
        elif _NEEDS[kind] and not any(literal in low for literal in _NEEDS[kind]):
            continue
        else:
            starts = sorted(p for word, at in index.items() if word in _STARTS[kind] for p in at)
            matches = _matches_at(pattern, text, starts)
        for m in matches:
            start = m.start()
            end = start + len(m.group(0).rstrip())
            if any(s < end and start < e for s, e in taken):
                continue
            groups = m.groupdict()
            if groups.get("single"):
                q: Quantity | None = Quantity(1, 1, 1)
            else:
                q = quantity(groups["fig"], lang)
            if q is None:
                continue
            if kind == 1:
                verb = _VERB_TO_OUTCOME.get(_key(groups["verb"]))
                if verb is None:
                    continue
                outcome = verb
            elif kind == 3:
                outcome = "killed"
            else:
                outcome = _OUTCOMES.get(groups["outcome"].lower(), "killed")
            who = _clean_who(groups.get("who") or "")
            if _MONTH_FIRST.match(who):
                continue  # "on 2 October that killed four porters": the number is a day of the month
            taken.append((start, end))
            found.append(
                CasualtyMention(
                    start=start + offset,
                    end=end + offset,
                    text=text[start:end],
                    who=who,
                    outcome=outcome,  # type: ignore[arg-type]
                    low=q.low,
                    best=q.best,
                    high=q.high,
                )
            )
    found.sort(key=lambda c: c.start)
    return found


def annotate(doc: Document) -> None:
    """Add CasualtyMentions for every sentence of ``doc`` (the whole text when no sentences are set)."""
    spans = [(s.start, s.text) for s in doc.sentences] or [(0, doc.text)]
    lang = doc.language if doc.language not in ("", "und") else "en"
    for start, text in spans:
        if lang in ("ur", "fa", "ps", "ar", "tr", "prs"):
            doc.casualties.extend(find_local(text, lang, start))
        else:
            doc.casualties.extend(find(text, lang, start))
