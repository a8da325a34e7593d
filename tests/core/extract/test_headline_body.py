"""A headline and the body telling one incident come out as one event: the better-supported type, the
body's date, the most precise place; a headline event the text dates nowhere takes the publication day,
marked as such. The articles are written for these tests."""

import datetime as dt

from truce.core.extract import pipeline

PUBLISHED = dt.date(2025, 10, 16)  # a Thursday


def _events(text: str, published: dt.date | None = PUBLISHED) -> list[dict]:
    return pipeline.extract(text, content_type="text", published=published)["events"]


def test_headline_form_and_body_victims_are_one_event_with_the_form():
    (event,) = _events(
        "Pakistan strikes Afghan border town of Spin Boldak\n\n"
        "Pakistani forces attacked positions in Spin Boldak district of Kandahar province on Wednesday, "
        "killing 12 civilians, local officials said."
    )
    assert event["sub_event_type"] == "Air/drone strike"
    assert event["date"]["value"] == "2025-10-15" and event["date"]["from_publication"] is False
    assert event["location"]["name"] == "Spin Boldak"
    assert [f["best"] for f in event["fatalities"]] == [12]
    assert len(event["evidence"]) == 2


def test_a_toll_headline_and_the_bodys_shelling_are_one_shelling():
    (event,) = _events(
        "Three soldiers killed as Afghan forces shell Kurram posts\n\n"
        "Afghan forces fired mortar rounds at two Pakistani border posts in the Kurram district on Sunday. "
        "Three soldiers were killed, the military said."
    )
    assert event["sub_event_type"] == "Shelling/artillery/missile attack"
    assert event["date"]["value"] == "2025-10-12"
    assert [f["best"] for f in event["fatalities"]] == [3]


def test_the_province_in_the_headline_gives_way_to_the_district_in_the_body():
    (event,) = _events(
        "Drone strike kills four in Kandahar\n\n"
        "A drone struck a house in Spin Boldak on Wednesday night, killing four people, residents said."
    )
    assert event["location"]["name"] == "Spin Boldak"
    assert event["date"]["value"] == "2025-10-15"


def test_an_undated_headline_event_takes_the_publication_day_marked_as_such():
    (event,) = _events(
        "Mortar shell fell on market in Khost\n\n"
        "A mortar shell struck a crowded market in Khost province, wounding seven villagers, a provincial "
        "spokesman said."
    )
    date = event["date"]
    assert (date["value"], date["low"], date["high"]) == ("2025-10-16", "2025-10-15", "2025-10-16")
    assert date["from_publication"] is True
    assert [f["best"] for f in event["injured"]] == [7]


def test_without_a_publication_day_an_undated_headline_event_stays_undated():
    (event,) = _events(
        "Mortar shell fell on market in Khost\n\nA mortar shell struck a crowded market in Khost province.",
        published=None,
    )
    assert event["date"]["value"] is None and event["date"]["from_publication"] is False


def test_an_undated_body_event_below_the_lead_is_not_given_the_publication_day():
    events = _events(
        "Rockets hit Chaman market\n\n"
        "Rockets fired from across the border hit a market in Chaman on Tuesday, killing four soldiers.\n\n"
        "In a separate attack, gunmen shot dead two policemen."
    )
    assert len(events) == 2
    assert events[1]["date"]["value"] is None and events[1]["date"]["from_publication"] is False


def test_a_lead_about_another_place_is_not_merged_into_the_headline():
    events = _events(
        "Rockets hit Chaman market\n\n"
        "A roadside bomb killed two policemen in Peshawar on Wednesday, officials said."
    )
    assert len(events) == 2
    assert {e["location"]["name"] for e in events} == {"Chaman", "Peshawar"}


def test_the_text_summary_says_the_date_is_the_publication_day():
    from truce.cli.extract import _as_text

    result = pipeline.extract(
        "Mortar shell fell on market in Khost\n\nA mortar shell struck a crowded market in Khost province.",
        content_type="text",
        published=PUBLISHED,
    )
    assert "on 2025-10-16 (day, the publication day: the text gives none)" in _as_text(result)
