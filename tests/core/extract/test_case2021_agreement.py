"""An agreement reached is scored as the codebook's Agreement: ``truce extract`` tells it as a step of the
peace process ("Talks" / "Ceasefire agreement reached"), which the CASE scorer used to read as diplomacy.
Our own sentences."""

from __future__ import annotations

import pytest

from truce.core.extract.evaluate.case2021 import product_code


@pytest.mark.parametrize(
    "sentence",
    [
        "Tribal elders and the militia agreed a 72-hour ceasefire in the two villages on Sunday.",
        "The two sides signed a ceasefire agreement in Doha on Saturday, the mediators said.",
        "Government troops and the rebels agreed to a truce after a week of fighting.",
    ],
)
def test_an_agreement_reached_is_scored_as_agreement(sentence):
    assert product_code(sentence) == "AGREEMENT"


@pytest.mark.parametrize(
    "sentence",
    [
        "Delegations will meet in Istanbul on Saturday for a second round of talks.",
        "The foreign ministers held peace talks in Ankara on Monday.",
    ],
)
def test_talks_without_an_agreement_stay_diplomacy(sentence):
    assert product_code(sentence) == "DIPLO"
