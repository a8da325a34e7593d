"""casualties: the start-word shortcut finds what the plain searches find.

``find`` tries each English pattern only at the words it can start with (and skips a pattern whose
literal is missing). These tests compare it with searching every position, on sentences built from
the words the grammar reads, in several cases and with the case-folding characters İ ı ſ K.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import casualties, sentences
from truce.core.extract.numbers import NUMBER_START_WORDS

ARTICLES = Path(__file__).resolve().parents[3] / "truce" / "demo_articles"

_WORDS = """
12 1,200 3.5 ٣ ۱۲ 2023 40s 7th twenty-three twenty three Two THREE One one a an A An dozen a dozen two dozen
hundred a hundred thousand million single ten tens Tens dozens Dozens scores hundreds thousands several
a few a number of many numerous at least more than over no fewer than not less than upwards of in excess
of above as many as up to no more than at most nearly almost close to just under fewer than less than
under about around some roughly approximately an estimated estimated approx. circa between and to or - –
+ -plus or more people soldiers civilians Pakistani Taliban fighters police officers were was are is have
has had been got reportedly all killed dead died martyred slain perished lost their lives executed shot
gunned down injured wounded hurt maimed abducted kidnapped taken hostage seized captive arrested detained
held custody killing kills kill wounding injuring martyring abducting kidnapping arresting detaining
KILLED Killed Killing left leaving Left death toll Death Toll rose to at of is reached hit , . ; : ( )
İ ı ſeveral ſome Kıll KİLLED ſix İnjured K
"""
_VOCAB = sorted(set(_WORDS.split()))
_QUALIFIERS = ["", *casualties.QUALIFIER.strip("(?:)").replace("\\.", ".").split("|")]
_FIGURES = [
    *["12", "1,200", "3.5", "٣", "۱۲", "2023", "7th", "twenty-three", "twenty three"],
    *casualties._VAGUE,
    "a dozen",
    "ten",
]
_FIGURES += ["between 10 and 15", "10-15", "10 to 15", "10 or more", "20-plus", "Two", "THREE", "a hundred"]
_WHO = ["", "people", "Pakistani soldiers", "of the civilians", "police officers and"]
_AUX = ["", "were", "was", "has been", "had been", "were reportedly", "got", "all"]
_OUTCOMES = [*casualties._OUTCOMES, "died"]
_SHAPE = st.sampled_from([str, str.upper, str.title, str.lower])


def _phrase(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(_SHAPE, *parts).map(lambda t: t[0](" ".join(p for p in t[1:] if p)))


_PIECES = st.one_of(
    st.sampled_from(_VOCAB),
    # the forms the patterns read, so that the random texts hold matches of each
    _phrase(*map(st.sampled_from, (_QUALIFIERS, _FIGURES, _WHO, _AUX, _OUTCOMES))),
    _phrase(*map(st.sampled_from, (sorted(casualties._VERB_TO_OUTCOME), _QUALIFIERS, _FIGURES, _WHO))),
    _phrase(*map(st.sampled_from, (["left", "leaving"], _QUALIFIERS, _FIGURES, _WHO, ["dead", "wounded"]))),
    _phrase(*map(st.sampled_from, (["the death toll"], ["rose to", "was", "hit"], _QUALIFIERS, _FIGURES))),
    _phrase(*map(st.sampled_from, (["a", "an", "one"], _WHO[1:], _AUX[1:5], ["", "later"], _OUTCOMES))),
)
_TEXTS = st.lists(_PIECES, min_size=1, max_size=8).map(" ".join)


def _outcome(text: str) -> object:
    """What ``find`` gives for ``text`` (never an error, case-folding characters included)."""
    return casualties.find(text)


def _plain_outcome(text: str) -> object:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(casualties, "_start_index", lambda low: None)  # every pattern searches everywhere
        return _outcome(text)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_TEXTS)
def test_each_pattern_tried_at_its_start_words_finds_every_match(text: str) -> None:
    low = text.lower()
    if not casualties.case_safe(text):
        return  # ``find`` searches such text the plain way
    index = casualties._start_index(low)
    for kind, pattern in enumerate(casualties._PATTERNS):
        want = [m.span() for m in pattern.finditer(text)]
        if casualties._NEEDS[kind] and not any(lit in low for lit in casualties._NEEDS[kind]):
            assert want == [], pattern.pattern
            continue
        starts = sorted(p for w, at in index.items() if w in casualties._STARTS[kind] for p in at)
        got = [m.span() for m in casualties._matches_at(pattern, text, starts)]
        assert got == want, (kind, text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_find_equals_the_plain_search(text: str) -> None:
    assert _outcome(text) == _plain_outcome(text)


def test_find_equals_the_plain_search_on_the_test_articles() -> None:
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s, e in sentences.split(text):
            assert _outcome(text[s:e]) == _plain_outcome(text[s:e]), text[s:e]


def test_case_unsafe_text_takes_the_plain_search() -> None:
    # (?i) reads "ſome" as "some", lower() does not: from the start words the match would begin at "12"
    # and lose the qualifier, so text with such a character is searched the plain way.
    [mention] = casualties.find("ſome 12 soldiers were killed")
    assert (mention.start, mention.low, mention.best, mention.high) == (0, None, 12, None)


def test_start_words_cover_every_opening_alternative() -> None:
    verbs = re.search(r"\(\?P<verb>([^)]*)\)", casualties._VERB_ACTIVE)
    assert verbs is not None
    assert set(verbs.group(1).split("|")) == casualties._STARTS[1]
    assert {"at", "more", "approx", "between", "an", "a", "dozens", "tens", "several", "many"} <= (
        casualties._STARTS[0]
    )
    assert {"one", "twenty", "hundred", "dozen", "single", "a", "an"} <= NUMBER_START_WORDS


def test_decimal_words_are_what_backslash_d_matches() -> None:
    digit = re.compile(r"\d")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert bool(digit.match(c)) == c.isdecimal(), hex(code)
