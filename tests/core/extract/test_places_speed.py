"""The shortcuts in places.py give what the plain computations give: the capitalised-word scan against
LATIN_WORD, the last-word test against the LOCATIVE and NEAR searches, the latitude test against the
distance, the one looked-up name per span against the span's text, and the person lookahead."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import gazetteer, places
from truce.core.extract.gazetteer import Place

# Letters of every kind LATIN_WORD and its neighbours care about: capitals and small letters in and out
# of ASCII, the non-letters inside its Latin range (× ÷), digits, the joiners, Arabic script, space.
_ALPHABET = "AaBkKZzÀÖ×ØÞßàö÷øĀāĲĳſıİK_0912-’' \n\t.,;:()\u0627\u200c"
_WORDS = st.text(st.sampled_from(_ALPHABET), max_size=12)


def _plain_capitalised(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group()) for m in places.LATIN_WORD.finditer(text) if m.group()[0].isupper()
    ]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.one_of(_WORDS, st.sampled_from(["Kabul", "pro-Taliban", "x12-Kabul", "Pakistan’s", " "])),
        max_size=12,
    )
)
def test_capitalised_word_scan_finds_the_capitalised_latin_words(parts: list[str]) -> None:
    text = "".join(parts)
    got = [
        (m.start("w"), m.end("w"), m.group("w"))
        for m in places._CAPITALISED_WORD.finditer(text)
        if m.group("w")
    ]
    assert got == _plain_capitalised(text)


def test_capitalised_word_classes_split_every_latin_start_by_isupper() -> None:
    upper, other = re.compile(places._UPPER_START), re.compile(places._OTHER_START)
    for code in range(0x250):
        c = chr(code)
        starts = bool(re.fullmatch(r"[A-Za-z\u00C0-\u024F]", c))
        assert bool(upper.fullmatch(c)) == (starts and c.isupper()), c
        assert bool(other.fullmatch(c)) == (starts and not c.isupper()), c


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(_ALPHABET + "Kabul Peshawar Gilgit-Baltistan"), max_size=80))
def test_a_runs_span_less_its_possessive_is_its_words_cores_joined(text: str) -> None:
    """Why _candidates looks up one name per span (it once tried the span's own text as well)."""
    for run in places._runs(text):
        words = [places._core(w) for _, _, w in run]
        for i in range(len(run)):
            for j in range(i, len(run)):
                assert places._core(text[run[i][0] : run[j][1]]) == " ".join(words[i : j + 1])


_CUE_WORDS = [
    "in",
    "near",
    "at",
    "from",
    "outside",
    "inside",
    "around",
    "across",
    "into",
    "to",
    "towards",
    "toward",
    "of",
    "between",
    "and",
    "or",
    "via",
    "through",
    "along",
    "within",
    "off",
    "the",
    "The",
    "THE",
    "nearby",
    "close",
    "outskirts",
    "vicinity",
    "12",
    "5km",
    "km",
    "kilometres",
    "miles",
    "north",
    "x",
    "xin",
    "ın",
    "İn",
    "ſ",
    "Kabul",
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_CUE_WORDS), st.sampled_from([" ", "  ", "\n", "", ", ", " \n", "\t"])),
        max_size=8,
    )
)
def test_cue_test_gives_what_the_search_gives(parts: list[tuple[str, str]]) -> None:
    before = "".join(w + s for w, s in parts)[-40:]
    assert places._cue_before(places.LOCATIVE, places._LOCATIVE_LAST, before) == bool(
        places.LOCATIVE.search(before)
    )
    assert places._cue_before(places.NEAR, places._NEAR_LAST, before) == bool(places.NEAR.search(before))


_LAT = st.one_of(st.none(), st.floats(-90, 90), st.sampled_from([0.0, 2.69, 2.7, 3.0, 89.9, -89.9]))
_LON = st.one_of(st.none(), st.floats(-180, 180), st.sampled_from([0.0, 179.9, -179.9]))


@settings(max_examples=2000, deadline=None)
@given(_LAT, _LON, st.floats(-3.2, 3.2), st.floats(-5, 5))
def test_latitude_test_gives_what_the_distance_gives(lat, lon, dlat, dlon) -> None:
    a = Place("a", "place", "PK", None, lat, lon)
    lat2 = None if lat is None else max(-90.0, min(90.0, lat + dlat))
    lon2 = None if lon is None else lon + dlon
    b = Place("b", "place", "PK", None, lat2, lon2)
    assert places._within_300_km(a, b) == (places._distance_km(a, b) < 300)
    assert not places._within_300_km(a, Place("c", "place", "PK", None, lat, None))
    assert math.isinf(places._distance_km(a, Place("d", "place", None, None, None, None)))


def test_person_lookahead_changes_no_match() -> None:
    plain = re.compile(places.PERSON.pattern.removeprefix("(?=[A-Z])"))
    text = (
        "Sen. Warren met Elizabeth Warren, George W. Bush and Minister Dar in Kabul; mr Khan, Dr. Ali "
        "and President Erdoğan’s aide İsmail Kaya. ÁBC Déf, xMr Smith, _Gen Musharraf."
    )
    assert [m.span() for m in places.PERSON.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_gazetteer_names_run_into_the_scan_as_before() -> None:
    # A hyphenated known name stays one word; an unknown pair splits; a possessive closes the run.
    assert gazetteer.known("Gilgit-Baltistan")
    text = "In Gilgit-Baltistan and Pakistan-Afghanistan, Pakistan’s Kurram Agency."
    assert [[w for _, _, w in run] for run in places._runs(text)] == [
        ["In", "Gilgit-Baltistan"],
        ["Pakistan"],
        ["Afghanistan"],
        ["Pakistan’s"],
        ["Kurram", "Agency"],
    ]
