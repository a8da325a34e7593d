"""A denial is quoted with its verb: the clause alone would report the opposite of what was said."""

import pytest

from truce.core.extract import pipeline


def _quotes(text: str) -> list[tuple[str, str]]:
    return [(q["speaker"], q["text"]) for q in pipeline.extract(text, content_type="text")["quotes"]]


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        (
            "A spokesman for the Afghan defence ministry denied that their forces had fired on the "
            "Pakistani post at Angoor Adda.",
            "A spokesman for the Afghan defence ministry",
            "denied that their forces had fired on the Pakistani post at Angoor Adda",
        ),
        (
            "The Inter-Services Public Relations denies that any drone was flown over Khost province.",
            "The Inter-Services Public Relations",
            "denies that any drone was flown over Khost province",
        ),
        (
            "Both border commands deny that their gunners shelled the villages near Chaman.",
            "border commands",
            "deny that their gunners shelled the villages near Chaman",
        ),
    ],
)
def test_denied_clause_is_quoted_with_the_denial(text, speaker, quote):
    assert _quotes(text) == [(speaker, quote)]


def test_an_ordinary_report_of_speech_quotes_the_clause_alone():
    text = "Officials in Quetta said that Afghan forces had fired first near the crossing."
    assert _quotes(text) == [("Officials in Quetta", "Afghan forces had fired first near the crossing")]


def test_a_denied_attack_is_not_an_event_that_occurred():
    text = "A spokesman for the Afghan ministry denied that their forces had fired on the Pakistani post."
    events = pipeline.extract(text, content_type="text")["events"]
    assert all(e["status"] != "occurred" for e in events)


@pytest.mark.parametrize(
    ("text", "speaker", "quote"),
    [
        (
            "The Afghan defence ministry denied on Tuesday that its forces had fired on the post at "
            "Ghulam Khan.",
            "The Afghan defence ministry",
            "denied on Tuesday that its forces had fired on the post at Ghulam Khan",
        ),
        (
            "A border commander denied late Monday night that his gunners had shelled the bazaar in Chaman.",
            "A border commander",
            "denied late Monday night that his gunners had shelled the bazaar in Chaman",
        ),
    ],
)
def test_a_denial_dated_before_its_clause_keeps_the_denial(text, speaker, quote):
    assert _quotes(text) == [(speaker, quote)]


def test_a_statement_dated_before_its_clause_quotes_the_clause_alone():
    assert _quotes(
        "The interior ministry said on Tuesday that the Torkham crossing would reopen next week."
    ) == [("The interior ministry", "the Torkham crossing would reopen next week")]


def test_a_dateline_does_not_leak_into_the_speaker():
    text = "CHAMAN, Pakistan — A senior customs official said the crossing would reopen on Friday."
    assert _quotes(text) == [("A senior customs official", "the crossing would reopen on Friday")]


def test_a_pronoun_after_a_fronted_place_is_not_resolved_to_the_place():
    text = (
        "Mujahid Khan spoke to reporters in Kabul on Monday. In Kandahar, he said the talks had failed to "
        "produce results."
    )
    assert _quotes(text) == [("Mujahid Khan", "the talks had failed to produce results")]


def test_a_pronoun_with_only_a_fronted_place_before_it_stays_a_pronoun():
    assert _quotes("At Torkham, she said the crossing would reopen on Friday.") == [
        ("she", "the crossing would reopen on Friday")
    ]


def test_they_points_back_to_a_group_named_at_the_start_of_a_sentence():
    text = "Residents fled the villages near Kurram on Monday. They said the shelling had lasted all night."
    assert _quotes(text) == [("Residents", "the shelling had lasted all night")]
