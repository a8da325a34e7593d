"""The dashboard's counters (truce.cases.counts) follow every action that opens a case, changes its status,
joins, splits, shares, publishes or reopens it, in the action's transaction; they equal a direct count of
the cases each view shows (the mediators' every case, a party's what the visibility rule lets it see, dated
as its summary says); `truce check --summaries` finds and repairs counters that drifted; and the dashboard
built from them shows exactly what counting the cases shows, a liaison never a case hidden from it."""

# ruff: noqa: F811 - the tests take the imported ``world`` fixture as a parameter

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.cache import cache

from tests.app.story import incident
from tests.app.test_case_summaries_stored import _observation, _ok
from tests.app.test_dashboard import page, world  # noqa: F401 - registers the fixture
from tests.app.test_workflow_permissions import RULING, Scene
from truce.cases import counts
from truce.cases.models import Case, CaseTally, IncidentCount, IncidentTotal
from truce.cases.summaries import computed
from truce.cli import main

AGREEMENT = "pak-afg-2025"


def _direct() -> tuple[dict[tuple[Any, ...], int], dict[tuple[Any, ...], int]]:
    """Per view: cases per (day, key) and per key, counted from the cases and the visibility rule (not
    from the summaries or the tallies the counters are kept with)."""
    days: Counter[tuple[Any, ...]] = Counter()
    totals: Counter[tuple[Any, ...]] = Counter()
    cases = {c.pk: c for c in Case.objects.filter(agreement_id=AGREEMENT).exclude(status="joined")}
    views: list[tuple[str, dict[int, Any]]] = [("", {pk: c.incident_date for pk, c in cases.items()})]
    for party in ("PK", "AF"):
        # computed: the rule itself (cases_visible_to a liaison of the party, its earliest visible report).
        views.append((party, {pk: row[4] for pk, row in computed(AGREEMENT, party).items()}))
    for scope, seen in views:
        for pk, day in seen.items():
            if pk not in cases:
                continue
            c = cases[pk]
            key = (c.accused_party, c.event_type, c.sub_event_type, c.status)
            totals[(scope, *key)] += 1
            if day is not None:
                days[(scope, day, *key)] += 1
    return dict(days), dict(totals)


def _stored() -> tuple[dict[tuple[Any, ...], int], dict[tuple[Any, ...], int]]:
    fields = ("accused_party", "event_type", "sub_event_type", "status", "n")
    days: Counter[tuple[Any, ...]] = Counter()
    totals: Counter[tuple[Any, ...]] = Counter()
    for scope, day, *key, n in IncidentCount.objects.filter(agreement_id=AGREEMENT).values_list(
        "scope", "day", *fields
    ):
        days[(scope, day, *key)] += n
    for scope, *key, n in IncidentTotal.objects.filter(agreement_id=AGREEMENT).values_list("scope", *fields):
        totals[(scope, *key)] += n
    return {k: n for k, n in days.items() if n}, {k: n for k, n in totals.items() if n}


def _agree() -> dict[tuple[Any, ...], int]:
    direct = _direct()
    assert _stored() == direct
    assert counts.drift() == []
    return direct[1]


def _in(totals: dict[tuple[Any, ...], int], scope: str, **want: str) -> int:
    fields = ("accused_party", "event_type", "sub_event_type", "status")
    return sum(
        n
        for (s, *key), n in totals.items()
        if s == scope and all(dict(zip(fields, key, strict=True))[k] == v for k, v in want.items())
    )


def test_filing_counts_a_complaint_in_every_view_and_an_observation_in_the_mediators_only(cast):
    complaint = _ok(cast.api["pk"].file_report())["case"]
    totals = _agree()
    assert (_in(totals, ""), _in(totals, "PK"), _in(totals, "AF")) == (1, 1, 1)
    _observation(cast)
    totals = _agree()
    assert (_in(totals, ""), _in(totals, "PK"), _in(totals, "AF")) == (2, 1, 1)
    assert CaseTally.objects.filter(case_id=complaint).count() == 3


def test_a_draft_is_counted_when_it_is_submitted_into_a_case(cast):
    draft = _ok(cast.api["pk"].file_report(draft=True))
    assert _agree() == {}
    _ok(cast.api["pk"].post(f"/api/v1/reports/{draft['id']}/submit", {}))
    assert _in(_agree(), "PK") == 1


def test_every_status_change_moves_the_count_to_the_new_status(cast):
    scene = Scene(cast)
    qa, c = cast.api["qa"], scene.case
    steps: list[tuple[Any, str]] = [
        (lambda: qa.post(f"/api/v1/cases/{c}/admit"), "admissible"),
        (lambda: qa.post(f"/api/v1/cases/{c}/monitors", {"monitor": "monitor"}), "under_investigation"),
        (lambda: qa.post(f"/api/v1/cases/{c}/reply-request"), "awaiting_reply"),
        (
            lambda: cast.api["af"].post(f"/api/v1/cases/{c}/replies", {"text": "We deny it."}),
            "under_investigation",
        ),
        (lambda: qa.post(f"/api/v1/cases/{c}/rulings", RULING), "ruling_drafted"),
        (lambda: qa.post(f"/api/v1/rulings/{scene.ruling}/signatures"), "ruling_drafted"),
        # The quorum's last signature: the ruling is in force, and this agreement publishes the case.
        (lambda: cast.api["tr"].post(f"/api/v1/rulings/{scene.ruling}/signatures"), "published"),
        (
            lambda: qa.post(f"/api/v1/cases/{c}/reopen", {"reason": "New evidence came in."}),
            "under_investigation",
        ),
    ]
    for act, status in steps:
        body = _ok(act())
        if status == "ruling_drafted" and scene.ruling is None:
            scene.ruling = body["id"]
        totals = _agree()
        for scope in ("", "PK", "AF"):
            assert _in(totals, scope) == _in(totals, scope, status=status) == 1, (status, scope, totals)


def test_an_inadmissible_case_is_counted_as_such(cast):
    case = _ok(cast.api["pk"].file_report())["case"]
    _ok(cast.api["qa"].post(f"/api/v1/cases/{case}/inadmissible", {"reason": "Outside the zone."}))
    assert _in(_agree(), "AF", status="inadmissible") == 1


def test_sharing_counts_the_case_for_that_party_only(cast):
    case = _observation(cast)
    assert _in(_agree(), "AF") == 0
    _ok(cast.api["qa"].post(f"/api/v1/cases/{case}/share", {"party": "AF"}))
    totals = _agree()
    assert (_in(totals, "AF"), _in(totals, "PK")) == (1, 0)


def test_joining_counts_the_joined_case_in_no_view_and_splitting_counts_the_new_one(cast):
    hidden = _observation(cast)
    complaint = _ok(cast.api["pk"].file_report())["case"]
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/join", {"into": complaint}))
    totals = _agree()
    assert (_in(totals, ""), _in(totals, "PK"), _in(totals, "AF")) == (1, 1, 1)
    assert not CaseTally.objects.filter(case_id=hidden).exists()
    second = _ok(cast.api["pk2"].file_report(incident=incident(title="Shelling seen from Spin Boldak")))
    assert second["case"] == complaint
    new = _ok(cast.api["qa"].post(f"/api/v1/cases/{complaint}/split", {"reports": [second["id"]]}))["id"]
    totals = _agree()
    assert (_in(totals, ""), _in(totals, "PK"), _in(totals, "AF")) == (2, 2, 2)
    assert CaseTally.objects.filter(case_id=new).count() == 3


def test_publishing_dates_a_partys_count_by_the_cases_own_incident(cast):
    """A party sees a case by its complaint (dated 24 October) joined into the monitors' observation
    (dated 20 November): counted on the complaint's day, and on the observation's once published."""
    scene = Scene(cast)
    hidden = _observation(cast)
    _ok(cast.api["qa"].post(f"/api/v1/cases/{scene.case}/join", {"into": hidden}))
    scene.case = hidden
    _agree()
    day_of = dict(CaseTally.objects.filter(case_id=hidden).values_list("scope", "day"))
    assert day_of["PK"] != day_of[""] and day_of["PK"] is not None
    scene.to("ruled")
    _agree()
    day_of = dict(CaseTally.objects.filter(case_id=hidden).values_list("scope", "day"))
    assert day_of["PK"] == day_of["AF"] == day_of[""]
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/reopen", {"reason": "New evidence came in."}))
    _agree()


def test_the_check_finds_drifted_counters_and_repairs_them(cast, capsys):
    case = _ok(cast.api["pk"].file_report())["case"]
    _observation(cast)
    assert main(["check", "--summaries"]) == 0
    IncidentTotal.objects.filter(scope="PK").update(n=5)
    CaseTally.objects.filter(case_id=case, scope="AF").delete()
    assert main(["check", "--summaries"]) == 1
    out = capsys.readouterr().out
    assert f"case {case}: not counted in the view of AF" in out and "is 5, should be 1" in out
    assert main(["check", "--summaries", "--repair"]) == 0
    _agree()
    # And the counters follow the next action from the repaired state.
    _ok(cast.api["qa"].post(f"/api/v1/cases/{case}/admit"))
    _agree()


# The dashboard from the counters against the dashboard from the cases.
FILTERS = [
    "",
    "?date_from=2025-10-01&date_to=2025-11-30",
    "?date_from=2025-10-25",
    "?party=AF",
    "?party=PK&date_from=2025-10-01&date_to=2025-10-31",
    "?event_type=Armed clash",
    "?event_type=Explosions/Remote violence",
    "?status=received",
    "?status=published",
]
FIGURES = ("counts", "period", "timeline", "commitments")


def _figures(cast: Any, name: str, query: str) -> dict[str, Any]:
    cache.clear()
    context = page(cast, name).get("/" + query).context
    return {key: context[key] for key in FIGURES}


@pytest.mark.parametrize("viewer", ["qa", "pk", "af"])
def test_the_dashboard_from_counters_shows_what_counting_the_cases_shows(cast, world, viewer, monkeypatch):
    # One case further along, so statuses and the published count differ between cases.
    _ok(cast.api["qa"].post(f"/api/v1/cases/{world['cases']['af']}/admit"))
    summed = {query: _figures(cast, viewer, query) for query in FILTERS}
    monkeypatch.setattr(counts, "answers", lambda filters: False)
    for query in FILTERS:
        assert summed[query] == _figures(cast, viewer, query), query


def test_a_liaisons_counters_never_hold_a_case_hidden_from_it(cast, world):
    """The monitors' observation (an armed clash at Torkham, 26 October) is the mediators' only: no filter
    a liaison may ask for brings it into its figures, and sharing it with AF shows it to AF, not PK."""
    obs = world["cases"]["obs"]

    def incidents(name: str, query: str) -> int:
        [row] = [c for c in _figures(cast, name, query)["counts"] if c.label == "Incidents"]
        return int(row.now)

    for query in (
        "?date_from=2025-10-26&date_to=2025-10-26",
        "?date_from=2025-10-26&date_to=2025-10-26&status=received&event_type=Armed clash",
        "?date_from=2025-10-26&date_to=2025-10-26&party=",
    ):
        assert incidents("qa", query) == 1
        assert incidents("pk", query) == incidents("af", query) == 0
    assert not CaseTally.objects.filter(case_id=obs).exclude(scope="").exists()
    _ok(cast.api["qa"].post(f"/api/v1/cases/{obs}/share", {"party": "AF"}))
    query = "?date_from=2025-10-26&date_to=2025-10-26"
    assert (incidents("af", query), incidents("pk", query)) == (1, 0)
    _agree()


def test_the_migration_fills_the_counters_of_existing_cases(cast):
    from importlib import import_module

    from django.apps import apps

    _observation(cast)
    Scene(cast).to("admissible")
    for model in (CaseTally, IncidentCount, IncidentTotal):
        model.objects.all().delete()
    assert _stored() == ({}, {})
    import_module("truce.cases.migrations.0008_dashboard_counts").fill(apps, None)
    assert _in(_agree(), "", status="admissible") == 1
