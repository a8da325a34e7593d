"""The dashboard and case list summarise cases in SQL (truce.web.incidents.with_summaries) for speed; the API,
case pages and notices use truce.cases.present.case_summary. Both state one rule — a case's title, place,
coordinates and date come only from what the viewer may see — so they must give every viewer the same
summary of every case, or one of them leaks."""

from __future__ import annotations

from tests.app.story import incident
from truce.cases.models import Case
from truce.cases.present import case_summary
from truce.cases.summaries import drift
from truce.cases.visibility import cases_visible_to
from truce.web.incidents import visible_incidents, with_summaries

HIDDEN = {"name": "Grid 4417 observation point", "country": "PK", "lat": 30.9301, "lon": 66.4555}


def _world(cast):
    observation = cast.api["monitor"].file_report(
        incident=incident(title="Monitors saw a mortar team", location={**HIDDEN, "geo_precision": 1})
    )
    complaint = cast.api["pk"].file_report()
    assert observation.status_code == 201 and complaint.status_code == 201
    # The mediators join the observation's case into the complaint's: a case holding a report that the
    # complaining party may not see.
    joined = cast.api["qa"].post(
        f"/api/v1/cases/{observation.json()['case']}/join", {"into": complaint.json()["case"]}
    )
    assert joined.status_code == 200, joined.content
    cast.api["monitor"].file_report(incident=incident(title="A lone observation", date="2025-10-27"))
    cast.api["af"].file_report(
        incident=incident(
            title="Drone strike on a village near Khost",
            accused_party="PK",
            date="2025-10-28",
            location={"name": "Khost", "country": "AF", "lat": 33.3395, "lon": 69.9204, "geo_precision": 2},
        )
    )


def test_every_viewer_gets_the_same_summary_from_both(cast):
    _world(cast)
    compared = 0
    for name in ("qa", "tr", "pk", "af", "monitor", "observer"):
        user = cast.users[name]
        visible = cases_visible_to(user)
        by_sql = {c.pk: c for c in with_summaries(Case.objects.filter(pk__in=visible.values("pk")), user)}
        # What the pages read: for a liaison, its party's stored summaries (truce.cases.summaries).
        by_pages = {c.pk: c for c in with_summaries(visible_incidents(user), user)}
        assert set(by_pages) == {c.pk for c in visible if c.status != "joined"}, name
        for case in visible:
            python = case_summary(case, user)
            for sql in [by_sql[case.pk], *([by_pages[case.pk]] if case.pk in by_pages else [])]:
                compared += _agree(name, case, sql, python)
    assert compared >= 16  # mediators, both parties and the monitor each know several of these cases
    assert drift() == []


def _agree(name, case, sql, python):
    if sql.s_title is None:
        # Nothing of the case is known to this viewer: the list shows its reference alone.
        assert python["title"] == case.reference and python["incident"]["place"] is None, name
        return 0
    assert (sql.s_title, sql.s_place) == (python["title"], python["incident"]["place"]), name
    coordinates = [None if v is None else float(v) for v in (sql.s_lat, sql.s_lon)]
    assert coordinates == [python["incident"]["lat"], python["incident"]["lon"]], name
    assert sql.s_incident_date.isoformat() == python["incident"]["date"], name
    return 1
