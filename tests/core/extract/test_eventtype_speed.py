"""The shortcuts in eventtype give what the plain searches give.

``lower_twin`` runs a case-insensitive pattern case-sensitively on the lower-cased text, ``unbounded``
drops a leading ``\\b`` for the fast literal scan and ``_search`` checks the boundary afterwards,
``_PROCESS_ANY`` rules out all process cues with one search and ``_cue_scores`` rules a cue out with its
fast form. Each is checked against the plain search on tricky text (capitals, the characters case folding
treats specially, other cased and uncased letters, cue words inside longer words), and the whole
component against itself with every shortcut turned off.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import eventtype, sentences
from truce.core.extract.document import Document, Sentence

ARTICLES = Path(__file__).resolve().parents[3] / "truce" / "demo_articles"


def _article_sentences() -> list[str]:
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in sentences.split(text)]
    return out


_PHRASES = [
    "In protest at the killings, Protesters threw stones at POLICE and blocked the road.",
    "Police fired tear gas to disperse demonstrators; three were arrested.",
    "Militants were pushed back as troops recaptured the town on Monday.",
    "The rebels withdrew and government forces entered without a fight.",
    "Unknown men abducted two aid workers; police arrested a suspect.",
    "Security forces defused a bomb and seized weapons from a cache.",
    "A wildfire and a factory blast killed four; firefighters were hospitalized.",
    "Gunmen killed 12 villagers and attacked a Mosque; soldiers clashed with them.",
    "The EU imposed sanctions on officials after the chemical attack.",
    "The group claimed responsibility; the army denied any involvement.",
    "Both sides agreed to a temporary ceasefire; talks are scheduled for May.",
    "Negotiators said the border crossing was closed and would be reopened.",
    "The two leaders held phone calls; the ceasefire collapsed on Friday.",
    "They accepted the group’s short truce after a suicide bomber blew himself up.",
    "Attacks have increased since 2021, officials said on May 3.",
]
# One step of each process cue, then the same with its capitals and a negation.
_PROCESS_STEPS = [
    "Both sides agreed to EXTEND the ceasefire by two weeks.",
    "The government accepted the rebels’ request for a Temporary Ceasefire.",
    "Militias violated the truce near the airport.",
    "The truce collapsed after a week.",
    "Delegations met in Geneva, where they agreed to a ceasefire agreement.",
    "The army declared a ceasefire for the holiday.",
    "The talks failed after three days.",
    "A second round of talks would be held in Oslo next week.",
    "Norway hosted the second round of negotiations, which began on Monday.",
    "Qatar mediated talks between the two sides.",
    "Authorities closed the main border crossing to trade.",
    "The border crossings were reopened on Sunday.",
    "The minister said he had received four calls from his counterpart.",
]
_PHRASES += _PROCESS_STEPS + [step.replace("the", "no") for step in _PROCESS_STEPS]
# Words that make the cues and rules fire, in several cases, with the characters case folding treats
# specially (İ ı ſ K), other cased and uncased letters (É Σ ’) and words that hold cue words inside.
_EXTRA = """
airstrikes airstrike AIRSTRIKE air-raid drones shelled killed Killed KILLED unkilled skilled outfighting
fighting clashes clashed protest protesters Protest PROTESTERS rioters police troops seized weapons IED
mines mob lynched theft accused of in at the a an on talks ceasefire truce extend extended border crossing
closed reopened suicide bomber chlorine rape abducted kidnapped arrested withdrew civilians villagers
hostages Al-Qaeda ISKP İstanbul ıs ſhelling Kıll Killed_ _killed 3killed ékilled Éclash ΣΑΣ σας group’s
truce’s ’truce talks’ no not never denied may could 12 three May Monday beat beaten up
"""
_WORDS = sorted(
    {w for s in _article_sentences() + _PHRASES for w in s.split()} | set(_EXTRA.split()),
)
# Glue between words: a space, punctuation, or nothing at all (cue words inside longer words).
_GLUE = st.sampled_from([" ", " ", " ", "", "-", "_", ", ", ".\n", "é", "1"])
_TEXTS = st.lists(st.tuples(st.sampled_from(_WORDS), _GLUE), min_size=1, max_size=20).map(
    lambda parts: "".join(word + glue for word, glue in parts)
)


def _module_patterns() -> list[re.Pattern[str]]:
    found = [v for v in vars(eventtype).values() if isinstance(v, re.Pattern)]
    found += [pattern for _label, pattern in eventtype._PRECEDENCE]
    found += [pattern for _type, _sub, pattern in eventtype._PROCESS_CUES]
    found += [cue.pattern for cue in eventtype.CUES]
    return list({id(p): p for p in found}.values())


_PATTERNS = _module_patterns()
_CASELESS = [p for p in _PATTERNS if p.flags & re.IGNORECASE]
_TWINS = {id(p): eventtype.lower_twin(p) for p in _CASELESS}
_TWINNED = [p for p in _CASELESS if _TWINS[id(p)] is not None]
_UNBOUNDED = [(p, fast) for p in _PATTERNS if (fast := eventtype.unbounded(p)) is not None]


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


def test_the_shortcuts_apply_where_the_time_goes() -> None:
    # A pattern that lost its shortcut would still be right, only slow: this keeps the speed-up honest.
    for pattern in (eventtype._INCIDENT, eventtype._PROCESS_ANY, eventtype._TREND, eventtype._CIV_KILL):
        assert pattern in _TWINNED
    assert len(_TWINNED) == len(_CASELESS)
    assert sum(id(cue.pattern) in {id(p) for p, _fast in _UNBOUNDED} for cue in eventtype.CUES) > 500


def test_lower_casing_keeps_what_the_twins_rely_on() -> None:
    """Over all of Unicode, outside ``CASE_UNSAFE``: lower-casing keeps the length, the word, digit, space
    and line-break classes, never gives ASCII for other characters, and gives only cased characters (so
    no character but itself lower-cases to one without case). Together with the test that (?i) matches
    only those four characters outside ASCII to ASCII word characters, (?i) matching of ASCII lower-case
    literals on a text is plain matching on its lower-cased form."""
    classes = [re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s"), re.compile(r"\n")]
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        low = c.lower()
        if low == c or eventtype.CASE_UNSAFE.match(c):
            continue
        assert len(low) == 1, c
        assert all(bool(cls.match(c)) == bool(cls.match(low)) for cls in classes), c
        assert c.isascii() or not low.isascii(), c
        assert not low.lower() == low == low.upper(), c
    # Σ lower-cases to σ or, at the end of a word, ς: both word characters outside ASCII.
    assert "ΣΑΣ Σ".lower() == "σας σ" and re.fullmatch(r"\w\w", "ςσ")


def _literals(items: Any) -> Iterator[int]:
    for op, av in items:
        if op in (eventtype._sre.LITERAL, eventtype._sre.NOT_LITERAL):
            yield av
        elif op is eventtype._sre.IN:
            yield from (value for kind, value in av if kind is eventtype._sre.LITERAL)
        elif op is eventtype._sre.BRANCH:
            for branch in av[1]:
                yield from _literals(branch)
        elif op is eventtype._sre.SUBPATTERN:
            yield from _literals(av[3])
        elif op in (eventtype._sre.MAX_REPEAT, eventtype._sre.MIN_REPEAT):
            yield from _literals(av[2])
        elif op in (eventtype._sre.ASSERT, eventtype._sre.ASSERT_NOT):
            yield from _literals(av[1])


def test_caseless_literals_outside_ascii_match_only_themselves() -> None:
    used = {
        chr(code)
        for p in _TWINNED
        for code in _literals(eventtype._sre_parse.parse(p.pattern, p.flags))
        if code >= 128
    }
    assert "’" in used
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for c in used:
        assert re.findall(re.escape(c), everything, re.I) == [c]
        assert sorted(re.findall(f"[{re.escape(c)}x]", everything, re.I)) == sorted([c, "X", "x"])


def test_lower_twin_refuses_what_case_changes() -> None:
    assert eventtype.lower_twin(re.compile(r"\bkill")) is None  # case-sensitive already
    assert eventtype.lower_twin(re.compile(r"\bKill", re.I)) is None
    assert eventtype.lower_twin(re.compile(r"[A-Z]", re.I)) is None
    assert eventtype.lower_twin(re.compile(r"(a)\1", re.I)) is None
    assert eventtype.lower_twin(re.compile(r"(?-i:a)b", re.I)) is None
    assert eventtype.lower_twin(re.compile(r"é", re.I)) is None
    assert eventtype.lower_twin(re.compile(r"\bkill", re.I | re.ASCII)) is None
    assert eventtype.lower_twin(re.compile(r"\bkill[’-]s\b", re.I)) is not None


def test_unbounded_needs_a_leading_boundary_and_literal() -> None:
    assert eventtype.unbounded(re.compile(r"\bfoo\b")) is not None
    assert eventtype.unbounded(re.compile(r"\b(?:fighter )?jets?\b")) is None  # two first letters
    assert eventtype.unbounded(re.compile(r"\bfoo", re.I)) is None
    assert eventtype.unbounded(re.compile(r"foo\b")) is None
    assert eventtype.unbounded(re.compile(r"\bfoo|bar")) is None
    fast = eventtype.unbounded(re.compile(r"\bfoo|\bfob"))  # parsed as \b fo(?:o|b)
    assert fast is not None and fast.search("xfob") is not None
    assert eventtype._search(re.compile(r"\bfoo|\bfob"), fast, "xfob fob", 0).span() == (5, 8)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_TEXTS)
def test_sentence_search_finds_what_the_plain_search_finds(text: str) -> None:
    seen, filtered = eventtype._Sentence(text), eventtype._Sentence(text)
    filtered.starts  # noqa: B018 - computed, so the word-start filter applies too
    for pattern in _CASELESS:
        want = _span(pattern.search(text))
        assert _span(seen.search(pattern)) == want, pattern.pattern
        assert _span(filtered.search(pattern)) == want, pattern.pattern
        twin = _TWINS[id(pattern)]
        if twin is not None and eventtype.case_safe(text):
            assert [m.span() for m in twin.finditer(text.lower())] == [
                m.span() for m in pattern.finditer(text)
            ], pattern.pattern


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_TEXTS, st.integers(0, 40))
def test_unbounded_search_finds_what_the_plain_search_finds(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    for pattern, fast in _UNBOUNDED:
        got = eventtype._search(pattern, fast, text, pos)
        assert _span(got) == _span(pattern.search(text, pos)), pattern.pattern
        assert [m.span() for m in eventtype._finditer(pattern, text)] == [
            m.span() for m in pattern.finditer(text)
        ], pattern.pattern


def test_finditer_finds_matches_that_touch() -> None:
    # A cue ending in a space ("beaten ") can match again right where it ended.
    beaten = next(c.pattern for c in eventtype.CUES if c.pattern.pattern.startswith(r"\bbeat(?:en|ing)? "))
    text = "beat beaten beat up beat"
    assert [m.span() for m in eventtype._finditer(beaten, text)] == [(0, 5), (5, 12), (12, 20)]
    assert [m.span() for m in beaten.finditer(text)] == [(0, 5), (5, 12), (12, 20)]


def _plain_cue_weight(text: str, cue: eventtype.Cue, has_modifier: bool) -> float:
    best = 0.0
    for m in cue.pattern.finditer(text):
        w = cue.weight
        if has_modifier:
            before = text[max(0, m.start() - 40) : m.start()]
            if eventtype._NEGATION.search(before):
                w *= 0.3
            elif eventtype._HEDGE.search(before):
                w *= 0.6
        if m.start() < 120:
            w *= 1.25
        best = max(best, w)
    return best


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_cue_weights_and_scores_equal_the_plain_finditer(text: str) -> None:
    low = text.lower()
    for has_modifier in (False, True):
        for cue in eventtype.CUES:
            assert eventtype._cue_weight(low, cue, has_modifier) == _plain_cue_weight(low, cue, has_modifier)
    with _no_shortcuts():
        plain = eventtype._cue_scores(eventtype._Sentence(text))
    assert list(eventtype._cue_scores(eventtype._Sentence(text)).items()) == list(plain.items())


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_process_any_matches_whenever_a_process_cue_does(text: str) -> None:
    want = any(pattern.search(text) for _type, _sub, pattern in eventtype._PROCESS_CUES)
    assert bool(eventtype._PROCESS_ANY.search(text)) == want


def test_process_any_matches_each_process_step() -> None:
    for (_type, sub, pattern), step in zip(eventtype._PROCESS_CUES, _PROCESS_STEPS, strict=True):
        assert pattern.search(step), sub
        assert eventtype._PROCESS_ANY.search(step), sub
        assert eventtype._Sentence(step).search(eventtype._PROCESS_ANY), sub


@contextmanager
def _no_shortcuts() -> Iterator[None]:
    """eventtype with every pattern run as written: no twin, no unbounded form, no word-start filters, no
    process prefilter. The plan tables are emptied so that every search goes through the patched plan."""
    saved = (eventtype._plan, eventtype._CUE_QUICK, eventtype._PROCESS_ANY, eventtype._CUE_NEEDS)
    plans, needs = dict(eventtype._PLANS), dict(eventtype._NEEDS)
    eventtype._PLANS.clear()
    eventtype._NEEDS.clear()
    eventtype._plan = lambda pattern: (pattern, None, None, None)  # type: ignore[assignment]
    eventtype._CUE_QUICK = [cue.pattern for _label, cue in eventtype._ORDERED_CUES]
    eventtype._PROCESS_ANY = re.compile("")
    eventtype._CUE_NEEDS = (None,) * len(eventtype._ORDERED_CUES)
    try:
        yield
    finally:
        eventtype._plan, eventtype._CUE_QUICK, eventtype._PROCESS_ANY, eventtype._CUE_NEEDS = saved
        eventtype._PLANS.update(plans)
        eventtype._NEEDS.update(needs)


def _annotated(text: str) -> list[object]:
    doc = Document(
        text=text,
        sentences=[Sentence(s, e, text[s:e], i) for i, (s, e) in enumerate(sentences.split(text))],
    )
    eventtype.annotate(doc)
    return doc.event_mentions  # type: ignore[return-value]


def _same_with_and_without_shortcuts(run: Callable[[str], object], text: str) -> None:
    with _no_shortcuts():
        plain = run(text)
    assert run(text) == plain, text


def test_component_gives_the_same_without_shortcuts_on_articles_and_phrases() -> None:
    texts = _article_sentences() + _PHRASES
    for text in texts + [t.upper() for t in texts] + [t.replace("s", "ſ") for t in texts]:
        _same_with_and_without_shortcuts(lambda t: list(eventtype.classify_scores(t).items()), text)
        _same_with_and_without_shortcuts(eventtype.process_event, text)
    for path in sorted(ARTICLES.glob("*.txt")):
        _same_with_and_without_shortcuts(_annotated, path.read_text(encoding="utf-8"))
    _same_with_and_without_shortcuts(_annotated, "\n\n".join(_PHRASES))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS)
def test_component_gives_the_same_without_shortcuts(text: str) -> None:
    _same_with_and_without_shortcuts(lambda t: list(eventtype.classify_scores(t).items()), text)
    _same_with_and_without_shortcuts(eventtype.process_event, text)
    _same_with_and_without_shortcuts(_annotated, text)
