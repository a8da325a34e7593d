"""The domain lexicon: every lemma with its inflections and nominalisations opens a sentence to typing."""

import pytest

from truce.core.extract import eventtype, lexicon, pipeline, sentences
from truce.core.extract.document import Document


def test_each_lemma_comes_with_its_inflections_and_nominalisations():
    words = set(lexicon.forms())
    for form in (
        "bomb",
        "bombed",
        "bombing",
        "bombings",
        "bombardment",
        "strike",
        "struck",
        "airstrikes",
        "shelled",
        "shelling",
        "fire",
        "fired",
        "firing",
        "drone",
        "uav",
        "explosion",
        "explosions",
        "grenade",
        "deployed",
        "demonstrations",
        "broke the ceasefire",
        "violated the ceasefire",
    ):
        assert form in words, form


def test_the_pattern_matches_whole_words_only():
    p = lexicon.pattern()
    assert p.search("Artillery SHELLING resumed")
    assert not p.search("the firebrand cleric")
    assert not p.search("a ceasefire was agreed")  # "fire" inside "ceasefire" is no incident word
    assert lexicon.pattern("protest").search("demonstrators gathered")
    assert not lexicon.pattern("protest").search("troops shelled the post")


def _mentions(text: str) -> list[str]:
    doc = pipeline.document(text, content_type="text")
    return [m.sub_event_type for m in doc.event_mentions]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # Each sentence follows one that gives an event, so the fallback cannot be what reads it.
        ("Pakistani jets pounded hideouts in Paktika overnight.", "Air/drone strike"),
        ("The bombardment of Spin Boldak went on until dawn.", "Shelling/artillery/missile attack"),
        ("Two explosions tore through the market in Jalalabad on Friday.", "Remote explosive/landmine/IED"),
    ],
)
def test_inflected_and_nominal_forms_open_a_sentence_beside_another_event(text, label):
    first = "Gunmen shot dead a tribal elder in Bajaur on Thursday."
    assert label in _mentions(first + "\n\n" + text)


def test_explosions_heard_are_no_incident_of_their_own():
    text = "Shopkeepers said they closed early after hearing heavy explosions near the crossing."
    doc = Document(text=text)
    sentences.annotate(doc)
    eventtype.annotate(doc)
    assert doc.event_mentions == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Pakistan strikes hideouts in Afghanistan's Khost province", "Air/drone strike"),
        ("Afghan forces pounded Pakistani posts near Bajaur overnight.", "Shelling/artillery/missile attack"),
        ("The ceasefire was violated near Chaman on Sunday.", "Ceasefire violated"),
        ("The Taliban broke the ceasefire near Spin Boldak on Sunday.", "Ceasefire violated"),
    ],
)
def test_headline_verbs_and_a_broken_ceasefire_are_typed(text, label):
    assert label in _mentions(text)
