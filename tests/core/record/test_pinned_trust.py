"""Trust comes from outside the bundle: the agreement or keys the verifier holds, never keys.json alone.

Issue 12: an operator who rewrites history, re-signs it with the log key and replaces the witnesses'
keys in keys.json with its own (under the genuine names) must not pass a verifier who pinned the
agreement; a cosignature by a witness nobody lists must be ignored, as C2SP signed-note requires.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from truce.cli import main as truce_main
from truce.core.record.bundle import verify_bundle, write_bundle

from .forgery import add_unknown_cosignature, agreement_with_witnesses, forge_quorum
from .records import ORIGIN, Record, make_record


@pytest.fixture
def record(tmp_path: Path) -> Record:
    return make_record(tmp_path, 20, [5, 12, 20])


@pytest.fixture
def bundle(record: Record, tmp_path: Path) -> Path:
    out = tmp_path / "bundle"
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=record.entries,
        checkpoints=list(record.checkpoints.values()),
        witnesses=record.witness_keys(),
        quorum=2,
        openings=record.openings,
    )
    return out


def _genuine(record: Record) -> list[str]:
    return [w.vkey for w in record.witnesses]


def test_forged_quorum_passes_only_a_verifier_that_trusts_keys_json(record: Record, tmp_path: Path) -> None:
    forged = forge_quorum(record, tmp_path / "forged")
    # What the issue found: the bundle agrees with itself, even with the genuine log key pinned.
    assert verify_bundle(forged, log_vkey=record.log_vkey, quorum=2).ok
    report = verify_bundle(forged, log_vkey=record.log_vkey, witness_vkeys=_genuine(record), quorum=2)
    assert not report.ok
    assert report.where == "keys.json" and "witness witness.example/0" in (report.error or "")


def test_forged_cosignatures_do_not_count_even_under_the_genuine_keys(record: Record, tmp_path: Path) -> None:
    """keys.json restored to the genuine keys: the operator's cosignature lines are then unknown keys,
    ignored, and the quorum is not met."""
    forged = forge_quorum(record, tmp_path / "forged")
    genuine = tmp_path / "genuine-keys"
    write_bundle(
        genuine,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=[line for line in (forged / "entries.jsonl").read_bytes().splitlines()],
        checkpoints=[],
        witnesses=record.witness_keys(),
        quorum=2,
    )
    shutil.rmtree(genuine / "checkpoints")
    shutil.copytree(forged / "checkpoints", genuine / "checkpoints")
    report = verify_bundle(genuine, log_vkey=record.log_vkey, witness_vkeys=_genuine(record), quorum=2)
    assert not report.ok and "0 witness cosignature(s)" in (report.error or "")


def test_cli_verify_with_the_agreement_refuses_the_forged_quorum_naming_the_witness(
    record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = forge_quorum(record, tmp_path / "forged")
    agreement = agreement_with_witnesses(record, tmp_path / "agreement.toml")
    code = truce_main(
        ["record", "verify", str(forged), "--agreement", str(agreement), "--key", record.log_vkey]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "FAILED at keys.json" in err and "witness.example/0" in err


def test_cli_verify_with_the_agreement_accepts_the_genuine_bundle_and_says_what_was_pinned(
    bundle: Path, record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreement = agreement_with_witnesses(record, tmp_path / "agreement.toml")
    assert (
        truce_main(["record", "verify", str(bundle), "--agreement", str(agreement), "--key", record.log_vkey])
        == 0
    )
    out = capsys.readouterr().out
    assert "OK: 20 entries" in out and "WARNING" not in out


def test_cli_verify_without_pins_says_only_internal_consistency_was_checked(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert truce_main(["record", "verify", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "only internal consistency was checked" in out and "the log key (--key" in out


def test_agreement_quorum_applies_when_the_bundle_lowers_its_own(
    record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    low = tmp_path / "low"
    write_bundle(
        low,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=record.entries,
        checkpoints=[record.checkpoints[5], record.checkpoints[12], record.checkpoints[20]],
        witnesses=record.witness_keys(),
        quorum=0,
    )
    note = (low / "checkpoints" / "20").read_text()
    (low / "checkpoints" / "20").write_text("".join(line + "\n" for line in note.split("\n")[:-2]))
    assert verify_bundle(low).ok
    agreement = agreement_with_witnesses(record, tmp_path / "agreement.toml", quorum=2)
    assert truce_main(["record", "verify", str(low), "--agreement", str(agreement)]) == 1
    assert "quorum is 2" in capsys.readouterr().err


def test_extra_cosignature_by_an_unknown_witness_is_ignored(bundle: Path, record: Record) -> None:
    add_unknown_cosignature(bundle / "checkpoints" / "20")
    add_unknown_cosignature(bundle / "checkpoints" / "5", "witness.other.example/truce")
    assert verify_bundle(bundle).ok
    report = verify_bundle(bundle, log_vkey=record.log_vkey, witness_vkeys=_genuine(record), quorum=2)
    assert report.ok, report.error
    assert report.cosigners == ["witness.example/0", "witness.example/1"]


def test_unknown_cosignatures_never_make_up_the_quorum(bundle: Path, record: Record) -> None:
    note = (bundle / "checkpoints" / "20").read_text()
    (bundle / "checkpoints" / "20").write_text("".join(line + "\n" for line in note.split("\n")[:-2]))
    add_unknown_cosignature(bundle / "checkpoints" / "20")
    report = verify_bundle(bundle, witness_vkeys=_genuine(record), quorum=2)
    assert not report.ok and "1 witness cosignature(s)" in (report.error or "")


def test_witness_flag_without_quorum_is_refused_with_a_fix(
    bundle: Path, record: Record, capsys: pytest.CaptureFixture[str]
) -> None:
    assert truce_main(["record", "verify", str(bundle), "--witness", record.witnesses[0].vkey]) == 1
    assert "--witness needs --quorum N" in capsys.readouterr().err


def test_verify_proof_takes_witnesses_and_quorum_from_the_agreement(
    record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from truce.core.record.tlog_proof import prove

    proof = tmp_path / "entry.tlog-proof"
    proof.write_text(prove(record.tree, 7, record.checkpoints[20], record.entries[7].leaf_input()))
    agreement = agreement_with_witnesses(record, tmp_path / "agreement.toml")
    args = ["record", "verify-proof", str(proof), "--key", record.log_vkey, "--agreement", str(agreement)]
    assert truce_main(args) == 0
    assert "WARNING" not in capsys.readouterr().out
    # The same proof with one cosignature missing no longer meets the agreement's quorum of 2.
    text = proof.read_text()
    proof.write_text("".join(line + "\n" for line in text.split("\n")[:-2]))
    assert truce_main(args) == 1
    assert "quorum is 2" in capsys.readouterr().err


def test_agreement_record_key_pins_the_log_key_without_key_flag(
    bundle: Path, record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agreement = agreement_with_witnesses(record, tmp_path / "a.toml", record_key=record.log_vkey)
    assert truce_main(["record", "verify", str(bundle), "--agreement", str(agreement)]) == 0
    assert "WARNING" not in capsys.readouterr().out
    # A bundle re-signed under another log key (keys.json rewritten to match) fails on the agreement's key.
    from truce.core.record.note import generate_key

    _, other = generate_key(ORIGIN)
    other_agreement = agreement_with_witnesses(record, tmp_path / "b.toml", record_key=other)
    assert truce_main(["record", "verify", str(bundle), "--agreement", str(other_agreement)]) == 1
    assert "log_vkey is not the log key you trust" in capsys.readouterr().err


def test_key_flag_contradicting_the_agreement_record_key_is_refused(
    bundle: Path, record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from truce.core.record.note import generate_key

    agreement = agreement_with_witnesses(record, tmp_path / "a.toml", record_key=record.log_vkey)
    _, other = generate_key(ORIGIN)
    code = truce_main(["record", "verify", str(bundle), "--agreement", str(agreement), "--key", other])
    assert code == 1 and "--key is not the record_key" in capsys.readouterr().err


def test_agreement_record_key_must_be_a_log_key_not_a_witness_key(record: Record, tmp_path: Path) -> None:
    from truce.core.agreement.load import check_agreement

    good = agreement_with_witnesses(record, tmp_path / "a.toml", record_key=record.log_vkey)
    assert check_agreement(good) == []
    bad = agreement_with_witnesses(record, tmp_path / "b.toml", record_key=record.witnesses[0].vkey)
    [problem] = check_agreement(bad)
    assert "record_key" in str(problem) and "witness key" in str(problem)


def test_verify_proof_takes_the_log_key_from_the_agreement(
    record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from truce.core.record.tlog_proof import prove

    proof = tmp_path / "entry.tlog-proof"
    proof.write_text(prove(record.tree, 3, record.checkpoints[20], record.entries[3].leaf_input()))
    agreement = agreement_with_witnesses(record, tmp_path / "a.toml", record_key=record.log_vkey)
    assert truce_main(["record", "verify-proof", str(proof), "--agreement", str(agreement)]) == 0
    assert "OK: entry 3" in capsys.readouterr().out
    assert truce_main(["record", "verify-proof", str(proof)]) == 1
    assert "give the log key to trust" in capsys.readouterr().err
