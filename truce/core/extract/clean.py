"""From what was fetched to the article's plain text: plain text, HTML pages and RSS/Atom feeds.

- HTML: trafilatura extracts the main text (navigation, comments, footers dropped), then the same
  furniture filter as plain text removes the lines trafilatura keeps ("Read more", "Leave a Comment").
- Plain text: Unicode NFC, Windows/Mac line ends to ``\\n``, non-breaking and zero-width spaces folded,
  runs of blank lines collapsed to one blank line (paragraph breaks are kept: quotes and sentences use
  them), page-furniture lines removed.
- Feeds: each ``<item>``/``<entry>`` becomes a ``FeedItem`` (title, text, published, url); an item whose
  description holds HTML is cleaned like a page.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Literal

ContentType = Literal["text", "html", "feed"]

# Whole lines that are page furniture, never article text. Matched case-insensitively against a line
# stripped of surrounding whitespace and punctuation; kept short so that a sentence that merely
# contains these words is never dropped.
_FURNITURE = re.compile(
    r"^(?:leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|add\s+(?:a\s+)?comment|\d*\s*comments?|"
    r"scroll\s+to\s+top|back\s+to\s+top|read\s+more|read\s+the\s+full\s+(?:story|article)|continue\s+reading|"
    r"share(?:\s+this(?:\s+(?:article|story|post))?)?(?:\s+on\s+\w+)?|follow\s+us(?:\s+on\s+\w+)?|"
    r"related(?:\s+(?:articles?|stories|posts|news))?|advertisement|sponsored(?:\s+content)?|"
    r"subscribe(?:\s+(?:now|to\s+our\s+newsletter))?|sign\s+up(?:\s+for\s+our\s+newsletter)?|"
    r"click\s+here.*|tags?:.*|filed\s+under:.*|print|email|whatsapp|facebook|twitter|x|linkedin|telegram|"
    r"your\s+email\s+address\s+will\s+not\s+be\s+published.*|required\s+fields\s+are\s+marked.*|"
    r"all\s+rights\s+reserved.*|copyright\s+©?.*|©.*|cancel\s+reply|submit|post\s+comment|"
    r"also\s+read:?.*|more\s+from\s+.{0,40}|most\s+(?:read|popular)|trending(?:\s+now)?)$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]")


@dataclass(frozen=True)
class FeedItem:
    title: str
    text: str
    published: dt.date | None
    url: str


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is not text (a PDF, an image, an archive…): NUL bytes or many control bytes in
    its first 8 KB."""
    head = data[:8192]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return b"\x00" in head or (bool(head) and controls / len(head) > 0.02)


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8 (a byte-order mark dropped); text that is UTF-8 but for a few damaged
    bytes keeps its UTF-8 reading, each bad byte shown as U+FFFD; text whose bytes are mostly not UTF-8
    is read as Windows-1252, which older news sites still serve (it decodes any byte)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    damaged = text.count("\ufffd")
    readable = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if readable > damaged:
        return text
    return data.decode("cp1252", errors="replace")


def detect_type(raw: str) -> ContentType:
    """Guess what ``raw`` is from its first bytes: a feed (rss/feed root), an HTML page, or text."""
    head = raw.lstrip()[:2000].lower()
    if re.search(r"<rss[\s>]|<feed[\s>][^<]*(?:xmlns|>)|<rdf:rdf", head):
        return "feed"
    if re.search(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<p[\s>]|<div[\s>]|<article[\s>]", head):
        return "html"
    return "text"


def is_furniture(line: str) -> bool:
    core = line.strip().strip(" \t|•·-–—:>»«*")
    return bool(core) and len(core) <= 120 and bool(_FURNITURE.match(core))


def clean_text(text: str) -> str:
    """Normalise plain text and drop page-furniture lines (see module docstring)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _ZERO_WIDTH.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    kept = [line for line in lines if not is_furniture(line)]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return out.strip()


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    published: dt.date | None


def html_page(html: str, url: str | None = None) -> Page:
    """Main text of an HTML page with its title and date when the page states them.

    trafilatura runs in its fast mode (no fallback extractors), which is what keeps extraction ahead of
    trafilatura's default run (bench/extract); when that finds under 200 characters the full mode runs,
    and when that finds nothing the visible paragraph text is used. Title and date come from the page's
    own metadata (Open Graph, article:published_time, JSON-LD, <time>), read with regular expressions
    because trafilatura's metadata pass costs more than the text extraction itself."""
    import trafilatura

    def main_text(source: str, fast: bool) -> str:
        # trafilatura logs "discarding data: None" for a page without text; the caller says so in its own
        # words, and the warning on stderr only confuses.
        logger = logging.getLogger("trafilatura")
        level = logger.level
        logger.setLevel(logging.ERROR)
        try:
            found = trafilatura.extract(
                source, url=url, fast=fast, include_comments=False, include_tables=False, favor_precision=True
            )
        finally:
            logger.setLevel(level)
        return found or ""

    region = article_region(html)
    text = main_text(region, fast=True) if region else ""
    if len(text) < 200:
        text = main_text(_strip_discarded(html), fast=True)
    if len(text) < 200:
        text = main_text(html, fast=False) or text
    if not text.strip():
        text = _strip_tags(html)
    # trafilatura separates paragraphs with one newline; the pipeline treats a blank line as a paragraph.
    text = "\n\n".join(line for line in text.split("\n") if line.strip())
    metas = _metas(html)
    return Page(_page_title(html, metas), clean_text(text), _page_date(html, metas))


# Elements whose content is never article text and which trafilatura deletes whole (its MANUALLY_CLEANED
# list, for our options: no images, precision first), removed from the markup before it is parsed, with
# comments: menus, footers, sidebars and figures are most of a news page's elements. Not forms
# (trafilatura keeps a form's text when the form holds the page, as on sites that wrap the whole body in
# one), not templates (stripped, content kept) and not math (formulas are salvaged). An element ends where
# its tags balance (an <svg> may hold another); each leaves nothing behind, as deleting the element does
# ("Hello<script>…</script>world" reads "Helloworld" either way).
_DISCARDED_NAMES = (
    "script", "style", "svg", "noscript", "iframe", "button", "select", "textarea", "picture", "video",
    "audio", "canvas", "object", "head", "nav", "footer", "aside", "figure", "menu", "embed", "dialog", "map",
)  # fmt: skip
_DISCARDED_OPEN = re.compile(r"<!--|<(" + "|".join(_DISCARDED_NAMES) + r")\b[^>]*>", re.IGNORECASE)
# Script-like elements hold text, not tags: they end at their first closing tag. The others balance.
_RAW_TEXT = frozenset({"script", "style", "noscript", "textarea", "iframe"})
_DISCARDED_TAG = {
    name: re.compile(rf"</{name}\s*>" if name in _RAW_TEXT else rf"<(/?){name}\b[^>]*>", re.IGNORECASE)
    for name in _DISCARDED_NAMES
}


def _element_end(html: str, name: str, after: int) -> int:
    """Where the ``name`` element opened just before ``after`` ends, or -1 when it is never closed."""
    depth = 1
    for tag in _DISCARDED_TAG[name].finditer(html, after):
        if name in _RAW_TEXT:
            return tag.end()
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group(0).endswith("/>"):
            depth += 1
    return -1


def _strip_discarded(html: str) -> str:
    """``html`` without the discarded elements. One pass: an element that is never closed stops the
    stripping there (the rest is kept as it is), so a malformed page costs no more than a good one."""
    out: list[str] = []
    pos = 0
    while (m := _DISCARDED_OPEN.search(html, pos)) is not None:
        if m.group(1) is None:
            close_at = html.find("-->", m.end())
            end = close_at + 3 if close_at >= 0 else -1
        elif m.group(0).endswith("/>"):
            end = m.end()  # <svg .../>: nothing inside
        else:
            end = _element_end(html, m.group(1).lower(), m.end())
        if end < 0:
            break
        out.append(html[pos : m.start()])
        pos = end
    out.append(html[pos:])
    return "".join(out)


_ARTICLE_OPEN = re.compile(r"<article\b", re.IGNORECASE)
_ARTICLE_CLOSE = re.compile(r"</article\s*>", re.IGNORECASE)


def article_region(html: str) -> str | None:
    """The page's one ``<article>`` element, stripped of scripts, styles, icons, forms and the like, as
    a small HTML document; None when the page has no single article element (story cards marked up as
    articles, or none at all), in which case the whole page is read.

    Real news pages carry 1,500-4,000 elements of menus, story cards, ads and footers around an article
    of a few hundred; trafilatura's cost grows with every element it inspects, and on a page that marks
    its article it would pick that element anyway (its first candidates are ``article`` and ``main``)."""
    opens = _ARTICLE_OPEN.findall(html)
    if len(opens) != 1:
        return None
    start = _ARTICLE_OPEN.search(html)
    ends = list(_ARTICLE_CLOSE.finditer(html))
    if start is None or len(ends) != 1 or ends[0].start() < start.start():
        return None
    region = _strip_discarded(html[start.start() : ends[0].end()])
    return f"<html><body>{region}</body></html>"


_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""(\w[\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TITLE_KEYS = ("og:title", "twitter:title", "title", "headline")
_DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
              "publishdate", "dc.date.issued", "dc.date", "sailthru.date", "article.published")  # fmt: skip


def _metas(html: str) -> dict[str, str]:
    found: dict[str, str] = {}
    head_end = html.find("</head>", 0, 300_000)
    for tag in _META.findall(html, 0, head_end if head_end > 0 else 200_000):
        attrs = {k.lower(): (v1 or v2) for k, v1, v2 in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs and key not in found:
            found[key] = attrs["content"]
    return found


def _page_title(html: str, metas: dict[str, str]) -> str:
    import html as html_lib

    for key in _TITLE_KEYS:
        if metas.get(key):
            return html_lib.unescape(metas[key]).strip()
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.IGNORECASE | re.DOTALL)
    title = re.search(r"<title\b[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    raw = h1.group(1) if h1 else title.group(1) if title else ""
    return html_lib.unescape(re.sub(r"<[^>]+>|\s+", " ", raw)).strip()


def _page_date(html: str, metas: dict[str, str]) -> dt.date | None:
    for key in _DATE_KEYS:
        if metas.get(key) and (day := _parse_date(metas[key])):
            return day
    for pattern in (r'"datePublished"\s*:\s*"([^"]+)"', r"<time\b[^>]*datetime=\"([^\"]+)\""):
        m = re.search(pattern, html[:300_000], re.IGNORECASE)
        if m and (day := _parse_date(m.group(1))):
            return day
    return None


def _strip_tags(html: str) -> str:
    html = re.sub(r"(?is)<(script|style|nav|footer|header|aside|form)\b.*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>", "\n", html)
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html))


def _parse_date(value: str) -> dt.date | None:
    """A page's or feed item's own date, or None when it states none that could be a publication day
    (years outside 1800-2199 are mistakes, and arithmetic near the calendar's ends would overflow)."""
    value = value.strip()
    if not value:
        return None
    day: dt.date | None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        day = parsed.date() if parsed else None
    return day if day is not None and 1800 <= day.year <= 2199 else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: ET.Element, *names: str) -> str:
    for child in element:
        if _local(child.tag) in names:
            if _local(child.tag) == "link" and child.get("href"):
                return child.get("href", "")
            return "".join(child.itertext()).strip()
    return ""


def feed_items(raw: str) -> list[FeedItem]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed. Raises ValueError naming the problem when the
    feed is not well-formed XML."""
    try:
        root = ET.fromstring(raw.lstrip().encode("utf-8"))
    except ET.ParseError as exc:
        raise ValueError(
            f"the feed is not well-formed XML ({exc}); check that the whole file was saved"
        ) from exc
    items = []
    for element in root.iter():
        if _local(element.tag) not in ("item", "entry"):
            continue
        title = _child_text(element, "title")
        body = _child_text(element, "encoded", "content") or _child_text(element, "description", "summary")
        url = _child_text(element, "link", "guid", "id")
        published = _parse_date(_child_text(element, "pubdate", "published", "updated", "date"))
        text = html_page(body).text if detect_type(body) == "html" or "<" in body else clean_text(body)
        items.append(FeedItem(title=title, text=text, published=published, url=url))
    return items
