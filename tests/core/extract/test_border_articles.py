"""Short border-fighting reports written for these tests: a verb only in the headline, an older incident
told as background, a toll of injuries only, and a denial. Places and facts are real; the wording is ours."""

import datetime as dt

from truce.core.extract import pipeline

PUBLISHED = dt.date(2025, 11, 14)  # a Friday


def _extract(text: str) -> dict:
    return pipeline.extract(text, published=PUBLISHED, content_type="text")


HEADLINE_ONLY = """Pakistani jets strike hideouts in Paktika

Aircraft hit three compounds in the Barmal district of Paktika province late on Thursday, a security \
official said on Friday.

The official gave no figures.
"""


def test_verb_only_in_the_headline_gives_one_event_dated_by_the_lead():
    (event,) = _extract(HEADLINE_ONLY)["events"]
    assert event["sub_event_type"] == "Air/drone strike"
    # Thursday from the lead sentence, not Friday, the day the official spoke.
    assert event["date"]["value"] == "2025-11-13"
    assert event["location"]["admin1"] == "Paktika"


BACKGROUND = """Torkham crossing reopens to traffic

Lorries began moving through the Torkham crossing on Saturday, three weeks after it was shut following \
explosions in Landi Kotal on 2 October that killed four porters.

Traders said hundreds of lorries had been stranded on both sides.
"""


def test_background_incident_keeps_its_own_date_and_toll():
    (event,) = _extract(BACKGROUND)["events"]
    assert event["event_type"] == "Explosions/Remote violence"
    # The explosions' date, not the reopening's Saturday; "2 October" is no count of the dead.
    assert event["date"]["value"] == "2025-10-02"
    assert [(f["who"], f["best"]) for f in event["fatalities"]] == [("porters", 4)]


INJURIES_ONLY = """Mortar rounds wound seven in Kurram

Seven villagers, among them two children, were wounded on Monday when mortar rounds fired from across \
the border landed in Kharlachi, a district official said. Nobody was killed.
"""


def test_injuries_only_toll_is_kept_with_the_one_incident():
    (event,) = _extract(INJURIES_ONLY)["events"]  # headline and body tell one incident
    assert event["sub_event_type"] == "Shelling/artillery/missile attack"
    assert event["date"]["value"] == "2025-11-10"
    assert event["fatalities"] == []
    assert [(i["who"], i["best"]) for i in event["injured"]] == [("villagers", 7)]


DENIAL = """Kabul denies firing on border post

A spokesman for the Afghan defence ministry denied that their forces had fired on the Pakistani post at \
Angoor Adda. He said Pakistani troops shelled two villages in Paktika on Tuesday.
"""


def test_denied_firing_is_no_event_and_is_quoted_with_the_denial():
    result = _extract(DENIAL)
    # Only the shelling the spokesman asserts is an event; the firing he denies, in the headline and
    # the body, is none.
    assert [(e["sub_event_type"], e["date"]["value"]) for e in result["events"]] == [
        ("Shelling/artillery/missile attack", "2025-11-11")
    ]
    denial = result["quotes"][0]
    assert denial["speaker"] == "A spokesman for the Afghan defence ministry"
    assert denial["text"] == "denied that their forces had fired on the Pakistani post at Angoor Adda"
