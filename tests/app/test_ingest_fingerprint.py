"""Near-duplicate fingerprints: a lightly edited wire copy is close, another outlet's story of the same
incident is far, and the threshold sits between them with room on both sides."""

from __future__ import annotations

from truce.core.extract import clean
from truce.demo import ARTICLES as DEMO_ARTICLES
from truce.sources import fingerprint

ARTICLES = DEMO_ARTICLES


def text(name: str) -> str:
    raw = (ARTICLES / name).read_text()
    return clean.html_page(raw).text if name.endswith(".html") else clean.clean_text(raw)


def test_a_lightly_edited_copy_is_a_near_duplicate():
    a, b = (
        fingerprint.simhash(text("chaman-frontier-post.txt")),
        fingerprint.simhash(text("chaman-frontier-post-wire.txt")),
    )
    assert fingerprint.distance(a, b) <= fingerprint.MAX_DISTANCE - 2
    assert fingerprint.near_duplicate(fingerprint.to_hex(a), fingerprint.to_hex(b))


def test_another_outlets_story_of_the_same_incident_is_not():
    a, b = (
        fingerprint.simhash(text("chaman-frontier-post.txt")),
        fingerprint.simhash(text("quetta-hospital.html")),
    )
    assert fingerprint.distance(a, b) >= fingerprint.MAX_DISTANCE + 10


def test_fingerprints_ignore_case_and_spacing_and_are_stable():
    body = text("khartoum-market.txt")
    assert fingerprint.simhash(body) == fingerprint.simhash("  " + body.upper().replace(" ", "\n"))
    assert fingerprint.simhash("") == 0 and fingerprint.to_hex(0) == "0" * 16
    assert fingerprint.distance("ffffffffffffffff", 0) == 64
