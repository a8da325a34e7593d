"""Who took the ground decides between the two Battles sub-types: the actor named nearest before the verb
of taking (not an officer reporting it, not an actor after a preposition), the agent after "by" or "fell
to" for a passive verb, and the main clause's verb before a relative clause's. Our own sentences."""

from __future__ import annotations

import pytest

from truce.core.extract.eventtype import classify_scores

OVERTAKE = "Non-state actor overtakes territory"
REGAIN = "Government regains territory"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The spokesman is the army's; the rebels took the villages.
        (
            "An army spokesman said on Monday that the rebels had taken over three villages near the border.",
            OVERTAKE,
        ),
        (
            "A police official said militants from the Islamic State had gained ground in the east.",
            OVERTAKE,
        ),
        ("The district centre was captured by Taliban fighters after a night of fighting.", OVERTAKE),
        ("The hilltop outpost fell to the insurgents on Sunday, officials said.", OVERTAKE),
        # Actors after a preposition are not the subject.
        (
            "Security forces in an operation against Taliban militants recaptured the district on Friday.",
            REGAIN,
        ),
        ("Troops backed by air support from the coalition retook the town from the rebels.", REGAIN),
        # The main clause's verb, not the relative clause's.
        ("The army recovered the areas that had been taken over last month by armed groups.", REGAIN),
        ("The town was recaptured by government troops on Thursday.", REGAIN),
    ],
)
def test_the_taker_decides(sentence, expected):
    scores = classify_scores(sentence)
    other = REGAIN if expected == OVERTAKE else OVERTAKE
    assert expected in scores
    assert other not in scores
