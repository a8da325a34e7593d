"""One sentence, one incident: a verb that two combat types share does not split an incident into two
events. Both sides exchanging heavy fire is one armed clash (not a clash plus a shelling); aircraft that
"pound" or "bombard" a target make one air strike (not an air strike plus a shelling). A sentence that
names two forms ("jets struck and artillery shelled") still gives both. Our own sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract.pipeline import extract

PUBLISHED = dt.date(2025, 10, 14)


def _types(text: str) -> list[str]:
    return [e["sub_event_type"] for e in extract(text, published=PUBLISHED)["events"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pakistani and Afghan forces exchanged artillery fire across the border near Chaman on Sunday.",
        "The two armies traded mortar fire along the frontier overnight, officials said.",
        "Troops and insurgents exchanged heavy artillery and rocket fire outside the town on Monday.",
        "An exchange of artillery fire between border guards lasted several hours on Sunday.",
    ],
)
def test_an_exchange_of_heavy_fire_is_one_clash(sentence):
    assert _types(sentence) == ["Armed clash"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pakistani jets pounded militant hideouts in Khost province on Monday night, killing 12 fighters.",
        "Warplanes bombarded rebel positions east of the city on Sunday.",
        "Fighter jets pounded the insurgents' camps in the valley on Monday.",
    ],
)
def test_aircraft_pounding_a_target_is_one_air_strike(sentence):
    assert _types(sentence) == ["Air/drone strike"]


def test_aircraft_and_artillery_named_together_are_two_forms():
    text = "Jets struck the hills on Monday while artillery shelled the villages below, officials said."
    assert sorted(_types(text)) == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_one_side_shelling_is_still_shelling():
    text = "Afghan forces fired artillery shells at Pakistani posts near Chaman on Sunday."
    assert _types(text)[0] == "Shelling/artillery/missile attack"


HEADLINE_ARTICLE = """Pakistani jets pound militant hideouts in Khost

Pakistani jets pounded militant hideouts in Khost province on Monday night, killing 12 fighters, security
officials said.
"""


def test_headline_and_body_of_a_pounding_give_one_air_strike():
    events = extract(HEADLINE_ARTICLE, published=PUBLISHED)["events"]
    assert [e["sub_event_type"] for e in events] == ["Air/drone strike"]
    assert events[0]["date"]["value"] == "2025-10-13"
