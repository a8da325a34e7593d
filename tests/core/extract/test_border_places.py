"""District-level places on the Pakistan-Afghanistan border: the gazetteer's hand-made entries, the most
specific place a story supports, the dateline against the story's place, headline and body reconciled,
script names, and the headline verb "pound(s)". The articles are written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import gazetteer
from truce.core.extract.pipeline import extract
from truce.core.extract.places import find_places

PUBLISHED = dt.date(2026, 3, 10)

# name -> (kind, country, admin1, admin2)
BORDER = {
    "Barmal": ("district", "AF", "Paktika", "Barmal"),
    "Dand-e-Patan": ("district", "AF", "Khost", "Dand-e-Patan"),
    "Zazi Maidan": ("district", "AF", "Khost", "Zazi Maidan"),
    "Gurbuz": ("district", "AF", "Khost", "Gurbuz"),
    "Spera": ("district", "AF", "Khost", "Spera"),
    "Dangam": ("place", "AF", "Kunar", "Dangam"),
    "Sarkano": ("district", "AF", "Kunar", "Sarkano"),
    "Asmar": ("place", "AF", "Kunar", "Bar Kunar"),
    "Lalpura": ("district", "AF", "Nangarhar", "Lalpur"),
    "Goshta": ("district", "AF", "Nangarhar", "Goshta"),
    "Achin": ("district", "AF", "Nangarhar", "Achin"),
    "Nazyan": ("district", "AF", "Nangarhar", "Nazyan"),
    "Parachinar": ("place", "PK", "Khyber Pakhtunkhwa", "Kurram"),
    "Kharlachi": ("border-crossing", "PK", "Khyber Pakhtunkhwa", "Kurram"),
    "Khar": ("place", "PK", "Khyber Pakhtunkhwa", "Bajaur"),
    "Nawa Pass": ("border-crossing", "PK", "Khyber Pakhtunkhwa", "Bajaur"),
    "Miranshah": ("place", "PK", "Khyber Pakhtunkhwa", "North Waziristan"),
    "Ghulam Khan": ("border-crossing", "PK", "Khyber Pakhtunkhwa", "North Waziristan"),
    "Angoor Adda": ("border-crossing", "PK", "Khyber Pakhtunkhwa", "South Waziristan"),
    "Zhob": ("place", "PK", "Balochistan", "Zhob"),
    "Chaman": ("border-crossing", "PK", "Balochistan", "Chaman"),
    "Spin Boldak": ("border-crossing", "AF", "Kandahar", "Spin Boldak"),
    "Torkham": ("border-crossing", "PK", "Khyber Pakhtunkhwa", "Khyber"),
    "Tirah": ("region", "PK", "Khyber Pakhtunkhwa", "Khyber"),
    "Landi Kotal": ("place", "PK", "Khyber Pakhtunkhwa", "Khyber"),
    "Maruf": ("district", "AF", "Kandahar", "Maruf"),
    "Shorabak": ("district", "AF", "Kandahar", "Shorabak"),
    "Bahram Chah": ("border-crossing", "AF", "Helmand", "Dishu"),
    "Qila Abdullah": ("place", "PK", "Balochistan", "Killa Abdullah"),
    "Badini": ("border-crossing", "PK", "Balochistan", "Killa Saifullah"),
}


@pytest.mark.parametrize("name", sorted(BORDER))
def test_each_border_place_has_its_province_district_and_coordinates(name: str) -> None:
    kind, country, admin1, admin2 = BORDER[name]
    hits = [p for p in gazetteer.lookup(name) if p.kind == kind and p.country == country]
    assert len(hits) == 1, (name, gazetteer.lookup(name))
    place = hits[0]
    assert (place.admin1, place.admin2) == (admin1, admin2)
    # On or near the Pakistan-Afghanistan border.
    assert place.lat is not None and place.lon is not None
    assert 29.0 < place.lat < 36.0 and 63.5 < place.lon < 72.0, (name, place.lat, place.lon)


def test_nimroz_is_a_province_in_both_scripts() -> None:
    latin = [p for p in gazetteer.lookup("Nimroz") if p.kind == "admin1"]
    script = [p for p in gazetteer.lookup("نیمروز") if p.kind == "admin1"]
    assert latin and latin == script
    assert latin[0].country == "AF" and latin[0].admin2 is None


def _place(text: str, name: str):
    found = [p for p in find_places(text) if p.name == name]
    assert found, [(p.text, p.name) for p in find_places(text)]
    return found[0]


def test_a_district_named_after_its_province_keeps_both_levels() -> None:
    barmal = _place("Shells fell on Paktika province's Barmal district overnight.", "Barmal")
    assert (barmal.country, barmal.admin1, barmal.admin2) == ("AF", "Paktika", "Barmal")
    assert barmal.kind == "region" and barmal.geo_precision == 2


def test_a_town_is_precision_one_and_a_provinces_or_countrys_precision_three() -> None:
    places = {p.name: p for p in find_places("Mortars hit Landi Kotal in Khyber Pakhtunkhwa, Pakistan.")}
    assert places["Landi Kotal"].geo_precision == 1
    assert places["Landi Kotal"].admin2 == "Khyber"
    assert places["Khyber Pakhtunkhwa"].geo_precision == 3 and places["Khyber Pakhtunkhwa"].admin2 is None
    assert places["Pakistan"].geo_precision == 3 and places["Pakistan"].admin2 is None


@pytest.mark.parametrize(
    ("latin", "script"),
    [
        # Pashto: "Three civilians were killed in Barmal district by Pakistani artillery fire."
        ("Three civilians were killed in Barmal district.", "په برمل ولسوالۍ کې درې ملکي وګړي ووژل شول."),
        # Urdu: "Two people died in shelling from across the border in Qila Abdullah."
        (
            "Two people died in Qila Abdullah.",
            "قلعہ عبداللہ میں سرحد پار سے گولہ باری سے دو افراد جاں بحق ہو گئے۔",
        ),
        # Dari: "Rockets landed in Asmar."
        ("Rockets landed in Asmar.", "راکت‌ها در اسمار فرود آمدند."),
        # Urdu: "Firing was reported in Landi Kotal."
        ("Firing was reported in Landi Kotal.", "لنڈی کوتل میں فائرنگ کی اطلاع ملی۔"),
    ],
)
def test_a_place_written_in_its_script_is_the_same_place(latin: str, script: str) -> None:
    def where(text: str) -> list[tuple[str, str | None, str | None, float | None, float | None]]:
        return [(p.name, p.admin1, p.admin2, p.lat, p.lon) for p in find_places(text)]

    assert where(script) == where(latin) != []


def _events(text: str) -> list[dict]:
    return extract(text, published=PUBLISHED)["events"]


def _only(text: str) -> dict:
    events = [e for e in _events(text) if e["kind"] == "violence"]
    assert len(events) == 1, [(e["sub_event_type"], e["location"]["name"]) for e in events]
    return events[0]


def test_a_country_then_a_district_a_few_words_on_gives_the_district() -> None:
    event = _only(
        "Security forces clashed with militants in Pakistan's Kurram district on Sunday, officials said."
    )
    assert event["location"]["name"] == "Kurram"
    assert event["location"]["admin2"] == "Kurram"
    assert event["location"]["geo_precision"] == 2


def test_a_province_then_its_district_gives_the_district() -> None:
    event = _only(
        "Pakistani artillery shelled villages in Paktika province's Barmal district on Monday, killing"
        " three civilians, local officials said."
    )
    assert event["sub_event_type"] == "Shelling/artillery/missile attack"
    location = event["location"]
    assert (location["name"], location["admin1"], location["admin2"]) == ("Barmal", "Paktika", "Barmal")


def test_near_a_crossing_in_its_district_gives_the_crossing_at_precision_two() -> None:
    event = _only(
        "Troops exchanged heavy fire near the Ghulam Khan crossing in North Waziristan on Saturday."
    )
    location = event["location"]
    assert (location["name"], location["admin2"], location["geo_precision"]) == (
        "Ghulam Khan",
        "North Waziristan",
        2,
    )


def test_the_dateline_city_does_not_beat_the_crossing_the_story_names() -> None:
    event = _only(
        "CHAMAN, Pakistan — Afghan and Pakistani troops clashed at the Badini crossing on Monday, officials"
        " said, killing one soldier."
    )
    assert event["location"]["name"] == "Badini"
    assert event["location"]["admin2"] == "Killa Saifullah"


def test_the_dateline_city_does_not_beat_a_town_of_another_district() -> None:
    event = _only(
        "PESHAWAR, Pakistan — Two soldiers were killed on Monday when militants attacked a checkpost in"
        " Landi Kotal, police said."
    )
    assert event["location"]["name"] == "Landi Kotal"
    assert event["location"]["geo_precision"] == 1


def test_headline_province_and_body_district_are_one_event_at_the_district() -> None:
    event = _only(
        "Clashes in Khost\n\nAfghan and Pakistani forces clashed in Gurbuz district on Monday, killing two"
        " soldiers."
    )
    location = event["location"]
    assert (location["name"], location["admin1"], location["admin2"]) == ("Gurbuz", "Khost", "Gurbuz")
    assert event["date"]["value"] == "2026-03-09"


def test_a_name_called_a_province_in_the_body_is_that_province_in_the_headline() -> None:
    text = (
        "Clashes in Khost\n\nForces clashed in Gurbuz district of Khost province on Monday, killing two"
        " soldiers."
    )
    khost = [p for p in find_places(text) if p.text == "Khost"]
    assert [p.kind for p in khost] == ["admin1", "admin1"]
    assert _only(text)["location"]["name"] == "Gurbuz"


def test_a_bare_name_in_the_body_keeps_its_own_reading_when_the_province_is_named() -> None:
    text = (
        "Blast in Kandahar\n\nOfficials in Kandahar province said a bomb exploded on Monday.\n\n"
        "Shops in Kandahar closed."
    )
    kandahar = [p for p in find_places(text) if p.text == "Kandahar"]
    # The headline's is the province the body names; the body's bare one is the city, as ranked alone.
    assert [p.kind for p in kandahar] == ["admin1", "admin1", "place"]


def test_a_headline_town_not_named_like_the_body_places_district_stays_the_most_precise() -> None:
    # Parachinar is a town of Kurram district, not its name: the headline's town is the more precise.
    event = _only(
        "Shelling in Parachinar\n\nMortar shells hit houses in Kurram district on Monday, wounding four"
        " people."
    )
    assert event["location"]["name"] == "Parachinar"
    assert event["location"]["geo_precision"] == 1


def test_a_headline_town_named_like_the_body_places_province_yields_to_it() -> None:
    event = _only(
        "Shelling in Kandahar\n\nMortar shells hit houses in Maruf district on Monday, wounding four people."
    )
    assert (event["location"]["name"], event["location"]["admin1"]) == ("Maruf", "Kandahar")


@pytest.mark.parametrize(
    "headline",
    [
        "Afghan forces pound Pakistan's border posts",
        "Pakistan pounds Afghan posts in Kunar",
        "Pakistani artillery pounds Taliban positions",
        "Pakistan pounds Barmal",
    ],
)
def test_a_headline_pound_with_a_military_or_place_object_is_shelling(headline: str) -> None:
    events = _events(headline + "\n\nResidents said the exchange lasted for hours.")
    assert [e["sub_event_type"] for e in events] == ["Shelling/artillery/missile attack"]


@pytest.mark.parametrize(
    "text",
    [
        "The price of flour rose to 300 pounds per tonne in Kabul on Monday.",
        "The pound fell against the dollar in Kabul markets on Monday.",
        "A bag of rice costs two pounds in the border towns.",
        "Traders in Chaman paid 50 pounds a sack on Monday.",
    ],
)
def test_money_or_weight_in_pounds_is_no_incident(text: str) -> None:
    assert _events(text) == []
