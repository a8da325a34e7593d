"""A protest told in several sentences of one paragraph is one protest: the plainest reading ("Peaceful
protest", which only says nothing else was told) yields to what the protesters did (roads blocked, stones
thrown: a violent demonstration) or what was done to them (force, intervention). A demonstration called
"non-violent" is not a violent one. Our own sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract.eventtype import classify
from truce.core.extract.pipeline import extract

PUBLISHED = dt.date(2025, 10, 14)


def _types(text: str) -> list[str]:
    return [e["sub_event_type"] for e in extract(text, published=PUBLISHED)["events"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Traders blocked the main highway and the railway line in Quetta on Monday to protest the new "
            "tax. Thousands of shopkeepers across the province are protesting the law.",
            "Violent demonstration",
        ),
        (
            "Students marched to the governor's house in Peshawar on Sunday. Police fired tear gas and "
            "rubber bullets to disperse the protesters, wounding several of them.",
            "Excessive force against protesters",
        ),
        (
            "Hundreds of teachers rallied outside parliament on Tuesday demanding back pay. Protesters "
            "threw stones at the police, who fired tear gas.",
            "Violent demonstration",
        ),
    ],
)
def test_one_paragraph_gives_one_protest_of_the_most_specific_type(text, expected):
    types = _types(text)
    assert types and set(types) == {expected}


def test_protests_in_separate_paragraphs_keep_their_own_types():
    text = (
        "Farmers blocked the national highway near Multan on Monday to protest wheat prices.\n\n"
        "In Lahore, hundreds of lawyers protested peacefully outside the high court on Tuesday."
    )
    assert set(_types(text)) == {"Violent demonstration", "Peaceful protest"}


@pytest.mark.parametrize(
    "sentence",
    [
        "A non-violent demonstration was held outside the court on Monday.",
        "Thousands joined a non violent protest in the capital on Sunday.",
    ],
)
def test_a_non_violent_demonstration_is_not_violent(sentence):
    assert classify(sentence)[0] == "Peaceful protest"
