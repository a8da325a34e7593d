"""The public record shows no metadata of what it hides: drafts, observations and unpublished rulings are
written as veiled entries (event version 2), opened only for those who may see them; bundles mixing both
event versions verify."""

from __future__ import annotations

import json

from tests.app.story import incident
from tests.app.test_record_world import world_fixture  # noqa: F401 - registers the fixture
from truce.core.record.bundle import verify_bundle
from truce.record.export import export_bundle
from truce.record.models import Entry, Opening
from truce.reports.models import Report, ReportKind, ReportStatus


def _public_entries(world) -> list[dict]:
    response = world.cast.api["anonymous"].get("/api/v1/record/entries?limit=1000")
    assert response.status_code == 200
    return response.json()["entries"]


def _public_entry_of(world, report_id: int, entry_type: str) -> dict:
    index = Entry.objects.get(subject=f"report:{report_id}", type=entry_type).index
    return next(e for e in _public_entries(world) if e["index"] == index)


def test_a_draft_shows_only_that_something_happened(world):
    entry = _public_entry_of(world, world.ids["af_draft"], "ReportFiled")
    assert entry["type"] == "Veiled" and entry["subject"] == "veiled"
    assert entry["data"] == {"event_version": 2}
    assert set(entry["sealed"]) == {"event", "by", "incident"}
    # The liaison who filed still sees the draft; the other party and the public do not.
    assert world.cast.api["af"].get(f"/api/v1/reports/{world.ids['af_draft']}").status_code == 200
    for who in ("pk", "observer", "anonymous"):
        assert world.cast.api[who].get(f"/api/v1/reports/{world.ids['af_draft']}").status_code in (401, 404)


def test_an_observation_shows_no_accused_party_or_urgency(world):
    filed = world.cast.api["monitor"].file_report(incident=incident(accused_party="AF"), urgent=True)
    assert filed.status_code == 201, filed.content
    report = Report.objects.get(pk=filed.json()["id"])
    assert report.kind == ReportKind.OBSERVATION
    entry = _public_entry_of(world, report.pk, "ReportFiled")
    assert entry["type"] == "Veiled" and entry["data"] == {"event_version": 2}
    text = json.dumps(entry)
    assert '"AF"' not in text and "urgent" not in text and f"report:{report.pk}" not in text


def test_the_public_record_names_no_draft_or_observation_the_observer_cannot_see(world):
    """Compared with what an observer may see through the API: none of these reports, and nothing of
    them in the public record either (no id, no party, no status)."""
    world.cast.api["monitor"].file_report(incident=incident(accused_party="PK"), urgent=True)
    world.cast.api["pk"].file_report(draft=True)
    hidden = Report.objects.filter(status=ReportStatus.DRAFT) | Report.objects.exclude(
        kind=ReportKind.COMPLAINT
    )
    assert hidden.count() >= 3
    entries = _public_entries(world)
    subjects = {e["subject"] for e in entries}
    for report in hidden:
        assert world.cast.api["observer"].get(f"/api/v1/reports/{report.pk}").status_code == 404
        assert f"report:{report.pk}" not in subjects
    hidden_rows = Entry.objects.filter(subject__in=[f"report:{r.pk}" for r in hidden])
    veiled = {row.index for row in hidden_rows}
    assert veiled
    for e in entries:
        if e["index"] in veiled:
            assert (e["type"], e["subject"], e["data"]) == ("Veiled", "veiled", {"event_version": 2})


def test_the_filing_party_opens_its_veiled_draft_and_the_other_party_does_not(world, tmp_path):
    draft = Entry.objects.get(subject=f"report:{world.ids['af_draft']}", type="ReportFiled").index
    opened = {}
    for party in ("AF", "PK"):
        out = tmp_path / party
        export_bundle(out, party=party, agreement="pak-afg-2025")
        assert verify_bundle(out).ok
        opened[party] = [json.loads(line) for line in (out / "openings.jsonl").read_text().splitlines()]
    mine = {o["name"]: o["value"] for o in opened["AF"] if o["index"] == draft}
    assert set(mine) == {"event", "by", "incident"}
    assert (
        mine["event"]["type"] == "ReportFiled"
        and mine["event"]["subject"] == f"report:{world.ids['af_draft']}"
    )
    assert mine["event"]["data"]["status"] == "draft" and mine["event"]["data"]["accused_party"] == "PK"
    assert not any(o["index"] == draft for o in opened["PK"])


def test_a_bundle_with_both_event_versions_verifies_and_the_full_one_opens_every_veiled_event(
    world, tmp_path
):
    kinds = {json.loads(leaf)["type"] for leaf in Entry.objects.values_list("leaf", flat=True)}
    assert "Veiled" in kinds and "ReportFiled" in kinds  # version 1 and version 2 events side by side
    out = tmp_path / "full"
    result = export_bundle(out)
    report = verify_bundle(out)
    assert report.ok, report.error
    veiled = [json.loads(leaf) for leaf in Entry.objects.values_list("leaf", flat=True)]
    veiled_indices = {e["index"] for e in veiled if e["type"] == "Veiled"}
    events = {
        o["index"]
        for o in map(json.loads, (out / "openings.jsonl").read_text().splitlines())
        if o["name"] == "event"
    }
    assert events == veiled_indices and result.openings == Opening.objects.count()


def test_a_draft_ruling_and_its_first_signature_are_veiled_until_published(world):
    api = world.cast.api
    case = api["pk"].file_report().json()["case"]
    api["qa"].post(f"/api/v1/cases/{case}/admit")
    api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{case}/reply-request")
    api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "We deny it."})
    ruling = api["qa"].post(
        f"/api/v1/cases/{case}/rulings",
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "confidence": "weak",
            "reasons": "Single-source account.",
        },
    )
    assert ruling.status_code == 201, ruling.content
    ruling_id = ruling.json()["id"]
    api["qa"].post(f"/api/v1/rulings/{ruling_id}/signatures")
    entries = {e["index"]: e for e in _public_entries(world)}
    drafted = Entry.objects.get(subject=f"ruling:{ruling_id}", type="RulingDrafted").index
    first_signature = Entry.objects.get(subject=f"ruling:{ruling_id}", type="RulingSigned").index
    for index in (drafted, first_signature):
        assert (entries[index]["type"], entries[index]["subject"]) == ("Veiled", "veiled")
    # The second signature puts it in force and (publish_after = "ruling") publishes it: that one is public.
    api["tr"].post(f"/api/v1/rulings/{ruling_id}/signatures")
    last = Entry.objects.filter(subject=f"ruling:{ruling_id}", type="RulingSigned").order_by("index").last()
    public = next(e for e in _public_entries(world) if e["index"] == last.index)
    assert public["type"] == "RulingSigned" and public["data"]["published"] is True


def test_the_demos_public_record_holds_no_id_party_or_status_of_its_draft_or_observation(
    db, settings, tmp_path
):
    """Issue 12's "done": `truce demo`'s public record against what its observer sees through the API."""
    from tests.app.story import ApiClient
    from truce import demo
    from truce.accounts.actions import do_issue_token
    from truce.accounts.models import User

    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.set_up()
    hidden = list(Report.objects.filter(status=ReportStatus.DRAFT)) + list(
        Report.objects.exclude(kind=ReportKind.COMPLAINT)
    )
    assert {r.status for r in hidden} >= {"draft"} and {r.kind for r in hidden} >= {"observation"}
    observer = ApiClient(do_issue_token(User.objects.get(role="observer"), acting_user=None))
    entries = ApiClient(None).get("/api/v1/record/entries?limit=1000").json()["entries"]
    subjects = {e["subject"] for e in entries}
    rows = {row.index: row for row in Entry.objects.filter(subject__in=[f"report:{r.pk}" for r in hidden])}
    assert rows
    for report in hidden:
        assert observer.get(f"/api/v1/reports/{report.pk}").status_code == 404
        assert f"report:{report.pk}" not in subjects
    for e in entries:
        if e["index"] in rows:
            assert (e["type"], e["subject"], e["data"]) == ("Veiled", "veiled", {"event_version": 2})
