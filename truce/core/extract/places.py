"""Places: find place names in the text, pick the right one among namesakes, and grade its precision.

``annotate(doc)`` appends ``PlaceMention`` objects to ``doc.places``. Rules:

* Candidates are runs of capitalised words (Latin script; hyphenated runs like "Pakistan-Afghanistan" are
  split; a possessive "’s" and a Turkish case ending after an apostrophe — "Kabil'de" — are dropped) and
  runs of Arabic-script words, looked up in the gazetteer longest-first (up to the longest name in it).
* A run is a place only when the whole run is a gazetteer name, or the run is a name followed by a place
  word ("Kurram Agency", "North Waziristan District"), or the run follows a locative preposition ("in
  Kabul Taliban officials said": "Kabul"). So "Ishaq Dar" is not the place "Dar", and a run followed by an
  organisation word ("Pakistan Army", "Khyber Pakhtunkhwa Police", "Kabul University") is not a place.
* Demonyms ("Pakistani forces", "Afghan Taliban") and actor names that are also villages ("Taliban") are
  never places; a country named only through its demonym is therefore not a place. Nor are months,
  weekdays, compass words and function words that some small place happens to be called ("March",
  "South", "Of"), nor a word the article uses as a person's surname ("Elizabeth Warren" ... "Warren").
* A small place (under 20,000 people, not in the hand-made border list) needs a locative cue: a preposition
  before it (in, near, at, from, outside, ...) or a place word after it ("... village").
* Namesakes are ranked by: the candidate's country is named elsewhere in the article (+3), its admin1 is
  named (+2), it lies within 300 km of another unambiguous place in the article (+2), population
  (log10/2), a country before a province of the same name (+1.5), a focus country of the gazetteer
  (+0.5), a town before a province of the same name (+0.3); a place word after the name restricts the
  kind ("Khost province" picks the province, "Kandahar city" the city), and a name the article once
  calls a province or a district is that province or district where it stands bare in the headline (the
  first line, when more follow).
* ACLED geo precision: 1 = the town, village or crossing itself; 2 = "near X", "outskirts of X",
  "N km from X", or a district, agency, valley or other part of a province; 3 = a province/admin1 or a
  country only.
* ``kind``: place | border-crossing | region (districts, valleys, areas) | admin1 | country.
* ``admin2``: the district (ADM2) the place lies in, or is, when the gazetteer gives one (the hand-made
  border places: "Barmal" -> Paktika/Barmal, "Ghulam Khan" -> Khyber Pakhtunkhwa/North Waziristan).
"""

from __future__ import annotations

import math
import re

from truce.core.extract import gazetteer
from truce.core.extract.document import Document, PlaceMention
from truce.core.extract.gazetteer import Place


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEMONYMS = _words(
    """pakistani pakistanis afghan afghans afghani turkish turk turks qatari qataris iranian iranians
    indian indians american americans chinese russian russians british saudi saudis emirati tajik tajiks
    uzbek uzbeks turkmen baloch baluch pashtun pashtuns punjabi sindhi israeli israelis palestinian
    palestinians syrian syrians iraqi iraqis ukrainian ukrainians european europeans arab arabs kurdish
    kurd kurds taliban"""
)
ORG_WORDS = _words(
    """army police university times post news party group bank club council ministry government corps
    rifles scouts forces force tribune express dawn radio television tv agency's airlines airways
    company committee commission court league movement front institute school college hospital
    association federation union network channel service services board authority"""
)
# Place words after a name: (kind preference, precision). "agency" is a former tribal agency (district).
PLACE_WORDS = {
    "district": ("region", 2),
    "agency": ("region", 2),
    "tehsil": ("region", 2),
    "valley": ("region", 2),
    "area": ("region", 2),
    "region": ("region", 2),
    "province": ("admin1", 3),
    "state": ("admin1", 3),
    "city": ("place", 1),
    "town": ("place", 1),
    "village": ("place", 1),
    "crossing": ("border-crossing", 1),
    "border": ("border-crossing", 1),
    "outskirts": ("place", 2),
}
LOCATIVE = re.compile(
    r"(?:\b(?:in|near|at|from|outside|inside|around|across|into|to|towards|toward|of|between|and|or|"
    r"via|through|along|within|off)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
NEAR = re.compile(
    r"(?:\b(?:near|nearby|outside|close\s+to|outskirts\s+of|vicinity\s+of|"
    r"\d+\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
# The last word of every LOCATIVE and of every NEAR match (before the white space that ends it).
_LOCATIVE_LAST = tuple(
    _words(
        """in near at from outside inside around across into to towards toward of between and or via
        through along within off the"""
    )
)
_NEAR_LAST = ("near", "nearby", "outside", "to", "of", "from", "the")


def _cue_before(pattern: re.Pattern[str], last_words: tuple[str, ...], before: str) -> bool:
    """``bool(pattern.search(before))`` for LOCATIVE or NEAR, skipping the search when ``before``, less
    its final white space, does not end with one of their ``last_words`` (any case; seven letters are
    enough for the longest; a tail outside ASCII, where case folding has its exceptions, is searched)."""
    tail = before.rstrip()[-7:]
    if tail.isascii() and not tail.lower().endswith(last_words):
        return False
    return pattern.search(before) is not None


LATIN_WORD = re.compile(r"(?<!\w)[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F]*(?:[-’'][\w\u00C0-\u024F]+)*")


def _char_class(chars: list[str]) -> str:
    """A regex character class of ``chars`` (sorted), consecutive code points as ranges."""
    parts: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        parts.append(re.escape(chars[i]) + (f"-{re.escape(chars[j])}" if j > i else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


# The characters a LATIN_WORD starts with, split by whether ``str.isupper`` holds (the test of _runs).
_LATIN_STARTS = [c for c in map(chr, range(0x250)) if re.fullmatch(r"[A-Za-z\u00C0-\u024F]", c)]
_UPPER_START = _char_class([c for c in _LATIN_STARTS if c.isupper()])
_OTHER_START = _char_class([c for c in _LATIN_STARTS if not c.isupper()])
_WORD_REST = r"[\w\u00C0-\u024F]*(?:[-’'][\w\u00C0-\u024F]+)*"
# The LATIN_WORD matches that start with a capital, found without a Python step per other word: each
# match skips (possessively, so never re-entering a skipped word) whole other words, runs of characters
# no word starts with, and letters inside a word, then takes the capitalised word that must start there
# (group "w"), or ends the text (the last match, "w" unset). Every match starts where the last ended, so
# the words found are exactly those LATIN_WORD.finditer steps through.
_CAPITALISED_WORD = re.compile(
    rf"(?:(?<!\w){_OTHER_START}{_WORD_REST}|[^A-Za-z\u00C0-\u024F]+|(?<=\w)[A-Za-z\u00C0-\u024F])*+"
    rf"(?:(?P<w>{_UPPER_START}{_WORD_REST})|\Z)"
)
SCRIPT_WORD = re.compile(r"[\u0600-\u06FF\u200c]+")
_SCRIPT_GAP = re.compile(r"[\s\u200c]+")
SMALL = 20_000
# Words that are also names of some small place or region somewhere ("Of", "March", "South").
COMMON_WORDS = _words(
    """of the a an and or but for to in on at by with from this that these those it its he she we they i
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday north south east west northern southern eastern western
    central centre center capital upper lower coast islands island city town border valley new old
    read more top home news comment leave"""
)
# (The lookahead, the capitals every match starts with, rejects most positions before the rest.)
PERSON = re.compile(
    r"(?=[A-Z])\b(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Col|Maj|Capt|President|Senator|Minister)\.?\s+"
    r"|[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?)[A-Z][a-z’'\-]+\b"
)
# Capitalised words that may share a run with a place without making it part of a longer name.
FUNCTION_WORDS = _words(
    """the a an in on at from near and but of to by for with while as after before during since"""
)
FOCUS_COUNTRIES = frozenset(gazetteer.FOCUS)
KIND_OUT = {"district": "region"}
PRECISION = {"place": 1, "border-crossing": 1, "district": 2, "region": 2, "admin1": 3, "country": 3}


def annotate(doc: Document) -> None:
    """Append place mentions to ``doc.places``. Requires ``doc.text``; reads nothing else."""
    doc.places.extend(find_places(doc.text))


_APOSTROPHE = re.compile(r"[’']")


def _core(word: str) -> str:
    """Drop a possessive or a Turkish case ending: "Pakistan’s" -> "Pakistan", "Kabil'de" -> "Kabil"."""
    if "’" not in word and "'" not in word:
        return word
    return _APOSTROPHE.split(word, maxsplit=1)[0]


def _runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words separated by single spaces. A hyphenated word that is not itself a name
    ("Pakistan-Afghanistan", "Islamabad-Kabul") is split, and each part stands as a run of its own."""
    runs: list[list[tuple[int, int, str]]] = []
    last_end = -2
    # Only capitalised words: a word of another kind between two of them leaves more than one space
    # between them, which ends the run as well.
    for m in _CAPITALISED_WORD.finditer(text):
        word = m.group("w")
        if word is None:
            continue
        start, end = m.span("w")
        core = _core(word)
        if "-" in core and not gazetteer.known(core):
            pos = start
            for piece in core.split("-"):
                if piece and piece[0].isupper():
                    runs.append([(pos, pos + len(piece), piece)])
                pos += len(piece) + 1
            last_end = -2
            continue
        if runs and last_end >= 0 and text[last_end:start] == " ":
            runs[-1].append((start, end, word))
        else:
            runs.append([(start, end, word)])
        # A possessive or case ending closes the run: "Pakistan’s Kurram" is two names.
        last_end = end if core == word else -2
    return runs


def _candidates(text: str) -> list[tuple[int, int, list[Place], bool]]:
    """(start, end, places, whole_run) for each name found; ``whole_run`` says no other capitalised word
    was left over in its run."""
    found: list[tuple[int, int, list[Place], bool]] = []
    longest = min(gazetteer.max_words(), 6)
    for run in _runs(text):
        words = [_core(w[2]) for w in run]
        i = 0
        while i < len(run):
            # Longest name first. Words of a run are one space apart and only its last word can carry a
            # possessive (which closes the run), so a name's text less the possessive is its words'
            # cores joined. A hyphen kept inside a word (a known name) folds to a space in the lookup.
            for n in range(min(longest, len(run) - i), 0, -1):
                name = " ".join(words[i : i + n]) if n > 1 else words[i]
                places = gazetteer.lookup(name)
                if places:
                    break
            else:
                i += 1
                continue
            a = run[i][0]
            whole = len(words) == n or all(
                w.lower() in PLACE_WORDS or w.lower() in FUNCTION_WORDS
                for k, w in enumerate(words)
                if not (i <= k < i + n)
            )
            if i + n < len(words) and words[i + n].lower() in ORG_WORDS:
                i += n
                continue
            found.append((a, a + len(name), places, whole))
            i += n
    script_tokens = [(m.start(), m.end(), m.group(0)) for m in SCRIPT_WORD.finditer(text)]
    i = 0
    while i < len(script_tokens):
        for n in (3, 2, 1):
            if i + n > len(script_tokens):
                continue
            a, b = script_tokens[i][0], script_tokens[i + n - 1][1]
            if n > 1 and not _SCRIPT_GAP.fullmatch(
                text[script_tokens[i][1] : script_tokens[i + 1][0]] or "x"
            ):
                continue
            places = gazetteer.lookup(text[a:b])
            if places:
                found.append((a, b, places, True))
                i += n
                break
        else:
            i += 1
    return found


def _distance_km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def _within_300_km(a: Place, b: Place) -> bool:
    """``_distance_km(a, b) < 300``. Two places 300 km apart differ by at most 2.7 degrees of latitude
    (a great circle is never shorter than its change of latitude, 111.2 km a degree), so a larger
    difference settles it without the trigonometry; 3 degrees leaves a wide margin for rounding."""
    if a.lat is not None and b.lat is not None and abs(a.lat - b.lat) > 3.0:
        return False
    return _distance_km(a, b) < 300


def _surnames(text: str) -> set[str]:
    """Last words of person-like names in the text ("Elizabeth Warren", "Sen. Warren", "George W. Bush"):
    the same word standing alone elsewhere is that person, not a namesake town."""
    names = set()
    for m in PERSON.finditer(text):
        words = m.group(0).split()
        if not gazetteer.known(" ".join(words)) and not gazetteer.known(" ".join(words[-2:])):
            names.add(_core(words[-1]).lower())
    return names


_SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|added|asked|who)\b")
_WORD_AFTER = re.compile(r"\s+(?:border\s+crossing|[A-Za-z]+)")


def find_places(text: str) -> list[PlaceMention]:
    kept: list[tuple[int, int, list[Place], str | None, int | None]] = []
    surnames = _surnames(text)
    for a, b, places, whole in _candidates(text):
        surface = text[a:b]
        core = _core(surface).lower()
        if core in DEMONYMS or core in COMMON_WORDS:
            continue
        if core in surnames and not any(p.kind in ("country", "admin1") for p in places):
            continue
        before = text[max(0, a - 40) : a]
        after = text[b : b + 30]
        locative = _cue_before(LOCATIVE, _LOCATIVE_LAST, before)
        if not whole and not locative:
            continue  # part of a longer name: a person ("Ishaq Dar") or an organisation
        if _SPEECH_AFTER.match(after) and not any(p.kind in ("country", "admin1") for p in places):
            continue  # "Khan said": a person
        word = _WORD_AFTER.match(after)
        place_word = word.group(0).split()[-1].lower() if word else ""
        if word and word.group(0).strip().lower() == "border crossing":
            place_word = "crossing"
        if place_word not in PLACE_WORDS:
            place_word = ""
        # The hand-made border places (the only ones with a district) are known by name, in any script.
        hand_or_big = [p for p in places if p.population >= SMALL or p.kind != "place" or p.admin2]
        if not hand_or_big and not (locative or place_word):
            continue
        if not hand_or_big:
            hand_or_big = places
        near = _cue_before(NEAR, _NEAR_LAST, before) or place_word == "outskirts"
        kept.append((a, b, hand_or_big, place_word or None, 2 if near else None))
    return _resolve(text, kept)


def _resolve(
    text: str, kept: list[tuple[int, int, list[Place], str | None, int | None]]
) -> list[PlaceMention]:
    countries: set[str] = set()
    admin1s: set[tuple[str, str]] = set()
    anchors: list[Place] = []
    for _a, _b, places, _w, _n in kept:
        ccs = {p.country for p in places}
        if len(ccs) == 1 and None not in ccs:
            countries.add(places[0].country)  # type: ignore[arg-type]
            if len(places) == 1 or all(p.admin1 == places[0].admin1 for p in places):
                if places[0].admin1:
                    admin1s.add((places[0].country, places[0].admin1))  # type: ignore[arg-type]
                if not any(q is places[0] for q in anchors):  # a place named again adds no anchor
                    anchors.append(places[0])

    def score(p: Place) -> float:
        s = math.log10(p.population + 1) / 2
        if p.country in countries:
            s += 3
        if p.kind != "admin1" and (p.country, p.admin1) in admin1s:
            s += 2
        if any(q is not p and _within_300_km(p, q) for q in anchors):
            s += 2
        if p.country in FOCUS_COUNTRIES:
            s += 0.5
        if p.kind in ("place", "border-crossing"):
            s += 0.3
        if p.kind == "country":
            s += 1.5  # "Mexico" is the country before the Mexican state of that name
        return s

    # The anchors are fixed by now, so a place named several times is scored once.
    scores: dict[int, float] = {}

    def cached_score(p: Place) -> float:
        got = scores.get(id(p))
        if got is None:
            got = scores[id(p)] = score(p)
        return got

    # A name the article calls a province or a district once ("Khost province") is that province or
    # district where it stands bare in the headline (its first line, when more lines follow): "Clashes in
    # Khost". In the body a bare "Khost" may well be the town, as the body names things in full.
    headline_end = text.find("\n")
    named_kind: dict[str, str] = {}
    for a, b, places, place_word, _near in kept:
        if place_word and PLACE_WORDS[place_word][0] in ("admin1", "region"):
            kind = PLACE_WORDS[place_word][0]
            if any(KIND_OUT.get(p.kind, p.kind) == kind for p in places):
                named_kind.setdefault(gazetteer.fold(_core(text[a:b])), kind)

    out: list[PlaceMention] = []
    for a, b, places, place_word, near in kept:
        preferred = PLACE_WORDS[place_word][0] if place_word else None
        if preferred is None and named_kind and a < headline_end:
            preferred = named_kind.get(gazetteer.fold(_core(text[a:b])))
        if preferred:
            narrowed = [p for p in places if KIND_OUT.get(p.kind, p.kind) == preferred]
            if preferred == "border-crossing" and not narrowed:
                narrowed = [p for p in places if p.kind == "place"]
            if narrowed:
                places = narrowed

        best = max(places, key=cached_score)
        kind = KIND_OUT.get(best.kind, best.kind)
        precision = PRECISION.get(best.kind, 3)
        if place_word and PLACE_WORDS[place_word][1] > precision and kind != "country":
            precision = PLACE_WORDS[place_word][1]
        if near and precision < 2:
            precision = 2
        out.append(
            PlaceMention(
                start=a,
                end=b,
                text=text[a:b],
                name=best.name,
                country=best.country,
                admin1=best.admin1 if best.kind != "country" else None,
                admin2=best.admin2 if best.kind not in ("country", "admin1") else None,
                lat=best.lat,
                lon=best.lon,
                geo_precision=precision,
                kind=kind,
            )
        )
    out.sort(key=lambda m: m.start)
    return out
