"""Reading what is to be ingested — files, folders, URLs, feeds — into cleaned article candidates.

No database here: everything that can be refused is refused before an ingest action writes anything
(a missing file, a binary file, a page that cannot be fetched). Only the standard library fetches
(urllib): the machines are often offline, and the error says so plainly.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from truce.core.extract import clean
from truce.sources import fingerprint
from truce.sources.files import article_files, suffixes_text

MAX_BYTES = 5 * 1024 * 1024
USER_AGENT = "Truce open-source monitoring (+https://github.com/)"
_MEDIA = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html", ".xml": "application/xml",
          ".rss": "application/rss+xml", ".atom": "application/atom+xml"}  # fmt: skip


class FetchError(ValueError):
    """Input that cannot be ingested; the message names it and says what to do."""


@dataclass(frozen=True)
class Fetched:
    origin: str  # the path or URL as given
    url: str  # the URL it came from; "" for a file that does not say
    data: bytes
    media_type: str


@dataclass(frozen=True)
class Candidate:
    """One article ready for deduplication and extraction."""

    origin: str
    url: str
    data: bytes  # kept as fetched (a feed item: its own text, UTF-8)
    media_type: str
    text: str  # cleaned main text
    title: str
    published: dt.date | None
    outlet: str
    fingerprint: str  # hex SimHash of ``text``


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def read_path(value: str) -> list[Fetched]:
    """A file, or every article file of a folder (truce.sources.files.article_files)."""
    path = Path(value)
    if path.is_dir():
        files = article_files(path)
        if not files:
            raise FetchError(
                f"{value}: neither the folder nor its subfolders hold article files ({suffixes_text()})"
            )
        return [_read_file(p) for p in files]
    if not path.exists():
        raise FetchError(f"{value}: no such file or folder; check the path")
    return [_read_file(path)]


def _read_file(path: Path) -> Fetched:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise FetchError(f"{path}: {size:,} bytes is more than an article ({MAX_BYTES:,} at most)")
    data = path.read_bytes()
    return Fetched(str(path), "", data, _MEDIA.get(path.suffix.lower(), "text/plain"))


def fetch_url(
    url: str, *, etag: str = "", last_modified: str = "", timeout: float = 20.0
) -> tuple[Fetched | None, str, str]:
    """(what was fetched or None when the server says it is unchanged, its ETag, its Last-Modified)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_BYTES + 1)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None, etag, last_modified
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}; check the address") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"{url}: could not be fetched ({reason}); this machine may be offline — save the page "
            "and ingest the file instead"
        ) from exc
    if len(data) > MAX_BYTES:
        raise FetchError(f"{url}: more than {MAX_BYTES:,} bytes; that is not an article")
    media = (headers.get_content_type() or "text/html").lower()
    return Fetched(url, url, data, media), headers.get("ETag", ""), headers.get("Last-Modified", "")


def decode(item: Fetched) -> str:
    """The text of ``item``, or FetchError when it is not text (a PDF, an image, an archive…)."""
    if clean.looks_binary(item.data):
        raise FetchError(
            f"{item.origin}: not a text, HTML or RSS/Atom article (it looks like binary data, such as a "
            "PDF, an image or an archive); save the article as text or HTML and ingest that"
        )
    return clean.decode(item.data)


_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""(\w[\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): html_lib.unescape(v1 or v2) for k, v1, v2 in _ATTR.findall(tag)}


def page_url_and_site(raw: str) -> tuple[str, str]:
    """A saved page's own address (canonical link or og:url) and site name (og:site_name), if stated:
    a page saved to disk still says where it was published."""
    head = raw[:200_000]
    url = site = ""
    for tag in _LINK.findall(head):
        attrs = _attrs(tag)
        if attrs.get("rel", "").lower() == "canonical" and is_url(attrs.get("href", "")):
            url = attrs["href"]
            break
    for tag in _META.findall(head):
        attrs = _attrs(tag)
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        if key == "og:url" and not url and is_url(attrs.get("content", "")):
            url = attrs["content"]
        elif key == "og:site_name" and not site:
            site = attrs.get("content", "").strip()
    return url, site


def outlet_of(url: str, site: str, origin: str) -> str:
    """Who published it: the site's name, else the host of its URL, else the file it was read from
    (each file then counts as its own source unless ``--outlet`` says otherwise)."""
    if site:
        return site[:255]
    if url:
        return urlsplit(url).netloc.lower().removeprefix("www.")[:255]
    return f"file:{Path(origin).name}"[:255]


def candidates(item: Fetched, *, published: dt.date | None = None, outlet: str = "") -> list[Candidate]:
    """The articles in one fetched thing: a page or text is one, a feed is one per item. ``published``
    is used where the article gives no date of its own; ``outlet`` overrides the publisher found."""
    raw = decode(item)
    kind = clean.detect_type(raw)
    out: list[Candidate] = []
    if kind == "feed":
        try:
            items = clean.feed_items(raw)
        except ValueError as exc:
            raise FetchError(f"{item.origin}: {exc}") from exc
        for entry in items:
            if not entry.text.strip():
                continue
            url = entry.url if is_url(entry.url) else ""
            out.append(
                Candidate(
                    origin=entry.url or item.origin,
                    url=url,
                    data=entry.text.encode("utf-8"),
                    media_type="text/plain",
                    text=entry.text,
                    title=entry.title[:500],
                    published=entry.published or published,
                    outlet=outlet or outlet_of(url, "", item.origin),
                    fingerprint=fingerprint.to_hex(fingerprint.simhash(entry.text)),
                )
            )
        return out
    if kind == "html":
        page = clean.html_page(raw, url=item.url or None)
        own_url, site = page_url_and_site(raw)
        url = item.url or own_url
        text, title, day = page.text, page.title, page.published or published
    else:
        url, site = item.url, ""
        text, title, day = clean.clean_text(raw), "", published
    if len(text.split()) < 20:
        raise FetchError(
            f"{item.origin}: holds no article text (under 20 words after cleaning); check that it is the "
            "article itself, not a cover page or an error page"
        )
    return [
        Candidate(
            origin=item.origin,
            url=url,
            data=item.data,
            media_type="text/html" if kind == "html" else "text/plain",
            text=text,
            title=title[:500],
            published=day,
            outlet=outlet or outlet_of(url, site, item.origin),
            fingerprint=fingerprint.to_hex(fingerprint.simhash(text)),
        )
    ]
