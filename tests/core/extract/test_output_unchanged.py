"""The speed work on the extractor changed no output.

``output_unchanged.json`` holds what the components after cleaning (language, sentences, places, actors,
casualties, event types, quotes) produced for the project's own test articles before the word-start
filters, caches and scans were added; the other tests check that each shortcut only ever skips work
that could not have found anything (same scores, same matches as the plain searches).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import eventtype, pipeline, quotes, sentences

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parents[2] / "truce" / "demo_articles"
EXPECTED = json.loads((HERE / "output_unchanged.json").read_text(encoding="utf-8"))


def _components(name: str) -> dict[str, object]:
    raw = (ARTICLES / name).read_text(encoding="utf-8")
    doc = dataclasses.asdict(pipeline.document(raw, published=dt.date(2025, 11, 12)))
    # Through JSON as the fixture was, so dates and floats compare in the same form.
    return json.loads(json.dumps({key: doc[key] for key in EXPECTED[name]}, default=str))


def test_components_give_the_pinned_output_for_each_test_article() -> None:
    assert sorted(EXPECTED) == [
        "chaman-frontier-post-wire.txt",
        "chaman-frontier-post.txt",
        "khartoum-market.txt",
        "quetta-hospital.html",
    ]
    for name, expected in EXPECTED.items():
        assert _components(name) == expected, name


def _reference_cue_scores(text: str) -> dict[str, float]:
    """The cue scores computed the plain way: every cue of every label searched."""
    text = text.lower()
    has_modifier = eventtype._NEGATION_WORD.search(text) is not None
    groups: dict[str, list[eventtype.Cue]] = {}
    for cue in eventtype.CUES:
        groups.setdefault(cue.label, []).append(cue)
    scores: dict[str, float] = {}
    for label, cues in groups.items():
        weights = sorted(
            (w for cue in cues if (w := eventtype._cue_weight(text, cue, has_modifier))), reverse=True
        )
        if weights:
            scores[label] = weights[0] + 0.5 * sum(weights[1:])
    return scores


def _article_sentences() -> list[str]:
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in sentences.split(text)]
    return out


# Words that make the cues fire, in several cases, with the characters that case folding treats
# specially (İ ı ſ K) and the punctuation that sits at word starts.
_EXTRA_WORDS = """
airstrike air-raid drone drones shelled shelling killed killing kill no not never denied may could protest
protesters rioters police troops clash clashes clashed seized weapons IED mine mines mob lynched theft
accused of in at the a an talks ceasefire truce extend extended border crossing closed reopened suicide
bomber chlorine rape abducted kidnapped arrested withdrew civilians villagers Al-Qaeda ISKP İstanbul ıs
ſhelling Kıll KILLED Killed Protest 12 three
"""
_WORDS = sorted({w for s in _article_sentences() for w in re.findall(r"\S+", s)} | set(_EXTRA_WORDS.split()))
_TEXTS = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_indexed_cue_scores_equal_the_plain_search(text: str) -> None:
    scores = eventtype._cue_scores(eventtype._Sentence(text))
    assert list(scores.items()) == list(_reference_cue_scores(text).items())


def test_indexed_cue_scores_equal_the_plain_search_on_the_test_articles() -> None:
    for text in _article_sentences():
        scores = eventtype._cue_scores(eventtype._Sentence(text))
        assert list(scores.items()) == list(_reference_cue_scores(text).items()), text


_GUARDED = [
    eventtype._INCIDENT,
    eventtype._CIV_KILL,
    eventtype._ARMED_TARGET,
    eventtype._CIVILIAN,
    eventtype._MILITANT_RE,
    eventtype._DISRUPT_VERB,
    eventtype._WEAPON_NOUN,
    eventtype._PROTEST_RE,
    eventtype._PROTESTER_RE,
    *(pattern for _label, pattern in eventtype._PRECEDENCE),
    *(pattern for _type, _sub, pattern in eventtype._PROCESS_CUES),
]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_guarded_searches_find_what_the_plain_search_finds(text: str) -> None:
    seen = eventtype._Sentence(text)
    for pattern in _GUARDED:
        got, want = seen.search(pattern), pattern.search(text)
        assert (got and got.span()) == (want and want.span()), pattern.pattern


def test_every_guarded_pattern_has_a_filter() -> None:
    # A pattern that lost its filter would still be right, only slow: this keeps the speed-up honest.
    assert all(eventtype._ci_prefixes(p) is not None for p in _GUARDED)
    assert not eventtype._UNFILTERED_CUES


def test_case_unsafe_lists_every_character_that_breaks_lower_cased_word_starts() -> None:
    ascii_word = re.compile(r"(?i)[a-z0-9_]")
    word = re.compile(r"\w")
    found = []
    for code in range(128, sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        low = c.lower()
        if ascii_word.match(c) or len(low) != 1 or bool(word.match(c)) != bool(word.match(low)):
            found.append(c)
    assert "".join(found) == "\u0130\u0131\u017f\u212a"
    assert all(eventtype.CASE_UNSAFE.match(c) for c in found)


def test_start_prefixes_refuse_patterns_that_can_start_mid_word() -> None:
    assert eventtype.start_prefixes(re.compile(r"\bfoo|bar")) is None
    assert eventtype.start_prefixes(re.compile(r"\b\w+ing\b")) is None
    assert eventtype.start_prefixes(re.compile(r"(?:\b)?x")) is None
    assert eventtype.start_prefixes(re.compile(r"\b(?:fighter )?jets?\b")) == {"figh", "jet", "jets"}
    assert eventtype.start_prefixes(re.compile(r"\bKill", re.I)) == {"kill"}


def test_word_starts_give_every_prefix_length() -> None:
    assert eventtype.word_starts("an air-raid") == {
        *("a", "an", "an ", "an a"),
        *("ai", "air", "air-"),
        *("r", "ra", "rai", "raid"),
    }


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=' .!?\n"”»“abA…', max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_sentence_bounds_match_a_character_by_character_scan(masked: str, pos: int, end: int) -> None:
    assert quotes._sentence_bounds(masked, pos, end) == _reference_bounds(masked, pos, end)


def _reference_bounds(masked: str, pos: int, end: int) -> tuple[int, int]:
    """``quotes._sentence_bounds`` as it was: a scan of every character."""
    pos = min(pos, len(masked))
    left = pos
    marks = quotes.CLOSE_MARKS + quotes.STRAIGHT
    while left > 0:
        c = masked[left - 1]
        if c == "\n":
            break
        if (
            c in ".!?"
            and (left >= len(masked) or masked[left].isspace())
            and not quotes._abbreviation(masked, left - 1)
        ):
            break
        if c in marks and left >= 2 and masked[left - 2] in ".!?" and masked[left : left + 1].isspace():
            break
        left -= 1
    right = end
    n = len(masked)
    if (
        0 < end < n
        and masked[end - 1] in marks
        and end >= 2
        and masked[end - 2] in ".!?"
        and re.match(r"\s+[A-Z]", masked[end : end + 2])
    ):
        return left, end
    while right < n:
        c = masked[right]
        if c == "\n":
            break
        if (
            c in ".!?"
            and (right + 1 >= n or masked[right + 1].isspace())
            and not quotes._abbreviation(masked, right)
        ):
            right += 1
            break
        if (
            c in marks
            and right > 0
            and masked[right - 1] in ".!?"
            and re.match(r"\s+[A-Z]", masked[right + 1 : right + 3])
        ):
            right += 1
            break
        right += 1
    return left, right


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet="aB.U S\u00e9x", max_size=30))
def test_abbreviation_check_matches_the_end_anchored_regex(line: str) -> None:
    for dot in range(len(line) + 1):
        m = re.search(r"([A-Za-z][A-Za-z.]*)$", line[:dot])
        want = bool(m) and (
            "." in m.group(1)
            or (len(m.group(1)) == 1 and m.group(1).isupper())
            or m.group(1).lower() in sentences._ABBREVIATIONS
        )
        assert sentences._is_abbreviation(line, dot) == want
