"""The shortcuts in actors.find give what the plain searches give.

``_plain_find`` is ``find`` without them: every named actor's pattern run when one of its ``hints``
occurs in the lower-cased text (the rule before the longer literal starts), the seven generic lists
searched one after another, overlaps checked against every span taken so far. Texts mix actor names,
generic words and titles in every case, with the characters case folding treats specially (İ ı ſ K).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import actors, casefold, sentences
from truce.core.extract.document import ActorMention, Document

ARTICLES = Path(__file__).resolve().parents[3] / "truce" / "demo_articles"

_GENERIC_SEPARATE = tuple(
    (name, type_, re.compile(rf"\b(?:{words})\b", re.I)) for name, type_, words in actors._GENERIC
)
_GENERIC_SEPARATE_LOWER = tuple(
    (name, type_, re.compile(rf"\b(?:{words})\b")) for name, type_, words in actors._GENERIC
)
_PK_ARMED = {"forces", "armed forces", "security forces", "troops", "soldiers", "army", "military"}
_STATE_PEOPLE = set(
    [
        "officials",
        "authorities",
        "government",
        "delegation",
        "envoy",
        "envoys",
        "diplomats",
        "diplomat",
        "minister",
        "ministry",
    ]
)
_PERSON_PLAIN = re.compile(actors._PERSON.pattern.removeprefix("(?=[ACDFGIMPes])"))


def _plain_find(text: str, countries: bool | None = None) -> list[ActorMention]:
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    def add(start: int, end: int, name: str, type_: str, country: str | None) -> None:
        taken.append((start, end))
        found.append(ActorMention(start, end, text[start:end], name, type_, country))

    lower = text.lower()
    same_length = len(lower) == len(text)
    haystack = lower if same_length else text
    for actor in actors.NAMED:
        if actor.hints and not any(h in lower for h in actor.hints):
            continue
        for m in actor.pattern.finditer(text):
            if free(*m.span()):
                add(*m.span(), actor.name, actor.type, actor.country)
    demonyms = actors._DEMONYM_FORCES_LOWER if same_length else actors._DEMONYM_FORCES
    for m in demonyms.finditer(haystack):
        if free(*m.span()):
            code, country = actors._country(m.group("country"))
            forces = m.group("forces").lower()
            if code == "PK" and forces in _PK_ARMED:
                add(*m.span(), "Pakistani armed forces", actors.STATE, code)
            elif forces in _STATE_PEOPLE:
                add(*m.span(), country, actors.STATE, code)
            else:
                add(*m.span(), f"Military forces of {country}", actors.STATE, code)
    if countries is None:
        countries = bool(actors._PROCESS_CONTEXT_LOWER.search(lower))
    if countries:
        for m in actors._COUNTRY_ALONE.finditer(text):
            if free(*m.span()):
                code, country = actors._country(m.group("country"))
                add(*m.span(), country, actors.STATE, code)
    for m in _PERSON_PLAIN.finditer(text):
        if free(m.start("name"), m.end("name")):
            add(m.start("name"), m.end("name"), m.group("name"), "", None)
    for name, type_, pattern in _GENERIC_SEPARATE_LOWER if same_length else _GENERIC_SEPARATE:
        for m in pattern.finditer(haystack):
            if free(*m.span()):
                add(*m.span(), name, type_, None)
    found.sort(key=lambda a: a.start)
    return found


_NAMES = """Tehreek-e-Taliban Pakistan|Tehrik-i-Taliban|Tehriik-i-Taliban Pakistan|TTP|Pakistani Taliban|
Fitna al-Khawarij|khawarij|Islamic State-Khorasan Province|Islamic State Khorasan|ISKP|IS-KP|ISIS-K|IS-K|
Daesh Khorasan|Baloch Liberation Army|Balochistan Liberation Army|BLA|Fitna al Hindustan|Hafiz Gul Bahadur|
Lashkar-e-Tayyiba|Lashkar e Taiba|LeT|let|Jaish-e-Mohammad|Jaish e Muhammed|JeM|Afghan Taliban forces|
Afghan Taliban|Taliban regime|Taliban border forces|Islamic Emirate of Afghanistan|Taliban|Pakistan army|
Pakistani soldiers|Frontier Corps|ISPR|Inter-Services Public Relations|Islamic State|ISIS|ISIL|Daesh|
al-Qaeda|Al Qa'ida|al-Qaida|AQIS|al-Shabab|al Shabaab|Boko Haram|Houthis|Huthi|Ansar Allah|Hamas|
Hezbollah|Hizbullah|United Nations|UN peacekeepers|UNAMA|Indian troops|Afghan border forces|
Turkish officials|Iran's military|U.S. jets|Saudi Arabia delegation|security forces|security personnel|
law enforcers|law enforcement agencies|armed forces|police|policemen|policeman|officers|constable|
soldiers|troops|army|the military|border guards|militant|militants|gunmen|gunman|terrorists|insurgent|
armed men|assailants|attackers|unidentified men|unidentified attackers|civilian|villagers|residents|
passengers|worshippers|journalist|students|farmers|labourers|laborers|workers|protesters|protestors|
demonstrators|marchers|rioters|mob|mobs|angry crowd|angry crowds|Foreign Minister Ishaq Dar|
spokesman Zabihullah Mujahid|Gen. Asim Munir|PM Shehbaz Sharif|Pakistan|Afghanistan|Qatar|Türkiye|
ceasefire|talks|agreed|met|Kabul|the|and|said""".replace("\n", "").split("|")
_SEPARATORS = [" ", " ", ", ", "-", ". ", "\n", "'s ", "—", "x", "’"]
_SPECIAL = {"i": "\u0131\u0130", "I": "\u0130\u0131", "s": "\u017f", "k": "\u212a", "K": "\u212a"}


def _case(word: str, how: int) -> str:
    return [word, word.upper(), word.lower(), word.title()][how % 4]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        word = _case(draw(st.sampled_from(_NAMES)), draw(st.integers(0, 5)))
        if draw(st.integers(0, 5)) == 0 and word:
            k = draw(st.integers(0, len(word) - 1))
            word = word[:k] + _SPECIAL.get(word[k], word[k])[0] + word[k + 1 :]
        parts += [word, draw(st.sampled_from(_SEPARATORS))]
    return "".join(parts)


def _outcome(find: Callable[..., object], text: str, countries: bool | None) -> object:
    return find(text, countries=countries)


@settings(max_examples=600, deadline=None)
@given(_texts())
def test_find_gives_what_the_plain_searches_give(text: str) -> None:
    for countries in (False, None, True):
        assert _outcome(actors.find, text, countries) == _outcome(_plain_find, text, countries)


@pytest.mark.parametrize(
    "text",
    [
        # A specially folded letter past the old hint ("daesh", "al", "lashkar", "fitna al") and inside
        # the longer start: only the folded text shows the start.
        "Daesh Khora\u017fan fighters",
        "ISLAMIC STATE KHORA\u017fAN",
        "the al-\u017fhabaab group",
        "Lashkar-e-Ta\u0131ba and Lashkar-e-Ta\u0130ba",
        "Fitna al H\u0131ndustan, Fitna al-\u212ahawarij",
        "al Qa\u0131da; Al-Qa'\u0130da",
    ],
)
def test_find_with_specially_folded_letters(text: str) -> None:
    assert actors.find(text) == _plain_find(text) != []


def test_find_on_the_test_articles_and_their_case_variants() -> None:
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for variant in (text, text.upper(), text.replace("i", "\u0131"), text.replace("s", "\u017f")):
            assert actors.find(variant) == _plain_find(variant)


def test_no_two_generic_lists_share_a_match_or_overlap() -> None:
    """Why one alternation of all generic lists finds what the separate searches find."""
    words = [w for w in _NAMES if w == w.lower()]
    for a in words:
        for b in words:
            for sep in (" ", "-", ""):
                text = f"{a}{sep}{b}"
                spans = [(m.span(), n) for n, _, p in _GENERIC_SEPARATE_LOWER for m in p.finditer(text)]
                combined = [
                    (m.span(), actors._GENERIC_GROUPS[m.lastgroup or ""][0])
                    for m in actors._GENERIC_LOWER.finditer(text)
                ]
                assert sorted(spans) == combined, text


def test_literal_starts_begin_every_sample_of_their_alias() -> None:
    samples = [w for w in _NAMES if w]
    for actor in actors.NAMED:
        assert actor.starts is not None or not actor.hints
        for sample in samples:
            if actor.pattern.fullmatch(sample):
                any_case, own_case = actor.starts or ((), ())
                assert any(sample.lower().startswith(h) for h in any_case) or any(
                    sample.startswith(h) for h in own_case
                ), (actor.name, sample)
    assert actors._literal_starts(r"al[- ]Qa[e']?ida") == ("al-Qa", "al Qa")
    assert actors._literal_starts(r"Tehr[ei]+k") == ("Tehre", "Tehri")
    assert actors._literal_starts(r"IS-?KP") == ("IS",)
    assert actors._literal_starts(r"(?:x)y") == ()
    assert actors._literal_starts(r"ab|cd") == ()


def test_case_folds_are_all_the_non_ascii_characters_matching_ascii_letters() -> None:
    letters = re.compile("[a-z]", re.I)
    special = {
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if not c.isascii() and (letters.fullmatch(c) or len(c.lower()) != 1)
    }
    assert special == set(casefold.FOLDS)
    for c, ascii_letter in casefold.FOLDS.items():
        assert re.fullmatch(ascii_letter, c, re.I)


def test_annotate_gives_what_the_plain_sentence_loop_gives() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    texts.append(
        "Pakistan and Afghanistan agreed to talks. Rain fell on India. China met Iran; Qatar hosted."
    )
    for text in texts:
        doc = Document(text=text)
        sentences.annotate(doc)
        actors.annotate(doc)
        plain = actors.find(text, countries=False)
        taken = [(a.start, a.end) for a in plain]
        for sentence in doc.sentences:
            if actors._PROCESS_CONTEXT_LOWER.search(sentence.text.lower()):
                for m in actors._COUNTRY_ALONE.finditer(sentence.text):
                    start, end = m.start() + sentence.start, m.end() + sentence.start
                    if not any(s < end and start < e for s, e in taken):
                        code, country = actors._country(m.group("country"))
                        plain.append(ActorMention(start, end, m.group(0), country, actors.STATE, code))
        plain.sort(key=lambda a: a.start)
        assert doc.actors == plain
