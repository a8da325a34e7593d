"""One incident, one event: follow-ups, tolls and damage join the incident they tell more of, and a
dateline does not place the incident. Through the whole pipeline, on sentences written for these tests."""

import datetime as dt
from pathlib import Path

import pytest

from truce.core.extract import assemble, pipeline
from truce.core.extract.document import Document

PUBLISHED = dt.date(2025, 10, 30)  # a Thursday: "on Sunday" is 2025-10-26, "on Monday" 2025-10-27


def _events(text: str) -> list[dict]:
    return pipeline.extract(text, published=PUBLISHED, content_type="text")["events"]


def _summary(event: dict) -> tuple:
    return (
        event["sub_event_type"],
        event["date"]["value"],
        event["location"]["name"],
        event["location"]["geo_precision"],
    )


# One sentence, one incident.


def test_a_soldier_killed_by_shelling_is_one_shelling_event_not_also_a_clash():
    (event,) = _events(
        "Two policemen were killed when militants fired mortars at a checkpoint in Bajaur on Sunday."
    )
    assert _summary(event)[:3] == ("Shelling/artillery/missile attack", "2025-10-26", "Bajaur")
    assert [(f["who"], f["best"]) for f in event["fatalities"]] == [("policemen", 2)]


def test_a_sentence_naming_a_clash_and_the_airstrikes_it_drew_stays_two_events():
    events = _events("Heavy clashes near Torkham on Monday drew airstrikes on militant hideouts.")
    assert sorted(e["sub_event_type"] for e in events) == ["Air/drone strike", "Armed clash"]


# Damage told right after the incident.


def test_damage_told_right_after_the_shelling_is_part_of_it():
    (event,) = _events(
        "Artillery units shelled a village near Torkham on Sunday, killing three civilians, officials said. "
        "The bombardment went on until dawn and destroyed a mosque and a school, according to villagers."
    )
    assert _summary(event) == ("Shelling/artillery/missile attack", "2025-10-26", "Torkham", 2)
    assert len(event["evidence"]) == 2
    assert [(f["who"], f["best"]) for f in event["fatalities"]] == [("civilians", 3)]


def test_damage_with_its_own_date_place_and_actor_is_another_event():
    events = _events(
        "Artillery units shelled a village near Torkham on Sunday, killing three civilians, officials said. "
        "Militants burned down a school in Quetta on Wednesday."
    )
    assert [_summary(e)[:3] for e in events] == [
        ("Shelling/artillery/missile attack", "2025-10-26", "Torkham"),
        ("Looting/property destruction", "2025-10-29", "Quetta"),
    ]


def test_damage_by_other_actors_right_after_an_incident_is_another_event():
    events = _events(
        "Pakistani troops shelled villages near Chaman on Sunday. Protesters torched several shops."
    )
    assert [e["event_type"] for e in events] == ["Explosions/Remote violence", "Riots"]


def test_damage_after_a_peaceful_protest_is_not_folded_into_it():
    events = _events("Protesters marched peacefully in Quetta on Monday. Several shops were destroyed.")
    assert [e["sub_event_type"] for e in events] == ["Peaceful protest", "Looting/property destruction"]


# A toll told next to the incident.


def test_a_follow_up_without_date_or_place_in_the_next_paragraph_joins_the_incident():
    (event,) = _events(
        "Rockets fired from across the border hit a market in Chaman on Sunday, killing four soldiers.\n\n"
        "Hospital staff said the bodies of the soldiers had arrived overnight and that several of the "
        "injured were critical."
    )
    assert _summary(event)[:3] == ("Shelling/artillery/missile attack", "2025-10-26", "Chaman")
    assert len(event["evidence"]) == 2


def test_a_headline_toll_joins_the_incident_the_body_tells():
    (event,) = _events(
        "Two guards killed near Torkham\n\n"
        "TORKHAM, Pakistan — Mortar rounds hit a checkpoint on Monday, killing two guards."
    )
    # The headline's "near Torkham" places it; the dateline, the only place the body names, does not.
    assert _summary(event) == ("Shelling/artillery/missile attack", "2025-10-27", "Torkham", 2)
    assert len(event["evidence"]) == 2
    assert [(f["who"], f["best"]) for f in event["fatalities"]] == [("guards", 2)]


def test_an_incident_announced_as_separate_stays_separate():
    events = _events(
        "Rockets fired from across the border hit a market in Chaman on Sunday, killing four soldiers.\n\n"
        "In a separate attack, gunmen shot dead two policemen."
    )
    assert len(events) == 2
    assert events[0]["location"]["name"] == "Chaman"
    assert events[1]["location"]["name"] is None and events[1]["date"]["value"] is None


def test_an_incident_of_the_same_type_announced_as_separate_stays_separate():
    events = _events(
        "Gunmen killed two police officers in Quetta on Monday.\n\n"
        "In a separate attack, militants ambushed a patrol, killing three soldiers."
    )
    assert len(events) == 2


def test_two_incidents_on_different_days_in_different_places_stay_two():
    events = _events(
        "A roadside bomb killed three soldiers in Kurram on Sunday.\n\n"
        "Four soldiers were killed in Bajaur on Monday, officials said."
    )
    assert [(e["date"]["value"], e["location"]["name"]) for e in events] == [
        ("2025-10-26", "Kurram"),
        ("2025-10-27", "Bajaur"),
    ]


def test_a_dateless_placeless_incident_with_its_own_form_stays_separate():
    events = _events(
        "Artillery units shelled a village near Torkham on Sunday, killing three civilians.\n\n"
        "A roadside bomb hit a van, killing two passengers."
    )
    assert [e["sub_event_type"] for e in events] == [
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
    ]


# Datelines.


def test_the_place_in_the_text_wins_over_the_dateline_and_the_headline_event_joins():
    (event,) = _events(
        "Market shelled in Omdurman\n\n"
        "KHARTOUM, Sudan — Artillery shells hit a crowded market in Omdurman on Tuesday, killing twelve "
        "civilians."
    )
    assert _summary(event) == ("Shelling/artillery/missile attack", "2025-10-28", "Omdurman", 1)
    assert len(event["evidence"]) == 2


def test_near_a_place_that_is_also_the_dateline_keeps_precision_2():
    (event,) = _events(
        "TORKHAM, Pakistan — Mortar rounds hit a checkpoint near Torkham on Monday, killing two guards."
    )
    assert _summary(event)[2:] == ("Torkham", 2)


def test_a_place_elsewhere_in_the_paragraph_wins_over_the_dateline():
    (event,) = _events(
        "QUETTA, Pakistan — Gunmen shot dead three labourers on Monday, police said. "
        "The labourers were working on a road outside Turbat."
    )
    assert event["location"]["name"] == "Turbat"


def test_a_place_of_another_incident_in_the_paragraph_does_not_replace_the_dateline():
    events = _events(
        "KHARTOUM, Sudan — Shells hit a market on Tuesday, killing 12 civilians. "
        "Separately, gunmen attacked a convoy in Omdurman."
    )
    assert [e["location"]["name"] for e in events] == ["Khartoum", "Omdurman"]


def test_the_dateline_is_the_last_resort():
    (event,) = _events("QUETTA, Pakistan — Gunmen shot dead three labourers on Monday, police said.")
    assert event["location"]["name"] == "Quetta"


@pytest.mark.parametrize(
    ("text", "title", "dateline"),
    [
        ("KHARTOUM, Sudan — Shells hit a market.", "", "KHARTOUM, Sudan — "),
        (
            "Gunmen kill three\n\nQUETTA, Pakistan, Oct 28 (Reuters) - Gunmen fired.",
            "Gunmen kill three",
            "QUETTA, Pakistan, Oct 28 (Reuters) - ",
        ),
        ("Kabul (AP) — Talks resumed.", "", "Kabul (AP) — "),
        ("ISLAMABAD: The minister said.", "", "ISLAMABAD: "),
        ("Pakistani troops shelled villages near Chaman.", "", None),
        ("Chaman — border town\n\nTroops fired.", "", None),
    ],
)
def test_dateline_is_found_only_at_the_start_of_the_first_paragraph(text, title, dateline):
    span = assemble._dateline(Document(text=text, title=title))
    assert (text[span[0] : span[1]] if span else None) == dateline


# The demo articles (truce/demo_articles).

DEMO = Path(__file__).resolve().parents[3] / "truce" / "demo_articles"


def _demo(name: str) -> list[dict]:
    raw = (DEMO / name).read_text(encoding="utf-8")
    return pipeline.extract(raw, published=dt.date(2025, 10, 29))["events"]


def test_demo_khartoum_market_is_one_event_in_omdurman_not_at_the_dateline():
    (event,) = _demo("khartoum-market.txt")
    assert _summary(event) == ("Shelling/artillery/missile attack", "2025-10-28", "Omdurman", 1)
    # The headline, the body, and the sentence saying where the shells came from.
    assert [e["start"] for e in event["evidence"]] == [0, 42, 187]


def test_demo_chaman_wire_keeps_near_chaman_at_precision_2_despite_its_dateline():
    (event,) = _demo("chaman-frontier-post-wire.txt")
    assert _summary(event) == ("Shelling/artillery/missile attack", "2025-10-28", "Chaman", 2)


def test_demo_quetta_hospital_follow_up_is_no_event_of_its_own():
    (event,) = _demo("quetta-hospital.html")
    assert _summary(event)[:3] == ("Shelling/artillery/missile attack", "2025-10-28", "Chaman")
    assert any("Doctors said" in e["text"] for e in event["evidence"])
