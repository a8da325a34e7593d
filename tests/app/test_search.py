"""Full-text search (truce.cases.search) on the case list and the API's case and report lists: words by
their beginning, references however they are written, Arabic-script words with or without vowel marks,
and never a word of something the viewer may not see. Runs alike on SQLite (FTS5) and PostgreSQL
(tsvector), which is what makes the results the same on both."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.app.story import incident, signed_in
from truce.cases.models import Case
from truce.cases.search import terms
from truce.reports.models import Report


def listed(client: Any, query: str) -> list[str]:
    html = client.get("/cases/", {"q": query}).content.decode()
    return re.findall(r'<a href="/cases/\d+/"><bdi>([^<]+)</bdi></a>', html)


_apart = iter(range(1000))


def filed(cast: Any, who: str = "pk", **fields: Any) -> Case:
    """A complaint opening a case of its own: each far from the last, so that none joins another."""
    n = next(_apart)
    fields.setdefault("location", place("Chaman"))
    fields["location"] = {**fields["location"], "lat": 25 + n * 0.5}
    fields.setdefault("date", f"2025-{11 + n % 2}-{1 + n % 28:02d}")
    body = cast.api[who].file_report(incident=incident(**fields)).json()
    assert "case" in body, body
    return Case.objects.get(pk=body["case"])


def place(name: str) -> dict[str, Any]:
    return {**incident()["location"], "name": name}


def test_query_words_are_runs_of_letters_and_digits_without_vowel_marks():
    assert terms("PAK-AFG-2025/0012") == ["pak", "afg", "2025", "0012"]
    assert terms("  کُنَر، Chaman chaman ") == ["کنر", "chaman"]
    assert terms("---") == []


def test_words_match_by_their_beginning_in_title_or_place(cast):
    chaman = filed(cast, title="Mortar fire on a border post", location=place("Chaman"))
    khost = filed(cast, title="Drone strike on a market", location=place("Khost"))
    qa = signed_in(cast.qa)
    assert listed(qa, "Chaman") == [chaman.reference]
    assert listed(qa, "cham") == [chaman.reference]
    assert listed(qa, "MARKET khost") == [khost.reference]
    # Every word must match: one of each case's words finds neither.
    assert listed(qa, "mortar khost") == []
    # A word is found by its beginning, not by a piece from its middle.
    assert listed(qa, "haman") == []


def test_references_are_found_however_they_are_written(cast):
    cases = [filed(cast) for i in range(3)]
    qa = signed_in(cast.qa)
    ref = cases[1].reference  # pak-afg-2025/0002
    assert listed(qa, ref) == [ref]
    assert listed(qa, ref.upper().replace("/", "-")) == [ref]
    assert listed(qa, ref.replace("/", " ")) == [ref]
    # A reference's beginning lists every case it begins.
    assert sorted(listed(qa, ref[:-1])) == sorted(c.reference for c in cases)
    # A liaison finds them alike (its words are looked up in its summaries and the references), also
    # through the API, where the summaries are not joined.
    pk = signed_in(cast.pk)
    assert listed(pk, ref.upper().replace("/", "-")) == [ref]
    assert sorted(listed(pk, "pak afg")) == sorted(c.reference for c in cases)
    assert listed(pk, "pak mortar " + ref[-4:]) == [ref]
    assert listed(pk, "pak nowhere") == []
    found = cast.api["pk"].get("/api/v1/cases", data={"q": ref.replace("/", " ")}).json()
    assert [c["reference"] for c in found] == [ref]


def test_arabic_script_words_are_found_with_or_without_vowel_marks(cast):
    kunar = filed(cast, title="د کُنَر پر پوله ډزې", location=place("سپین بولدک"))
    latin = filed(cast, title="Shelling near Türkiye's observers")
    for name in ("qa", "pk", "af"):
        client = signed_in(cast.users[name])
        assert listed(client, "کنر") == [kunar.reference], name
        assert listed(client, "کُنَر") == [kunar.reference], name
        assert listed(client, "بولدک") == [kunar.reference], name
        assert listed(client, "سپ") == [kunar.reference], name
        assert listed(client, "Turkiye") == [latin.reference], name
        assert listed(client, "TÜRKIYE") == [latin.reference], name


def test_a_party_never_finds_words_it_may_not_see(cast):
    # Afghanistan's draft: its own side only.
    draft = cast.api["af"].file_report(
        incident=incident(title="Zarghun draft complaint", accused_party="PK"), draft=True
    )
    assert draft.status_code in (200, 201), draft.content
    # Pakistan's complaint, then a monitor's observation of the same incident in the same case: the
    # observation is not Pakistan's to read.
    case = filed(cast, title="Shelling near Angoor Adda", location=place("Angoor Adda"))
    observation = cast.api["monitor"].file_report(
        incident=incident(title="Secret Wazirkot observation", accused_party="", commitments=[])
    )
    assert observation.status_code in (200, 201), observation.content
    Report.objects.filter(pk=observation.json()["id"]).update(case=case)
    pk, af, qa, monitor = (signed_in(cast.users[n]) for n in ("pk", "af", "qa", "monitor"))
    assert listed(pk, "Zarghun") == [] and listed(qa, "Zarghun") == []
    assert listed(af, "Zarghun") == []  # a draft is in no case yet
    assert (
        cast.api["af"]
        .get("/api/v1/reports", data={"q": "Zarghun"})
        .json()[0]["incident"]["title"]
        .startswith("Zarghun")
    )
    assert cast.api["pk"].get("/api/v1/reports", data={"q": "Zarghun"}).json() == []
    assert cast.api["qa"].get("/api/v1/reports", data={"q": "Zarghun"}).json() == []
    assert listed(pk, "Wazirkot") == []
    assert cast.api["pk"].get("/api/v1/reports", data={"q": "Wazirkot"}).json() == []
    assert cast.api["pk"].get("/api/v1/cases", data={"q": "Wazirkot"}).json() == []
    assert listed(pk, "Angoor") == [case.reference]
    # The monitor's own observation is theirs to find, by its words and by its case's reference.
    found = cast.api["monitor"].get("/api/v1/reports", data={"q": "wazirkot"}).json()
    assert [r["incident"]["title"] for r in found] == ["Secret Wazirkot observation"]
    assert [
        r["incident"]["title"]
        for r in cast.api["monitor"].get("/api/v1/reports", data={"q": case.reference}).json()
    ] == ["Secret Wazirkot observation"]
    # Its summary of the case is its own earliest report there: the observation was filed after the
    # complaint, which the monitor may not see, so the observation's words find the case for it.
    assert listed(monitor, "Wazirkot") == [case.reference]
    assert listed(monitor, "Angoor") == []


def test_api_case_search_matches_what_the_viewer_knows(cast):
    chaman = filed(cast, title="Mortar fire", location=place("Chaman"))
    filed(cast, title="Drone strike", location=place("Khost"))
    for who in ("qa", "pk", "af"):
        got = cast.api[who].get("/api/v1/cases", data={"q": "chaman mortar"}).json()
        assert [c["reference"] for c in got] == [chaman.reference], who
    got = cast.api["qa"].get("/api/v1/cases", data={"q": chaman.reference.upper()}).json()
    assert [c["reference"] for c in got] == [chaman.reference]


def test_an_overlong_search_is_refused_naming_the_parameter(cast):
    response = cast.api["qa"].get("/api/v1/cases", data={"q": "x" * 201})
    assert response.status_code == 422 and "q" in response.content.decode()
    response = cast.api["qa"].get("/api/v1/reports", data={"q": "x" * 201})
    assert response.status_code == 422 and "q" in response.content.decode()


def test_the_index_follows_every_change_of_title_and_place(cast):
    case = filed(cast, title="Mortar fire", location=place("Chaman"))
    qa = signed_in(cast.qa)
    Case.objects.filter(pk=case.pk).update(title="Rocket fire", place="Torkham")
    assert listed(qa, "Chaman") == [] and listed(qa, "Mortar") == []
    assert listed(qa, "Torkham rocket") == [case.reference]
    report = Report.objects.get(case=case)
    Report.objects.filter(pk=report.pk).update(title="Renamed report")
    assert [r["id"] for r in cast.api["qa"].get("/api/v1/reports", data={"q": "renamed"}).json()] == [
        report.pk
    ]
    assert cast.api["qa"].get("/api/v1/reports", data={"q": "mortar"}).json() == []


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR b", "'", ":", "{title}", "-", "^x", "\\"])
def test_query_syntax_of_the_database_is_not_exposed(cast, query):
    filed(cast)
    assert signed_in(cast.qa).get("/cases/", {"q": query}).status_code == 200
    assert cast.api["qa"].get("/api/v1/reports", data={"q": query}).status_code == 200


def test_the_search_schema_is_the_one_its_migration_wrote_out():
    """Migration cases/0006 holds its SQL as written when it was made, so that applying it later does what
    it did then. If truce.cases.search's schema changes, this fails: carry the change in a new migration
    (and compare against that one here)."""
    import importlib

    from truce.cases import search

    frozen = importlib.import_module("truce.cases.migrations.0006_full_text_search")
    assert search.sqlite_schema() == frozen.SQLITE_SCHEMA
    assert search.sqlite_drop() == frozen.SQLITE_DROP
    assert search.pg_function(True) == frozen.PG_FUNCTION_UNACCENT
    assert search.pg_function(False) == frozen.PG_FUNCTION_PLAIN
    assert search.pg_indexes() == frozen.PG_INDEXES
    assert search.pg_drop() == frozen.PG_DROP
