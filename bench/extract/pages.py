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


# A full modern news page, modelled on what news sites serve today: critical CSS inline, a framework's
# JSON page state repeating the article, analytics and ad configuration, inline SVG icons, a mega-menu,
# picture elements with several sources, ad slots inside the article, "read also" boxes, a share bar, a
# grid of story cards, a newsletter form, a cookie banner and a link-heavy footer. Roughly 2,000
# elements and 250-300 KB of HTML; trafilatura's default extraction of such pages runs at the rate the
# extraction issue measured on this machine for real pages (about 40-60 articles/s per core).

_ICON = (
    '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M{a} {b}l{c} {d}h4v{e}H{a}z"/>'
    '<path d="M{b} {a}c1.1 0 2 .9 2 2v{c}h-{d}"/></svg>'
)


def _icon(rng: random.Random) -> str:
    return _ICON.format(
        a=rng.randint(1, 20),
        b=rng.randint(1, 20),
        c=rng.randint(1, 9),
        d=rng.randint(1, 9),
        e=rng.randint(1, 20),
    )


def _picture(rng: random.Random, alt: str) -> str:
    key = rng.randrange(16**12)
    sources = "".join(
        f'<source media="(min-width:{w}px)" srcset="/img/{key:012x}-{w}.webp 1x, '
        f'/img/{key:012x}-{w}@2x.webp 2x"'
        f' type="image/webp">'
        for w in (1200, 800, 480)
    )
    return (
        f'<picture>{sources}<img src="/img/{key:012x}-800.jpg" alt="{alt}" loading="lazy" width="800" '
        f'height="450" decoding="async"></picture>'
    )


def _card(rng: random.Random) -> str:
    title = f"{rng.choice(PLACES)}: {rng.choice(FORCES)} and the {rng.choice(HOSTS)} talks"
    story = rng.randrange(10**7)
    return (
        f'<div class="card card--{rng.choice(("sm", "md", "lg"))}" data-story-id="{story}" data-track="card">'
        f'<a class="card__link" href="/story/{story}"><div class="card__media">{_picture(rng, title)}</div>'
        f'<div class="card__body"><span class="card__kicker">{rng.choice(SECTIONS)}</span>'
        f'<h3 class="card__title">{title}</h3><p class="card__summary">{rng.choice(SENTENCES)[:90]}…</p>'
        f'<div class="card__meta"><time datetime="2025-11-0{rng.randint(1, 9)}">'
        f"{rng.randint(1, 23)} hours ago"
        f'</time><span class="card__comments">{_icon(rng)}{rng.randint(0, 400)}</span></div></div></a></div>'
    )


def _ad(rng: random.Random, i: int) -> str:
    return (
        f'<div class="ad ad--inline" id="ad-slot-{i}" data-ad-unit="/2145/news/article/{i}" '
        f'data-sizes="[[300,250],[728,90]]"><div class="ad__label">Advertisement</div>'
        f'<div class="ad__container"><div id="gpt-{rng.randrange(10**9)}"></div></div></div>'
    )


def news_page(seed: int, words: int = 800, article_element: bool = True) -> str:
    """A full modern news page around an ~``words``-word article (see the comment above). With
    ``article_element=False`` the story sits in a ``<div>`` instead of an ``<article>`` element, as on
    sites that do not mark it up, so the whole page has to be read."""
    rng = random.Random(seed)
    headline, paragraphs = article(rng, words)
    tag = "article" if article_element else "div"
    day = 1 + seed % 28
    css = "".join(
        f".x{i:03x}{{display:flex;margin:{i % 7}px {i % 3}px;padding:{i % 5}px;"
        f"color:#{rng.randrange(16**6):06x};"
        f"font:{12 + i % 9}px/1.4 system-ui}}"
        for i in range(700)
    )
    state = {
        "props": {
            "pageProps": {
                "article": {
                    "id": seed,
                    "headline": headline,
                    "body": paragraphs,
                    "tags": rng.sample(PLACES, 5),
                },
                "related": [
                    {
                        "id": rng.randrange(10**7),
                        "title": rng.choice(SENTENCES)[:80],
                        "image": f"/img/{rng.randrange(16**12):012x}.jpg",
                    }
                    for _ in range(60)
                ],
            }
        },
        "page": "/[section]/[slug]",
        "buildId": f"{rng.randrange(16**10):010x}",
    }
    import json

    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": f"2025-11-{day:02d}T09:00:00+05:00",
        "articleBody": " ".join(paragraphs),
        "author": {"@type": "Person", "name": "Staff Reporter"},
    }
    analytics = "".join(
        f"(function(w,d){{w.q=w.q||[];w.q.push(['set','dim{i}','{rng.randrange(10**8)}']);}})(window,document);"
        for i in range(150)
    )
    metas = "".join(f'<meta name="meta-{i}" content="{rng.randrange(10**12)}">' for i in range(25))
    links = "".join(
        f'<link rel="preload" href="/static/chunk-{rng.randrange(16**8):08x}.js" as="script">'
        for _ in range(20)
    )
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{headline} | The Frontier Daily</title>"
        f'<meta property="og:title" content="{headline}">'
        f'<meta property="article:published_time" content="2025-11-{day:02d}T09:00:00+05:00">{metas}{links}'
        f"<style>{css}</style><script>{analytics}</script>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
    )
    mega = "".join(
        f'<li class="menu__item"><a class="menu__link" href="/{s.lower()}">{s}</a><ul class="menu__sub">'
        + "".join(
            f'<li><a href="/{s.lower()}/{j}"><span>{s} {rng.choice(PLACES)} {j}</span></a></li>'
            for j in range(10)
        )
        + "</ul></li>"
        for s in SECTIONS
    )
    ticker = "".join(f'<li><a href="/live/{i}">{rng.choice(SENTENCES)[:60]}</a></li>' for i in range(10))
    header = (
        f'<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience.</p>'
        f"<button>Accept all</button><button>Settings</button></div>"
        f'<header class="site-header"><a class="logo" href="/">{_icon(rng)}The Frontier Daily</a>'
        f'<button class="menu-toggle">{_icon(rng)}Menu</button><button class="search-toggle">{_icon(rng)}'
        f'Search</button><nav class="menu"><ul>{mega}</ul></nav>'
        f'<div class="ticker"><span>Breaking</span><ul>{ticker}</ul></div></header>'
    )
    share = "".join(
        f'<a class="share__{n}" href="#">{_icon(rng)}<span>{n}</span></a>'
        for n in ("Facebook", "X", "WhatsApp", "Telegram", "Email", "Copy link")
    )
    body_parts = []
    for i, text in enumerate(paragraphs):
        body_parts.append(f"<p>{text}</p>")
        if i in (2, 7):
            body_parts.append(_ad(rng, i))
        if i in (4, 10):
            story = rng.randrange(10**7)
            body_parts.append(
                f'<aside class="read-also"><span>Read also</span><a href="/story/{story}">'
                f"{rng.choice(SENTENCES)[:70]}</a></aside>"
            )
    tags = "".join(
        f'<li><a href="/tag/{p.lower().replace(" ", "-")}">{p}</a></li>' for p in rng.sample(PLACES, 8)
    )
    art = (
        f'<main id="main"><{tag} class="story"><div class="story__header">'
        f'<span class="kicker">Pakistan</span>'
        f'<h1>{headline}</h1><div class="byline"><img src="/avatars/staff.jpg" alt="" width="40" height="40">'
        f'<a href="/authors/staff">Staff Reporter</a><time datetime="2025-11-{day:02d}T09:00:00+05:00">'
        f'November {day}, 2025</time></div><div class="share">{share}</div></div>'
        f"<figure>{_picture(rng, headline)}<figcaption>File photo: the border crossing at "
        f"{rng.choice(PLACES)}.</figcaption></figure>"
        f'<div class="story__body">{"".join(body_parts)}</div>'
        f'<ul class="tags">{tags}</ul><div class="share share--bottom">{share}</div></{tag}>'
    )
    most_read = "".join(f"<li>{_card(rng)}</li>" for _ in range(10))
    sidebar = (
        f'<aside class="sidebar"><h2>Most read</h2><ol>{most_read}</ol>{_ad(rng, 90)}'
        f'<form class="newsletter"><label for="nl">Get the morning briefing</label><input id="nl" '
        f'type="email" placeholder="Email address"><button>Sign up</button></form></aside>'
    )
    grid = "".join(_card(rng) for _ in range(24))
    more = f'<section class="more"><h2>More from Pakistan</h2><div class="grid">{grid}</div></section></main>'
    columns = "".join(
        f'<div class="footer__col"><h4>{s}</h4><ul>'
        + "".join(f'<li><a href="/{s.lower()}/{j}">{s} {j}</a></li>' for j in range(12))
        + "</ul></div>"
        for s in SECTIONS[:8]
    )
    social = "".join(f'<a href="#">{_icon(rng)}</a>' for _ in range(8))
    footer = (
        f'<footer class="site-footer">{columns}<div class="social">{social}</div>'
        f"<p>© 2025 The Frontier Daily. All rights reserved.</p></footer>"
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
        f'<noscript><img src="/pixel.gif?u={rng.randrange(10**9)}" width="1" height="1" alt=""></noscript>'
    )
    return f"{head}<body>{header}{art}{sidebar}{more}{footer}</body></html>"
