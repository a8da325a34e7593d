"""Synthetic news pages for the extraction benchmark: ~800-word articles wrapped in realistic page
furniture (navigation, share bar, related links, comment form, footer), generated from a seed.

The sentences are templates written for this benchmark; slots are filled from small lists of places,
forces, figures and days so that every page differs while reading like conflict reporting (dates,
places, casualty figures and quotes for every pipeline component to work on).
"""

from __future__ import annotations

import random

PLACES = [
    "Chaman",
    "Torkham",
    "Bajaur",
    "Kurram",
    "Angoor Adda",
    "Spin Boldak",
    "Khost",
    "Paktika",
    "Kunar",
    "Nangarhar",
    "North Waziristan",
    "South Waziristan",
    "Tirah",
    "Chitral",
    "Ghulam Khan",
    "Bahram Chah",
]
FORCES = [
    "Pakistani troops",
    "Afghan border forces",
    "Frontier Corps personnel",
    "Taliban fighters",
    "local police",
    "security forces",
    "militants",
    "border guards",
]
OFFICIALS = [
    ("Farah Qureshi", "a provincial spokeswoman"),
    ("Nasir Ahmadzai", "a district governor"),
    ("Imran Siddiqui", "an army spokesman"),
    ("Laila Hotak", "a health official"),
    ("Tariq Mehsud", "a tribal elder"),
    ("Selin Aydın", "a Turkish diplomat"),
]
DAYS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "late on Sunday",
    "early on Friday",
    "on October 12",
    "on the night of October 11-12",
    "last week",
    "earlier this month",
    "on November 3",
]
NUMBERS = [
    "two",
    "three",
    "four",
    "five",
    "at least six",
    "more than 10",
    "as many as 23",
    "nearly 40",
    "dozens of",
    "12",
    "17",
]
HOSTS = ["Istanbul", "Doha", "Ankara", "Islamabad", "Kabul"]

SENTENCES = [
    "{force} exchanged heavy fire with {force2} near {place} {day}, killing {number} people, officials said.",
    "Residents of {place} said the shelling started before dawn and continued for several hours, forcing "
    "families to shelter in basements and mosques.",
    "The crossing at {place} was closed {day}, leaving hundreds of lorries loaded with fruit and cement "
    "stranded on both sides of the border.",
    "“We heard explosions all night and nobody came to help us,” said {official}, {role}.",
    "According to {official}, {role}, {number} wounded were taken to the district hospital in {place}.",
    "Delegations from both countries will meet in {host} {day} to discuss a mechanism to monitor the truce, "
    "mediators said.",
    "The talks in {host} ended without a written agreement, although both sides promised to keep the "
    "ceasefire in place for now.",
    "A drone strike {day} hit a compound on the outskirts of {place}, and local officials said {number} "
    "fighters were killed.",
    "{force} said they had regained control of two checkpoints near {place} after an overnight assault.",
    "An improvised explosive device went off beside a road in {place} {day}, wounding {number} passengers "
    "travelling in a minibus.",
    "Traders in {place} complained that the closure was costing them thousands of dollars a day and asked "
    "both governments to reopen the gates.",
    "{official}, {role}, told reporters that the situation remained tense but under control.",
    "Hundreds of people protested in {place} {day}, demanding compensation for homes damaged in the "
    "fighting.",
    "The foreign ministry in {host} said it was in contact with both capitals and urged restraint.",
    "Analysts said the latest round of violence showed how fragile the arrangement agreed in {host} "
    "had become.",
    "Schools in {place} remained closed {day}, and aid agencies said they could not reach several villages.",
    "“Our territory will not be used against any neighbour,” {official} said in a statement.",
    "Police in {place} arrested {number} suspects {day} in connection with an attack on a checkpoint.",
    "Monitors from the mediating states are expected to visit {place} next week to verify the reports.",
    "The army said {number} soldiers were martyred in the clashes, while the other side put its losses at "
    "{number2}.",
]

FURNITURE_TOP = """<header class="site-header"><div class="logo"><a href="/">The Frontier Daily</a></div>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/pakistan">Pakistan</a></li>
<li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/epaper">E-Paper</a></li></ul></nav>
<div class="ticker">Breaking: markets close higher · Weather: clear skies in the capital</div></header>"""

FURNITURE_BOTTOM = """<div class="share">Share this: <a href="#">Facebook</a> <a href="#">X</a>
<a href="#">WhatsApp</a></div>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Crossing reopens after talks</a></li>
<li><a href="/b">Traders count losses at the border</a></li>
<li><a href="/c">Mediators meet again</a></li></ul></aside>
<section class="comments"><h3>Leave a Comment</h3><p>Your email address will not be published;
fields marked * must be filled in</p>
<form><textarea name="comment"></textarea><input name="author"><input name="email">
<button>Post Comment</button></form></section>
<footer><p>© 2025 The Frontier Daily. All rights reserved.</p><a href="#top">Scroll to Top</a></footer>"""


def article(rng: random.Random, words: int = 800) -> tuple[str, list[str]]:
    """(headline, paragraphs) of about ``words`` words."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = []
        for _ in range(rng.randint(1, 3)):
            official, role = rng.choice(OFFICIALS)
            force, force2 = rng.sample(FORCES, 2)
            sentence = rng.choice(SENTENCES).format(
                force=force,
                force2=force2.lower() if not force2[0].isupper() else force2,
                place=rng.choice(PLACES),
                day=rng.choice(DAYS),
                number=rng.choice(NUMBERS),
                number2=rng.choice(NUMBERS),
                official=official,
                role=role,
                host=rng.choice(HOSTS),
            )
            sentence = sentence[0].upper() + sentence[1:]
            paragraph.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(paragraph))
    headline = f"Fresh clashes near {rng.choice(PLACES)} as talks in {rng.choice(HOSTS)} stall"
    return headline, paragraphs


SECTIONS = [
    "Pakistan",
    "Afghanistan",
    "World",
    "Business",
    "Markets",
    "Sport",
    "Cricket",
    "Opinion",
    "Editorial",
    "Technology",
    "Health",
    "Education",
    "Culture",
    "Lifestyle",
    "Weather",
    "Videos",
    "Podcasts",
    "E-Paper",
]


def _heavy_head(rng: random.Random) -> str:
    """What a real news page carries besides the article: styles, tracking and ad scripts, JSON-LD."""
    css = "".join(
        f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{rng.randrange(0xFFFFFF):06x}}}"
        for i in range(400)
    )
    script = "".join(
        f"window.dl=window.dl||[];dl.push({{'slot':'ad-{i}','size':[300,250],'k':'{rng.randrange(10**8)}'}});"
        for i in range(250)
    )
    return f"<style>{css}</style><script>{script}</script>"


def _heavy_menus(rng: random.Random) -> tuple[str, str]:
    links = "".join(
        f'<li><a href="/{s.lower()}/{i}">{s} {rng.choice(PLACES)} update {i}</a></li>'
        for s in SECTIONS
        for i in range(8)
    )
    most_read = "".join(
        f'<li><a href="/story/{rng.randrange(10**6)}">{rng.choice(PLACES)}: {rng.choice(FORCES)} and the '
        f"{rng.choice(HOSTS)} talks</a></li>"
        for _ in range(25)
    )
    return (
        f'<div class="mega-menu"><ul>{links}</ul></div>',
        f'<aside class="most-read"><h3>Most Read</h3><ol>{most_read}</ol></aside>',
    )


def page(seed: int, words: int = 800, heavy: bool = True) -> str:
    """One HTML page with an ~``words``-word article; the same seed always gives the same page.
    ``heavy`` adds the weight of a real news page (about 60 KB of styles, scripts, menus and link lists)."""
    rng = random.Random(seed)
    headline, paragraphs = article(rng, words)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    day = 1 + seed % 28
    head, menu, aside = "", "", ""
    if heavy:
        head = _heavy_head(rng)
        menu, aside = _heavy_menus(rng)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{headline} | The Frontier Daily</title>"
        f'<meta property="article:published_time" content="2025-11-{day:02d}T09:00:00+05:00">'
        f"{head}</head><body>{FURNITURE_TOP}{menu}<main><article><h1>{headline}</h1>"
        f'<p class="byline">By Staff Reporter</p>{body}'
        f'<p><a href="/more">Read more</a></p></article>{aside}</main>{FURNITURE_BOTTOM}</body></html>'
    )
