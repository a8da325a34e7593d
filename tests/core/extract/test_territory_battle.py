"""A battle that changed who holds the ground is one event of the territory sub-type: the clash told in
the same paragraph as the change is that battle. The verbs of taking ground, in all their forms, open a
sentence ("drove the militants out of", "were pushed back", "gained ground", "fell to"). Our own
sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import lexicon
from truce.core.extract.pipeline import extract

PUBLISHED = dt.date(2025, 10, 14)


def _types(text: str) -> list[str]:
    return [e["sub_event_type"] for e in extract(text, published=PUBLISHED)["events"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Government troops drove the insurgents out of four villages in the valley on Monday. Dozens "
            "of fighters were killed in fierce clashes with the soldiers.",
            "Government regains territory",
        ),
        (
            "The militants were pushed back from their hilltop positions on Sunday. Several of them were "
            "killed in heavy fighting with the army.",
            "Government regains territory",
        ),
        (
            "Rebel fighters overran two army outposts near the river on Tuesday. The clashes with the "
            "troops lasted most of the night.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_a_clash_and_a_change_of_ground_in_one_paragraph_are_one_battle(text, expected):
    types = _types(text)
    assert types and set(types) == {expected}


def test_a_clash_in_another_paragraph_stays_a_clash():
    text = (
        "Government troops drove the insurgents out of four villages in the valley on Monday.\n\n"
        "In the south, soldiers and militants clashed near the border on Tuesday, leaving six dead."
    )
    assert set(_types(text)) == {"Government regains territory", "Armed clash"}


@pytest.mark.parametrize(
    "form", ["recaptures", "retaking", "regained", "liberated", "overruns", "taking over", "gained ground"]
)
def test_the_verbs_of_taking_ground_are_in_the_lexicon(form):
    assert lexicon.pattern("territory").fullmatch(form)
