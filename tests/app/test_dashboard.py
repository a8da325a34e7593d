"""The dashboard per role: what each viewer's map, list, counts and "what needs me" hold and must not hold,
the filters the URL keeps, the map's grid above many points, and a query count that does not grow with
the number of cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.app.story import incident, signed_in
from tests.app.test_workflow_permissions import Scene
from truce.cases.models import Case
from truce.web import incidents as incidents_module

TORKHAM = {
    "name": "Torkham",
    "country": "PK",
    "admin1": "Khyber Pakhtunkhwa",
    "lat": 34.1,
    "lon": 71.09,
    "geo_precision": 1,
}
SPIN_BOLDAK = {"name": "Spin Boldak", "country": "AF", "lat": 31.0058, "lon": 66.3997, "geo_precision": 1}


def page(cast: Any, name: str) -> Client:
    return signed_in(cast.users[name])


def map_of(cast: Any, name: str, query: str = "") -> dict[str, Any]:
    response = page(cast, name).get("/dashboard/map.geojson" + query)
    assert response.status_code == 200
    return response.json()


def references(data: dict[str, Any]) -> set[str]:
    return {f["properties"]["reference"] for f in data["features"]}


@pytest.fixture
def world(cast):
    """Pakistan's complaint against Afghanistan (Chaman), Afghanistan's against Pakistan (Spin Boldak), and
    a monitor's observation (Torkham) that no party may see."""
    api = cast.api
    pk = api["pk"].file_report().json()
    af = (
        api["af"]
        .file_report(
            incident=incident(
                accused_party="PK", title="Shelling of Spin Boldak", date="2025-10-27", location=SPIN_BOLDAK
            )
        )
        .json()
    )
    obs = (
        api["monitor"]
        .file_report(
            incident=incident(
                accused_party="",
                commitments=[],
                title="Gunfire heard at Torkham",
                sub_event_type="Armed clash",
                date="2025-10-26",
                location=TORKHAM,
            )
        )
        .json()
    )
    refs = {
        key: Case.objects.get(pk=body["case"]).reference
        for key, body in (("pk", pk), ("af", af), ("obs", obs))
    }
    return {"cases": {"pk": pk["case"], "af": af["case"], "obs": obs["case"]}, "refs": refs}


def test_the_home_page_after_log_in_is_the_dashboard(cast, world):
    response = page(cast, "qa").get("/")
    assert response.status_code == 200
    assert b"Map of incidents" in response.content and b"What needs you" in response.content


def test_a_mediator_sees_every_case_of_the_agreement_on_the_map_and_in_the_list(cast, world):
    data = map_of(cast, "qa")
    assert references(data) == set(world["refs"].values())
    html = page(cast, "qa").get("/").content.decode()
    for ref in world["refs"].values():
        assert ref in html


@pytest.mark.parametrize("liaison, own, other", [("pk", "pk", "af"), ("af", "af", "pk")])
def test_a_liaison_never_gets_a_marker_of_a_case_it_cannot_see(cast, world, liaison, own, other):
    data = map_of(cast, liaison)
    # Its own complaint and the one against it, never the monitor's observation.
    assert references(data) == {world["refs"]["pk"], world["refs"]["af"]}
    html = page(cast, liaison).get("/").content.decode()
    assert world["refs"]["obs"] not in html and "Gunfire heard at Torkham" not in html


def test_a_liaison_sees_its_own_reports_title_and_place_when_its_complaint_joins_a_hidden_observation(cast):
    """The case was opened by a monitor-only observation; Pakistan's complaint of the same incident
    joins it. Pakistan's marker and list carry Pakistan's own words and place, not the observation's."""
    observation = (
        cast.api["monitor"]
        .file_report(incident=incident(title="Secret observation title", accused_party="", commitments=[]))
        .json()
    )
    complaint = (
        cast.api["pk"]
        .file_report(
            incident=incident(
                title="Our own complaint", location={**incident()["location"], "name": "Chaman gate"}
            )
        )
        .json()
    )
    # A party's complaint never joins a case it cannot see by itself (that would reveal the case); the
    # mediators join the two.
    assert complaint["case"] != observation["case"]
    merged = cast.api["qa"].post(f"/api/v1/cases/{complaint['case']}/join", {"into": observation["case"]})
    assert merged.status_code == 200, merged.content
    [feature] = map_of(cast, "pk")["features"]
    assert feature["properties"]["title"] == "Our own complaint"
    assert feature["properties"]["place"] == "Chaman gate"
    html = page(cast, "pk").get("/").content.decode()
    assert "Secret observation title" not in html and "Our own complaint" in html
    assert map_of(cast, "qa")["features"][0]["properties"]["title"] == "Secret observation title"


def test_observers_see_only_published_cases(cast):
    scene = Scene(cast).to("drafted")
    hidden = cast.api["af"].file_report(incident=incident(accused_party="PK", location=SPIN_BOLDAK)).json()
    assert map_of(cast, "observer")["features"] == []
    # The agreement publishes on the ruling (publish_after = "ruling").
    for mediator in ("qa", "tr"):
        scene.ok(cast.api[mediator].post(f"/api/v1/rulings/{scene.ruling}/signatures"))
    assert Case.objects.get(pk=scene.case).status == "published"
    data = map_of(cast, "observer")
    assert [f["properties"]["id"] for f in data["features"]] == [scene.case]
    html = page(cast, "observer").get("/").content.decode()
    assert Case.objects.get(pk=hidden["case"]).reference not in html
    assert Case.objects.get(pk=scene.case).reference in html


def test_the_admin_sees_no_case_content_only_their_tools(cast, world):
    response = page(cast, "admin").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Operator" in html and "Mortar fire" not in html
    for ref in world["refs"].values():
        assert ref not in html
    assert map_of(cast, "admin")["features"] == []


def test_someone_of_another_agreement_sees_nothing_of_this_one(cast, world):
    assert map_of(cast, "outsider")["features"] == []
    html = page(cast, "outsider").get("/").content.decode()
    for ref in world["refs"].values():
        assert ref not in html


def test_the_dashboard_needs_a_login(client):
    assert client.get("/").status_code == 302
    assert client.get("/dashboard/map.geojson").status_code == 302


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?party=AF", {"pk"}),
        ("?party=PK", {"af"}),
        ("?event_type=Battles", {"obs"}),
        ("?date_from=2025-10-26&date_to=2025-10-26", {"obs"}),
        ("?date_from=2025-10-27", {"af"}),
        ("?status=received", {"pk", "af", "obs"}),
        ("?status=published", set()),
        ("?commitment=C1", {"pk", "af", "obs"}),
        ("?commitment=C2", set()),
    ],
)
def test_filters_narrow_the_map_and_the_list_alike(cast, world, query, expected):
    wanted = {world["refs"][k] for k in expected}
    assert references(map_of(cast, "qa", query)) == wanted
    html = page(cast, "qa").get("/" + query).content.decode()
    listed = {ref for ref in world["refs"].values() if f">{ref}</bdi></a>" in html}
    assert listed == wanted


def test_the_page_hands_its_filters_to_the_map_data(cast, world):
    html = page(cast, "qa").get("/?party=AF&status=received").content.decode()
    assert 'data-map-url="/dashboard/map.geojson?party=AF&amp;status=received"' in html


def test_a_reversed_date_range_is_explained_beside_the_field_and_not_applied(cast, world):
    html = page(cast, "qa").get("/?date_from=2025-10-27&date_to=2025-10-20").content.decode()
    assert "The end date is before the start date" in html
    assert references(map_of(cast, "qa", "?date_from=2025-10-27&date_to=2025-10-20")) == {world["refs"]["af"]}


def test_a_reversed_date_range_is_explained_in_the_readers_language(cast, world):
    # The explanation was English on every page.
    client = page(cast, "qa")
    client.cookies["django_language"] = "ar"
    cast.qa.language = "ar"
    cast.qa.save(update_fields=["language"])
    html = client.get("/?date_from=2025-10-27&date_to=2025-10-20").content.decode()
    assert "The end date is before the start date" not in html
    assert "تاريخ النهاية يسبق تاريخ البداية" in html


def test_above_the_point_limit_the_map_gets_grid_cells_with_counts(cast, world, monkeypatch):
    monkeypatch.setattr(incidents_module, "MAX_POINTS", 2)
    data = map_of(cast, "qa")
    assert data["clustered"] is True and data["total"] == 3
    assert sum(f["properties"]["count"] for f in data["features"]) == 3
    assert "reference" not in data["features"][0]["properties"]
    # Zoomed in on Torkham alone: one point again, with its link.
    zoomed = map_of(cast, "qa", "?bbox=70,33,72,35")
    assert zoomed["clustered"] is False and references(zoomed) == {world["refs"]["obs"]}
    assert zoomed["features"][0]["properties"]["url"] == f"/cases/{world['cases']['obs']}/"


def test_counts_compare_the_period_with_the_one_before(cast, world):
    response = page(cast, "qa").get("/?date_from=2025-10-26&date_to=2025-10-27")
    [incidents] = [c for c in response.context["counts"] if c.label == "Incidents"]
    # 26–27 October holds the observation and Afghanistan's complaint; 24–25 October Pakistan's.
    assert (incidents.now, incidents.before, incidents.change) == (2, 1, 1)


def test_the_timeline_marks_incidents_per_day_and_days_of_rulings(cast):
    scene = Scene(cast).to("ruled")
    response = page(cast, "qa").get("/")
    timeline = response.context["timeline"]
    assert [(b["day"], b["n"]) for b in timeline["bars"]] == [(dt.date(2025, 10, 25), 1)]
    assert scene.ruling is not None
    html = response.content.decode()
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_commitment_state_counts_incidents_and_violations_ruled_per_party(cast):
    Scene(cast).to("ruled")
    response = page(cast, "qa").get("/")
    c1 = response.context["commitments"][0]
    assert c1["commitment"].id == "C1"
    af = next(p for p in c1["parties"] if p["party"].code == "AF")
    pk = next(p for p in c1["parties"] if p["party"].code == "PK")
    assert (af["incidents"], af["violations"]) == (1, 1)
    assert (pk["incidents"], pk["violations"]) == (0, 0)


def test_what_needs_a_liaison_is_its_reply_with_the_deadline(cast):
    scene = Scene(cast).to("awaiting_reply")
    af = page(cast, "af").get("/")
    [item] = af.context["needs"]
    assert item["what"] == "Reply due" and item["url"] == f"/cases/{scene.case}/"
    assert item["due"] is not None
    assert page(cast, "pk").get("/").context["needs"] == []
    scene.ok(cast.api["af"].post(f"/api/v1/cases/{scene.case}/replies", {"text": "We deny it."}))
    assert page(cast, "af").get("/").context["needs"] == []


def test_what_needs_a_mediator_is_a_ruling_to_sign_until_signed(cast):
    scene = Scene(cast).to("drafted")
    qa_needs = [i["what"] for i in page(cast, "qa").get("/").context["needs"]]
    tr_needs = [i["what"] for i in page(cast, "tr").get("/").context["needs"]]
    assert any(w.endswith("to sign") for w in qa_needs) and any(w.endswith("to sign") for w in tr_needs)
    scene.ok(cast.api["tr"].post(f"/api/v1/rulings/{scene.ruling}/signatures"))
    assert not any(i["what"].endswith("to sign") for i in page(cast, "tr").get("/").context["needs"])


def test_what_needs_an_assigned_monitor_is_a_site_visit(cast):
    scene = Scene(cast).to("investigating")
    [item] = page(cast, "monitor").get("/").context["needs"]
    assert item["what"] == "Site visit to make" and item["url"] == f"/cases/{scene.case}/"


def _many_cases(cast: Any, n: int) -> None:
    for i in range(n):
        body = (
            cast.api["pk"]
            .file_report(
                incident=incident(
                    title=f"Incident {i}",
                    date=(dt.date(2025, 10, 20) + dt.timedelta(days=i)).isoformat(),
                    location={**incident()["location"], "lat": 25 + i * 0.3, "lon": 62 + i % 10},
                )
            )
            .json()
        )
        assert "case" in body, body


@pytest.mark.parametrize("viewer", ["qa", "pk", "monitor", "observer"])
def test_the_dashboard_query_count_does_not_grow_with_the_cases(cast, viewer):
    client = page(cast, viewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
            assert client.get("/dashboard/map.geojson").status_code == 200
        return len(captured.captured_queries)

    Scene(cast).to("ruled")
    _many_cases(cast, 2)
    queries()  # the first page of a session also notes when it was last seen (truce.accounts.middleware)
    cache.clear()  # ... and filled the dashboard's cache, which every write below empties again
    few = queries()
    _many_cases(cast, 8)
    assert queries() == few


def test_the_mediators_dashboard_takes_a_pinned_number_of_queries(cast, django_assert_num_queries):
    _many_cases(cast, 5)
    client = page(cast, "qa")
    client.get("/")  # the agreement's parse cache
    cache.clear()
    # Computed: session, user, agreement, record head, list, counts ×2, timeline ×2, period, commitments ×2,
    # needs (rulings to sign, leads, cases received).
    # 17: the page's own 15, the mediator's authenticator, which the second-factor gate loads, and the
    # menu's unread count (truce.notifications.context).
    with django_assert_num_queries(17):
        client.get("/")
    # Nothing written since: the figures come from the cache; only what needs the viewer is asked again.
    with django_assert_num_queries(9):  # 7, the authenticator and the unread count
        client.get("/")
    cache.clear()
    # session, user, authenticator, agreement, record head, count, points
    with django_assert_num_queries(7):
        client.get("/dashboard/map.geojson")
    with django_assert_num_queries(5):
        client.get("/dashboard/map.geojson")


def test_a_write_shows_on_the_next_dashboard_at_once(cast, world):
    client = page(cast, "qa")
    assert len(client.get("/").context["incidents"]) == 3
    assert map_of(cast, "qa")["total"] == 3
    cast.api["af"].file_report(
        incident=incident(accused_party="PK", title="A new one", date="2025-11-05", location=TORKHAM)
    )
    assert len(client.get("/").context["incidents"]) == 4
    assert map_of(cast, "qa")["total"] == 4


def test_a_long_date_range_draws_at_most_a_year_of_days_on_the_timeline(cast, world):
    timeline = page(cast, "qa").get("/?date_from=2015-01-01&date_to=2025-12-31").context["timeline"]
    assert timeline["width"] == 366 * 10
    assert timeline["start"].isoformat() == "2024-12-31"  # 366 days up to the end
    assert sum(b["n"] for b in timeline["bars"]) == 3


def test_the_zones_are_the_viewers_own_agreements_and_nobody_elses(cast):
    """The map's monitored zones come from the viewer's agreement as loaded: a liaison of the other
    ceasefire, an observer and the admin get none of pak-afg-2025's border belt."""
    own = page(cast, "pk").get("/dashboard/zones.geojson").json()
    assert own["type"] == "FeatureCollection" and own["features"]
    assert {f["properties"]["name"] for f in own["features"]} == {"Border belt"}
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in own["features"])
    for name in ("outsider", "observer", "admin"):
        assert page(cast, name).get("/dashboard/zones.geojson").json()["features"] == [], name
