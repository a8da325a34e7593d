"""The extraction pipeline: raw article -> Document -> the JSON object of ``truce extract``.

Components run in this order, each reading what the earlier ones added (see document.py):
clean -> sentences -> language -> dates -> places -> actors -> casualties -> event type -> quotes ->
assemble. The order is the list ``COMPONENTS`` below; nothing registers itself at import time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from truce.core.extract import (
    actors,
    assemble,
    casualties,
    clean,
    dates,
    eventtype,
    language,
    places,
    quotes,
    sentences,
)
from truce.core.extract.document import Document

# Dates need the language (for month names) and the sentences (for tense and background passages);
# places, actors and casualties before the event type, which looks at them; quotes last because
# assemble uses them to tell reported claims from occurrences.
COMPONENTS: tuple[tuple[str, Callable[[Document], None]], ...] = (
    ("sentences", sentences.annotate),
    ("dates", dates.annotate),
    ("places", places.annotate),
    ("actors", actors.annotate),
    ("casualties", casualties.annotate),
    ("eventtype", eventtype.annotate),
    ("quotes", quotes.annotate),
)


def _headline(text: str) -> str:
    """A plain-text article's first line is its headline when it is short, has no final period and is
    followed by a blank line (how saved articles and wire copy start)."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if sep and rest.startswith("\n") and 0 < len(first) <= 200 and not first.endswith((".", ":", "”", '"')):
        return first
    return ""


def document(
    raw: str,
    *,
    source: str = "",
    published: dt.date | None = None,
    title: str = "",
    content_type: str | None = None,
) -> Document:
    """Clean ``raw`` (text or one HTML page) and run every component over it. The anchor for relative
    dates is the date the page states, else ``published``; without either no date is resolved."""
    kind = content_type or clean.detect_type(raw)
    if kind == "feed":
        raise ValueError("a feed holds several articles: use extract_many() for RSS/Atom input")
    if kind == "html":
        page = clean.html_page(raw, url=source or None)
        text = page.text
        title = title or page.title
        published = page.published or published  # the page's own date first, as for feed items
    else:
        text = clean.clean_text(raw)
        title = title or _headline(text)
    doc = Document(text=text, source=source, title=title, published=published)
    doc.language = language.detect(text)
    for _name, component in COMPONENTS:
        component(doc)
    return doc


def to_json(doc: Document) -> dict[str, Any]:
    """The object ``truce extract --format json`` prints for one document (issue 5, item 1)."""
    return {
        "source": doc.source,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "language": doc.language,
        "events": assemble.events(doc),
        "quotes": [
            {"speaker": q.speaker, "text": q.text, "start": q.start, "end": q.end, "direct": q.direct}
            for q in doc.quotes
        ],
    }


def extract(
    raw: str,
    *,
    source: str = "",
    published: dt.date | None = None,
    title: str = "",
    content_type: str | None = None,
) -> dict[str, Any]:
    """One article (plain text or HTML) -> its JSON object. ``content_type`` is "text", "html" or None
    (guessed from the content)."""
    return to_json(document(raw, source=source, published=published, title=title, content_type=content_type))


def documents(
    raw: str,
    *,
    source: str = "",
    published: dt.date | None = None,
    content_type: str | None = None,
) -> list[Document]:
    """Every article in ``raw``, read: the items of an RSS/Atom feed, or the one article of a page or
    text. A feed item's own date is its anchor; ``published`` is used for items without one."""
    kind = content_type or clean.detect_type(raw)
    if kind != "feed":
        return [document(raw, source=source, published=published, content_type=kind)]
    return [
        document(
            item.text,
            source=item.url or source,
            published=item.published or published,
            title=item.title,
            content_type="text",
        )
        for item in clean.feed_items(raw)
    ]


def extract_many(
    raw: str,
    *,
    source: str = "",
    published: dt.date | None = None,
    content_type: str | None = None,
) -> list[dict[str, Any]]:
    """``documents`` as the JSON objects of ``truce extract``."""
    return [
        to_json(doc) for doc in documents(raw, source=source, published=published, content_type=content_type)
    ]
