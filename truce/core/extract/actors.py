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

import re
from dataclasses import dataclass

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


def _named(name: str, type_: str, country: str | None, *aliases: str) -> NamedActor:
    # Short aliases are acronyms and match only in their own case: "LeT" is a group, "let" a verb.
    def scoped(alias: str) -> str:
        letters = re.sub(r"\\[A-Za-z]|[^A-Za-z]", "", alias)
        return f"(?-i:{alias})" if len(letters) <= 5 else alias

    body = "|".join(scoped(a) for a in aliases)
    hints = tuple(_literal_start(a) for a in aliases)
    return NamedActor(
        name,
        type_,
        country,
        re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I),
        hints if all(hints) else (),
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
_COUNTRY_ALONE = re.compile(
    r"(?<![\w-])(?P<country>Pakistan|Afghanistan|Turkey|Türkiye|Qatar|Iran|India|China|Saudi Arabia|"
    r"United States|Russia)(?![\w-])"
)
_PROCESS_CONTEXT = re.compile(
    r"\b(?:ceasefire|cease-fire|truce|talks|negotiat\w+|agree\w*|mediat\w+|delegations?|hosted|met|meeting|"
    r"accepted|request\w*|extend\w*|calls?|closed|closure|reopen\w*)\b",
    re.I,
)

_GENERIC: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "Security forces",
        STATE,
        re.compile(
            r"\b(?:security forces|security personnel|law enforcers|"
            r"law enforcement agencies|armed forces)\b",
            re.I,
        ),
    ),
    ("Police", STATE, re.compile(r"\b(?:police(?:men)?|policemen|officers|constables?)\b", re.I)),
    ("Military", STATE, re.compile(r"\b(?:soldiers|troops|army|the military|border guards)\b", re.I)),
    (
        "Unidentified armed group",
        POLITICAL_MILITIA,
        re.compile(
            r"\b(?:militants?|gunmen|gunman|terrorists?|insurgents?|armed men|assailants|attackers|"
            r"unidentified (?:men|persons|attackers))\b",
            re.I,
        ),
    ),
    (
        "Civilians",
        CIVILIANS,
        re.compile(
            r"\b(?:civilians?|villagers|residents|passengers|worshippers|"
            r"journalists?|students|farmers|labou?rers|workers)\b",
            re.I,
        ),
    ),
    ("Protesters", PROTESTERS, re.compile(r"\b(?:protesters|protestors|demonstrators|marchers)\b", re.I)),
    ("Rioters", RIOTERS, re.compile(r"\b(?:rioters|mobs?|angry crowds?)\b", re.I)),
)

_DEMONYM_FORCES_LOWER = re.compile(_DEMONYM_FORCES.pattern)
_PROCESS_CONTEXT_LOWER = re.compile(_PROCESS_CONTEXT.pattern)
GENERIC_NAMES = frozenset(name for name, _, _ in _GENERIC)
_GENERIC_LOWER = tuple((name, type_, re.compile(p.pattern)) for name, type_, p in _GENERIC)

# Named people with an office ("Foreign Minister Ishaq Dar", "spokesman Zabihullah Mujahid").
_PERSON = re.compile(
    r"\b(?:(?:Deputy |Acting |Prime |Foreign |Defen[cs]e |Interior |Information )*(?:Minister|President|"
    r"Prime Minister|spokes(?:man|woman|person)|General|Gen\.|Commander|Governor|Ambassador|envoy|DPM|PM)"
    r")[ \t]+(?P<name>[A-Z][\w'-]+(?:[ \t]+[A-Z][\w'-]+){1,3})"
)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find(text: str, offset: int = 0, countries: bool | None = None) -> list[ActorMention]:
    """Actor mentions in ``text`` (a sentence or any span), offsets shifted by ``offset``, in text order.

    ``countries``: whether a bare country name counts as an actor; None decides by whether ``text`` is
    about a peace-process step (talks, ceasefire, crossings).
    """
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str, type_: str, country: str | None) -> None:
        taken.append((start, end))
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
    for actor in NAMED:
        if actor.hints and not any(h in lower for h in actor.hints):
            continue
        for m in actor.pattern.finditer(text):
            if not _overlaps(taken, *m.span()):
                add(m.start(), m.end(), actor.name, actor.type, actor.country)
    for m in (_DEMONYM_FORCES_LOWER if same_length else _DEMONYM_FORCES).finditer(haystack):
        if _overlaps(taken, *m.span()):
            continue
        code, country = COUNTRIES[m.group("country").lower()]
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
                code, country = COUNTRIES[m.group("country").lower()]
                add(m.start(), m.end(), country, STATE, code)
    for m in _PERSON.finditer(text):
        if not _overlaps(taken, m.start("name"), m.end("name")):
            add(m.start("name"), m.end("name"), m.group("name"), "", None)
    for name, type_, pattern in _GENERIC_LOWER if same_length else _GENERIC:
        for m in pattern.finditer(haystack):
            if not _overlaps(taken, *m.span()):
                add(m.start(), m.end(), name, type_, None)
    found.sort(key=lambda a: a.start)
    return found


def annotate(doc: Document) -> None:
    """Add ActorMentions for ``doc``: named and generic actors over the whole text at once (one pass is
    much faster than one per sentence), bare country names only in sentences about a process step."""
    found = find(doc.text, countries=False)
    taken = [(a.start, a.end) for a in found]
    for sentence in doc.sentences:
        if not _PROCESS_CONTEXT_LOWER.search(sentence.text.lower()):
            continue
        for m in _COUNTRY_ALONE.finditer(sentence.text):
            start, end = m.start() + sentence.start, m.end() + sentence.start
            if not _overlaps(taken, start, end):
                code, country = COUNTRIES[m.group("country").lower()]
                found.append(
                    ActorMention(
                        start=start, end=end, text=m.group(0), name=country, type=STATE, country=code
                    )
                )
    found.sort(key=lambda a: a.start)
    doc.actors.extend(found)
