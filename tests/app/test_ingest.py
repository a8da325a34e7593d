"""`truce ingest`: articles stored once, near duplicates kept but not counted twice, one lead per incident
with every source's figures side by side, out-of-scope events skipped, bad input refused whole."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tests.app.story import record_size
from truce.cli import main
from truce.core import clock
from truce.demo import ARTICLES as DEMO_ARTICLES
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.sources.models import Article, Lead, LeadSource

ARTICLES = DEMO_ARTICLES  # written for the demo and the tests
FRONTIER = ARTICLES / "chaman-frontier-post.txt"  # six killed, says a military official
WIRE = ARTICLES / "chaman-frontier-post-wire.txt"  # the same wire copy, lightly edited
HOSPITAL = ARTICLES / "quetta-hospital.html"  # at least nine killed, says a hospital
KHARTOUM = ARTICLES / "khartoum-market.txt"  # an incident in Sudan: not this agreement's


@pytest.fixture
def now():
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)) as frozen:
        yield frozen


def ingest(*args: str) -> int:
    return main(["ingest", "--agreement", "pak-afg-2025", "--published", "2025-10-29", *args])


def test_two_outlets_with_different_tolls_make_one_lead_listing_both(cast, now, capsys):
    assert ingest(str(FRONTIER), str(HOSPITAL)) == 0
    out = capsys.readouterr().out
    assert "articles: 2 new" in out and "leads: 1 new, 0 updated" in out
    lead = Lead.objects.get()
    assert (lead.sub_event_type, lead.place, lead.country) == (
        "Shelling/artillery/missile attack",
        "Chaman",
        "PK",
    )
    assert lead.date_low == lead.date_high == dt.date(2025, 10, 28)
    assert lead.independent_sources == 2
    by_outlet = {
        s.article.outlet: (s.fatalities_low, s.fatalities_best, s.fatalities_high) for s in lead.sources.all()
    }
    # The official's six and the hospital's "at least nine" sit side by side; neither replaces the other.
    assert by_outlet == {"file:chaman-frontier-post.txt": (6, 6, 6), "Quetta Evening Ledger": (9, 9, None)}
    # Across sources: the smallest low, the lower middle best, and no ceiling since one source gives none.
    assert (lead.fatalities_low, lead.fatalities_best, lead.fatalities_high) == (6, 6, None)


def test_a_lightly_edited_wire_copy_is_kept_as_a_duplicate_and_not_counted(cast, now, capsys):
    assert ingest(str(FRONTIER), str(HOSPITAL)) == 0
    capsys.readouterr()
    assert ingest(str(WIRE)) == 0
    out = capsys.readouterr().out
    assert "0 new, 1 near-duplicate" in out and "leads: 0 new, 0 updated" in out
    copy = Article.objects.get(origin=str(WIRE))
    assert copy.duplicate_of == Article.objects.get(origin=str(FRONTIER))
    assert copy.extraction == {} and not copy.lead_sources.exists()
    lead = Lead.objects.get()
    assert lead.independent_sources == 2 and lead.sources.count() == 2


def test_the_same_file_twice_is_stored_once(cast, now, capsys):
    assert ingest(str(FRONTIER)) == 0
    size = record_size()
    assert ingest(str(FRONTIER)) == 0
    assert "1 already stored" in capsys.readouterr().out
    assert Article.objects.count() == 1 and record_size() == size  # nothing new, nothing recorded


def test_an_incident_outside_the_parties_and_zones_is_skipped(cast, now, capsys):
    assert ingest(str(KHARTOUM)) == 0
    out = capsys.readouterr().out
    assert "skipped as out of scope" in out and "events: 0 in scope" in out
    assert not Lead.objects.exists()
    assert Article.objects.count() == 1  # the article itself is kept: it was fetched


def test_a_folder_is_ingested_and_one_record_event_lists_the_run(cast, now, capsys, tmp_path):
    folder = tmp_path / "today"
    folder.mkdir()
    for path in (FRONTIER, WIRE, HOSPITAL, KHARTOUM):
        shutil.copy(path, folder / path.name)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not read: not an article suffix")
    before = record_size()
    assert ingest(str(folder)) == 0
    assert record_size() == before + 1
    entry = Entry.objects.order_by("-index").first()
    assert entry.type == "ArticlesIngested"
    assert Article.objects.filter(duplicate_of__isnull=False).count() == 1
    assert Lead.objects.count() == 1 and LeadSource.objects.count() == 2
    assert check_chain().first_bad is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agreement", "pak-afg-2025", "GOOD", "missing.txt"], "missing.txt: no such file or folder"),
        (["--agreement", "pak-afg-2025", "GOOD", "BINARY"], "not a text, HTML or RSS/Atom article"),
        (["--agreement", "pak-afg-2025", "GOOD", "EMPTY"], "holds no article text"),
        (["--agreement", "no-such-ceasefire", "GOOD"], "no agreement 'no-such-ceasefire'"),
        (["GOOD"], "several agreements are loaded"),
        (["--published", "29/10/2025", "GOOD"], "is not a date"),
        (["--agreement", "pak-afg-2025", "GOOD", "http://127.0.0.1:9/article"], "could not be fetched"),
        (["--agreement", "pak-afg-2025", "--feed", "http://127.0.0.1:9/rss"], "--feed needs --every"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_stored(
    cast, now, capsys, tmp_path, args, message
):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "cover.html"
    empty.write_text("<html><body><nav>Home</nav><p>Subscribe now</p></body></html>")
    # The good article comes first: a later bad input must still stop the whole run.
    names = {"GOOD": str(FRONTIER), "BINARY": str(binary), "EMPTY": str(empty)}
    before = record_size()
    assert main(["ingest", *(names.get(a, a) for a in args)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert Article.objects.count() == 0 and record_size() == before


@pytest.mark.parametrize("who", ["qa", "tr", "monitor", "pk", "pk2", "af", "observer", "admin", "outsider"])
def test_only_the_console_and_the_agreements_mediators_and_monitors_ingest(cast, now, who):
    from truce.errors import NotFound
    from truce.sources.actions import do_ingest_articles, do_register_feed
    from truce.sources.fetch import candidates, read_path

    items = candidates(read_path(str(FRONTIER))[0], published=dt.date(2025, 10, 29))
    before = record_size()
    if who in ("qa", "tr", "monitor"):
        result = do_ingest_articles("pak-afg-2025", items, acting_user=cast.users[who])
        assert len(result.articles_new) == 1 and len(result.leads_raised) == 1
        do_register_feed(
            "pak-afg-2025", "https://example.org/rss", every_minutes=30, acting_user=cast.users[who]
        )
        assert record_size() == before + 2
        return
    with pytest.raises(NotFound):
        do_ingest_articles("pak-afg-2025", items, acting_user=cast.users[who])
    with pytest.raises(NotFound):
        do_register_feed(
            "pak-afg-2025", "https://example.org/rss", every_minutes=30, acting_user=cast.users[who]
        )
    assert record_size() == before and not Article.objects.exists()


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"location": {"name": "Karachi", "country": "PK", "lat": 24.86, "lon": 67.0}},
            "",
        ),  # a party's country
        ({"location": {"name": "Kandahar", "country": "AF"}}, ""),
        ({"location": {"name": "a border post", "lat": 30.9, "lon": 66.45}}, ""),  # inside the border zone
        ({"location": {"name": "Zahedan", "country": "IR", "lat": 29.49, "lon": 60.86}}, "out of scope"),
        ({"location": {"name": "Omdurman", "country": "SD"}}, "out of scope"),
        ({"location": {}}, "no place"),
        ({"kind": "process", "location": {"country": "PK"}}, "not an incident"),
        ({"status": "scheduled", "location": {"country": "PK"}}, "not a new incident"),
        ({"background": True, "location": {"country": "PK"}}, "not a new incident"),
    ],
)
def test_an_event_is_in_scope_in_a_partys_country_or_inside_a_zone(cast, event, expected):
    from truce.agreements import registry
    from truce.sources.leads import party_countries, scope

    agreement = registry.get("pak-afg-2025")[1]
    assert party_countries(agreement) == {"PK", "AF"}
    assert scope({"kind": "violence", "status": "occurred", **event}, agreement, {"PK", "AF"}) == expected
    # Parties that are movements, not states, have no country: only zones can place an event in scope.
    assert party_countries(registry.get("south-sudan-2018")[1]) == set()
