"""Replay of the penalty engine's entries (event version 3, docs/record.md §1.5): a penalty's severity,
reasons and basis, which penalties a proposal superseded and which lapsed while a ruling took effect are
rebuilt from the record and compared; entries of version 1 are still read as before."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from tests.app.test_ruling_revision import _ruled
from truce.cli import main
from truce.core import clock
from truce.core.record.bundle import verify_bundle
from truce.instance import prepare_home
from truce.penalties.models import Penalty
from truce.record.events import RecordEvent
from truce.record.export import export_bundle
from truce.record.models import Entry, Opening
from truce.record.replay import replay
from truce.record.tree import drop_cached_tree


def _confirm(cast, penalty: int) -> None:
    for mediator in ("qa", "tr"):  # one officer of each mediator: the quorum
        answer = cast.api[mediator].post(f"/api/v1/penalties/{penalty}/confirmation", {"reason": "Agreed."})
        assert answer.status_code == 200, answer.content
    assert Penalty.objects.get(pk=penalty).status == "confirmed"


def _half_a_year_on_rule_again(cast) -> None:
    """Half a year on (the tokens issued then: the cast's have expired), another violation ruling against
    AF takes effect."""
    from tests.app.story import ApiClient
    from truce.accounts.actions import do_issue_token

    earlier = dict(cast.api)
    with clock.frozen(clock.now() + dt.timedelta(days=181)):
        for name in ("pk", "af", "qa", "tr"):
            cast.api[name] = ApiClient(do_issue_token(cast.users[name], acting_user=None))
        _ruled(cast)
    cast.api.update(earlier)


def _escalated_and_lapsed(cast) -> dict[str, Penalty]:
    """A violation ruling against AF proposes P1 (confirmed); two more within the week propose P2, which
    supersedes P1 (confirmed too); half a year on, a fourth ruling's run of the engine lets P2 lapse."""
    _ruled(cast)
    first = Penalty.objects.get(rule_id="P1")
    _confirm(cast, first.pk)
    _ruled(cast)
    _ruled(cast)
    escalated = Penalty.objects.get(rule_id="P2")
    assert Penalty.objects.get(pk=first.pk).status == "superseded"
    _confirm(cast, escalated.pk)
    _half_a_year_on_rule_again(cast)
    assert Penalty.objects.get(pk=escalated.pk).status == "expired"
    return {"first": Penalty.objects.get(pk=first.pk), "escalated": Penalty.objects.get(pk=escalated.pk)}


def _signed(penalty: Penalty, field: str) -> Entry:
    """The RulingSigned entry whose run of the engine names ``penalty`` in ``field`` of its event."""
    for entry in Entry.objects.filter(type="RulingSigned").order_by("index"):
        openings = {o.name: o.value for o in Opening.objects.filter(entry=entry)}
        data = openings["event"]["data"] if "event" in openings else json.loads(entry.leaf)["data"]
        if field == "expired" and penalty.pk in data["expired"]:
            return entry
        if field == "penalties_proposed" and any(
            p["penalty"] == penalty.pk for p in openings["penalties_proposed"]
        ):
            return entry
    raise AssertionError(f"no RulingSigned names penalty {penalty.pk} in {field}")


def test_a_superseding_proposal_and_a_lapse_during_a_ruling_replay_without_a_difference(cast):
    penalties = _escalated_and_lapsed(cast)
    result = replay()
    assert result.unreadable == []
    assert result.differences == [], [d.line() for d in result.differences]
    assert result.unverifiable == []  # every status the engine set is explained by an entry
    escalated = penalties["escalated"]
    # The entries carry what the rows hold: the proposal's fields, the superseded penalty, the lapse.
    proposed = _signed(escalated, "penalties_proposed")
    proposal = next(
        p
        for p in Opening.objects.get(entry=proposed, name="penalties_proposed").value
        if p["penalty"] == escalated.pk
    )
    assert proposal["severity"] == escalated.severity == 2
    assert proposal["reasons_detail"] == escalated.reasons and proposal["basis"] == sorted(escalated.basis)
    assert proposal["supersedes"] == [penalties["first"].pk]
    assert penalties["first"].superseded_by_id == escalated.pk
    lapsed = _signed(escalated, "expired")
    assert lapsed.index > proposed.index
    assert escalated.ended_on is not None


def test_a_tampered_severity_superseded_by_or_status_is_named(cast):
    penalties = _escalated_and_lapsed(cast)
    first, escalated = penalties["first"], penalties["escalated"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE penalties_penalty SET severity = %s WHERE id = %s", [3, escalated.pk])
        cursor.execute("UPDATE penalties_penalty SET superseded_by_id = NULL WHERE id = %s", [first.pk])
        cursor.execute("UPDATE penalties_penalty SET status = %s WHERE id = %s", ["confirmed", escalated.pk])
    result = replay()
    found = {(d.object, d.field): d for d in result.differences}
    severity = found[(f"penalty {escalated.pk}", "severity")]
    assert (severity.live, severity.replayed) == (3, 2)
    assert severity.index == _signed(escalated, "penalties_proposed").index
    superseded = found[(f"penalty {first.pk}", "superseded_by")]
    assert (superseded.live, superseded.replayed) == (None, escalated.pk)
    assert superseded.index == _signed(escalated, "penalties_proposed").index
    status = found[(f"penalty {escalated.pk}", "status")]
    assert (status.live, status.replayed) == ("confirmed", "expired")
    assert status.index == _signed(escalated, "expired").index
    # The ledger, which shows the penalty's status, disagrees with the record too.
    assert ("ledger pak-afg-2025/AF", "penalties") in found
    assert result.unverifiable == []


@dataclass(frozen=True)
class RulingSigned(RecordEvent):
    """RulingSigned as event version 1 had it (no ``as_of``, ``expired`` or ``event_version``)."""

    ruling: int
    case: int
    body: str
    signatures: int
    in_force: bool
    published: bool
    superseded: int | None
    penalties_proposed: list[dict[str, Any]]
    sealed = ("penalties_proposed",)

    @property
    def subject(self) -> str:
        return f"ruling:{self.ruling}"


def _signed_as_version_1(**fields: Any) -> RulingSigned:
    """What the code before event version 3 appended for a signature: the same event, fewer fields."""
    for name in ("as_of", "expired", "event_version"):
        fields.pop(name)
    old = ("penalty", "reference", "rule", "measure", "reasons")
    fields["penalties_proposed"] = [{k: p[k] for k in old} for p in fields["penalties_proposed"]]
    return RulingSigned(**fields)


def test_both_event_versions_verify_and_replay_with_version_1_moves_unverifiable(cast, tmp_path):
    """An instance that signed its first rulings before event version 3 and its last after it: the bundle
    verifies, replay explains what the new entries say and lists what the old ones cannot say."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("truce.rulings.actions.RulingSigned", _signed_as_version_1)
        _ruled(cast)
        first = Penalty.objects.get(rule_id="P1")
        _confirm(cast, first.pk)
        _ruled(cast)
        _ruled(cast)
        escalated = Penalty.objects.get(rule_id="P2")
        _confirm(cast, escalated.pk)
    _half_a_year_on_rule_again(cast)  # event version 3: the lapse of P2 is recorded
    signed = [
        json.loads(leaf)
        for leaf in Entry.objects.filter(type="RulingSigned").order_by("index").values_list("leaf", flat=True)
    ]
    versions = {
        Opening.objects.get(entry_id=e["index"], name="event").value["data"].get("event_version")
        if e["type"] == "Veiled"
        else e["data"].get("event_version")
        for e in signed
    }
    assert versions == {None, 3}  # version 1 (no event_version) and version 3 side by side
    prepare_home()  # the log's key, to sign the checkpoint the bundle ends with
    drop_cached_tree()
    out = tmp_path / "full"
    export_bundle(out)
    report = verify_bundle(out)
    assert report.ok, report.error
    assert main(["record", "verify", str(out)]) == 0

    result = replay()
    assert result.unreadable == [] and result.differences == [], [d.line() for d in result.differences]
    said = "\n".join(result.unverifiable)
    assert f"penalty {first.pk} status: live 'superseded'" in said  # a version-1 run superseded it
    assert f"penalty {escalated.pk}" not in said  # its lapse is in a version-3 entry
    # A status no version-1 run can explain is still a difference.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE penalties_penalty SET status = %s, confirmed_on = NULL WHERE id = %s",
            ["proposed", first.pk],
        )
    found = {(d.object, d.field): d for d in replay().differences}
    status = found[(f"penalty {first.pk}", "status")]
    assert (status.live, status.replayed) == ("proposed", "confirmed")


def test_a_review_records_its_lapses_and_seals_its_proposals(cast):
    from truce.penalties.actions import do_review_penalties

    _ruled(cast)
    first = Penalty.objects.get(rule_id="P1")
    _confirm(cast, first.pk)
    with clock.frozen(clock.now() + dt.timedelta(days=91)):
        do_review_penalties("pak-afg-2025", "AF")
    assert Penalty.objects.get(pk=first.pk).status == "expired"
    reviewed = Entry.objects.get(type="PenaltiesReviewed")
    leaf = json.loads(reviewed.leaf)
    # Public: the party, the day, the lapsed penalties; the proposals (none here) are sealed.
    assert leaf["data"]["expired"] == [first.pk] and leaf["data"]["event_version"] == 3
    assert "proposed" not in leaf["data"] and "proposed" in leaf["sealed"]
    result = replay()
    assert result.unreadable == [] and result.differences == [], [d.line() for d in result.differences]
    assert result.unverifiable == []
    with connection.cursor() as cursor:
        cursor.execute("UPDATE penalties_penalty SET ended_on = NULL WHERE id = %s", [first.pk])
    ended = {(d.object, d.field): d for d in replay().differences}[(f"penalty {first.pk}", "ended_on")]
    assert ended.live is None and ended.replayed == leaf["data"]["as_of"] and ended.index == reviewed.index
