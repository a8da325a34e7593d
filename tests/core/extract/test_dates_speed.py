"""The date rules' shortcut: a document-wide index of trigger words gives, for every sentence, the
same rule families as testing the sentence alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import dates

_WORDS = sorted({w for words in dates._TRIGGER_WORDS.values() for w in words})
_ODD = ["", " ", ". ", "\n", "12", "7", "İ", "ı", "ſ", "\u212a", "Σ", "ΑΣ ", "x", "Mon", "Sun", "da", "y"]
_PIECES = st.sampled_from([*_WORDS, *(w.upper() for w in _WORDS), *(w.title() for w in _WORDS), *_ODD])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.data())
def test_index_gives_what_each_span_alone_gives(text: str, data: st.DataObject) -> None:
    index = dates._TriggerIndex(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert index.triggered(start, end) == dates._triggered(text[start:end])


def test_a_word_crossing_the_span_edge_does_not_count() -> None:
    text = "They met on Monday"
    index = dates._TriggerIndex(text)
    assert "weekday" in index.triggered(0, len(text))
    assert "weekday" not in index.triggered(0, len(text) - 1)  # "Monda": "day" is cut
    assert index.triggered(0, 4) == set()


def test_text_whose_length_changes_when_lower_cased_is_tested_span_by_span() -> None:
    text = "İstanbul talks end Monday"
    index = dates._TriggerIndex(text)
    assert not index.usable
    assert index.triggered(0, len(text)) == dates._triggered(text)
