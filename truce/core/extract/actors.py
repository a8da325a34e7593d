"""Actors: who did what, with ACLED actor types (truce.core.taxonomy.ACTOR_TYPES).

Three layers, most specific first; a span taken by one layer is not matched again by a later one:

1. Named actors of the Pakistan-Afghanistan conflict and common named groups elsewhere (TTP, ISKP, BLA,
   the Taliban as Afghanistan's de facto state forces since August 2021, the Pakistani military and its
   Frontier Corps, ...), each with a canonical name, an ACLED type and a country.
2. A demonym or country followed by a forces word ("Pakistani soldiers", "Afghan border forces", "Indian
   troops", "Turkish officials") -> that country's state forces; a bare country name in a sentence about
   talks or a ceasefire is the state itself (``State forces``, which is how ACLED codes governments).
3. Generic descriptions: "security forces", "police", "soldiers" -> State forces (country unknown);
   "militants", "gunmen", "terrorists", "insurgents" -> an unidentified armed group (ACLED's
   "Unidentified Armed Group", type Political militia); "civilians", "villagers" -> Civilians;
   "protesters" -> Protesters; "rioters", "mob" -> Rioters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from truce.core.extract.casefold import case_safe, folded_lower
from truce.core.extract.document import ActorMention, Document

STATE = "State forces"
REBEL = "Rebel group"
POLITICAL_MILITIA = "Political militia"
IDENTITY_MILITIA = "Identity militia"
RIOTERS = "Rioters"
PROTESTERS = "Protesters"
CIVILIANS = "Civilians"
EXTERNAL = "External/Other forces"


@dataclass(frozen=True)
class NamedActor:
    name: str
    type: str
    country: str | None
    pattern: re.Pattern[str]
    # Lower-case literal starts of the aliases: an actor none of whose hints occurs in a text is skipped
    # without running its pattern (substring tests are far cheaper than a case-insensitive regex scan).
    hints: tuple[str, ...] = ()
    # Longer literal starts (character classes like "[- ]" spelled out): lower-cased for the aliases
    # matched in any case, as written for the acronyms matched only in their own case; None when an
    # alias starts with syntax.
    starts: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def may_match(self, text: str, lower: str, folded: str) -> bool:
        """False only when ``pattern`` finds nothing in ``text`` or none of ``hints`` occurs in ``lower``
        (``text.lower()``; the hint test skips a name spelled with İ, ı or ſ, and stays as it was so
        that no output changes). ``folded`` is ``_folded(text)``, where every case-insensitive match of
        a literal shows as that literal lower-cased, so a missing start rules a match out."""
        if self.hints and not any(h in lower for h in self.hints):
            return False
        if self.starts is None:
            return True
        any_case, own_case = self.starts
        return any(h in folded for h in any_case) or any(h in text for h in own_case)


def _literal_start(alias: str) -> str:
    """The literal text every match of ``alias`` starts with, lower-cased ("" when it starts with syntax)."""
    out: list[str] = []
    for ch in alias:
        if ch in "[(\\.|^$":
            break
        if ch in "?*{":
            out = out[:-1]
            break
        out.append(ch)
    return "".join(out).lower()


def _literal_starts(alias: str) -> tuple[str, ...]:
    """Every text a match of ``alias`` starts with, as far as it is spelled out: plain characters and
    short character classes ("al[- ]Qa" -> "al-Qa", "al Qa"); () when it starts with syntax."""
    starts = [""]
    depth = 0
    for ch in alias:  # an alternation outside groups would make a start of one branch no start at all
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            return ()
    i = 0
    while i < len(alias):
        ch = alias[i]
        if ch == "[":
            end = alias.find("]", i)
            members = alias[i + 1 : end]
            if end < 0 or not members or "\\" in members or members[0] == "^" or "-" in members[1:-1]:
                break
            i = end + 1
        elif ch in "(\\.|^$?*{+)":
            break
        else:
            members = ch
            i += 1
        if i < len(alias) and alias[i] in "?*{":
            break  # optional: the start ends before it
        if len(starts) * len(members) > 8:
            break
        starts = [s + m for s in starts for m in members]
        if i < len(alias) and alias[i] == "+":
            break
    return tuple(starts) if starts[0] else ()


def _is_acronym(alias: str) -> bool:
    # Short aliases are acronyms and match only in their own case: "LeT" is a group, "let" a verb.
    return len(re.sub(r"\\[A-Za-z]|[^A-Za-z]", "", alias)) <= 5


def _named(name: str, type_: str, country: str | None, *aliases: str) -> NamedActor:
    body = "|".join(f"(?-i:{a})" if _is_acronym(a) else a for a in aliases)
    hints = tuple(_literal_start(a) for a in aliases)
    any_case: list[str] = []
    own_case: list[str] = []
    for alias in aliases:
        got = _literal_starts(alias)
        if _is_acronym(alias):
            own_case += got
        else:
            any_case += [h.lower() for h in got]
    return NamedActor(
        name,
        type_,
        country,
        re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I),
        hints if all(hints) else (),
        (tuple(any_case), tuple(own_case)) if all(_literal_starts(a) for a in aliases) else None,
    )


# Order matters: longer, more specific names first ("Pakistani Taliban" before "Taliban").
NAMED: tuple[NamedActor, ...] = (
    _named(
        "Tehreek-e-Taliban Pakistan",
        REBEL,
        "PK",
        r"Tehr[ei]e?k[- ]e[- ]Taliban(?: Pakistan)?",
        r"Tehr[ei]+k-i-Taliban(?: Pakistan)?",
        r"TTP",
        r"Pakistani Taliban",
        r"Fitna al[- ]Khawarij",
        r"khawarij",
    ),
    _named(
        "Islamic State Khorasan Province",
        REBEL,
        "AF",
        r"Islamic State[- ]Khorasan(?: Province)?",
        r"IS-?KP",
        r"ISIS-?K",
        r"IS-K",
        r"Daesh[- ]Khorasan",
    ),
    _named(
        "Baloch Liberation Army",
        REBEL,
        "PK",
        r"Baloch(?:istan)? Liberation Army",
        r"BLA",
        r"Fitna al[- ]Hindustan",
    ),
    _named("Hafiz Gul Bahadur group", REBEL, "PK", r"Hafiz Gul Bahadur(?: group)?"),
    _named("Lashkar-e-Taiba", REBEL, "PK", r"Lashkar[- ]e[- ]Ta[iy]y?ba", r"LeT"),
    _named("Jaish-e-Mohammed", REBEL, "PK", r"Jaish[- ]e[- ]Moh?amm[ae]d", r"JeM"),
    _named(
        "Afghan Taliban forces",
        STATE,
        "AF",
        r"Afghan Taliban(?: (?:forces|fighters|regime|government|"
        r"authorities|administration|troops))?",
        r"Taliban (?:forces|regime|government|authorities|"
        r"administration|troops|border forces|fighters|delegation)",
        r"Islamic Emirate(?: of Afghanistan)?",
        r"Taliban",
    ),
    _named(
        "Pakistani armed forces",
        STATE,
        "PK",
        r"Pakistan(?:i)? (?:armed forces|army|military|air force|"
        r"security forces|forces|troops|soldiers)",
        r"Frontier Corps",
        r"ISPR",
        r"Inter-Services Public Relations",
    ),
    _named("Islamic State", REBEL, None, r"Islamic State", r"ISIS", r"ISIL", r"Daesh"),
    _named("Al-Qaeda", REBEL, None, r"al[- ]Qa[e']?ida", r"AQIS"),
    _named("Al-Shabaab", REBEL, "SO", r"al[- ]Shabaa?b"),
    _named("Boko Haram", REBEL, "NG", r"Boko Haram"),
    _named("Houthis", REBEL, "YE", r"Houthis?", r"Huthis?", r"Ansar Allah"),
    _named("Hamas", REBEL, "PS", r"Hamas"),
    _named("Hezbollah", POLITICAL_MILITIA, "LB", r"Hezbollah", r"Hizbullah"),
    _named("United Nations", EXTERNAL, None, r"United Nations", r"UN peacekeepers", r"UNAMA"),
)

# Demonyms and country names -> ISO 3166-1 alpha-2 and a display name.
COUNTRIES: dict[str, tuple[str, str]] = {
    "pakistani": ("PK", "Pakistan"),
    "pakistan": ("PK", "Pakistan"),
    "afghan": ("AF", "Afghanistan"),
    "afghanistan": ("AF", "Afghanistan"),
    "indian": ("IN", "India"),
    "india": ("IN", "India"),
    "iranian": ("IR", "Iran"),
    "iran": ("IR", "Iran"),
    "turkish": ("TR", "Turkey"),
    "turkey": ("TR", "Turkey"),
    "türkiye": ("TR", "Turkey"),
    "turkiye": ("TR", "Turkey"),
    "qatari": ("QA", "Qatar"),
    "qatar": ("QA", "Qatar"),
    "saudi": ("SA", "Saudi Arabia"),
    "saudi arabia": ("SA", "Saudi Arabia"),
    "chinese": ("CN", "China"),
    "china": ("CN", "China"),
    "american": ("US", "United States"),
    "us": ("US", "United States"),
    "u.s.": ("US", "United States"),
    "united states": ("US", "United States"),
    "russian": ("RU", "Russia"),
    "russia": ("RU", "Russia"),
    "syrian": ("SY", "Syria"),
    "syria": ("SY", "Syria"),
    "iraqi": ("IQ", "Iraq"),
    "iraq": ("IQ", "Iraq"),
    "israeli": ("IL", "Israel"),
    "israel": ("IL", "Israel"),
    "ukrainian": ("UA", "Ukraine"),
    "ukraine": ("UA", "Ukraine"),
    "tajik": ("TJ", "Tajikistan"),
    "tajikistan": ("TJ", "Tajikistan"),
    "uzbek": ("UZ", "Uzbekistan"),
    "uzbekistan": ("UZ", "Uzbekistan"),
    "british": ("GB", "United Kingdom"),
    "french": ("FR", "France"),
    "german": ("DE", "Germany"),
    "egyptian": ("EG", "Egypt"),
    "egypt": ("EG", "Egypt"),
}
_COUNTRY_ALT = "|".join(sorted((re.escape(k) for k in COUNTRIES), key=len, reverse=True))
_FORCES = (
    r"(?:armed forces|security forces|border forces|border guards?|forces|troops|soldiers|army|military|"
    r"police(?:men)?|air force|navy|jets|warplanes|drones|officials|authorities|government|delegation|"
    r"envoys?|diplomats?|minister|ministry)"
)
_DEMONYM_FORCES = re.compile(
    rf"(?<![\w-])(?P<country>{_COUNTRY_ALT})(?:'s)? (?P<forces>{_FORCES})(?![\w-])", re.I
)
_COUNTRY_NAMES = (
    r"Pakistan|Afghanistan|Turkey|Türkiye|Qatar|Iran|India|China|Saudi Arabia|United States|Russia"
)
_COUNTRY_ALONE = re.compile(rf"(?<![\w-])(?P<country>{_COUNTRY_NAMES})(?![\w-])")
# The names alone (in their own case), anywhere: a text without one holds no _COUNTRY_ALONE match. A
# plain alternation of literals is found by a fast scan for their first letters.
_COUNTRY_NAME = re.compile(_COUNTRY_NAMES)
_PROCESS_CONTEXT = re.compile(
    r"\b(?:ceasefire|cease-fire|truce|talks|negotiat\w+|agree\w*|mediat\w+|delegations?|hosted|met|meeting|"
    r"accepted|request\w*|extend\w*|calls?|closed|closure|reopen\w*)\b",
    re.I,
)

# Generic actors: name, type and the words (a regex alternation) that name them.
_GENERIC: tuple[tuple[str, str, str], ...] = (
    (
        "Security forces",
        STATE,
        r"security forces|security personnel|law enforcers|law enforcement agencies|armed forces",
    ),
    ("Police", STATE, r"police(?:men)?|policemen|officers|constables?"),
    ("Military", STATE, r"soldiers|troops|army|the military|border guards"),
    (
        "Unidentified armed group",
        POLITICAL_MILITIA,
        r"militants?|gunmen|gunman|terrorists?|insurgents?|armed men|assailants|attackers|"
        r"unidentified (?:men|persons|attackers)",
    ),
    (
        "Civilians",
        CIVILIANS,
        r"civilians?|villagers|residents|passengers|worshippers|journalists?|students|farmers|"
        r"labou?rers|workers",
    ),
    ("Protesters", PROTESTERS, r"protesters|protestors|demonstrators|marchers"),
    ("Rioters", RIOTERS, r"rioters|mobs?|angry crowds?"),
)
# All generic words in one pass, group g<i> for _GENERIC[i]. One alternation finds what the separate
# searches found: no two of these word lists match at the same place, and no match of one covers a
# word boundary where another could start (multi-word entries continue only with words of no list), so
# which list is tried first never matters (the test module of actors checks this against separate
# searches). Every entry starts with a lower-case ASCII letter: the lookahead rejects most positions
# before the costlier word-boundary test.
_GENERIC_ALT = "|".join(f"(?P<g{i}>{words})" for i, (_, _, words) in enumerate(_GENERIC))
_GENERIC_ANY_CASE = re.compile(rf"\b(?:{_GENERIC_ALT})\b", re.I)
_GENERIC_LOWER = re.compile(rf"(?=[a-z])\b(?:{_GENERIC_ALT})\b")
_GENERIC_GROUPS = {f"g{i}": (name, type_) for i, (name, type_, _) in enumerate(_GENERIC)}

_DEMONYM_FORCES_LOWER = re.compile(_DEMONYM_FORCES.pattern)
_PROCESS_CONTEXT_LOWER = re.compile(_PROCESS_CONTEXT.pattern)
GENERIC_NAMES = frozenset(name for name, _, _ in _GENERIC)


def _folded(text: str, lower: str) -> str:
    """``text`` lower-cased, offset for offset, with İ ı ſ K written as the ASCII letters they match
    (casefold); ``lower`` is ``text.lower()``, already at hand."""
    return lower if case_safe(text) else folded_lower(text)


# Named people with an office ("Foreign Minister Ishaq Dar", "spokesman Zabihullah Mujahid"). The
# lookahead holds the first letters of the title words: it rejects most positions before the costlier
# word-boundary test and title alternatives.
_PERSON = re.compile(
    r"(?=[ACDFGIMPes])\b(?:(?:Deputy |Acting |Prime |Foreign |Defen[cs]e |Interior |Information )*"
    r"(?:Minister|President|Prime Minister|spokes(?:man|woman|person)|General|Gen\.|Commander|Governor|"
    r"Ambassador|envoy|DPM|PM)"
    r")[ \t]+(?P<name>[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+){1,3})"
)


def _country(name: str) -> tuple[str, str]:
    """(code, name) of a country matched case-insensitively ("İRAN" too: see casefold)."""
    return COUNTRIES[folded_lower(name)]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans``: disjoint, non-empty spans sorted by start (so by
    end too), of which only the last one starting before ``end`` can reach past ``start``."""
    i = bisect.bisect_left(spans, (end,)) - 1
    return i >= 0 and spans[i][1] > start


def find(text: str, offset: int = 0, countries: bool | None = None) -> list[ActorMention]:
    """Actor mentions in ``text`` (a sentence or any span), offsets shifted by ``offset``, in text order.

    ``countries``: whether a bare country name counts as an actor; None decides by whether ``text`` is
    about a peace-process step (talks, ceasefire, crossings).
    """
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str, type_: str, country: str | None) -> None:
        bisect.insort(taken, (start, end))  # kept sorted for _overlaps; spans are added only when free
        found.append(
            ActorMention(
                start=start + offset,
                end=end + offset,
                text=text[start:end],
                name=name,
                type=type_,
                country=country,
            )
        )

    lower = text.lower()
    # Lower-case patterns on lower-cased text run several times faster than case-insensitive ones; the
    # offsets agree unless lower-casing changed the length (a few non-Latin capitals), then use the slow way.
    same_length = len(lower) == len(text)
    haystack = lower if same_length else text
    folded = _folded(text, lower)
    for actor in NAMED:
        if not actor.may_match(text, lower, folded):
            continue
        for m in actor.pattern.finditer(text):
            if not _overlaps(taken, *m.span()):
                add(m.start(), m.end(), actor.name, actor.type, actor.country)
    for m in (_DEMONYM_FORCES_LOWER if same_length else _DEMONYM_FORCES).finditer(haystack):
        if _overlaps(taken, *m.span()):
            continue
        code, country = _country(m.group("country"))
        forces = m.group("forces").lower()
        if code == "PK" and forces in (
            "forces",
            "armed forces",
            "security forces",
            "troops",
            "soldiers",
            "army",
            "military",
        ):
            add(m.start(), m.end(), "Pakistani armed forces", STATE, code)
        elif forces in (
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
        ):
            add(m.start(), m.end(), country, STATE, code)
        else:
            add(m.start(), m.end(), f"Military forces of {country}", STATE, code)
    if countries is None:
        countries = bool(_PROCESS_CONTEXT_LOWER.search(lower))
    if countries:
        for m in _COUNTRY_ALONE.finditer(text):
            if not _overlaps(taken, *m.span()):
                code, country = _country(m.group("country"))
                add(m.start(), m.end(), country, STATE, code)
    for m in _PERSON.finditer(text):
        if not _overlaps(taken, m.start("name"), m.end("name")):
            add(m.start("name"), m.end("name"), m.group("name"), "", None)
    for m in (_GENERIC_LOWER if same_length else _GENERIC_ANY_CASE).finditer(haystack):
        if not _overlaps(taken, *m.span()):
            name, type_ = _GENERIC_GROUPS[m.lastgroup or ""]
            add(m.start(), m.end(), name, type_, None)
    found.sort(key=lambda a: a.start)
    return found


def annotate(doc: Document) -> None:
    """Add ActorMentions for ``doc``: named and generic actors over the whole text at once (one pass is
    much faster than one per sentence), bare country names only in sentences about a process step."""
    found = find(doc.text, countries=False)
    taken = [(a.start, a.end) for a in found]
    for sentence in doc.sentences:
        if not _COUNTRY_NAME.search(sentence.text):
            continue  # no country to find: the cheaper test first
        if not _PROCESS_CONTEXT_LOWER.search(sentence.text.lower()):
            continue
        for m in _COUNTRY_ALONE.finditer(sentence.text):
            start, end = m.start() + sentence.start, m.end() + sentence.start
            if not _overlaps(taken, start, end):
                code, country = _country(m.group("country"))
                found.append(
                    ActorMention(
                        start=start, end=end, text=m.group(0), name=country, type=STATE, country=code
                    )
                )
    found.sort(key=lambda a: a.start)
    doc.actors.extend(found)
