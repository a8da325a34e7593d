"""Quote attribution: each phrasing the quote finder handles, on sentences written for these tests."""

from __future__ import annotations

import pytest

from truce.core.extract import quotes
from truce.core.extract.document import Document, Quote


def find(text: str) -> list[Quote]:
    doc = Document(text=text)
    quotes.annotate(doc)
    return doc.quotes


def direct(text: str) -> list[tuple[str, str, str]]:
    """(quote text, speaker name, speaker span text) for each direct quote."""
    return [(q.text, q.speaker, text[q.speaker_start : q.speaker_end]) for q in find(text) if q.direct]


def speaker_of(text: str, fragment: str) -> str:
    for q in find(text):
        if fragment in q.text:
            return q.speaker
    raise AssertionError(f"no quote containing {fragment!r} in {[q.text for q in find(text)]}")


def test_x_said_after_the_quote():
    text = "“The crossing will reopen on Monday,” Amina Rauf said."
    assert direct(text) == [("The crossing will reopen on Monday,", "Amina Rauf", "Amina Rauf")]


def test_said_x_after_the_quote():
    text = "“We have kept our side of the bargain,” said Colonel Jawad Hashmi, a border commander."
    assert direct(text)[0][1:] == ("Jawad Hashmi", "Colonel Jawad Hashmi")


def test_x_the_minister_said_with_an_apposition():
    text = "“Talks will resume,” Omar Siddiqui, the interior minister, said on Friday."
    assert direct(text)[0][2] == "Omar Siddiqui"


def test_x_said_before_the_quote_with_a_colon():
    text = "The spokesman for the provincial government said: “Nobody was hurt in the second blast.”"
    assert direct(text)[0][2] == "The spokesman for the provincial government"


def test_according_to_x_before_a_quote():
    text = "According to Hamid Noori, “the shelling lasted three hours.”"
    assert direct(text)[0][1] == "Hamid Noori"


def test_according_to_x_gives_an_indirect_quote():
    text = "Four shops were burnt in the market, according to the district police chief."
    (q,) = find(text)
    assert not q.direct
    assert q.speaker == "the district police chief"
    assert q.text == "Four shops were burnt in the market"


def test_described_speakers_keep_their_description():
    text = "Turkish officials said both delegations “remain committed to the ceasefire.”"
    assert direct(text)[0][1] == "Turkish officials"
    text = "“The road is closed,” a senior police officer told reporters."
    assert direct(text)[0][1] == "a senior police officer"
    text = "“No aircraft crossed the border,” the ministry said in a statement."
    assert direct(text)[0][1] == "the ministry"


def test_straight_and_curly_quotes_both_count():
    assert direct('"We are ready," Leyla Demir said.')[0][:2] == ("We are ready,", "Leyla Demir")
    assert direct("“We are ready,” Leyla Demir said.")[0][:2] == ("We are ready,", "Leyla Demir")


def test_quote_split_around_he_said_gives_both_halves_to_one_speaker():
    text = "Sami Bukhari arrived late. “The convoy left at dawn,” he said, “and reached the post by noon.”"
    got = direct(text)
    assert [g[0] for g in got] == ["The convoy left at dawn,", "and reached the post by noon."]
    assert {g[1] for g in got} == {"Sami Bukhari"}
    assert {g[2] for g in got} == {"he"}


def test_pronoun_resolves_to_the_most_recent_named_person_of_matching_gender():
    text = (
        "Mr. Farid Zaman met Ms. Hina Qureshi in the capital. "
        "“The market was hit twice,” she said. “Our office received the list,” he added."
    )
    assert speaker_of(text, "market was hit") == "Hina Qureshi"
    assert speaker_of(text, "Our office") == "Farid Zaman"


def test_they_resolves_to_the_last_plural_described_speaker():
    text = "Pakistani officials met on Monday. “We reject the claim,” they said."
    assert direct(text)[0][1:] == ("Pakistani officials", "they")


def test_what_they_called_belongs_to_the_sentence_subject():
    text = "The delegation offered what they called “a fair proposal.”"
    assert speaker_of(text, "fair proposal") == "The delegation"


def test_lone_surname_resolves_to_the_full_name_introduced_earlier():
    text = "Interior Minister Rukhsana Baig visited the camp. “We will rebuild the school,” Baig said."
    assert direct(text)[0][1] == "Rukhsana Baig"


def test_multi_paragraph_quote_continues_after_an_unclosed_paragraph():
    text = (
        "Kamal Yousaf said: “The first shell landed near the school. Nobody was inside.\n\n"
        "“The second one hit the clinic.”"
    )
    got = direct(text)
    assert len(got) == 2
    assert {g[1] for g in got} == {"Kamal Yousaf"}
    assert got[0][0].endswith("Nobody was inside.")


def test_colon_at_the_end_of_a_paragraph_introduces_the_next_paragraphs_quote():
    text = "Zarina Aziz told the assembly:\n\n“Every family on this road has lost someone.”"
    assert direct(text)[0][1] == "Zarina Aziz"


def test_standalone_quote_continues_the_previous_speaker_in_the_paragraph():
    text = "“We saw the smoke first,” Imran Gul said. “Then the sirens started.”"
    assert [g[1] for g in direct(text)] == ["Imran Gul", "Imran Gul"]


def test_short_attribution_sentence_after_a_full_stop():
    text = "“The bridge is gone.” Nadia Rahimi said."
    assert direct(text)[0][1] == "Nadia Rahimi"


def test_partial_quote_inside_reported_speech_goes_to_the_outer_speaker():
    text = "Tariq Mahmood said the attackers were “well trained and well armed.”"
    assert direct(text) == [("well trained and well armed.", "Tariq Mahmood", "Tariq Mahmood")]


def test_nested_pronoun_defers_to_the_outer_named_speaker():
    text = "Samina Latif said she recalled thinking, “This cannot last.”"
    assert direct(text)[0][2] == "Samina Latif"


def test_indirect_speech_x_said_that():
    text = "The governor said that the curfew would be lifted on Thursday."
    (q,) = find(text)
    assert q.direct is False
    assert q.speaker == "The governor"
    assert q.text == "the curfew would be lifted on Thursday"


def test_indirect_speech_clause_then_x_said():
    text = "The curfew would be lifted on Thursday, the governor said."
    (q,) = find(text)
    assert (q.direct, q.speaker, q.text) == (False, "the governor", "The curfew would be lifted on Thursday")


def test_noun_uses_of_speech_verbs_are_not_attributions():
    text = "Zubair Khan pointed to a series of tweets that called the plan “a trap.”"
    assert direct(text)[0][1] == "Zubair Khan"


def test_title_quotes_without_speaker_are_not_emitted():
    assert direct("The film “Mountain Roads” opened in 2019.") == []


def test_spans_are_offsets_into_the_text():
    text = "Before the vote, Asad Mir said: “We will not accept it.”"
    (q,) = find(text)
    assert text[q.start : q.end] == q.text == "We will not accept it."
    assert text[q.speaker_start : q.speaker_end] == "Asad Mir"


@pytest.mark.parametrize(
    "text",
    ["", "No quotation marks here at all.", "“", "”", '"', "“Unclosed", "He said.", "“”"],
)
def test_degenerate_inputs_do_not_crash(text):
    for q in find(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_possessive_claim_gives_the_possessor():
    text = "Observers doubted Rashid Karimi’s claim that the post was “never abandoned.”"
    assert direct(text)[0][1:] == ("Rashid Karimi", "Rashid Karimi’s")


def test_programme_titles_and_nicknames_are_not_quotes():
    text = (
        "Bilal Ahmed told the show “Evening Report” on Friday that the convoy was “turned back at the gate.”"
    )
    assert direct(text) == [("turned back at the gate.", "Bilal Ahmed", "Bilal Ahmed")]


def test_subject_before_a_participle_phrase():
    text = 'Mourners walking behind the coffins chanted "No more shelling!"'
    assert direct(text)[0][1] == "Mourners"


def test_as_x_put_it():
    text = "The valley had become, as one elder put it, “a place nobody can leave.”"
    assert direct(text)[0][1] == "one elder"


def test_standalone_quote_after_a_reported_speech_sentence_keeps_its_speaker():
    text = "The talks could resume next week, Selim Arslan said. “Both sides want a written text.”"
    assert direct(text)[0][1] == "Selim Arslan"


def test_nested_quotation_keeps_the_outer_quote_whole():
    text = "“They keep calling it a “temporary” closure,” Nasreen Baloch said."
    ((quoted, speaker, _),) = direct(text)
    assert quoted == "They keep calling it a “temporary” closure," and speaker == "Nasreen Baloch"


def test_name_with_a_long_description_before_the_verb():
    text = "Gul Wazir, who has run the market committee since 2019, said, “Nothing has moved for a week.”"
    assert direct(text)[0][2] == "Gul Wazir"


def test_subject_after_a_dateline():
    text = "CHAMAN, Pakistan (Agency) — Traders criticised the closure as “a death sentence for the town.”"
    assert direct(text)[0][1] == "Traders"


def test_verb_after_a_noun_is_not_a_speech_verb():
    text = "Omar Shah said the province's mental health state was “worse than anyone admits.”"
    assert direct(text)[0][2] == "Omar Shah"
