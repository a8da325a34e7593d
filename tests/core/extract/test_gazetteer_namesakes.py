"""One place per real place: a GeoNames village that is a hand-made border place spelled another way
("Miran Shah" and "Miranshah", "Sperah" and "Spera") is merged into the hand-made place, which keeps its
district; before, the other spelling resolved to a second candidate without its district."""

from __future__ import annotations

import pytest

from truce.core.extract import gazetteer
from truce.core.extract.pipeline import document


@pytest.mark.parametrize(
    ("spelling", "name", "admin2"),
    [
        ("Miran Shah", "Miranshah", "North Waziristan"),
        ("Miranshah", "Miranshah", "North Waziristan"),
        ("Sperah", "Spera", "Spera"),
        ("Sar Kani", "Sarkano", "Sarkano"),
        ("Goshtah", "Goshta", "Goshta"),
    ],
)
def test_each_spelling_gives_the_one_hand_made_place(spelling, name, admin2):
    places = gazetteer.lookup(spelling)
    assert [(p.name, p.admin2) for p in places] == [(name, admin2)]


def test_no_geonames_place_duplicates_a_hand_made_one():
    rows = [
        line.rstrip("\n").split("\t")
        for line in gazetteer.GAZETTEER.open(encoding="utf-8")
        if not line.startswith(("#", "name\t"))
    ]
    hand = {
        (h[3], gazetteer.fold(h[0]))
        for h in (
            line.rstrip("\n").split("\t")
            for line in gazetteer.HAND.open(encoding="utf-8")
            if not line.startswith(("#", "name\t"))
        )
    }
    assert gazetteer.merge_namesakes(rows, hand) == rows


def test_merge_keeps_the_hand_made_row_and_takes_the_other_spelling_as_alias():
    hand_row = ["Dangar", "", "district", "AF", "Khost", "33.2000", "69.5000", "0", "Dangar"]
    twin = ["Dangarh", "Dangar Kalay", "place", "AF", "Khost", "33.2050", "69.5040", "0", ""]
    far = ["Dangarh", "", "place", "AF", "Khost", "33.5000", "69.9000", "0", ""]  # 50 km away
    unlike = ["Tor Ghar", "", "place", "AF", "Khost", "33.2010", "69.5010", "0", ""]  # another name
    other_country = ["Dangarh", "", "place", "PK", "Khyber Pakhtunkhwa", "33.2000", "69.5000", "0", ""]
    rows = [list(hand_row), twin, far, unlike, other_country]
    merged = gazetteer.merge_namesakes(rows, {("AF", "dangar")})
    assert [r[0] for r in merged] == ["Dangar", "Dangarh", "Tor Ghar", "Dangarh"]
    assert merged[0][1] == "Dangarh|Dangar Kalay"
    assert merged[0][8] == "Dangar"


def test_an_article_spelling_miran_shah_gets_the_district():
    doc = document("Shells hit Miran Shah on Monday, residents said.\n", content_type="text")
    [place] = [p for p in doc.places if p.text == "Miran Shah"]
    assert (place.admin1, place.admin2) == ("Khyber Pakhtunkhwa", "North Waziristan")
