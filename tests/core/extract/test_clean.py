"""Cleaning: plain text normalisation, page furniture, HTML main text and RSS/Atom feeds."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from truce.core.extract import clean

ARTICLE_PARAGRAPHS = [
    "Border guards on both sides exchanged fire near the Chaman crossing late on Sunday, officials said.",
    "Traders waiting at the gate said hundreds of lorries had been stuck there for nine days already.",
    "A provincial spokesman said the crossing would stay shut until the two sides agreed on new rules.",
]


def page(extra_body: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return (
        "<!DOCTYPE html><html><head><title>Crossing shut after exchange of fire</title>"
        '<meta property="article:published_time" content="2025-10-20T08:00:00+05:00"></head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
        f"<article><h1>Crossing shut after exchange of fire</h1>{paragraphs}<p>Read more</p></article>"
        f"{extra_body}"
        '<div class="comments"><h3>Leave a Comment</h3><form><textarea></textarea></form>'
        "<p>Your email address will not be published; fields marked * must be filled in</p></div>"
        "<footer>Scroll to Top</footer></body></html>"
    )


def test_detect_type() -> None:
    assert clean.detect_type(page()) == "html"
    assert clean.detect_type('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>') == "feed"
    assert clean.detect_type('<feed xmlns="http://www.w3.org/2005/Atom"></feed>') == "feed"
    assert clean.detect_type("Clashes erupted on the border.") == "text"


def test_html_keeps_the_article_and_drops_navigation_comments_and_furniture() -> None:
    result = clean.html_page(page())
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in result.text
    for furniture in ("Home", "Sport", "Read more", "Leave a Comment", "Scroll to Top", "email address"):
        assert furniture not in result.text
    assert result.title == "Crossing shut after exchange of fire"
    assert result.published == dt.date(2025, 10, 20)


def test_html_paragraphs_are_separated_by_blank_lines() -> None:
    assert "\n\n" in clean.html_page(page()).text


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "Scroll to Top",
        "Read more »",
        "Share this article",
        "Advertisement",
        "Tags: Pakistan, Kabul",
    ],
)
def test_furniture_lines_are_dropped_from_plain_text(line: str) -> None:
    assert (
        clean.clean_text(f"Shelling resumed.\n\n{line}\n\nTalks stalled.")
        == "Shelling resumed.\n\nTalks stalled."
    )


def test_sentences_that_contain_furniture_words_are_kept() -> None:
    text = "Officials said they would read more of the draft before they share this with the cabinet."
    assert clean.clean_text(text) == text


def test_plain_text_whitespace_and_line_ends_are_normalised() -> None:
    raw = "Title\r\n\r\n\r\n\r\nFirst\u00a0 paragraph\u200b here.\rSecond"
    assert clean.clean_text(raw) == "Title\n\nFirst paragraph here.\nSecond"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>
<item><title>Truce extended</title><link>https://example.org/a</link>
<pubDate>Thu, 30 Oct 2025 18:00:00 GMT</pubDate>
<description>The two sides agreed to extend the truce, mediators said.</description></item>
<item><title>Crossing reopens</title><link>https://example.org/b</link>
<content:encoded><![CDATA[<p>The Torkham gate reopened to pedestrians on Saturday.</p>
<p>Share this</p>]]></content:encoded>
</item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Talks end</title><link href="https://example.org/c"/><updated>2025-11-07T21:00:00Z</updated>
<summary>The third round ended without a written accord.</summary></entry></feed>"""


def test_rss_items_with_dates_links_and_html_content() -> None:
    first, second = clean.feed_items(RSS)
    assert (first.title, first.url, first.published) == (
        "Truce extended",
        "https://example.org/a",
        dt.date(2025, 10, 30),
    )
    assert first.text == "The two sides agreed to extend the truce, mediators said."
    assert second.published is None
    assert "Torkham gate reopened" in second.text and "Share this" not in second.text


def test_atom_entries() -> None:
    [entry] = clean.feed_items(ATOM)
    assert (entry.title, entry.url, entry.published) == (
        "Talks end",
        "https://example.org/c",
        dt.date(2025, 11, 7),
    )
    assert entry.text == "The third round ended without a written accord."


def test_broken_feed_raises_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not well-formed XML"):
        clean.feed_items("<rss><channel><item><title>cut off")


# --- the single-article shortcut ---------------------------------------------------------------------

CARDS = "".join(
    f'<div class="card"><a href="/s/{i}"><h3>Story card {i} about the markets</h3></a>'
    f"<p>Teaser {i}.</p></div>"
    for i in range(40)
)


def test_a_page_with_one_article_element_is_read_from_that_element_alone() -> None:
    html = page(CARDS)
    region = clean.article_region(html)
    assert region is not None
    assert "Story card" not in region and "<nav" not in region
    assert all(p in region for p in ARTICLE_PARAGRAPHS)
    # Same main text as reading the whole page: the shortcut changes the cost, not the result.
    import trafilatura

    options = {"fast": True, "favor_precision": True, "include_comments": False, "include_tables": False}
    assert trafilatura.extract(html, **options) == trafilatura.extract(region, **options)
    assert clean.html_page(html).text.count("Border guards") == 1


def test_scripts_styles_icons_and_forms_are_removed_from_the_region() -> None:
    html = page().replace(
        "<h1>",
        "<script>var s = '<p>not text</p>';</script><style>p{color:red}</style>"
        '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><!-- <p>old markup</p> -->'
        "<form><button>Share</button></form><noscript><p>enable scripts</p></noscript><h1>",
    )
    region = clean.article_region(html)
    assert region is not None
    for gone in ("not text", "color:red", "<svg", "old markup", "Share", "enable scripts"):
        assert gone not in region
    assert "Crossing shut after exchange of fire" in region


@pytest.mark.parametrize(
    "body",
    [
        # story cards marked up as articles: no single article element, the whole page is read
        "<article><p>one</p></article><article><p>two</p></article>",
        # no article element at all
        "<div><p>text</p></div>",
        # an article that is never closed
        "<article><p>text</p>",
    ],
)
def test_pages_without_one_closed_article_element_have_no_region(body: str) -> None:
    assert clean.article_region(f"<html><body>{body}</body></html>") is None


def test_an_article_element_with_little_text_falls_back_to_the_whole_page() -> None:
    # The one <article> is a teaser; the story itself sits in a <div>: the whole page is read.
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    html = (
        "<html><head><title>t</title></head><body><article><p>Teaser only.</p></article>"
        f'<div class="story">{paragraphs}</div></body></html>'
    )
    assert clean.article_region(html) is not None
    assert "Border guards on both sides" in clean.html_page(html).text


def test_an_unclosed_element_stops_the_stripping_without_losing_text() -> None:
    html = "<html><body><article><p>First paragraph.</p><script>var a = 1;</script><form><p>Kept text."
    html += "</p></article></body></html>"
    region = clean.article_region(html)
    assert region is not None
    assert "var a" not in region and "First paragraph." in region and "Kept text." in region


def test_stripping_stays_linear_on_thousands_of_unclosed_elements() -> None:
    # Each unclosed opening tag must not trigger a scan to the end of the page (quadratic time).
    html = "<article>" + "<svg><p>word</p>" * 20_000 + "</article>"
    region = clean.article_region(html)
    assert region is not None and region.count("word") == 20_000


def test_nested_and_self_closing_icons_are_removed_whole() -> None:
    html = "<p>a<svg><svg><text>x</text></svg><text>y</text></svg>b</p>"
    html += '<svg/><p>c</p><script>var s="<svg>"</script>d'
    assert clean._strip_discarded(html) == "<p>ab</p><p>c</p>d"


def test_a_comment_or_script_inside_a_word_leaves_the_word_whole() -> None:
    # As a browser shows it, and as deleting the element keeps it: "Helloworld", not "Hello world".
    assert (
        clean._strip_discarded("<p>Hello<!-- x -->world <SCRIPT>1<2</SCRIPT >again</p>")
        == "<p>Helloworld again</p>"
    )


def test_a_page_wrapped_in_one_form_keeps_its_text() -> None:
    # Some sites put the whole body in a <form>: forms are left to trafilatura, which keeps such text.
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    html = "<html><head><title>t</title></head><body>"
    html += f'<form id="page"><div class="story">{paragraphs}</div></form></body></html>'
    assert "Border guards on both sides" in clean.html_page(html).text


def test_menus_footers_sidebars_and_figures_are_cut_out_like_trafilatura_deletes_them() -> None:
    html = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><nav><a href='/x'>Inner</a></nav></ul></nav>"
        f"<div class='story'>{''.join(f'<p>{p}</p>' for p in ARTICLE_PARAGRAPHS)}"
        "<figure><img src='a.jpg'><figcaption>File photo of the gate</figcaption></figure></div>"
        "<aside><h3>Most read</h3><aside>Nested box</aside></aside><footer>Contact us</footer></body></html>"
    )
    stripped = clean._strip_discarded(html)
    for gone in ("Home", "Inner", "File photo", "Most read", "Nested box", "Contact us"):
        assert gone not in stripped
    import trafilatura

    options = {"fast": True, "favor_precision": True, "include_comments": False, "include_tables": False}
    assert trafilatura.extract(stripped, **options) == trafilatura.extract(html, **options)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"Doha talks", "Doha talks"),
        ("\ufeffDoha talks".encode(), "Doha talks"),  # byte-order mark dropped
        ("Café".encode("cp1252"), "Café"),  # mostly not UTF-8: Windows-1252
        ("چمن میں گولہ باری".encode() + b"\xff", "چمن میں گولہ باری\ufffd"),  # UTF-8 with one bad byte
    ],
)
def test_bytes_are_decoded_as_utf8_unless_they_are_mostly_not(data: bytes, text: str) -> None:
    assert clean.decode(data) == text


def test_binary_data_is_told_from_text() -> None:
    assert clean.looks_binary(b"%PDF-1.7\x00\x01\x02")
    assert clean.looks_binary(bytes(range(32)) * 10)
    assert not clean.looks_binary(b"Talks resume on Friday.\n\tIn Doha.\r\n")
    assert not clean.looks_binary(b"")


@pytest.mark.parametrize("stated", ["9999-12-31T00:00:00Z", "0001-01-01", "Fri, 31 Dec 9999 23:59:59 +0000"])
def test_a_page_date_outside_1800_to_2199_is_no_date(stated: str) -> None:
    html = page().replace("2025-10-20T08:00:00+05:00", stated)
    assert clean.html_page(html).published is None


def test_a_page_without_text_makes_trafilatura_say_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="trafilatura"):
        page_of_nothing = clean.html_page("<html><body><script>var a = 1;</script></body></html>")
        assert logging.getLogger("trafilatura").level == logging.DEBUG  # the caller's level is given back
    assert page_of_nothing.text == ""
    said = [r for r in caplog.records if r.name.startswith("trafilatura") and r.levelno >= logging.WARNING]
    assert said == []
