"""Fire on posts, bases or positions, told with the plural and with words between ("fired on Pakistani
border posts"), is a clash: the cue read one word and the singular only, and such a sentence opened no
event. Our own sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract.eventtype import classify
from truce.core.extract.pipeline import extract

ARTICLE = """Taliban fire on Pakistani posts in Kurram

Afghan Taliban fighters fired on Pakistani border posts in Kurram district on Monday, officials said.
"""


@pytest.mark.parametrize(
    "sentence",
    [
        "Afghan Taliban fighters fired on Pakistani border posts in Kurram district on Monday.",
        "Gunmen opened fire at two forward army positions near the crossing overnight.",
        "The militia fired on a police checkpoint outside the town.",
        "Troops fired at the rebels' hilltop camps on Sunday.",
    ],
)
def test_fire_on_posts_and_positions_is_a_clash(sentence):
    assert classify(sentence)[0] == "Armed clash"


def test_the_article_gives_one_dated_placed_clash():
    events = extract(ARTICLE, published=dt.date(2025, 10, 28))["events"]
    assert [e["sub_event_type"] for e in events] == ["Armed clash"]
    assert events[0]["date"]["value"] == "2025-10-27"  # "on Monday", the day before publication
    assert (events[0]["location"]["name"], events[0]["location"]["admin1"]) == (
        "Kurram",
        "Khyber Pakhtunkhwa",
    )


def test_fire_at_a_crowd_is_not_a_clash():
    assert classify("Police fired at the protesters outside parliament.")[0] != "Armed clash"
