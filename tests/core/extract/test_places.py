"""Place finding: each rule of places.py on sentences written for these tests."""

from __future__ import annotations

import pytest

from truce.core.extract import places
from truce.core.extract.document import Document, PlaceMention


def found(text: str) -> list[PlaceMention]:
    doc = Document(text=text)
    places.annotate(doc)
    return doc.places


def one(text: str, surface: str) -> PlaceMention:
    hits = [p for p in found(text) if p.text == surface]
    assert len(hits) == 1, f"expected one {surface!r} in {[p.text for p in found(text)]}"
    return hits[0]


def test_town_named_alone_is_precision_one_with_coordinates():
    p = one("A bomb went off in Peshawar on Monday.", "Peshawar")
    assert (p.name, p.country, p.admin1, p.kind, p.geo_precision) == (
        "Peshawar",
        "PK",
        "Khyber Pakhtunkhwa",
        "place",
        1,
    )
    assert p.lat == pytest.approx(34.0, abs=0.1) and p.lon == pytest.approx(71.5, abs=0.1)


def test_near_a_place_along_the_durand_line_is_precision_two():
    p = one("Troops exchanged fire along the Durand Line near Chaman overnight.", "Chaman")
    assert (p.country, p.admin1, p.geo_precision) == ("PK", "Balochistan", 2)


def test_district_of_a_former_tribal_agency_is_a_region_at_precision_two():
    p = one("Two checkposts came under fire in Kurram district.", "Kurram")
    assert (p.kind, p.country, p.admin1, p.geo_precision) == ("region", "PK", "Khyber Pakhtunkhwa", 2)


def test_the_torkham_crossing_is_a_border_crossing():
    p = one("Lorries queued for days at the Torkham crossing.", "Torkham")
    assert (p.kind, p.country, p.geo_precision) == ("border-crossing", "PK", 1)


@pytest.mark.parametrize(
    ("sentence", "surface", "country"),
    [
        ("Mortar rounds landed in Spin Boldak.", "Spin Boldak", "AF"),
        ("Drones were seen over Angoor Adda.", "Angoor Adda", "PK"),
        ("The Ghulam Khan crossing stayed shut.", "Ghulam Khan", "PK"),
        ("Traders left Bahram Chah before dawn.", "Bahram Chah", "AF"),
        ("An operation began in the Tirah valley.", "Tirah", "PK"),
        ("Curfew was imposed in Bajaur.", "Bajaur", "PK"),
        ("Shells fell in North Waziristan.", "North Waziristan", "PK"),
        ("Families fled from South Waziristan.", "South Waziristan", "PK"),
        ("Roads were blocked in Mohmand.", "Mohmand", "PK"),
    ],
)
def test_border_places_missing_from_geonames_come_from_the_hand_list(sentence, surface, country):
    assert one(sentence, surface).country == country


def test_province_word_picks_the_province_over_the_city():
    p = one("Officials in Khost province confirmed the strike.", "Khost")
    assert (p.kind, p.country, p.geo_precision) == ("admin1", "AF", 3)
    q = one("A rally was held in Khost.", "Khost")
    assert (q.kind, q.geo_precision) == ("place", 1)


def test_countries_are_precision_three_without_admin1():
    p = one("The talks between Pakistan and Afghanistan resumed.", "Afghanistan")
    assert (p.kind, p.country, p.admin1, p.geo_precision) == ("country", "AF", None, 3)


def test_demonyms_are_not_places():
    assert found("Pakistani forces shelled Afghan posts; Turkish and Qatari mediators watched.") == []


def test_a_country_named_only_through_its_demonym_gives_no_place():
    assert {p.country for p in found("Afghan Taliban fighters and Pakistani troops clashed in Kurram.")} == {
        "PK"
    }


def test_person_names_are_not_places():
    assert found("Foreign Minister Ishaq Dar spoke to Amir Khan Muttaqi.") == []


def test_organisation_names_are_not_places():
    assert found("The Pakistan Army and the Khyber Pakhtunkhwa Police issued statements.") == []


def test_place_after_a_locative_inside_a_longer_capitalised_run():
    assert [p.text for p in found("In Kabul Taliban officials denied the report.")] == ["Kabul"]


def test_ambiguous_admin1_resolved_by_the_country_named_in_the_article():
    assert one("Floods hit Punjab and cut off Lahore.", "Punjab").country == "PK"
    assert one("Floods hit Punjab and cut off Ludhiana.", "Punjab").country == "IN"
    assert one("Floods hit Punjab, India, on Sunday.", "Punjab").country == "IN"
    assert one("Floods hit Punjab, Pakistan, on Sunday.", "Punjab").country == "PK"


def test_ambiguous_city_resolved_by_a_nearby_place():
    assert one("Fighting near Tripoli spread to Misrata.", "Tripoli").country == "LY"
    assert one("Fighting in Tripoli spread towards Beirut.", "Tripoli").country == "LB"


def test_outskirts_and_distance_make_precision_two():
    assert one("A camp on the outskirts of Quetta was raided.", "Quetta").geo_precision == 2
    assert one("The shell landed 12 km north of Peshawar.", "Peshawar").geo_precision == 2


def test_script_names_are_found():
    text = "کابل اور پشاور کے درمیان طورخم بند ہے"
    assert [(p.name, p.country) for p in found(text)] == [
        ("Kabul", "AF"),
        ("Peshawar", "PK"),
        ("Torkham", "PK"),
    ]
    assert [p.name for p in found("د قندهار ښار")] == ["Kandahar"]


def test_turkish_case_endings_and_dotted_capitals():
    assert [p.name for p in found("Heyetler dün İstanbul'da ve Kâbil'de görüştü.")] == ["Istanbul", "Kabul"]


def test_possessive_keeps_the_place():
    assert one("Pakistan’s northwest was calm.", "Pakistan").country == "PK"


def test_hyphenated_pair_gives_both_countries():
    assert [p.country for p in found("Pakistan-Afghanistan border trade fell.")] == ["PK", "AF"]


def test_small_village_needs_a_locative_cue():
    # "Taliban" is also the name of a Turkish village: as a bare word it is an actor, never a place.
    assert found("Taliban spokesmen rejected it.") == []


def test_abbreviated_province_in_a_dateline_and_list():
    assert [p.name for p in found("Attacks rose in KP and Balochistan.")] == [
        "Khyber Pakhtunkhwa",
        "Balochistan",
    ]


def test_spans_are_offsets_into_the_text():
    text = "Shelling was reported near the Torkham border crossing."
    (p,) = found(text)
    assert text[p.start : p.end] == p.text == "Torkham"
    assert (p.kind, p.geo_precision) == ("border-crossing", 2)


def test_a_surname_seen_in_a_full_name_is_a_person_elsewhere():
    text = "Senator Elizabeth Warren spoke first. Later Warren left for Boston."
    assert [p.text for p in found(text)] == ["Boston"]


def test_months_and_compass_words_are_not_places():
    assert found("In March the North and the South met again.") == []


def test_country_beats_a_province_of_the_same_name():
    p = one("Trade with Mexico fell.", "Mexico")
    assert (p.kind, p.country) == ("country", "MX")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "'", "-", "A-", "’s", "Kabul'", "کابل"])
def test_degenerate_inputs_do_not_crash(text):
    for p in found(text):
        assert 0 <= p.start < p.end <= len(text)
