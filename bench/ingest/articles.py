"""Synthetic news articles for the ingest benchmark and the Dask tests: plain-text wire stories of
200-450 words, generated from a seed.

Every article reports one incident (shelling, a drone strike, an armed clash, a roadside bomb, cross-border
firing, a raid, a protest fired on) at a place on or near the Pakistan-Afghanistan border on a given day,
with a casualty figure from an official, a hospital or residents; some report talks or trade instead (not
incidents), and a few report places outside the agreement's parties. Several articles tell the same
incident in other words (another outlet, another figure), so runs raise leads with several sources.
The sentence templates are written for this benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

# (place, province or district named beside it, country word)
PLACES = [
    ("Chaman", "Balochistan", "Pakistan"),
    ("Torkham", "Khyber Pakhtunkhwa", "Pakistan"),
    ("Parachinar", "Kurram district", "Pakistan"),
    ("Bajaur", "Khyber Pakhtunkhwa", "Pakistan"),
    ("Angoor Adda", "South Waziristan", "Pakistan"),
    ("Ghulam Khan", "North Waziristan", "Pakistan"),
    ("Miranshah", "North Waziristan", "Pakistan"),
    ("Tirah", "Khyber district", "Pakistan"),
    ("Chitral", "Khyber Pakhtunkhwa", "Pakistan"),
    ("Spin Boldak", "Kandahar province", "Afghanistan"),
    ("Khost", "Khost province", "Afghanistan"),
    ("Jalalabad", "Nangarhar province", "Afghanistan"),
    ("Bahram Chah", "Helmand province", "Afghanistan"),
    ("Barikot", "Kunar province", "Afghanistan"),
]
ELSEWHERE = [("Kassala", "eastern Sudan", "Sudan"), ("Malakal", "Upper Nile state", "South Sudan")]

NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


@dataclass(frozen=True)
class Kind:
    headline: str
    lead: str
    detail: str


KINDS = [
    Kind(
        "Shells hit homes near {place}, {killed_word} killed",
        "Artillery shells fired from across the border struck houses on the edge of {place} in {region} "
        "{when}, killing {killed_word} civilians and wounding {wounded} others, {source} said.",
        "The shelling lasted about an hour, residents said, and several mud-brick homes collapsed.",
    ),
    Kind(
        "Drone strike kills {killed_word} near {place}",
        "A drone strike hit a vehicle near {place} in {region} {when}, killing {killed_word} people, "
        "{source} said.",
        "Witnesses said they heard the aircraft circling for some time before the strike.",
    ),
    Kind(
        "Border forces clash at {place}",
        "Border forces of the two countries exchanged fire at {place} in {region} {when}; {killed_word} "
        "soldiers were killed and {wounded} wounded in the clash, {source} said.",
        "The firing began after a dispute over a new fence post and went on until after dark.",
    ),
    Kind(
        "Roadside bomb kills {killed_word} in {region}",
        "A roadside bomb exploded under a police pickup near {place} in {region} {when}, killing "
        "{killed_word} officers, {source} said.",
        "No group said it had planted the device, and the road was closed while investigators searched it.",
    ),
    Kind(
        "Cross-border fire wounds {wounded} at {place}",
        "Gunfire from across the border wounded {wounded} people at {place} in {region} {when} and killed "
        "{killed_word}, {source} said.",
        "Shops in the bazaar closed early and families moved away from the border road.",
    ),
    Kind(
        "Militants attack checkpost near {place}",
        "Militants attacked a checkpost near {place} in {region} {when}, killing {killed_word} security "
        "personnel in a gun battle that lasted several hours, {source} said.",
        "Reinforcements reached the post by morning, and a search of nearby villages followed.",
    ),
]

NOT_INCIDENTS = [
    Kind(
        "Traders wait as {place} crossing stays shut",
        "Hundreds of lorries waited at {place} in {region} {when} as the crossing stayed closed for "
        "a further day, {source} said.",
        "Officials from both sides met to discuss reopening the crossing for trade and pedestrians.",
    ),
    Kind(
        "Delegations meet in Istanbul on ceasefire monitoring",
        "Delegations met in Istanbul {when} to discuss how violations of the ceasefire would be "
        "monitored and verified, {source} said.",
        "The mediators said the talks had been constructive and would continue next week.",
    ),
]

SOURCES = [
    "a district police officer",
    "a spokesman for the provincial government",
    "officials at the district hospital",
    "a military official who asked not to be named",
    "residents reached by telephone",
    "a local health official",
    "a tribal elder from the area",
]
OUTLETS = [
    "Border Courier",
    "Frontier Daily",
    "Kandahar Morning",
    "Khyber Wire",
    "Valley Herald",
    "Indus Evening Post",
    "Pamir News Agency",
]
FILLER = [
    "The area has seen repeated incidents since the ceasefire was agreed in Doha in October.",
    "Local elders called on both governments to respect the ceasefire and to let the mechanism investigate.",
    "The crossing is the main route for fruit and fuel lorries between the two countries.",
    "Schools in the district were closed for the rest of the week.",
    "Aid workers said families needed shelter and clean water before the winter.",
    "Neither government commented on the report by the time of publication.",
    "Mobile telephone service in the area was cut for several hours.",
    "Earlier this month the two sides had agreed to hold regular meetings of border commanders.",
    "Farmers said they could not reach their fields because of the firing.",
    "Hospital staff said they had called in extra doctors to treat the wounded.",
]


def _when(day: dt.date, rng: random.Random) -> str:
    """The day as wire copy writes it. Always absolute: a plain-text file carries no publication day of its
    own (``truce ingest --published`` gives one to all), so "on Tuesday" would be read against that."""
    return rng.choice(
        (
            f"on {day.day} {day.strftime('%B')}",
            f"on {day.strftime('%B')} {day.day}",
            f"on {day.strftime('%A')}, {day.day} {day.strftime('%B')}",
            f"on the night of {day.day} {day.strftime('%B')}",
        )
    )


def article(index: int, rng: random.Random, start: dt.date) -> tuple[str, str, dt.date]:
    """(file name, text, publication day) of article ``index``. Requires rng seeded by the caller."""
    incident = index // 3 if rng.random() < 0.6 else 10_000 + index  # about two sources per incident
    story = random.Random(incident)  # what the incident is: the same for every article telling it
    place, region, _country = story.choice(ELSEWHERE if story.random() < 0.05 else PLACES)
    kind = story.choice(NOT_INCIDENTS if story.random() < 0.1 else KINDS)
    day = start + dt.timedelta(days=story.randrange(60))
    published = day + dt.timedelta(days=rng.choice((0, 1, 1, 2, 3)))
    killed = story.randrange(len(NUMBERS)) + rng.choice((0, 0, 0, 1, 2)) if rng.random() < 0.9 else 0
    killed_word = NUMBERS[min(killed, len(NUMBERS) - 1)]
    slots = {
        "place": place,
        "region": region,
        "when": _when(day, rng),
        "killed_word": killed_word,
        "wounded": rng.choice(NUMBERS),
        "source": rng.choice(SOURCES),
    }
    headline = kind.headline.format(**slots)
    headline = headline[0].upper() + headline[1:]
    paragraphs = [
        f"{place.upper()}, {published.day} {published.strftime('%B %Y')} — " + kind.lead.format(**slots),
        kind.detail,
        " ".join(rng.sample(FILLER, rng.randrange(2, 5))),
        " ".join(rng.sample(FILLER, rng.randrange(1, 4))),
    ]
    if rng.random() < 0.5:
        paragraphs.insert(
            2, f"“We are still counting the dead,” {rng.choice(SOURCES)} told the {rng.choice(OUTLETS)}."
        )
    name = f"{index:05d}-{place.lower().replace(' ', '-')}.txt"
    return name, headline + "\n\n" + "\n\n".join(paragraphs) + "\n", published


def write(folder: Path, count: int, *, seed: int = 2025) -> list[Path]:
    """Write ``count`` articles into ``folder`` (created), one .txt each; return their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = dt.date(2025, 10, 20)
    paths = []
    for i in range(count):
        name, text, _published = article(i, rng, start)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
