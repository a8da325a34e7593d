"""The agreements shipped in agreements/ check clean and say what the app relies on."""

from __future__ import annotations

import pytest

from truce.core.agreement import check_agreement, load_agreement

from .conftest import AGREEMENTS

SHIPPED = sorted(AGREEMENTS.glob("*.toml"))


def test_both_agreements_are_shipped():
    assert {p.name for p in SHIPPED} >= {"pakistan-afghanistan-2025.toml", "south-sudan-2018.toml"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_agreement_checks_clean(path):
    assert [str(p) for p in check_agreement(path)] == []


def test_pakistan_afghanistan_agreement_has_the_public_facts():
    a = load_agreement(AGREEMENTS / "pakistan-afghanistan-2025.toml")
    assert a.id == "pak-afg-2025"
    assert str(a.in_force) == "2025-10-19"
    assert [p.code for p in a.parties] == ["PK", "AF"]
    assert [m.code for m in a.mediators] == ["QA", "TR"]
    assert a.mission is None
    assert a.timezone == "Asia/Karachi"
    assert a.languages == ("en", "ur", "ps", "fa", "tr", "ar")
    assert a.signatory_bodies() == ("QA", "TR")
    assert [c.id for c in a.covers("Attack from territory")] == ["C2"]
    assert a.penalties and a.procedure.reply_window_hours == 72


@pytest.mark.parametrize(
    ("place", "lon", "lat", "inside"),
    [
        ("Torkham", 71.09, 34.10, True),
        ("Chaman", 66.45, 30.92, True),
        ("Angoor Adda", 69.35, 32.33, True),
        ("Kabul", 69.17, 34.53, False),
        ("Islamabad", 73.05, 33.68, False),
        ("Quetta", 67.00, 30.18, False),
    ],
)
def test_pakistan_afghanistan_border_zone_follows_the_border(place, lon, lat, inside):
    zone = load_agreement(AGREEMENTS / "pakistan-afghanistan-2025.toml").zones[0]
    assert zone.contains(lon, lat) is inside, place


def test_south_sudan_agreement_has_a_mission_instead_of_mediators():
    a = load_agreement(AGREEMENTS / "south-sudan-2018.toml")
    assert a.id == "south-sudan-2018"
    assert len(a.parties) == 5 and not a.mediators
    assert a.mission is not None and a.mission.code == "CTSAMVM"
    assert a.signatory_bodies() == ("CTSAMVM",)
    assert a.procedure.ruling_quorum.officers == 2
    assert a.timezone == "Africa/Juba" and a.languages == ("en", "ar")
    assert [c.id for c in a.covers("Recruitment of children")] == ["PC3"]
    assert a.zones == ()
