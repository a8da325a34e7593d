"""Where no sentence has an incident verb, the classifier's reading still gives the article its event."""

import pytest

from truce.core.extract import pipeline


def _types(text: str) -> list[str]:
    return [e["sub_event_type"] for e in pipeline.extract(text, content_type="text")["events"]]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Residents of Dara Adam Khel described a chlorine cloud drifting over the bazaar on Monday.",
            "Chemical weapon",
        ),
        (
            "The militia established a new headquarters in the hills above Parachinar last month.",
            "Headquarters or base established",
        ),
        (
            "Hundreds of traders held a sit-in outside the customs house in Chaman on Sunday.",
            "Peaceful protest",
        ),
    ],
)
def test_text_without_an_incident_verb_still_gives_its_event(text, label):
    assert _types(text) == [label]


def test_fallback_event_is_trusted_less_than_one_with_an_incident_verb():
    fallback = pipeline.extract(
        "Residents of Dara Adam Khel described a chlorine cloud drifting over the bazaar on Monday.",
        content_type="text",
    )["events"][0]
    gated = pipeline.extract(
        "Militants attacked a police post in Lakki Marwat on Monday, killing two constables.",
        content_type="text",
    )["events"][0]
    assert fallback["confidence"] < gated["confidence"]


@pytest.mark.parametrize(
    "text",
    [
        "Talks between the two delegations will not resume before the spring.",
        "The elders said the valley has never seen a chlorine attack.",
        "The old soldier fought in two border wars and now farms near Torkham.",
    ],
)
def test_what_did_not_or_will_happen_and_fights_of_the_past_give_no_fallback_event(text):
    assert _types(text) == []


def test_a_plan_for_a_future_date_gives_no_fallback_event():
    import datetime as dt

    text = "Officials from both sides of the Torkham crossing agreed to meet again next week."
    result = pipeline.extract(text, published=dt.date(2025, 11, 2), content_type="text")
    assert result["events"] == []
