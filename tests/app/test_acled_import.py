"""ACLED CSV in as leads (truce import acled, POST /api/v1/imports/acled): every row checked, any
rejected row names its line and reason and nothing is written; rows imported before are skipped; what
our ACLED export writes comes back as the same incidents."""

from __future__ import annotations

import csv
import io

import pytest

from tests.app.story import incident, record_size
from truce.cli import main
from truce.exports.acled import COLUMNS
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.sources.models import Article, Lead, LeadStatus

GOOD = {
    "event_id_cnty": "PAK90001",
    "event_date": "2025-10-28",
    "year": "2025",
    "time_precision": "1",
    "disorder_type": "Political violence",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "actor1": "Military Forces of Afghanistan (2021-)",
    "inter1": "1",
    "actor2": "Civilians (Pakistan)",
    "inter2": "7",
    "iso": "586",
    "country": "Pakistan",
    "admin1": "Balochistan",
    "location": "Chaman",
    "latitude": "30.9210",
    "longitude": "66.4597",
    "geo_precision": "1",
    "source": "Dawn",
    "notes": "On 28 October 2025, mortar rounds fired from Afghanistan hit a village near Chaman.",
    "fatalities": "3",
}


def _csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(GOOD), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def _import(tmp_path, data: bytes, *extra: str) -> int:
    path = tmp_path / "acled.csv"
    path.write_bytes(data)
    return main(["import", "acled", str(path), "--agreement", "pak-afg-2025", *extra])


def test_rows_become_open_leads_with_their_provenance_and_one_record_entry(cast, tmp_path):
    before = record_size()
    second = {
        **GOOD,
        "event_id_cnty": "AFG70002",
        "event_date": "10 November 2025",
        "time_precision": "2",
        "location": "Spin Boldak",
        "iso": "4",
        "country": "Afghanistan",
        "admin1": "Kandahar",
        "latitude": "31.0",
        "longitude": "66.4",
        "fatalities": "0",
        "actor2": "",
        "inter2": "",
    }
    assert _import(tmp_path, _csv(GOOD, second)) == 0
    leads = {lead.place: lead for lead in Lead.objects.all()}
    chaman = leads["Chaman"]
    assert chaman.status == LeadStatus.OPEN
    assert (chaman.sub_event_type, chaman.event_type, chaman.country, chaman.admin1) == (
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
        "PK",
        "Balochistan",
    )
    assert (str(chaman.date_low), str(chaman.date_high), chaman.geo_precision) == (
        "2025-10-28",
        "2025-10-28",
        1,
    )
    assert (chaman.fatalities_low, chaman.fatalities_best, chaman.fatalities_high) == (3, 3, 3)
    assert [a["type"] for a in chaman.actors] == ["State forces", "Civilians"]
    week = leads["Spin Boldak"]
    assert (str(week.date_low), str(week.date_high), week.country) == ("2025-11-07", "2025-11-13", "AF")
    article = Article.objects.get(url="acled:PAK90001")
    assert article.origin.startswith("ACLED import: acled.csv line 2") and article.outlet == "Dawn"
    assert record_size() == before + 1
    entry = Entry.objects.order_by("-index").first()
    assert entry.type == "ArticlesIngested"
    assert check_chain().first_bad is None


def test_a_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_written(cast, tmp_path, capsys):
    before = record_size()
    rows = [
        GOOD,
        {**GOOD, "event_id_cnty": "PAK2", "latitude": "91"},
        {**GOOD, "event_id_cnty": "PAK3", "event_date": "2025-13-40"},
        {**GOOD, "event_id_cnty": "PAK4", "time_precision": "4", "geo_precision": "0"},
        {**GOOD, "event_id_cnty": "PAK5", "sub_event_type": "Armed clash"},
        {**GOOD, "event_id_cnty": "PAK90001"},
        {**GOOD, "event_id_cnty": "PAK7", "inter1": "9", "fatalities": "-1"},
    ]
    assert _import(tmp_path, _csv(*rows)) == 1
    err = capsys.readouterr().err
    assert "acled.csv:3: PAK2: latitude 91 is off the globe" in err
    assert "acled.csv:4: PAK3: event_date '2025-13-40' is not a date" in err
    assert "acled.csv:5: PAK4: time_precision '4' is not a code from 1 to 3" in err
    assert "geo_precision '0' is not a code from 1 to 3" in err
    assert "acled.csv:6: PAK5: event_type 'Explosions/Remote violence' does not match 'Armed clash'" in err
    assert "acled.csv:7: PAK90001: event_id_cnty PAK90001 repeats line 2" in err
    assert "inter1 '9' is not a code from 0 to 8" in err and "fatalities '-1'" in err
    assert "6 row(s) rejected; nothing was imported" in err
    assert Lead.objects.count() == 0 and Article.objects.count() == 0 and record_size() == before


def test_a_file_without_the_required_columns_is_refused_naming_them(cast, tmp_path, capsys):
    assert _import(tmp_path, b"event_id_cnty,event_date\r\nPAK1,2025-10-28\r\n") == 1
    assert "the header lacks the column(s) time_precision, event_type" in capsys.readouterr().err


def test_importing_the_same_file_again_changes_nothing(cast, tmp_path, capsys):
    data = _csv(GOOD)
    assert _import(tmp_path, data) == 0
    size, leads = record_size(), Lead.objects.count()
    capsys.readouterr()
    assert _import(tmp_path, data) == 0
    out = capsys.readouterr().out
    assert "acled.csv:2: PAK90001: skipped, already imported" in out
    assert "imported 0 row(s) as leads, skipped 1 imported before" in out
    assert (record_size(), Lead.objects.count()) == (size, leads)


def test_a_dry_run_reports_and_writes_nothing(cast, tmp_path, capsys):
    size = record_size()
    assert _import(tmp_path, _csv(GOOD), "--dry-run") == 0
    assert "would import 1 row(s)" in capsys.readouterr().out
    assert (record_size(), Lead.objects.count()) == (size, 0)


def test_our_acled_export_comes_back_as_the_same_incidents(cast, tmp_path):
    api = cast.api
    drone = incident(
        title="Drone strike near Spin Boldak",
        sub_event_type="Air/drone strike",
        accused_party="PK",
        date="2025-11-02",
        location={
            "name": "Spin Boldak",
            "country": "AF",
            "admin1": "Kandahar",
            "lat": 31.0,
            "lon": 66.4,
            "geo_precision": 2,
        },
        actors=[{"name": "Pakistan Air Force", "type": "State forces", "role": "perpetrator"}],
        fatalities={"low": 4, "best": 5, "high": 7},
    )
    assert api["pk"].file_report().status_code == 201
    assert api["af"].file_report(incident=drone).status_code == 201
    out = tmp_path / "incidents.acled.csv"
    assert (
        main(["export", "incidents", "--agreement", "pak-afg-2025", "--format", "acled", "--out", str(out)])
        == 0
    )
    exported = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(exported[0]) == list(COLUMNS) and len(exported) == 2
    assert main(["import", "acled", str(out), "--agreement", "pak-afg-2025"]) == 0
    cases = {c["reference"]: c for c in api["qa"].get("/api/v1/cases").json()}
    for row in exported:
        lead = Lead.objects.get(sources__article__url=f"acled:{row['event_id_cnty']}")
        case = cases[row["event_id_cnty"]]["incident"]
        assert lead.sub_event_type == case["sub_event_type"]
        assert str(lead.date_low) == str(lead.date_high) == case["date"]
        assert lead.place == case["place"]
        assert (float(lead.lat), float(lead.lon)) == (case["lat"], case["lon"])
        assert lead.fatalities_best == int(row["fatalities"])
    drone_lead = Lead.objects.get(place="Spin Boldak")
    assert (drone_lead.country, drone_lead.admin1, drone_lead.geo_precision, drone_lead.fatalities_best) == (
        "AF",
        "Kandahar",
        2,
        5,
    )
    assert drone_lead.actors == [{"name": "Pakistan Air Force", "type": "State forces"}]


@pytest.mark.parametrize("actor", ["pk", "monitor", "observer"])
def test_only_mediators_import_through_the_api(cast, actor):
    upload = io.BytesIO(_csv(GOOD))
    upload.name = "acled.csv"
    response = cast.api[actor].upload("/api/v1/imports/acled", {"file": upload})
    assert response.status_code in (403, 404)
    assert Lead.objects.count() == 0


def test_a_mediator_imports_through_the_api_and_is_told_each_rejected_line(cast):
    bad = io.BytesIO(_csv(GOOD, {**GOOD, "event_id_cnty": "PAK2", "longitude": "east"}))
    bad.name = "acled.csv"
    response = cast.api["qa"].upload("/api/v1/imports/acled", {"file": bad})
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == [{"field": "line 3", "message": "PAK2: longitude 'east' is not a number"}]
    assert Lead.objects.count() == 0
    good = io.BytesIO(_csv(GOOD))
    good.name = "acled.csv"
    response = cast.api["qa"].upload("/api/v1/imports/acled", {"file": good})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["written"] is True and body["accepted"][0]["event_id_cnty"] == "PAK90001"
    assert Lead.objects.get(pk=body["accepted"][0]["lead"]).place == "Chaman"


def test_a_file_that_is_not_csv_is_refused_saying_so(cast, tmp_path, capsys):
    assert _import(tmp_path, _csv(GOOD).replace(b"Chaman", b"Cha\x00man", 1)) == 1
    assert "acled.csv:2: PAK90001: location contains a NUL character" in capsys.readouterr().err
    assert _import(tmp_path, _csv(GOOD, {**GOOD, "event_id_cnty": "PAK2", "notes": "x" * 200_000})) == 1
    assert (
        "acled.csv:3: -: the file cannot be read as CSV: field larger than field limit"
        in capsys.readouterr().err
    )
    assert _import(tmp_path, b"\xff\xfe\x00binary") == 1
    assert "not UTF-8 text" in capsys.readouterr().err
    assert Lead.objects.count() == 0


def test_an_upload_without_a_file_or_an_empty_one_is_refused_saying_why(cast):
    empty = io.BytesIO(b"")
    empty.name = "acled.csv"
    response = cast.api["qa"].upload("/api/v1/imports/acled", {"file": empty})
    assert (
        response.status_code == 400
        and "the header lacks the column(s) event_id_cnty" in response.json()["message"]
    )
    response = cast.api["qa"].upload("/api/v1/imports/acled", {})
    assert response.status_code == 400 and response.json()["field"] == "file"
