"""Whole-article extraction of short reports of fighting, peace-process steps and death tolls (sentences
written for these tests): each gives one event of the right type with its date and place, and background,
metaphor and cumulative sentences give none."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from truce.core.extract.pipeline import extract

PUBLISHED = dt.date(2025, 10, 16)  # a Thursday: "Tuesday" is 2025-10-14, "Sunday" 2025-10-12


def _events(text: str) -> list[dict[str, Any]]:
    return extract(text, published=PUBLISHED)["events"]


def _one(text: str) -> dict[str, Any]:
    events = _events(text)
    assert len(events) == 1, events
    return events[0]


BATTLES = [
    ("Border guards from both countries exchanged fire on Tuesday in Chaman.", "Chaman"),
    ("Heavy fighting erupted in Kurram on Tuesday after a checkpoint changed hands.", "Kurram"),
    ("Militia units and police fought in Kurram on Tuesday.", "Kurram"),
    ("A gun battle broke out at the Torkham crossing on Tuesday.", "Torkham"),
    ("There was a brief exchange of fire near Chaman on Tuesday.", "Chaman"),
    ("Skirmishes between rival units broke out outside Chaman on Tuesday.", "Chaman"),
]


@pytest.mark.parametrize(("text", "place"), BATTLES)
def test_a_fight_told_without_a_verb_of_harm_is_an_armed_clash(text: str, place: str) -> None:
    event = _one(text)
    assert (event["kind"], event["event_type"], event["sub_event_type"]) == (
        "violence",
        "Battles",
        "Armed clash",
    )
    assert event["date"]["value"] == "2025-10-14"
    assert event["location"]["name"] == place


PROCESS = [
    (
        "Both governments agreed to an immediate ceasefire in Doha on Sunday.",
        ("Talks", "Ceasefire agreement reached", "occurred", "2025-10-12", "Doha"),
    ),
    (
        "The two sides agreed to a permanent ceasefire in Istanbul on Sunday.",
        ("Talks", "Ceasefire agreement reached", "occurred", "2025-10-12", "Istanbul"),
    ),
    (
        "A truce between the two armies took effect in Chaman on Sunday.",
        ("Ceasefire", "Ceasefire declared", "occurred", "2025-10-12", "Chaman"),
    ),
    (
        "The ceasefire will take effect in Kurram on Saturday, mediators said.",
        ("Ceasefire", "Ceasefire declared", "scheduled", "2025-10-18", "Kurram"),
    ),
    (
        "Talks will resume in Istanbul on Friday, officials from the host country said.",
        ("Talks", "Talks scheduled", "scheduled", "2025-10-17", "Istanbul"),
    ),
    (
        "Negotiators will meet in Doha on Saturday for a third round of talks.",
        ("Talks", "Talks scheduled", "scheduled", "2025-10-18", "Doha"),
    ),
]


@pytest.mark.parametrize(("text", "want"), PROCESS)
def test_process_steps_are_recognised(text: str, want: tuple[str, ...]) -> None:
    event = _one(text)
    assert event["kind"] == "process"
    got = (event["event_type"], event["sub_event_type"], event["status"], event["date"]["value"])
    assert (*got, event["location"]["name"]) == want


TOLLS = [
    ("At least 9 soldiers were killed on Tuesday in Kurram.", "Battles", "Armed clash", 9),
    ("Eleven policemen died in Chaman on Tuesday.", "Battles", "Armed clash", 11),
    ("Four militants were killed in Kurram on Tuesday, an army spokesman said.", "Battles", "Armed clash", 4),
    (
        "Six villagers were killed on Tuesday in Kurram.",
        "Violence against civilians",
        "Attack",
        6,
    ),
]


@pytest.mark.parametrize(("text", "event_type", "sub", "best"), TOLLS)
def test_a_death_toll_alone_is_an_event_typed_from_its_victims(
    text: str, event_type: str, sub: str, best: int
) -> None:
    event = _one(text)
    assert (event["kind"], event["event_type"], event["sub_event_type"]) == ("violence", event_type, sub)
    assert event["date"]["value"] == "2025-10-14"
    assert event["location"]["name"] in text
    assert [f["best"] for f in event["fatalities"]] == [best]


def test_a_toll_typed_from_soldiers_alone_has_a_lower_confidence_than_a_told_fight() -> None:
    guessed = _one("At least 9 soldiers were killed on Tuesday in Kurram.")
    told = _one("Militants attacked an army post in Kurram on Tuesday, killing 9 soldiers.")
    assert guessed["confidence"] < told["confidence"]


def test_a_toll_after_its_event_gives_its_figures_to_that_event() -> None:
    events = _events(
        "Afghan forces shelled two border posts near Chaman on Tuesday. Three soldiers were killed."
    )
    assert [e["sub_event_type"] for e in events] == ["Shelling/artillery/missile attack"]
    assert [f["best"] for f in events[0]["fatalities"]] == [3]


def test_a_toll_before_the_sentence_telling_its_form_joins_that_event() -> None:
    events = _events(
        "Seven soldiers were killed in Kurram on Tuesday. A roadside bomb struck their convoy there."
    )
    assert [e["sub_event_type"] for e in events] == ["Remote explosive/landmine/IED"]
    assert [f["best"] for f in events[0]["fatalities"]] == [7]
    assert len(events[0]["evidence"]) == 2


def test_a_later_toll_without_date_or_place_adds_no_event() -> None:
    text = (
        "Afghan forces shelled two border posts near Chaman on Tuesday.\n\n"
        "Three soldiers were killed, the army said."
    )
    assert [e["sub_event_type"] for e in _events(text)] == ["Shelling/artillery/missile attack"]


NO_EVENT = [
    "Fighting has increased in recent months.",
    "The two sides have fought several wars.",
    "The government is fighting corruption in the provinces.",
    "The minister said he had fought in the war as a young man.",
    "She battled through a long illness before the election.",
    "The sound of gunfire is familiar to residents of the border towns.",
    "The family is fighting in the courts to keep the land.",
    "More than 300 soldiers have been killed in the province this year.",
    "Thousands of civilians have died in the war.",
    "Eight people died of cholera in Kurram on Tuesday.",
    "Nine soldiers were killed when their helicopter crashed in Kurram on Tuesday.",
    "The two armies exchanged prisoners on Sunday.",
    "Talks will not resume before the elections.",
]


@pytest.mark.parametrize("text", NO_EVENT)
def test_background_metaphor_and_cumulative_sentences_give_no_event(text: str) -> None:
    assert _events(text) == []
