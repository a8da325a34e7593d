"""quotes: the shortcuts of the indirect-quote walk and of speaker resolution find what the plain
searches find.

``_indirect`` reads only sentences that hold an indirect verb or "according", and tries INDIRECT_HEAD
only where such a verb starts; ``_tokens`` searches between two positions instead of in a slice;
NAME_RE opens with a lookahead for its capital. Each is compared with the plain way here.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import quotes

ARTICLES = Path(__file__).resolve().parents[3] / "truce" / "demo_articles"

_WORDS = """
said says told added stated claimed announced warned insisted argued noted explained confirmed denied
alleged reported believes believed acknowledged admitted stressed unsaid Said SAID retold that reporters
according to According ACCORDING accordİng accordıng Accord the minister Ishaq Dar Mr. Dar he she they
officials Pakistani a spokesman for ministry , . ? ! : ; “ ” " « » — - ( ) talks would resume on Monday
the attack was over and troops U.S. Dr. Jane Roe who also later reportedly
"""
_VOCAB = [*sorted(set(_WORDS.split())), "\n", "\n\n", ". ", ".\n", "” ", "said that"]
_SUBJECTS = [
    "Ishaq Dar",
    "The minister",
    "officials",
    "He",
    "Mr. Dar, the envoy,",
    "a spokesman for the ministry",
]
_CLAUSES = ["the talks would resume on Monday", "troops left the area", "the attack was over"]
_SENTENCES = st.one_of(
    # "X said (that) CLAUSE", "X told Y that CLAUSE"
    st.tuples(
        st.sampled_from(_SUBJECTS),
        st.sampled_from([*sorted(quotes.INDIRECT_VERBS), "told reporters", "told the BBC"]),
        st.sampled_from(["that ", ""]),
        st.sampled_from(_CLAUSES),
    ).map(lambda t: f"{t[0]} {t[1]} {t[2]}{t[3]}."),
    # "CLAUSE, X said.", "CLAUSE, said X.", "according to X, CLAUSE", "CLAUSE, according to X"
    st.tuples(
        st.sampled_from(_CLAUSES), st.sampled_from(_SUBJECTS), st.sampled_from(sorted(quotes.INDIRECT_VERBS))
    ).map(lambda t: f"{t[0].capitalize()}, {t[1]} {t[2]}."),
    st.tuples(st.sampled_from(_CLAUSES), st.sampled_from(_SUBJECTS)).map(lambda t: f"{t[0]}, said {t[1]}."),
    st.tuples(
        st.sampled_from(["According", "according", "ACCORDİNG", "accordıng"]), st.sampled_from(_SUBJECTS)
    ).map(lambda t: f"{t[0]} to {t[1]}, {_CLAUSES[0]}."),
    st.sampled_from(_VOCAB),
)
_TEXTS = st.lists(_SENTENCES, min_size=1, max_size=12).map(" ".join)


def _plain_indirect(text: str, masked: str) -> list[tuple[tuple[int, int], quotes._Speaker]]:
    """``quotes._indirect`` the plain way: every sentence read, INDIRECT_HEAD tried at every position."""
    out = []
    pos = 0
    while pos < len(masked):
        s_start, s_end = quotes._sentence_bounds(masked, pos, pos)
        if s_end <= pos:
            s_end = pos + 1
        sentence = masked[s_start:s_end]
        if quotes.MASK not in sentence and sentence.strip():
            every = list(range(len(sentence)))
            found = quotes._indirect_in(text, masked, s_start, s_end, every, True)
            if found:
                out.append(found)
        pos = s_end
    return out


def _masked(text: str) -> str:
    return quotes._mask(text, quotes._segments(text, quotes._paragraphs(text)))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_TEXTS)
def test_indirect_walk_finds_what_reading_every_sentence_finds(text: str) -> None:
    masked = _masked(text)
    assert quotes._indirect(text, masked, []) == _plain_indirect(text, masked)


def test_indirect_walk_on_the_test_articles() -> None:
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        masked = _masked(text)
        assert quotes._indirect(text, masked, []) == _plain_indirect(text, masked), path.name


def test_according_in_any_case_is_a_cue() -> None:
    # (?i) reads "accordİng" as "according": the cue search must be as case-blind as the pattern.
    text = "The talks will resume next week, accordİng to Ishaq Dar."
    assert [sp.text for _, sp in quotes._indirect(text, text, [])] == ["Ishaq Dar"]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_TEXTS, st.integers(0, 80), st.integers(0, 80))
def test_tokens_between_positions_equal_tokens_of_the_slice(text: str, start: int, end: int) -> None:
    want = []
    for m in quotes.WORD.finditer(text[start:end]):
        a, b, w = start + m.start(), start + m.end(), m.group(0)
        if w.endswith(".") and not (quotes.TITLE.match(w) or len(w) == 2 or "." in w[:-1]):
            b, w = b - 1, w[:-1]
        want.append((a, b, w))
    assert quotes._tokens(text, start, end) == want


def test_name_lookahead_changes_no_match() -> None:
    plain = re.compile(quotes.NAME_RE.pattern.removeprefix("(?=[A-Z])"))
    assert plain.pattern != quotes.NAME_RE.pattern
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in quotes.NAME_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    sample = " ".join(_VOCAB) + " Mr. Ishaq Dar, Rep. Jane Q. Roe and İstanbul Élise Ng"
    assert [m.span() for m in quotes.NAME_RE.finditer(sample)] == [m.span() for m in plain.finditer(sample)]
