"""A dateline's date is the day the story was filed, as its place is where: the sentence's own date ("on
Monday") says when the incident was, and wins where there is one; with none, the dateline's date stands.
Our own articles."""

from __future__ import annotations

import datetime as dt

from truce.core.extract.pipeline import extract

TOLD = (
    "Taliban fire on Pakistani posts in Kurram\n\n"
    "PARACHINAR, Oct 28 — Afghan Taliban fighters fired on Pakistani border posts in Kurram district on "
    "Monday, officials said.\n"
)

UNTOLD = (
    "Mortars hit a village near Chaman\n\n"
    "CHAMAN, Pakistan, Oct 28 — Mortar shells fired from across the border hit a village near Chaman, "
    "killing two people, officials said.\n"
)


def _events(text: str) -> list[dict]:
    return extract(text, published=dt.date(2025, 10, 28))["events"]


def test_the_sentences_weekday_beats_the_datelines_day():
    (event,) = _events(TOLD)
    assert event["date"]["value"] == "2025-10-27"


def test_with_no_other_date_the_datelines_day_stands():
    (event,) = _events(UNTOLD)
    assert event["date"]["value"] == "2025-10-28"
