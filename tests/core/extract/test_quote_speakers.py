"""Speaker names: a speaker mention that names a person gives the name alone, titles and descriptions left
out, so quotes aggregate by person across articles. Sentences written for these tests."""

from __future__ import annotations

import pytest

from truce.core.extract import quotes
from truce.core.extract.document import Quote


def found(text: str) -> list[tuple[str, str, bool]]:
    """(speaker name, speaker span text, direct) for each quote."""
    return [(q.speaker, text[q.speaker_start : q.speaker_end], q.direct) for q in quotes.find_quotes(text)]


def only(text: str) -> Quote:
    (quote,) = quotes.find_quotes(text)
    return quote


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        (
            "“We will not reopen the gate,” said spokesman Zabihullah Mujahid.",
            "spokesman Zabihullah Mujahid",
            "Zabihullah Mujahid",
        ),
        (
            "“We will not reopen the gate,” Taliban spokesman Zabihullah Mujahid said.",
            "Taliban spokesman Zabihullah Mujahid",
            "Zabihullah Mujahid",
        ),
        (
            "Pakistan's foreign office spokesman Shafqat Ali Khan said: “The border stays shut.”",
            "Pakistan's foreign office spokesman Shafqat Ali Khan",
            "Shafqat Ali Khan",
        ),
        (
            "“The border stays shut,” Pakistan’s foreign office spokesman Shafqat Ali Khan told reporters.",
            "Pakistan’s foreign office spokesman Shafqat Ali Khan",
            "Shafqat Ali Khan",
        ),
        (
            "“We want the talks to go on,” said Foreign Minister Ishaq Dar.",
            "Foreign Minister Ishaq Dar",
            "Ishaq Dar",
        ),
        (
            "“We want the talks to go on,” Pakistan Foreign Minister Ishaq Dar said.",
            "Pakistan Foreign Minister Ishaq Dar",
            "Ishaq Dar",
        ),
        (
            "“Trade must resume,” Interior Ministry spokesman Mumtaz Baloch said.",
            "Interior Ministry spokesman Mumtaz Baloch",
            "Mumtaz Baloch",
        ),
        (
            "“Trade must resume,” UN Secretary-General Maria Lund said.",
            "UN Secretary-General Maria Lund",
            "Maria Lund",
        ),
        (
            "“Trade must resume,” district police Chief Gul Zaman said.",
            "district police Chief Gul Zaman",
            "Gul Zaman",
        ),
        (
            "Sen. Jane Roe (D-Ohio) said: “Trade must resume.”",
            "Sen. Jane Roe (D-Ohio)",
            "Jane Roe",
        ),
        (
            "“Trade must resume,” said Rep. Jane Roe of Ohio.",
            "Rep. Jane Roe of Ohio",
            "Jane Roe",
        ),
        (
            "“Trade must resume,” said retired Lt. Gen. Karim Shah.",
            "retired Lt. Gen. Karim Shah",
            "Karim Shah",
        ),
        (
            "“Trade must resume,” Chaman resident Bibi Gul said.",
            "Chaman resident Bibi Gul",
            "Bibi Gul",
        ),
        (
            "“Trade must resume,” Mayor Anna de Vries said.",
            "Mayor Anna de Vries",
            "Anna de Vries",
        ),
    ],
)
def test_a_described_or_titled_name_gives_the_name_alone(text: str, mention: str, name: str) -> None:
    quote = only(text)
    assert (quote.speaker, text[quote.speaker_start : quote.speaker_end]) == (name, mention)


def test_indirect_quote_gives_the_name_alone():
    text = "Taliban spokesman Zabihullah Mujahid said the crossing would reopen after the talks."
    assert found(text) == [("Zabihullah Mujahid", "Taliban spokesman Zabihullah Mujahid", False)]


def test_the_same_person_gets_one_name_however_introduced():
    text = (
        "“We will not reopen the gate,” said spokesman Zabihullah Mujahid.\n"
        "“The gate stays shut,” Taliban spokesman Zabihullah Mujahid said later.\n"
        "Zabihullah Mujahid, the Taliban spokesman, said: “Nothing has changed.”\n"
        "“We are waiting,” Mujahid said."
    )
    assert {speaker for speaker, _, _ in found(text)} == {"Zabihullah Mujahid"}


def test_titled_surname_after_the_full_name_gives_the_full_name():
    text = "“We want talks,” said Foreign Minister Ishaq Dar. Later, Mr. Dar said: “We can wait.”"
    assert found(text) == [
        ("Ishaq Dar", "Foreign Minister Ishaq Dar", True),
        ("Ishaq Dar", "Mr. Dar", True),
    ]


def test_surname_after_a_described_name_gives_the_clean_full_name():
    text = "“We will respond,” Taliban spokesman Zabihullah Mujahid said. “We are ready,” said Mujahid."
    assert [speaker for speaker, _, _ in found(text)] == ["Zabihullah Mujahid", "Zabihullah Mujahid"]


def test_titled_surname_without_a_full_name_keeps_the_surname():
    assert only("“We can wait,” Mr. Dar said.").speaker == "Dar"


def test_apposition_still_gives_the_name():
    text = "“We will respond,” said Zabihullah Mujahid, the Taliban spokesman."
    assert only(text).speaker == "Zabihullah Mujahid"


def test_pronoun_resolves_to_the_name_of_a_described_antecedent():
    text = "Pakistan's foreign office spokesman Shafqat Ali Khan spoke on Monday. “We are patient,” he said."
    assert only(text).speaker == "Shafqat Ali Khan"


@pytest.mark.parametrize(
    "speaker",
    [
        "Turkish officials",
        "a provincial spokesman",
        "residents",
        "the Taliban spokesman",
        "a spokesman for the interior ministry",
        "residents of Chaman",
    ],
)
def test_a_speaker_without_a_name_stays_as_described(speaker: str) -> None:
    assert only(f"“The road is closed,” {speaker} said.").speaker == speaker


@pytest.mark.parametrize(
    "mention",
    [
        "a spokeswoman for Prime Minister Shehbaz Sharif",  # the name is someone else's
        "the wife of President Arif Alvi",
        "a Kabul radio interview Ahmad",  # a noun that is no role does not describe the name
        "Foreign Minister Ishaq Dar and Interior Minister Mohsin Naqvi",  # two people, not the last one
    ],
)
def test_a_name_that_is_not_the_speakers_is_not_taken(mention: str) -> None:
    assert quotes._person_name(mention) == ""


@pytest.mark.parametrize("name", ["Ishaq Dar", "John Major", "Sardar Ali Khan", "Zero Hedge", "Dar"])
def test_a_bare_name_is_no_described_name(name: str) -> None:
    assert quotes._person_name(name) == ""
