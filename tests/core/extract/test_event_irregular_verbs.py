"""The domain's verbs in their irregular past tenses ("fell", "struck", "shot", "hit", "fought", "blew up")
type an incident, and a sentence that tells a violent act beside a peace-process step gives both. The
sentences are written for these tests."""

import pytest

from truce.core.extract import pipeline


def _events(text: str) -> list[tuple[str, str]]:
    return [(e["kind"], e["sub_event_type"]) for e in pipeline.extract(text, content_type="text")["events"]]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "A mortar shell fell on a house in the village on Monday, wounding two children.",
            "Shelling/artillery/missile attack",
        ),
        ("Pakistani jets struck militant hideouts in the district on Monday.", "Air/drone strike"),
        ("Unknown men shot and wounded a journalist in the city on Monday.", "Attack"),
        ("A rocket hit a school in the town on Monday.", "Shelling/artillery/missile attack"),
        ("Soldiers fought militants near the border town on Monday.", "Armed clash"),
        ("Militants blew up a girls' school in the village on Monday.", "Remote explosive/landmine/IED"),
        ("Insurgents blew up a bridge on the main highway on Monday.", "Remote explosive/landmine/IED"),
    ],
)
def test_irregular_past_tense_types_the_incident(text, label):
    assert _events(text) == [("violence", label)]


def test_a_bombing_beside_a_broken_ceasefire_is_both_a_step_and_an_airstrike():
    """The ceasefire's collapse is the strategic development; the bombing told beside it is not lost to it
    ("broke the ceasefire and bombed three locations" was typed as an agreement alone)."""
    events = _events("Pakistan bombed three locations in Kandahar after the ceasefire broke down on Monday.")
    assert ("violence", "Air/drone strike") in events
    assert [k for k, _ in events].count("process") == 1
    assert not any(sub == "Agreement" for _, sub in events)


def test_a_ceasefire_step_without_violence_gives_no_violence_event():
    events = _events("The two sides agreed on Monday to extend the ceasefire by another week.")
    assert [k for k, _ in events] == ["process"]


def test_blew_up_without_property_is_still_a_suicide_bombing():
    events = _events("A bomber blew himself up outside the police station in the city on Monday.")
    assert events == [("violence", "Suicide bomb")]


def test_a_ceasefire_step_told_with_clashes_as_its_context_gives_no_violence_event_there():
    """The clashes a ceasefire ended are told for themselves elsewhere; the step's sentence is the step."""
    events = _events(
        "Last month, the two countries agreed to extend the ceasefire after deadly border clashes."
    )
    assert [k for k, _ in events] == ["process"]
