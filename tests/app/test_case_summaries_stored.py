"""Each party's stored summary of a case (truce.cases.summaries) follows every action that changes what the
party may see of it, and `truce check --summaries` finds and repairs a table that drifted."""

from __future__ import annotations

from typing import Any

from tests.app.story import incident
from tests.app.test_workflow_permissions import Scene
from truce.cases.models import CaseSummary
from truce.cases.summaries import _same, computed, drift, fresh
from truce.cli import main

HIDDEN = {"name": "Grid 4417 observation point", "country": "PK", "lat": 30.9301, "lon": 66.4555}


def _stored(case: int) -> dict[str, str | None]:
    return dict(CaseSummary.objects.filter(case_id=case).values_list("party", "title"))


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.content
    return response.json()


def _observation(cast: Any, **overrides: Any) -> int:
    """A case opened by a monitor's observation (of another day than the complaints, so it opens its
    own case): no party may see it."""
    overrides.setdefault("date", "2025-11-20")
    body = _ok(
        cast.api["monitor"].file_report(
            incident=incident(
                title="Monitors saw a mortar team", location={**HIDDEN, "geo_precision": 1}, **overrides
            )
        )
    )
    return int(body["case"])


def test_a_filed_complaint_gives_both_parties_a_summary_and_an_observation_none(cast):
    complaint = _ok(cast.api["pk"].file_report())["case"]
    assert _stored(complaint) == {"PK": "Mortar fire on a border post near Chaman", "AF": incident()["title"]}
    assert _stored(_observation(cast)) == {}
    assert drift() == []


def test_a_submitted_draft_gives_a_summary_when_it_reaches_a_case(cast):
    draft = _ok(cast.api["pk"].file_report(draft=True))
    assert CaseSummary.objects.count() == 0
    submitted = _ok(cast.api["pk"].post(f"/api/v1/reports/{draft['id']}/submit", {}))
    assert set(_stored(submitted["case"])) == {"PK", "AF"}
    assert drift() == []


def test_sharing_a_case_gives_that_party_the_summary_of_its_earliest_report(cast):
    case = _observation(cast)
    _ok(cast.api["qa"].post(f"/api/v1/cases/{case}/share", {"party": "AF"}))
    assert _stored(case) == {"AF": "Monitors saw a mortar team"}
    assert drift() == []


def test_joining_moves_the_summaries_with_the_reports_and_keeps_the_hidden_title_hidden(cast):
    hidden = _observation(cast)
    complaint = _ok(cast.api["pk"].file_report())["case"]
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/join", {"into": complaint}))
    # PK's summary is still its own complaint's, never the monitors' earlier observation.
    assert _stored(complaint)["PK"] == incident()["title"]
    assert _stored(hidden) == {}
    assert drift() == []


def test_splitting_gives_the_new_case_the_summaries_of_the_reports_moved(cast):
    first = _ok(cast.api["pk"].file_report())
    second = _ok(cast.api["pk2"].file_report(incident=incident(title="Shelling seen from Spin Boldak")))
    assert second["case"] == first["case"]
    new = _ok(cast.api["qa"].post(f"/api/v1/cases/{first['case']}/split", {"reports": [second["id"]]}))["id"]
    assert _stored(new) == {"AF": "Shelling seen from Spin Boldak", "PK": "Shelling seen from Spin Boldak"}
    assert drift() == []


def test_publishing_shows_the_cases_own_incident_and_reopening_takes_it_back(cast):
    scene = Scene(cast)
    hidden = _observation(cast)
    # The complaint joins the case the monitors' observation opened: PK sees the case by its complaint.
    _ok(cast.api["qa"].post(f"/api/v1/cases/{scene.case}/join", {"into": hidden}))
    scene.case = hidden
    assert _stored(hidden) == {"PK": incident()["title"], "AF": incident()["title"]}
    scene.to("ruled")
    # This agreement publishes a case when its ruling comes into force (truce.rulings.actions): the case's
    # own incident (the observation's) is then public, and so the parties' summary.
    assert _ok(cast.api["qa"].get(f"/api/v1/cases/{hidden}"))["status"] == "published"
    assert _stored(hidden) == {"PK": "Monitors saw a mortar team", "AF": "Monitors saw a mortar team"}
    _ok(cast.api["qa"].post(f"/api/v1/cases/{hidden}/reopen", {"reason": "New evidence came in."}))
    assert _stored(hidden) == {"PK": incident()["title"], "AF": incident()["title"]}
    assert drift() == []


def test_the_check_finds_drift_and_repairs_it(cast, capsys):
    case = _ok(cast.api["pk"].file_report())["case"]
    _observation(cast)
    assert main(["check", "--summaries"]) == 0
    CaseSummary.objects.filter(case_id=case, party="AF").update(title="Something AF was never told")
    CaseSummary.objects.filter(case_id=case, party="PK").delete()
    assert main(["check", "--summaries"]) == 1
    out = capsys.readouterr().out
    assert f"case {case}: PK may see it but has no summary of it" in out
    # The dashboard's counters count a party's cases by its summaries: the check names them too.
    assert f"case {case}: counted in the view of PK, which does not show it" in out
    assert "Something AF was never told" in out
    # PK's map square still counts the case whose summary went missing.
    assert "map square" in out and "(PK): stored (1," in out
    assert main(["check", "--summaries", "--repair"]) == 0
    assert drift() == [] and set(_stored(case)) == {"PK", "AF"}


def test_refreshing_a_few_cases_gives_what_the_rule_computes_for_each_party(cast):
    # A case of each kind: published (its own incident), hidden from the parties then shared with one,
    # joined into a case whose earliest report a party may not see, and a lone complaint.
    scene = Scene(cast)
    published = _observation(cast)
    opened = scene.case
    _ok(cast.api["qa"].post(f"/api/v1/cases/{opened}/join", {"into": published}))
    scene.case = published
    scene.to("ruled")
    shared = _observation(cast, date="2025-11-05")
    _ok(cast.api["qa"].post(f"/api/v1/cases/{shared}/share", {"party": "AF"}))
    hidden = _observation(cast, date="2025-11-08")
    joined = _observation(cast, date="2025-11-11")
    complaint = _ok(cast.api["af"].file_report(incident=incident(accused_party="PK", date="2025-11-14")))
    _ok(cast.api["qa"].post(f"/api/v1/cases/{complaint['case']}/join", {"into": joined}))
    ids = [published, shared, hidden, joined, complaint["case"], opened]
    for party in ("PK", "AF"):
        want = {pk: _same(row) for pk, row in computed("pak-afg-2025", party, ids).items()}
        assert {pk: _same(row) for pk, row in fresh("pak-afg-2025", party, ids).items()} == want, party
        assert hidden not in want and published in want and len(set(ids)) == len(ids)
    assert fresh("pak-afg-2025", "AF", []) == {}
    assert set(fresh("pak-afg-2025", "AF", ids)) == {published, shared, joined}
