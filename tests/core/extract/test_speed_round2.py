"""Shortcuts of the second round of speed work give what the plain computations give.

Language detection (a path for text whose letters are all Latin, words found on lower-cased text),
assembly (a document's mentions bucketed by sentence once), quotes (patterns compiled once) and event
typing (the ``inner_starts`` filter: every word a pattern needs, not only its first).
"""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import assemble, eventtype, language, quotes
from truce.core.extract.document import CasualtyMention, Sentence

# --- language ----------------------------------------------------------------------------------------


def _reference_detect(text: str) -> str:
    """``language.detect`` as it was written first: one match per letter, words lower-cased one by one."""
    sample = text[:3000]
    latin = len(re.findall(r"[A-Za-zçğıöşüÇĞİÖŞÜ]", sample))
    arabic = len(re.findall(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufefe]", sample))
    if latin + arabic < 12:
        return "und"
    words = [w.lower() for w in language._WORD.findall(sample)]
    if arabic > latin:
        return language._arabic_script(sample, [w for w in words if not w.isascii()], arabic)
    if not words:
        return "und"
    en = sum(w in language._EN for w in words)
    tr = sum(w in language._TR for w in words) + 2 * sum(sample.count(ch) for ch in "ğışİĞŞ")
    if tr > en and tr >= 2:
        return "tr"
    if en >= max(2, len(words) // 20):
        return "en"
    return "en" if en > 0 and len(words) < 40 else "und"


def _words(text: str) -> list[str]:
    return text.split()


_LANGUAGE_WORDS = _words(
    "the of and said was in ve bir bu için ile değil dedi İstanbul Fıdan ışık ŞEHİR Kelvin \u212a "
    "ſtate café naïve Æsir 3rd x2 _id “quoted” — ، ؟ ٣ ﴾ قالت وزارة في است این را کے ہے میں د او په "
    "Ⅻ ⓐ Ⓐ ǅ ß ẞ"
)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_LANGUAGE_WORDS), min_size=0, max_size=60).map(" ".join))
def test_detect_equals_the_plain_computation(text: str) -> None:
    assert language.detect(text) == _reference_detect(text)


def test_detect_equals_the_plain_computation_on_long_and_mixed_texts() -> None:
    english = "The talks were said to be tense, and the ministry said it would respond. " * 60
    for text in (
        english,
        english + "İstanbul",
        "İ" + english,
        english.replace("the", "ı"),
        english.replace("said", "قال"),
        english[:2990] + "ğğğğğ",
        "ve bir bu " * 400,
    ):
        assert language.detect(text) == _reference_detect(text)


def _all_characters() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def test_plain_text_words_are_the_runs_of_lower_cased_latin_letters() -> None:
    # ``detect``'s shortcut: in text where ``_NOT_PLAIN`` finds nothing, every letter is one of ``_LATIN``
    # (and so counted), lower-cases to one of ``_PLAIN_WORD``, and nothing else lower-cases to one.
    plain_letter = re.compile(r"[a-zçğıöşü]")
    for c in _all_characters():
        if language._NOT_PLAIN.match(c):
            continue
        low = c.lower()
        if language._WORD.fullmatch(c):
            assert language._LATIN.fullmatch(c) and len(low) == 1 and plain_letter.fullmatch(low), hex(ord(c))
        else:
            assert not language._LATIN.fullmatch(c), hex(ord(c))
            assert not any(plain_letter.match(x) for x in low), hex(ord(c))


def test_lower_casing_keeps_words_except_for_dotted_capital_i() -> None:
    # ``_words_lower`` lower-cases the whole sample first unless it holds İ.
    word = language._WORD
    breaking = [
        c
        for c in _all_characters()
        if len(c.lower()) != 1 or bool(word.fullmatch(c)) != bool(word.fullmatch(c.lower()))
    ]
    assert breaking == ["\u0130"]


# --- assemble ----------------------------------------------------------------------------------------


def _casualty(start: int) -> CasualtyMention:
    return CasualtyMention(start=start, end=start + 1, text="x", who="", outcome="killed")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=8),
    st.lists(st.integers(-2, 80), max_size=15),
)
def test_mentions_by_sentence_equal_the_plain_scan(spans: list[tuple[int, int]], starts: list[int]) -> None:
    # Ordered, overlapping, unordered and empty sentences alike (the last two take the plain scan).
    sentences = [Sentence(start=s, end=s + n, text="", index=i) for i, (s, n) in enumerate(spans)]
    items = [_casualty(s) for s in starts]
    by_sentence = assemble._BySentence(items, sentences, assemble._ordered_starts(sentences))
    for i, sentence in enumerate(sentences):
        got = by_sentence(i)
        assert got == assemble._within(items, sentence)
        got.append(_casualty(0))  # a fresh list each time: callers extend what they get
        assert by_sentence(i) == assemble._within(items, sentence)


def test_sorted_sentences_are_bucketed() -> None:
    sentences = [
        Sentence(start=s, end=e, text="", index=i) for i, (s, e) in enumerate([(0, 5), (6, 9), (9, 12)])
    ]
    assert assemble._ordered_starts(sentences) == [0, 6, 9]
    assert assemble._ordered_starts(list(reversed(sentences))) is None
    overlapping = [Sentence(start=0, end=7, text="", index=0), Sentence(start=6, end=9, text="", index=1)]
    assert assemble._ordered_starts(overlapping) is None


# --- quotes ------------------------------------------------------------------------------------------


def test_later_clause_pattern_is_the_one_built_per_call_before() -> None:
    verbs = "|".join(sorted(quotes.SPEECH_VERBS))
    assert quotes._LATER_CLAUSE.pattern == r",\s+([^,]{1,60}?)\s+(?:" + verbs + r")\b\s*(?=[,.;]|$)"


# --- event type: inner_starts ------------------------------------------------------------------------


def test_inner_starts_lists_every_word_a_pattern_needs() -> None:
    needs = eventtype.inner_starts(re.compile(r"\b(?:killed|shot) (?:\w+ )?(?:protesters|marchers)\b"))
    assert needs == ((frozenset({"kill", "shot"}), frozenset({"prot", "marc"})),)
    # An optional word that ends with a space leaves the next word at a word start either way.
    assert eventtype.inner_starts(re.compile(r"\b(?:fighter )?jets?\b")) == (
        (frozenset({"figh", "jet", "jets"}), frozenset({"jet", "jets"})),
    )
    assert eventtype.inner_starts(re.compile(r"\bIN Protest", re.I)) == (
        (frozenset({"in p"}), frozenset({"prot"})),
    )


def test_inner_starts_refuse_what_can_start_mid_word() -> None:
    assert eventtype.inner_starts(re.compile(r"\bclash|fighting")) is None  # the second alternative
    assert eventtype.inner_starts(re.compile(r"gun ?battle")) is None
    # After \w+ or an optional non-space the next word may start anywhere: only the first word counts.
    assert eventtype.inner_starts(re.compile(r"\bkill\w+ed")) == ((frozenset({"kill"}),),)
    assert eventtype.inner_starts(re.compile(r"\bkill(?:ed)?ing")) == ((frozenset({"kill"}),),)
    assert eventtype.inner_starts(re.compile(r"\bfoo", re.ASCII)) is None


_TRICKY = _words(
    "killed protesters killedprotesters killed  protesters killed-protesters shot three marchers "
    "fighter jets fighterjets jet were pushed back was driven out in protest at İn protest ſtate Kıll "
    "KILLED Protesters the a of , . - ’ 12 civilians killed were killed villagers attack village"
)


def _patterns() -> list[re.Pattern[str]]:
    searched = [
        value
        for value in vars(eventtype).values()
        if isinstance(value, re.Pattern) and value.flags & re.IGNORECASE
    ]
    searched += [pattern for _label, pattern in eventtype._PRECEDENCE]
    searched += [pattern for _type, _sub, pattern in eventtype._PROCESS_CUES]
    return searched


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY), min_size=1, max_size=12).map(" ".join))
def test_inner_starts_never_rule_out_a_match(text: str) -> None:
    low = text.lower()
    starts = eventtype.word_starts(low)
    for _label, cue in eventtype._ORDERED_CUES:
        if cue.pattern.search(low):
            assert eventtype.meets(starts, eventtype.inner_starts(cue.pattern)), cue.pattern.pattern
    if eventtype.case_safe(text):
        for pattern in _patterns():
            if pattern.search(text):
                assert eventtype.meets(starts, eventtype._ci_needs(pattern)), pattern.pattern


def test_most_cues_get_a_second_word_filter() -> None:
    # Without it the speed-up is gone (the output would stay the same).
    assert sum(needs is not None for needs in eventtype._CUE_NEEDS) > len(eventtype._CUE_NEEDS) // 3
