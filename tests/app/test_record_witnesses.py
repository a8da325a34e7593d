"""Witnesses cosign the server's checkpoints over real HTTP; the log catches up with a witness it lost
track of; a witness refuses a rewritten history; the worker signs per the batching policy."""

from __future__ import annotations

import pytest

from tests.app.test_record_world import world_fixture  # noqa: F401 - registers the fixture
from truce.cli.worker import one_round
from truce.core.record.checkpoint import open_checkpoint
from truce.core.record.cosignature import witness_verifier
from truce.core.record.note import parse_verifier
from truce.record.checkpoints import RecordStateError, latest_checkpoint, sign_checkpoint_now
from truce.record.models import Checkpoint, Cosignature, Entry, WitnessContact
from truce.record.tree import drop_cached_tree, nodes_path
from truce.record.witnesses import collect_cosignatures


def _verifiers(world):  # type: ignore[no-untyped-def]
    return [parse_verifier(world.vkey), *(witness_verifier(w.vkey) for w in world.witnesses)]


def test_each_witness_cosigns_and_keeps_extending_from_what_it_saw(world):
    first = sign_checkpoint_now(force=True)
    assert first is not None
    collect_cosignatures()
    world.cast.api["pk"].file_report()
    second = sign_checkpoint_now(force=True)
    assert second is not None
    lines = collect_cosignatures()
    assert len(lines) == 2 and all("cosigned checkpoint" in line for line in lines)
    for w in world.witnesses:
        assert w.latest_size(world.origin) == second.size
        assert WitnessContact.objects.get(name=w.name).size == second.size
    second.refresh_from_db()
    _, note = open_checkpoint(second.note.encode(), _verifiers(world), origin=world.origin)
    assert sorted(s.name for s in note.sigs) == sorted([world.origin, *(w.name for w in world.witnesses)])
    assert Cosignature.objects.filter(checkpoint=second).count() == 2
    assert collect_cosignatures() == []  # nothing new to ask


def test_the_log_catches_up_with_a_witness_it_lost_track_of(world):
    first = sign_checkpoint_now(force=True)
    assert first is not None
    collect_cosignatures()
    WitnessContact.objects.all().delete()  # e.g. a restored database: the log thinks "old 0"
    world.cast.api["pk"].file_report()
    second = sign_checkpoint_now(force=True)
    assert second is not None
    lines = collect_cosignatures()
    assert all("cosigned checkpoint" in line for line in lines), lines  # after a 409, from its size
    assert all(w.latest_size(world.origin) == second.size for w in world.witnesses)


def test_a_witness_refuses_a_rewritten_history_and_keeps_the_evidence(world):
    first = sign_checkpoint_now(force=True)
    assert first is not None
    collect_cosignatures()
    # The operator rewrites an early entry, throws away the node file and the checkpoints that would
    # betray it, and signs the altered history with the log key.
    early = Entry.objects.get(index=1)
    Entry.objects.filter(index=1).update(leaf=early.leaf.replace('"v":1', '"v":1,"x":0', 1))
    Cosignature.objects.all().delete()
    Checkpoint.objects.all().delete()
    drop_cached_tree()
    nodes_path().unlink()
    world.cast.api["pk"].file_report()
    forged = sign_checkpoint_now(force=True)
    assert forged is not None and forged.size > first.size
    lines = collect_cosignatures()
    assert len(lines) == 2 and all("refused with 422" in line for line in lines), lines
    for w in world.witnesses:
        assert w.latest_size(world.origin) == first.size  # still the true history
        assert list((w.state / "evidence").iterdir())  # the signed forgery is kept
        assert "422" in WitnessContact.objects.get(name=w.name).error
    assert not Cosignature.objects.filter(checkpoint=forged).exists()
    assert collect_cosignatures() == []  # not asked again over the same checkpoint


def test_the_server_never_signs_over_a_checkpoint_its_entries_no_longer_match(world):
    first = sign_checkpoint_now(force=True)
    assert first is not None
    early = Entry.objects.get(index=0)
    Entry.objects.filter(index=0).update(leaf=early.leaf.replace('"v":1', '"v":1,"x":0', 1))
    drop_cached_tree()
    nodes_path().unlink()
    world.cast.api["pk"].file_report()
    with pytest.raises(RecordStateError):
        sign_checkpoint_now(force=True)
    assert latest_checkpoint() == first


def test_the_worker_signs_when_a_batch_is_due(world, settings):
    settings.TRUCE_CHECKPOINT_ENTRIES, settings.TRUCE_CHECKPOINT_SECONDS = 3, 3600
    # The round's scheduled bulletins append entries and sign checkpoints of their own: off here, where the
    # batching of checkpoints is what is counted (tests/app/test_bulletins_schedule.py covers them).
    settings.TRUCE_BULLETIN_LANGUAGES = ["none"]
    done = one_round({})
    size = Entry.objects.count()
    assert f"checkpoint signed: size {size}" in done  # the first checkpoint is always due
    assert sum("cosigned" in line for line in done) == 2
    world.cast.api["pk"].file_report()  # 1 new entry: not a batch yet, and not an hour
    assert not any("checkpoint signed" in line for line in one_round({}))
    world.cast.api["pk"].file_report()
    world.cast.api["pk"].file_report()
    assert f"checkpoint signed: size {size + 3}" in one_round({})
