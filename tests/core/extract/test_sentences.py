"""Sentence splitting: abbreviations, initials, numbers, quotes, headlines and Urdu full stops."""

from __future__ import annotations

from truce.core.extract import sentences
from truce.core.extract.document import Document


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences.split(text)]


def test_splits_after_full_stop_before_capital() -> None:
    assert texts("Troops fired. Villagers fled.") == ["Troops fired.", "Villagers fled."]


def test_titles_months_and_country_abbreviations_do_not_end_a_sentence() -> None:
    text = "Lt. Gen. Ahmed met U.S. envoys on Oct. 12 in Doha. They left at 5 p.m. Monday."
    assert texts(text) == [
        "Lt. Gen. Ahmed met U.S. envoys on Oct. 12 in Doha.",
        "They left at 5 p.m. Monday.",
    ]


def test_initials_and_decimals_stay_inside_the_sentence() -> None:
    assert texts("A. K. Yusufzai said 3.5 tonnes of aid crossed. Then the gate shut.") == [
        "A. K. Yusufzai said 3.5 tonnes of aid crossed.",
        "Then the gate shut.",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    assert texts("“We will not retreat.” The commander then left.") == [
        "“We will not retreat.”",
        "The commander then left.",
    ]


def test_lowercase_after_period_does_not_split() -> None:
    assert texts("The talks ended without a deal, i.e. no text was signed.") == [
        "The talks ended without a deal, i.e. no text was signed."
    ]


def test_lines_and_paragraphs_are_boundaries() -> None:
    assert texts("Border tensions\n\nShelling resumed near Chaman") == [
        "Border tensions",
        "Shelling resumed near Chaman",
    ]


def test_urdu_and_arabic_terminators() -> None:
    assert texts("سرحد پر فائرنگ ہوئی۔ مذاکرات جاری ہیں۔") == ["سرحد پر فائرنگ ہوئی۔", "مذاکرات جاری ہیں۔"]
    assert texts("هل انتهت المحادثات؟ لم يعلن أحد") == ["هل انتهت المحادثات؟", "لم يعلن أحد"]


def test_annotate_numbers_sentences_with_offsets_into_the_text() -> None:
    doc = Document(text="  First one.  Second one!\nThird")
    sentences.annotate(doc)
    assert [(s.index, s.text) for s in doc.sentences] == [(0, "First one."), (1, "Second one!"), (2, "Third")]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
