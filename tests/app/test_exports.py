"""Exports (truce export, GET /api/v1/exports/{kind}.{format}) hold what their viewer may see and
nothing else, stamped with the record they were taken at; the ACLED CSV has ACLED's columns exactly."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.app.story import incident
from truce.cli import main
from truce.record.models import Head
from truce.record.tree import reading_tree

PROTECTED = "Statement of the informant at the northern post"
HIDDEN_TITLE = "Gunfire heard at Torkham"
RULING_BODY = {
    "outcome": "violation",
    "commitment": "C1",
    "responsible_party": "AF",
    "confidence": "fair",
    "reasons": "Craters and fragments match mortar rounds fired from the west.",
}


def _observation(api):
    body = incident(
        title=HIDDEN_TITLE,
        sub_event_type="Armed clash",
        accused_party="",
        commitments=[],
        location={
            "name": "Torkham",
            "country": "PK",
            "admin1": "Khyber Pakhtunkhwa",
            "lat": 34.1,
            "lon": 71.09,
            "geo_precision": 1,
        },
    )
    response = api["monitor"].file_report(incident=body)
    assert response.status_code == 201, response.content
    return response.json()["case"]


@pytest.fixture
def scene(cast):
    """A published case of Pakistan's complaint (with a protected item), a complaint of Afghanistan's
    still open, and a monitor's observation no party sees."""
    api = cast.api
    filed = api["pk"].file_report().json()
    added = api["pk"].add_file(
        filed["id"],
        b"informant statement",
        source_protected="true",
        description=PROTECTED,
        name="protected.jpg",
    )
    assert added.status_code == 201, added.content
    published = filed["case"]
    api["qa"].post(f"/api/v1/cases/{published}/admit")
    api["qa"].post(f"/api/v1/cases/{published}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{published}/reply-request")
    api["af"].post(f"/api/v1/cases/{published}/replies", {"text": "We deny it."})
    ruling = api["qa"].post(f"/api/v1/cases/{published}/rulings", RULING_BODY).json()
    api["qa"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    api["tr"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    if api["qa"].get(f"/api/v1/cases/{published}").json()["status"] != "published":
        assert api["qa"].post(f"/api/v1/cases/{published}/publish").status_code == 200
    against_pk = incident(
        title="Drone strike on a village near Spin Boldak",
        sub_event_type="Air/drone strike",
        accused_party="PK",
        date="2025-11-02",
        location={
            "name": "Spin Boldak",
            "country": "AF",
            "admin1": "Kandahar",
            "lat": 31.0,
            "lon": 66.4,
            "geo_precision": 1,
        },
        actors=[
            {"name": "Pakistan Air Force", "type": "State forces", "role": "perpetrator"},
            {"name": "Villagers", "type": "Civilians", "role": "target"},
        ],
    )
    open_case = api["af"].file_report(incident=against_pk).json()["case"]
    hidden = _observation(api)
    return {"cast": cast, "api": api, "published": published, "open": open_case, "hidden": hidden}


def _json_export(client, kind, fmt="json"):
    response = client.get(f"/api/v1/exports/{kind}.{fmt}")
    assert response.status_code == 200, response.content
    return response, json.loads(b"".join(response.streaming_content))


@pytest.mark.parametrize("actor", ["qa", "pk", "af", "monitor", "observer"])
def test_each_viewers_export_holds_exactly_the_cases_its_case_list_shows(scene, actor):
    api = scene["api"]
    listed = api[actor].get("/api/v1/cases?limit=200").json()
    listed = listed["items"] if isinstance(listed, dict) else listed
    _, body = _json_export(api[actor], "incidents")
    exported = {row["case_id"]: row for row in body["rows"]}
    assert set(exported) == {c["id"] for c in listed}
    for case in listed:
        row = exported[case["id"]]
        assert (row["title"], row["place"], row["date"], row["accused_party"]) == (
            case["title"],
            case["incident"]["place"],
            case["incident"]["date"],
            case["incident"]["accused_party"],
        )
    assert body["count"] == len(listed)


def test_a_partys_export_never_holds_the_observation_it_cannot_see(scene):
    api = scene["api"]
    for actor in ("pk", "af", "observer"):
        for kind in ("incidents", "cases", "rulings"):
            for fmt in ("csv", "json", "geojson"):
                response = api[actor].get(f"/api/v1/exports/{kind}.{fmt}")
                text = b"".join(response.streaming_content).decode()
                assert HIDDEN_TITLE not in text and PROTECTED not in text, (actor, kind, fmt)
    _, body = _json_export(api["qa"], "incidents")
    assert HIDDEN_TITLE in {row["title"] for row in body["rows"]}


def test_the_public_export_holds_only_published_cases_and_rulings_in_force(scene, tmp_path):
    out = tmp_path / "public.json"
    assert (
        main(
            [
                "export",
                "--agreement",
                "pak-afg-2025",
                "cases",
                "--format",
                "json",
                "--public",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    body = json.loads(out.read_text())
    assert [row["id"] for row in body["rows"]] == [scene["published"]]
    assert body["export"]["scope"] == "public"
    assert body["rows"][0]["outcome"] == "violation"
    out = tmp_path / "rulings.csv"
    assert (
        main(
            [
                "export",
                "--agreement",
                "pak-afg-2025",
                "rulings",
                "--format",
                "csv",
                "--public",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["case_id"], r["status"]) for r in rows] == [(str(scene["published"]), "in_force")]
    for kind in ("incidents", "cases", "rulings"):
        for fmt in ("csv", "json", "geojson", "acled"):
            if fmt == "acled" and kind != "incidents":
                continue
            target = tmp_path / f"{kind}.{fmt}"
            assert (
                main(
                    [
                        "export",
                        "--agreement",
                        "pak-afg-2025",
                        kind,
                        "--format",
                        fmt,
                        "--public",
                        "--out",
                        str(target),
                    ]
                )
                == 0
            )
            text = target.read_text()
            assert PROTECTED not in text and HIDDEN_TITLE not in text and "Spin Boldak" not in text


def test_the_party_scope_of_the_console_matches_that_partys_api(scene, tmp_path):
    out = tmp_path / "pk.json"
    assert (
        main(
            [
                "export",
                "--agreement",
                "pak-afg-2025",
                "incidents",
                "--format",
                "json",
                "--party",
                "PK",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    console = json.loads(out.read_text())
    _, api = _json_export(scene["api"]["pk"], "incidents")
    strip = lambda rows: [{k: v for k, v in r.items()} for r in rows]  # noqa: E731
    assert strip(console["rows"]) == strip(api["rows"])
    assert console["export"]["scope"] == api["export"]["scope"] == "party PK"


def test_penalties_are_exported_to_the_ledgers_readers_only(scene, tmp_path, capsys):
    api = scene["api"]
    assert api["observer"].get("/api/v1/exports/penalties.csv").status_code == 403
    assert api["monitor"].get("/api/v1/exports/penalties.csv").status_code == 403
    response = api["af"].get("/api/v1/exports/penalties.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["party"] for r in rows} <= {"AF"}
    assert (
        main(
            [
                "export",
                "--agreement",
                "pak-afg-2025",
                "penalties",
                "--public",
                "--out",
                str(tmp_path / "p.csv"),
            ]
        )
        == 1
    )
    assert "penalties are not public" in capsys.readouterr().err
    assert not (tmp_path / "p.csv").exists()


def test_every_export_is_stamped_with_the_record_it_was_taken_at(scene, tmp_path):
    head = Head.objects.get(id=1)
    with reading_tree() as tree:
        import base64

        root = base64.b64encode(tree.root(head.size)).decode()
    response, body = _json_export(scene["api"]["qa"], "cases", "geojson")
    assert body["type"] == "FeatureCollection" and body["count"] == len(body["features"]) == 3
    assert (body["export"]["record_size"], body["export"]["record_root"]) == (head.size, root)
    assert response["X-Truce-Record-Size"] == str(head.size)
    assert response["X-Truce-Record-Root"] == root
    assert response["X-Truce-Scope"] == "mediators"
    csv_response = scene["api"]["pk"].get("/api/v1/exports/incidents.csv")
    assert csv_response["X-Truce-Record-Size"] == str(head.size)
    assert csv_response["X-Truce-Scope"] == "party PK"
    out = tmp_path / "cases.csv"
    assert main(["export", "--agreement", "pak-afg-2025", "cases", "--out", str(out)]) == 0
    stamp = json.loads((tmp_path / "cases.csv.stamp.json").read_text())
    assert (stamp["record_size"], stamp["record_root"], stamp["scope"]) == (head.size, root, "mediators")


def test_the_acled_export_has_acleds_columns_in_their_order_and_codes(scene):
    response = scene["api"]["qa"].get("/api/v1/exports/incidents.acled")
    text = b"".join(response.streaming_content).decode()
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
    ]
    rows = {r["location"]: r for r in csv.DictReader(io.StringIO(text))}
    drone = rows["Spin Boldak"]
    assert (drone["event_type"], drone["sub_event_type"], drone["disorder_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
        "Political violence",
    )
    assert (drone["actor1"], drone["inter1"], drone["actor2"], drone["inter2"], drone["interaction"]) == (
        "Pakistan Air Force",
        "1",
        "Villagers",
        "7",
        "17",
    )
    assert drone["civilian_targeting"] == "Civilian targeting"
    assert (drone["iso"], drone["country"], drone["time_precision"], drone["geo_precision"]) == (
        "4",
        "Afghanistan",
        "1",
        "1",
    )
    assert (drone["event_date"], drone["year"], drone["fatalities"]) == ("2025-11-02", "2025", "2")
    assert rows["Chaman"]["event_id_cnty"].startswith("pak-afg-2025/")


def test_formats_that_cannot_hold_a_kind_or_unknown_ones_are_refused(scene, capsys):
    api = scene["api"]
    assert api["qa"].get("/api/v1/exports/rulings.acled").status_code == 400
    assert api["qa"].get("/api/v1/exports/bogus.csv").status_code == 422
    assert api["qa"].get("/api/v1/exports/cases.xlsx").status_code == 422
    assert (
        main(
            [
                "export",
                "--agreement",
                "pak-afg-2025",
                "rulings",
                "--format",
                "acled",
                "--out",
                "/tmp/never.csv",
            ]
        )
        == 1
    )
    assert "ACLED format holds incidents only" in capsys.readouterr().err
    assert (
        main(["export", "--agreement", "pak-afg-2025", "cases", "--party", "XX", "--out", "/tmp/never.csv"])
        == 1
    )
    assert "'XX' is not a party of pak-afg-2025" in capsys.readouterr().err


def test_the_admin_and_anonymous_get_no_export(scene):
    assert scene["api"]["admin"].get("/api/v1/exports/incidents.csv").status_code == 404
    assert scene["api"]["anonymous"].get("/api/v1/exports/incidents.csv").status_code == 401
