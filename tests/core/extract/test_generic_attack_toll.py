"""An incident's toll told with the generic word ("... were killed in the attack") beside the sentence that
tells its form is that incident, not a second one: artillery fire in which civilians were killed is
shelling, not an attack on civilians. An attack sentence with a form of its own keeps its type. Our own
sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract.pipeline import extract

PUBLISHED = dt.date(2025, 10, 14)


def _types(text: str) -> list[str]:
    return [e["sub_event_type"] for e in extract(text, published=PUBLISHED)["events"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Afghan forces fired mortar shells at villages in Kurram on Sunday. Four civilians were killed "
            "and nine wounded in the attack, officials said.",
            "Shelling/artillery/missile attack",
        ),
        (
            "A drone struck a house near Miranshah on Monday night. Three people, two of them children, "
            "were killed in the attack.",
            "Air/drone strike",
        ),
        (
            "A roadside bomb tore through a van near Wana on Tuesday. Five passengers died in the attack, "
            "police said.",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_the_toll_of_a_told_form_is_that_form(text, expected):
    types = _types(text)
    assert types and set(types) == {expected}


def test_an_attack_with_its_own_form_keeps_its_type():
    text = (
        "Artillery shells hit army posts near Chaman on Sunday. Separately, gunmen shot dead four "
        "villagers at a wedding in the same district."
    )
    assert {"Shelling/artillery/missile attack", "Attack"} <= set(_types(text))


def test_a_toll_in_another_paragraph_is_not_merged():
    text = (
        "Afghan forces fired mortar shells at villages in Kurram on Sunday.\n\n"
        "In a separate incident, four civilians were killed in an attack on a market in Parachinar."
    )
    assert "Attack" in _types(text)
