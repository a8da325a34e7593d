"""Property tests of the extractor's entry point: on any text it returns well-formed output — never an
exception — and every span it reports points at the text it quotes."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truce.core.extract.pipeline import document, extract, to_json

# Words that wake every component (casualties, places, actors, dates, quotes, event types), mixed with
# arbitrary text, so that generated articles reach deep into the rules rather than being ignored.
WORDS = [
    "Two",
    "soldiers",
    "were",
    "killed",
    "wounded",
    "at least",
    "dozens",
    "civilians",
    "mortar",
    "shells",
    "hit",
    "a border post",
    "near",
    "Chaman",
    "Torkham",
    "Kurram",
    "Kabul",
    "Islamabad",
    "on Tuesday",
    "yesterday",
    "last night",
    "25 October 2025",
    "2025-10-25",
    "۲۵ اکتوبر",
    "Taliban",
    "Pakistani",
    "Afghan",
    "forces",
    "drone strike",
    "clash",
    "ceasefire",
    "said",
    "told reporters",
    '"',
    "“",
    "”",
    "'",
    ".",
    ",",
    "\n",
    "\n\n",
    " ",
    "12",
    "1,000",
    "¾",
    "\x00",
    "\ud800",
    "قتل",
    "کابل",
    "ISPR",
]
ARTICLE = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)
PUBLISHED = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


def _well_formed(out: dict) -> None:
    assert set(out) == {"source", "title", "published", "language", "events", "quotes"}
    json.dumps(out, allow_nan=False)  # plain JSON: what `truce extract --format json` prints
    for event in out["events"]:
        assert event["kind"] and isinstance(event["evidence"], list)
        assert 0 <= event["confidence"] <= 1
        for figure in event["fatalities"]:
            assert figure["low"] is None or figure["high"] is None or figure["low"] <= figure["high"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLE, published=PUBLISHED)
def test_any_text_gives_well_formed_output_whose_spans_point_at_what_they_quote(text, published):
    doc = document(text, published=published, content_type="text")
    out = to_json(doc)
    _well_formed(out)
    for quote in out["quotes"]:
        assert 0 <= quote["start"] <= quote["end"] <= len(doc.text)
        assert doc.text[quote["start"] : quote["end"]] == quote["text"]
    for event in out["events"]:
        for span in event["evidence"]:
            assert doc.text[span["start"] : span["end"]] == span["text"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_raises(text):
    _well_formed(extract(text, content_type="text"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=ARTICLE,
    tag=st.sampled_from(["p", "div", "script", "h1", "table", "b"]),
    junk=st.text(alphabet="<>/=\"'& ab", max_size=30),
)
def test_any_html_page_never_raises(body, tag, junk):
    page = f"<html><head><title>{junk}</title></head><body><{tag}>{body}</{tag}>{junk}</body></html>"
    _well_formed(extract(page, content_type="html"))
