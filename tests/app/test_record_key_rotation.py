"""`truce record rotate-key`: the record moves to a new signing key with a record entry and a handover
checkpoint signed by both keys; the witnesses follow it, the exported record verifies from the
agreement's first key (in Python and in Go), and an old key file can no longer sign."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_record_world import world_fixture  # noqa: F401 - registers the fixture
from tests.core.record import gotool
from truce.cli import main
from truce.core.record.checkpoint import parse_checkpoint
from truce.core.record.note import generate_key, open_note, parse_signer, parse_verifier, split_note
from truce.health.checks import check_record_signer
from truce.record.checkpoints import (
    RecordKeyError,
    key_history,
    log_signer,
    log_vkey,
    rotate_log_key,
    sign_checkpoint_now,
)
from truce.record.models import Checkpoint, Entry
from truce.record.witnesses import collect_cosignatures


def _keys(home: Path) -> Path:
    return home / "keys"


def _rotate_and_go_on(world, capsys):  # type: ignore[no-untyped-def]
    assert main(["record", "checkpoint"]) == 0  # the witnesses cosign under the first key
    capsys.readouterr()
    assert main(["record", "rotate-key"]) == 0
    out = capsys.readouterr().out
    assert "rotated the record's key at entry" in out
    assert out.count("cosigned checkpoint") == 2, out  # both witnesses took the handover
    world.cast.api["pk"].file_report()
    assert main(["record", "checkpoint"]) == 0
    out = capsys.readouterr().out
    assert out.count("cosigned checkpoint") == 2, out  # ...and then a checkpoint of the new key alone
    return key_history()[0]


def test_rotate_key_writes_the_entry_and_a_handover_signed_by_both_keys(world, settings, capsys):
    old_skey = (_keys(settings.TRUCE_HOME) / "log.key").read_text()
    change = _rotate_and_go_on(world, capsys)
    assert change.old_vkey == world.vkey and change.new_vkey == log_vkey() != world.vkey
    entry = Entry.objects.get(index=change.index)
    assert entry.type == "RecordKeyRotated" and entry.subject == "record:log-key" and entry.agreement == ""
    handover = Checkpoint.objects.get(size=change.handover_size)
    assert handover.size == change.index + 1
    old, new = parse_verifier(world.vkey), parse_verifier(change.new_vkey)
    note = open_note(handover.note.encode(), [old, new])
    assert {s.key_hash for s in note.sigs} == {old.key_hash, new.key_hash}
    assert parse_checkpoint(note.text).extensions == (f"truce-log-key {change.new_vkey}",)
    # Later checkpoints: the new key only.
    latest = Checkpoint.objects.order_by("-size").first()
    assert latest is not None and latest.size > handover.size
    later = open_note(latest.note.encode(), [old, new])
    assert [s.key_hash for s in later.sigs] == [new.key_hash]
    # The old key file is kept, renamed; no half-done file is left.
    (retired,) = _keys(settings.TRUCE_HOME).glob("log.key.*.retired")
    assert retired.read_text() == old_skey
    assert retired.stat().st_mode & 0o777 == 0o600
    assert not (_keys(settings.TRUCE_HOME) / "log.key.new").exists()
    # Every witness now trusts the new key only.
    for w in world.witnesses:
        assert w.witness.log_keys(world.origin) == ([change.new_vkey], [world.vkey])


def test_the_export_after_a_rotation_verifies_from_the_first_key_in_python_and_go(
    world, settings, tmp_path, capsys
):
    _rotate_and_go_on(world, capsys)
    bundle = tmp_path / "bundle"
    assert main(["record", "export", "--out", str(bundle), "--public"]) == 0
    agreement = str(tmp_path / "witnessed.toml")
    argv = ["record", "verify", str(bundle), "--agreement", agreement, "--key", world.vkey]
    capsys.readouterr()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "OK:" in out and "WARNING" not in out
    assert f"to {log_vkey()}" in out
    go = gotool.build(tmp_path / "go")
    args: list[str | Path] = ["bundle", "-key", world.vkey, "-quorum", "2"]
    for w in world.witnesses:
        args += ["-witness", w.vkey]
    ok, said = gotool.run(go, *args, bundle)
    assert ok, said
    # Trusting the new key from the start is not the chain the record shows: refused.
    assert main(["record", "verify", str(bundle), "--key", log_vkey(), "--quorum", "0"]) == 1
    assert "log_vkey is not the log key you trust" in capsys.readouterr().err


def test_an_old_key_file_put_back_cannot_sign(world, settings, capsys):
    _rotate_and_go_on(world, capsys)
    keys = _keys(settings.TRUCE_HOME)
    (retired,) = keys.glob("log.key.*.retired")
    (keys / "log.key").write_text(retired.read_text())  # e.g. restored from a backup made before
    world.cast.api["pk"].file_report()
    with pytest.raises(RecordKeyError, match="not the record's current key"):
        sign_checkpoint_now(force=True)
    assert not check_record_signer().ok
    assert main(["record", "checkpoint"]) == 1
    assert "not the record's current key" in capsys.readouterr().err


def test_a_rotation_cut_off_before_its_key_files_moved_is_finished_by_the_next_signer(world, settings):
    sign_checkpoint_now(force=True)
    keys = _keys(settings.TRUCE_HOME)
    old_skey = (keys / "log.key").read_text()
    done = rotate_log_key()
    # Put the files back as they were between the commit and the renaming.
    (keys / "log.key").rename(keys / "log.key.new")
    assert done.retired_file is not None
    done.retired_file.rename(keys / "log.key")
    assert (keys / "log.key").read_text() == old_skey
    assert log_signer().verifier().vkey == done.new_vkey
    assert not (keys / "log.key.new").exists()
    assert len(list(keys.glob("log.key.*.retired"))) == 1


def test_a_failed_rotation_leaves_the_key_and_the_record_as_they_were(world, settings, monkeypatch):
    sign_checkpoint_now(force=True)
    before = (Entry.objects.count(), Checkpoint.objects.count(), log_vkey())
    import truce.record.checkpoints as checkpoints

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(checkpoints, "_sign_locked", broken)
    with pytest.raises(OSError):
        rotate_log_key()
    assert (Entry.objects.count(), Checkpoint.objects.count(), log_vkey()) == before
    assert not (_keys(settings.TRUCE_HOME) / "log.key.new").exists()
    assert key_history() == []


def test_a_witness_that_missed_the_handover_is_sent_it_first(world, capsys):
    sign_checkpoint_now(force=True)
    collect_cosignatures()
    assert main(["record", "rotate-key", "--no-witnesses"]) == 0
    change = key_history()[0]
    world.cast.api["pk"].file_report()
    latest = sign_checkpoint_now(force=True)
    assert latest is not None
    lines = collect_cosignatures()
    assert all("cosigned checkpoint" in line for line in lines), lines
    handover = Checkpoint.objects.get(size=change.handover_size)
    assert handover.cosignatures.count() == 2 and latest.cosignatures.count() == 2
    for w in world.witnesses:
        assert w.latest_size(world.origin) == latest.size


def test_the_record_page_and_status_show_the_current_key_and_the_rotations(world, capsys):
    page = world.cast.api["anonymous"].client.get("/record/").content.decode()
    assert "never rotated" in page
    change = _rotate_and_go_on(world, capsys)
    page = world.cast.api["anonymous"].client.get("/record/").content.decode()
    assert change.new_vkey in page and change.old_vkey in page
    assert f"rotated by entry {change.index}" in page
    assert f"handed over at checkpoint {change.handover_size}" in page
    main(["status"])
    out = capsys.readouterr().out
    assert f"record key: {change.new_vkey}" in out
    assert f"rotated by entry {change.index}" in out and f"from {change.old_vkey}" in out


def test_the_rotation_entry_is_public_and_the_handover_text_is_the_checkpoint(world, capsys):
    change = _rotate_and_go_on(world, capsys)
    handover = Checkpoint.objects.get(size=change.handover_size)
    text, sigs = split_note(handover.note.encode())
    assert text.splitlines()[-1] == f"truce-log-key {change.new_vkey}"
    names = [sig.name for sig, _ in sigs]
    assert names.count(world.origin) == 2
    # The new key file is the key the entry names.
    assert parse_signer(log_signer().skey).verifier().vkey == change.new_vkey


def test_the_case_page_pins_the_current_key_once_the_agreements_record_key_was_rotated(world, capsys):
    from dataclasses import replace

    from truce.agreements import registry
    from truce.cases.models import Case
    from truce.web.record_entries import case_record

    case = Case.objects.filter(agreement_id="pak-afg-2025").first()
    assert case is not None
    agreement = replace(registry.get("pak-afg-2025")[1], record_key=world.vkey)
    before = case_record(case, world.cast.qa, {"rulings": []}, agreement)
    assert before["log_vkey"] == world.vkey and before["key_from_agreement"] and not before["key_rotated"]
    change = _rotate_and_go_on(world, capsys)
    after = case_record(case, world.cast.qa, {"rulings": []}, agreement)
    assert after["log_vkey"] == change.new_vkey and after["key_rotated"] and not after["key_from_agreement"]
    # An agreement that pins some other key is not followed through this record's rotations.
    _, stranger = generate_key(world.origin)
    other = case_record(case, world.cast.qa, {"rulings": []}, replace(agreement, record_key=stranger))
    assert other["log_vkey"] == stranger and not other["key_rotated"]


def test_two_rotations_chain_and_keep_both_old_keys(world, settings, tmp_path, capsys):
    sign_checkpoint_now(force=True)
    first = rotate_log_key()
    second = rotate_log_key()  # within the same second, as like as not
    assert second.old_vkey == first.new_vkey
    retired = sorted(_keys(settings.TRUCE_HOME).glob("log.key.*.retired"))
    assert len(retired) == 2 and first.retired_file in retired and second.retired_file in retired
    assert [c.new_vkey for c in key_history()] == [first.new_vkey, second.new_vkey]
    bundle = tmp_path / "bundle"
    assert main(["record", "export", "--out", str(bundle), "--public"]) == 0
    capsys.readouterr()
    assert main(["record", "verify", str(bundle), "--key", world.vkey, "--quorum", "0"]) == 0
    assert capsys.readouterr().out.count("log key rotated by entry") == 2
