"""`truce record checkpoint | export | prove | check`, and their output checked by the offline commands."""

from __future__ import annotations

import pytest

from tests.app.test_record_world import world_fixture  # noqa: F401 - registers the fixture
from truce.cli import main
from truce.record.models import Checkpoint, Entry


def test_checkpoint_signs_now_and_collects_cosignatures(world, capsys):
    assert main(["record", "checkpoint"]) == 0
    out = capsys.readouterr().out
    size = Entry.objects.count()
    assert f"signed checkpoint of size {size}" in out
    assert out.count("cosigned checkpoint") == 2
    assert Checkpoint.objects.get(size=size).note.count("\n— ") == 3  # the log and two witnesses
    assert main(["record", "checkpoint"]) == 0
    assert f"already signed checkpoint of size {size}" in capsys.readouterr().out


def test_export_then_verify_offline_with_the_pinned_key_and_quorum(world, tmp_path, capsys):
    out = tmp_path / "bundle"
    assert main(["record", "export", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "full bundle" in printed and "quorum 2" in printed and "warning" not in printed
    assert main(["record", "verify", str(out), "--key", world.vkey, "--quorum", "2"]) == 0
    assert "OK:" in capsys.readouterr().out
    public = tmp_path / "public"
    assert main(["record", "export", "--out", str(public), "--public"]) == 0
    trusted = out / "checkpoints" / str(Entry.objects.count())
    assert main(["record", "verify", str(public), "--trusted", str(trusted)]) == 0


def test_prove_writes_a_tlog_proof_that_verify_proof_accepts(world, tmp_path, capsys):
    proof = tmp_path / "entry.tlog-proof"
    assert main(["record", "prove", "--index", "2", "--out", str(proof)]) == 0
    witness_args = [arg for w in world.witnesses for arg in ("--witness", w.vkey)]
    argv = ["record", "verify-proof", str(proof), "--key", world.vkey, *witness_args, "--quorum", "2"]
    assert main(argv) == 0
    assert "OK: entry 2" in capsys.readouterr().out
    assert main(["record", "prove", "--index", "9999"]) == 1
    assert "no entry 9999" in capsys.readouterr().err


def test_check_passes_then_names_a_changed_entry(world, capsys):
    assert main(["record", "checkpoint", "--no-witnesses"]) == 0
    assert main(["record", "check"]) == 0
    assert "chain:" in capsys.readouterr().out
    early = Entry.objects.get(index=1)
    Entry.objects.filter(index=1).update(leaf=early.leaf.replace('"v":1', '"v":1,"x":0', 1))
    assert main(["record", "check"]) == 1
    assert "entry 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--party", "PK"], "--party needs --agreement"),
        (["--party", "PK", "--agreement", "pak-afg-2025", "--public"], "exclude each other"),
        (["--party", "QA", "--agreement", "pak-afg-2025"], "not a party"),
        (["--agreement", "no-such-agreement"], "not loaded"),
    ],
)
def test_export_refuses_wrong_combinations(world, tmp_path, capsys, argv, words):
    assert main(["record", "export", "--out", str(tmp_path / "x"), *argv]) == 1
    assert words in capsys.readouterr().err


def test_export_refuses_a_directory_that_holds_a_bundle(world, tmp_path, capsys):
    out = tmp_path / "bundle"
    assert main(["record", "export", "--out", str(out), "--public"]) == 0
    assert main(["record", "export", "--out", str(out), "--public"]) == 1
    assert "already holds a bundle" in capsys.readouterr().err
