"""The whole pipeline on articles written for these tests: output shape, dates, background, feeds, HTML."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from truce.core.extract import pipeline

PUBLISHED = dt.date(2025, 11, 12)  # a Wednesday

ARTICLE = """Border guards trade fire near Chaman

QUETTA: Pakistani and Afghan border forces exchanged fire near the Chaman crossing on Monday night, \
killing at least three soldiers, officials said on Wednesday.

The crossing was closed on Tuesday and traders said hundreds of lorries were stranded.

“We will not allow our territory to be used against anyone,” said Zabihullah Mujahid, the Taliban spokesman.

Delegations from both countries will meet in Istanbul on Friday, Turkish officials said.

Leave a Comment

Scroll to Top
"""

EVENT_KEYS = {"kind", "event_type", "sub_event_type", "status", "date", "location", "actors", "fatalities",
              "evidence", "confidence"}  # fmt: skip


@pytest.fixture(scope="module")
def result() -> dict:
    return pipeline.extract(ARTICLE, source="test.txt", published=PUBLISHED)


def test_output_has_exactly_the_documented_fields(result: dict) -> None:
    assert set(result) == {"source", "title", "published", "language", "events", "quotes"}
    assert (result["source"], result["published"], result["language"]) == ("test.txt", "2025-11-12", "en")
    for event in result["events"]:
        # "background" (a flag for events told as history) and "injured" (the wounded, in the shape of
        # "fatalities") are the documented additions.
        assert EVENT_KEYS <= set(event) <= EVENT_KEYS | {"background", "injured"}
        # "part_of_day" and "from_publication" are documented additions to the date.
        assert set(event["date"]) == {"value", "low", "high", "precision", "part_of_day", "from_publication"}
        assert event["kind"] in ("violence", "process")
        assert event["status"] in ("occurred", "scheduled", "failed", "reported")
    for quote in result["quotes"]:
        assert set(quote) == {"speaker", "text", "start", "end", "direct"}
    json.dumps(result)  # JSON-serialisable as printed by `truce extract`


def test_plain_text_headline_becomes_the_title(result: dict) -> None:
    assert result["title"] == "Border guards trade fire near Chaman"


def test_evidence_offsets_point_into_the_cleaned_text() -> None:
    doc = pipeline.document(ARTICLE, published=PUBLISHED)
    for event in pipeline.to_json(doc)["events"]:
        for evidence in event["evidence"]:
            assert doc.text[evidence["start"] : evidence["end"]] == evidence["text"]
    for quote in doc.quotes:
        assert doc.text[quote.start : quote.end] == quote.text


def test_page_furniture_never_reaches_the_text() -> None:
    doc = pipeline.document(ARTICLE, published=PUBLISHED)
    assert "Leave a Comment" not in doc.text and "Scroll to Top" not in doc.text


def test_relative_dates_resolve_against_the_publication_day() -> None:
    doc = pipeline.document(ARTICLE, published=PUBLISHED)
    by_text = {d.text: d for d in doc.dates}
    assert by_text["Monday night"].value == "2025-11-10"
    assert by_text["Tuesday"].value == "2025-11-11"
    assert by_text["Friday"].value == "2025-11-14" and by_text["Friday"].future


def test_the_clash_is_dated_to_monday(result: dict) -> None:
    clashes = [e for e in result["events"] if e["kind"] == "violence"]
    assert clashes, result["events"]
    assert any(e["date"]["value"] == "2025-11-10" for e in clashes)
    assert not any(e["date"]["low"] and e["date"]["low"] > "2025-11-12" for e in clashes)


def test_the_part_of_the_day_is_kept_beside_the_plain_day(result: dict) -> None:
    clash = next(e for e in result["events"] if e["sub_event_type"] == "Armed clash")
    assert clash["date"]["value"] == "2025-11-10"
    assert clash["date"]["part_of_day"] == "night"
    closure = next(
        e for e in result["events"] if e["kind"] == "process" and "Tuesday" in e["evidence"][0]["text"]
    )
    assert closure["date"]["part_of_day"] is None


def test_quote_has_its_speaker(result: dict) -> None:
    assert any(q["speaker"] == "Zabihullah Mujahid" and q["direct"] for q in result["quotes"])


def test_without_publication_day_no_date_is_invented() -> None:
    out = pipeline.extract("Fighting broke out near Torkham on Monday, police said.")
    assert out["published"] is None
    assert all(e["date"]["value"] in (None, "") for e in out["events"])


def test_html_page_uses_its_own_title_and_date() -> None:
    html = (
        "<html><head><title>Ceasefire holds</title>"
        '<meta property="article:published_time" content="2025-11-12"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Ceasefire holds</h1>"
        "<p>Mediators said on Tuesday that the ceasefire between the two countries had held for a week, "
        "and that monitors would visit the crossing at Torkham next week to check the arrangements.</p>"
        "<p>Read more</p></article><footer>Scroll to Top</footer></body></html>"
    )
    out = pipeline.extract(html)
    assert out["title"] == "Ceasefire holds"
    assert out["published"] == "2025-11-12"


def test_feed_gives_one_object_per_item_with_each_items_date() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>One</title><link>https://example.org/1</link>"
        "<pubDate>Mon, 10 Nov 2025 09:00:00 GMT</pubDate>"
        "<description>Shelling hit a village near Bajaur on Sunday, residents said.</description></item>"
        "<item><title>Two</title><link>https://example.org/2</link>"
        "<description>The talks will resume in Doha on Thursday.</description></item>"
        "</channel></rss>"
    )
    one, two = pipeline.extract_many(feed, published=PUBLISHED)
    assert (one["title"], one["source"], one["published"]) == ("One", "https://example.org/1", "2025-11-10")
    assert (two["title"], two["published"]) == ("Two", "2025-11-12")


def test_feed_given_to_extract_is_refused_with_advice() -> None:
    with pytest.raises(ValueError, match="extract_many"):
        pipeline.extract('<rss version="2.0"><channel></channel></rss>')


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        (
            "نیروهای مرزی روز ۲۰ میزان ۱۴۰۴ در نزدیکی سپین بولدک با یکدیگر درگیر شدند "
            "و این را مقامات تایید کردند.",
            "fa",
            "2025-10-12",
        ),
        (
            "۱۲ اکتوبر ۲۰۲۵ کو چمن کے قریب سرحد پر فائرنگ ہوئی اور حکام نے اس کی تصدیق کی ہے۔",
            "ur",
            "2025-10-12",
        ),
        (
            "12 Ekim 2025'te Çaman yakınlarında sınırda çatışma çıktı ve yetkililer bunu doğruladı.",
            "tr",
            "2025-10-12",
        ),
    ],
)
def test_non_english_articles_get_language_and_dates(text: str, language: str, value: str) -> None:
    doc = pipeline.document(text, published=PUBLISHED)
    assert doc.language == language
    assert [d.value for d in doc.dates] == [value]
