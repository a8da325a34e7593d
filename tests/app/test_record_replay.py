"""`truce record replay`: the state of cases, rulings, penalties and ledgers rebuilt from the record's entries
alone equals the live rows; a row changed, removed or added behind the record's back is named with the
field and the entry that explains it."""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection

from tests.app.story import incident
from tests.app.test_workflow_permissions import RULING, Scene
from truce.cases.actions.investigation import do_log_site_visit, do_record_access_denial
from truce.cases.actions.replies import do_share_case
from truce.cases.actions.workflow import do_admit_case, do_declare_inadmissible, do_join_cases, do_split_case
from truce.cases.models import Case
from truce.cli import main
from truce.penalties.models import Penalty
from truce.record.models import Entry
from truce.record.replay import replay
from truce.reports.actions import do_file_report

TORKHAM = {
    "name": "Torkham",
    "country": "PK",
    "admin1": "Khyber Pakhtunkhwa",
    "lat": 34.1,
    "lon": 71.09,
    "geo_precision": 1,
}


def _file(user, case=None, **fields):
    return do_file_report(
        agreement_id="pak-afg-2025",
        incident=incident(location=TORKHAM, commitments=["C1"], **fields),
        draft=False,
        case_id=case,
        acting_user=user,
    )


def _full_story(cast) -> Scene:
    """Complaint → case → reply → ruling signed → penalty confirmed; a monitor's visit and an access
    denial on the way; an observation's case (hidden from the parties) shared with the accused party;
    a second complaint joined into the first case's neighbour, one split off, one declared inadmissible."""
    scene = Scene(cast).to("replied")
    c = scene.case
    # A meeting takes the case up: its agenda is the meeting's, and changes no row replay compares.
    meeting = cast.api["qa"].post(
        "/api/v1/meetings",
        {
            "agreement": "pak-afg-2025",
            "kind": "joint_commission",
            "scheduled_for": "2025-11-06T10:00:00+03:00",
            "place": "Istanbul",
            "title": "First session",
        },
    )
    assert meeting.status_code < 300, meeting.content
    agenda = cast.api["qa"].post(f"/api/v1/meetings/{meeting.json()['id']}/agenda", {"case": c})
    assert agenda.status_code < 300, agenda.content
    moment = dt.datetime(2025, 10, 26, 9, tzinfo=dt.UTC)
    do_log_site_visit(
        c, visited_at=moment, place="Chaman", findings="Craters by the post.", acting_user=cast.monitor
    )
    do_record_access_denial(
        c,
        denied_by_party="AF",
        denied_at=moment,
        place="Spin Boldak",
        denied_by="border unit",
        description="Turned back at the gate.",
        acting_user=cast.monitor,
    )
    qa, tr = cast.api["qa"], cast.api["tr"]
    scene.ruling = scene.ok(qa.post(f"/api/v1/cases/{c}/rulings", RULING))["id"]
    scene.ok(qa.post(f"/api/v1/rulings/{scene.ruling}/signatures"))
    scene.ok(tr.post(f"/api/v1/rulings/{scene.ruling}/signatures"))
    penalty = scene.penalty()
    assert (
        cast.api["qa"].post(f"/api/v1/penalties/{penalty}/confirmation", {"reason": "Agreed."}).status_code
        == 200
    )
    answer = cast.api["tr"].post(f"/api/v1/penalties/{penalty}/confirmation", {"reason": "Agreed too."})
    assert answer.json()["status"] == "confirmed"
    # The monitor's observation accuses Pakistan: its case is hidden from every party until shared.
    observed = _file(cast.monitor, title="Shots at a patrol near Torkham", accused_party="PK").case_id
    do_admit_case(observed, acting_user=cast.qa)
    do_share_case(observed, party="PK", acting_user=cast.qa)
    # Two complaints of one incident filed as two cases are joined; a third report is split off again.
    first = _file(cast.af, title="Drone over Torkham", accused_party="PK", date="2025-10-22")
    second = _file(
        cast.af, title="Drone strike at Torkham", accused_party="PK", date="2025-10-22", case=first.case_id
    )
    assert second.case_id == first.case_id
    split = do_split_case(first.case_id, reports=[second.pk], acting_user=cast.qa)
    do_join_cases(split.pk, into=first.case_id, acting_user=cast.qa)
    do_declare_inadmissible(first.case_id, reason="Outside the zone.", acting_user=cast.qa)
    return scene


def test_a_full_story_replays_without_a_difference(cast):
    _full_story(cast)
    result = replay()
    assert result.unreadable == []
    assert result.differences == [], [d.line() for d in result.differences]
    assert result.entries == Entry.objects.count()
    assert result.rebuilt["case"] == Case.objects.count() == 4
    assert result.rebuilt["ruling"] == 1 and result.rebuilt["signature"] == 2
    assert result.rebuilt["penalty confirmation"] == 2 and result.rebuilt["share"] == 1
    assert result.rebuilt["site visit"] == 1 and result.rebuilt["access denial"] == 1


def _tampered(result, label: str, field: str):
    found = [d for d in result.differences if d.object == label and d.field == field]
    assert found, [d.line() for d in result.differences]
    return found[0]


def _entry_of(type_: str, subject: str) -> int:
    return (
        Entry.objects.filter(type=type_, subject=subject)
        .order_by("-index")
        .values_list("index", flat=True)[0]
    )


def test_a_ruling_whose_responsible_party_was_changed_in_the_database_is_named(cast):
    scene = _full_story(cast)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE rulings_ruling SET responsible_party = %s WHERE id = %s", ["PK", scene.ruling])
    result = replay()
    found = _tampered(result, f"ruling {scene.ruling}", "responsible_party")
    assert (found.live, found.replayed) == ("PK", "AF")
    assert found.index == _entry_of("RulingDrafted", f"ruling:{scene.ruling}")
    # The ledgers count the violation against the party the record names, not the one the row now says.
    assert _tampered(result, "ledger pak-afg-2025/AF", "violations").replayed == [scene.ruling]
    assert _tampered(result, "ledger pak-afg-2025/PK", "violations").live == [scene.ruling]


def test_a_deleted_penalty_an_invented_case_and_a_changed_status_are_each_named(cast):
    scene = _full_story(cast)
    penalty = Penalty.objects.get(status="confirmed")
    invented = Case.objects.get(pk=scene.case)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM penalties_penaltyconfirmation WHERE penalty_id = %s", [penalty.pk])
        cursor.execute("DELETE FROM penalties_penalty WHERE id = %s", [penalty.pk])
        cursor.execute("UPDATE cases_case SET status = %s WHERE id = %s", ["under_investigation", scene.case])
    invented.pk, invented.number, invented.reference = None, 99, "pak-afg-2025/0099"
    invented.save()
    result = replay()
    missing = _tampered(result, f"penalty {penalty.pk}", "(row)")
    assert missing.note == "row missing from the live database"
    assert missing.index == _entry_of(
        "RulingSigned", f"ruling:{scene.ruling}"
    )  # the signature that proposed it
    assert _tampered(result, f"penalty confirmation {penalty.pk}/qa", "(row)").note == (
        "row missing from the live database"
    )
    extra = _tampered(result, f"case {invented.pk}", "(row)")
    assert (extra.note, extra.index) == ("row with no entry", None)
    status = _tampered(result, f"case {scene.case}", "status")
    assert (status.live, status.replayed) == ("under_investigation", "published")
    assert status.index == _entry_of("RulingSigned", f"ruling:{scene.ruling}")  # in force, published at once

    assert main(["record", "replay"]) == 1
    assert main(["record", "replay", "--format", "json"]) == 1


def test_the_command_says_there_is_no_difference_and_lists_what_it_cannot_check(cast, capsys):
    _full_story(cast)
    assert main(["record", "replay"]) == 0
    out = capsys.readouterr().out
    assert f"entries read: {Entry.objects.count()}" in out and "differences: 0" in out
    assert "penalty.severity" in out  # the fields the record does not hold are named, not hidden
    assert main(["record", "replay", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (
        data["differences"] == []
        and data["rebuilt"]["ruling"] == 1
        and data["entries"] == Entry.objects.count()
    )


def test_a_replay_field_no_entry_ever_set_is_said_so(cast):
    scene = _full_story(cast)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET inadmissible_reason = %s WHERE id = %s", ["Typed in.", scene.case]
        )
    found = _tampered(replay(), f"case {scene.case}", "inadmissible_reason")
    assert (found.live, found.replayed, found.index) == ("Typed in.", "", None)
    assert "no entry ever set it" in found.line()


def test_the_demo_replays_without_a_difference(db, settings, tmp_path):
    from truce import demo

    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.set_up()
    result = replay()
    assert result.unreadable == [] and result.differences == [], [d.line() for d in result.differences]
    assert result.rebuilt["case"] == 3 and result.rebuilt["penalty"] >= 1 and result.rebuilt["report"] == 5


def test_a_lead_accepted_into_a_case_replays_its_report_and_case(cast):
    from tests.app.story import ingest_demo_articles
    from truce.core import clock
    from truce.reports.models import Report
    from truce.sources.actions import do_accept_lead
    from truce.sources.models import Lead

    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        ingest_demo_articles()
        do_accept_lead(Lead.objects.get().pk, commitments=["C1"], acting_user=cast.monitor)
    report = Report.objects.get(kind="lead")
    result = replay()
    assert result.unreadable == [] and result.differences == [], [d.line() for d in result.differences]
    assert result.rebuilt["report"] == 1 and result.rebuilt["case"] == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_report SET kind = %s WHERE id = %s", ["complaint", report.pk])
    found = _tampered(replay(), f"report {report.pk}", "kind")
    assert (found.live, found.replayed) == ("complaint", "lead")
    assert found.index == _entry_of("LeadAccepted", f"lead:{Lead.objects.get().pk}")


def test_a_case_left_just_after_the_reply_replays_under_investigation(cast):
    # The reply moves the case from awaiting_reply to under_investigation in the same action; a replay that
    # missed the move would report the status of every case whose story stops at the reply.
    scene = Scene(cast).to("replied")
    assert Case.objects.get(pk=scene.case).status == "under_investigation"
    result = replay()
    assert result.differences == [], [d.line() for d in result.differences]
    assert result.rebuilt["reply"] == 1
