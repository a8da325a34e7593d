"""C2SP tlog-proof files: written from the tree, verified alone, refused when anything is off."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from truce.cli import main as truce_main
from truce.core.record.note import generate_key
from truce.core.record.tlog_proof import (
    HEADER,
    ProofFileError,
    format_proof,
    parse_proof,
    prove,
    verify_proof_file,
)

from .records import ORIGIN, Record, make_record


@pytest.fixture
def record(tmp_path: Path) -> Record:
    r = make_record(tmp_path, 13, [13])
    return r


def _keys(record: Record) -> list[str]:
    return [record.log_vkey, *(w.vkey for w in record.witnesses)]


def test_proof_of_every_entry_verifies_alone(record: Record) -> None:
    for entry in record.entries:
        text = prove(record.tree, entry.index, record.checkpoints[13], entry.leaf_input())
        result = verify_proof_file(text, _keys(record), origin=ORIGIN, quorum=2)
        assert result.index == entry.index and result.entry == entry
        assert sorted(result.cosigners) == ["witness.example/0", "witness.example/1"]


def test_proof_layout_follows_the_spec(record: Record) -> None:
    entry = record.entries[6]
    text = prove(record.tree, 6, record.checkpoints[13], entry.leaf_input())
    lines = text.split("\n")
    assert lines[0] == HEADER
    assert lines[1] == "extra " + base64.b64encode(entry.leaf_input()).decode()
    assert lines[2] == "index 6"
    proof = record.tree.inclusion_proof(6, 13)
    assert lines[3 : 3 + len(proof)] == [base64.b64encode(h).decode() for h in proof]
    assert lines[3 + len(proof)] == ""
    assert text.endswith(record.checkpoints[13].decode())


def test_proof_without_extra_needs_the_entry(record: Record) -> None:
    entry = record.entries[4]
    text = prove(record.tree, 4, record.checkpoints[13])
    assert "extra" not in text
    with pytest.raises(ProofFileError, match="no extra"):
        verify_proof_file(text, _keys(record))
    assert verify_proof_file(text, _keys(record), leaf_input=entry.leaf_input()).index == 4
    with pytest.raises(ProofFileError, match="not in the checkpointed tree"):
        verify_proof_file(text, _keys(record), leaf_input=record.entries[5].leaf_input())


def _variants(record: Record) -> dict[str, str]:
    entry = record.entries[9]
    good = prove(record.tree, 9, record.checkpoints[13], entry.leaf_input())
    lines = good.split("\n")
    other = record.entries[8].leaf_input()
    proof_line = lines[3]
    flipped = base64.b64encode(
        bytes([base64.b64decode(proof_line)[0] ^ 1]) + base64.b64decode(proof_line)[1:]
    ).decode()
    return {
        "wrong index": good.replace("index 9", "index 8"),
        "wrong entry in extra": good.replace(lines[1], "extra " + base64.b64encode(other).decode()),
        "flipped proof hash": good.replace(proof_line, flipped),
        "dropped proof hash": good.replace(proof_line + "\n", ""),
        "changed checkpoint size": good.replace(f"\n{ORIGIN}\n13\n", f"\n{ORIGIN}\n14\n"),
        "bad header": good.replace(HEADER, "c2sp.org/tlog-proof@v2"),
        "leading zero index": good.replace("index 9", "index 09"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "wrong index",
        "wrong entry in extra",
        "flipped proof hash",
        "dropped proof hash",
        "changed checkpoint size",
        "bad header",
        "leading zero index",
    ],
)
def test_tampered_proofs_are_refused(record: Record, case: str) -> None:
    with pytest.raises(ProofFileError):
        verify_proof_file(_variants(record)[case], _keys(record))


def test_untrusted_log_key_or_missing_quorum_is_refused(record: Record) -> None:
    entry = record.entries[2]
    text = prove(record.tree, 2, record.checkpoints[13], entry.leaf_input())
    _, stranger = generate_key(ORIGIN)
    with pytest.raises(ProofFileError, match="checkpoint"):
        verify_proof_file(text, [stranger])
    with pytest.raises(ProofFileError, match="no signature by a trusted log key"):
        verify_proof_file(text, [w.vkey for w in record.witnesses])
    with pytest.raises(ProofFileError, match="quorum"):
        verify_proof_file(text, [record.log_vkey, record.witnesses[0].vkey], quorum=2)


def test_prove_refuses_an_entry_that_is_not_the_leaf(record: Record) -> None:
    with pytest.raises(ProofFileError):
        prove(record.tree, 3, record.checkpoints[13], record.entries[4].leaf_input())


def test_parse_round_trip(record: Record) -> None:
    proof = record.tree.inclusion_proof(0, 13)
    text = format_proof(0, proof, record.checkpoints[13], b"xyz")
    parsed = parse_proof(text)
    assert parsed.index == 0 and parsed.proof == proof and parsed.extra == b"xyz"
    assert parsed.checkpoint == record.checkpoints[13]


def test_cli_verify_proof_and_keygen(
    record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "entry5.tlog-proof"
    path.write_text(prove(record.tree, 5, record.checkpoints[13], record.entries[5].leaf_input()))
    args = ["record", "verify-proof", str(path), "--key", record.log_vkey]
    for w in record.witnesses:
        args += ["--key", w.vkey]
    assert truce_main([*args, "--quorum", "2"]) == 0
    out = capsys.readouterr().out
    assert "OK: entry 5" in out and "witness.example/1" in out
    path.write_text(path.read_text().replace("index 5", "index 4"))
    assert truce_main(args) == 1
    assert "FAILED" in capsys.readouterr().err

    key_file = tmp_path / "log.key"
    assert truce_main(["record", "keygen", "--origin", "truce/demo", "--out", str(key_file)]) == 0
    vkey = capsys.readouterr().out.strip()
    assert vkey.startswith("truce/demo+") and key_file.read_text().startswith("PRIVATE+KEY+truce/demo+")
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert truce_main(["record", "keygen", "--origin", "truce/demo", "--out", str(key_file)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err


def test_witness_keys_written_with_type_1_still_count(
    record: Record, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Agreement files may list a witness key with type byte 0x01; its cosignatures must still count."""
    from truce.core.record.note import Ed25519Verifier, parse_verifier

    as_type_1 = [Ed25519Verifier(w.name, parse_verifier(w.vkey).public_key).vkey for w in record.witnesses]
    text = prove(record.tree, 1, record.checkpoints[13], record.entries[1].leaf_input())
    result = verify_proof_file(text, [record.log_vkey], witness_vkeys=as_type_1, quorum=2)
    assert len(result.cosigners) == 2
    path = tmp_path / "p.tlog-proof"
    path.write_text(text)
    args = ["record", "verify-proof", str(path), "--key", record.log_vkey, "--quorum", "2"]
    assert truce_main([*args, "--witness", as_type_1[0], "--witness", as_type_1[1]]) == 0
    assert truce_main([*args, "--witness", as_type_1[0]]) == 1
    assert "quorum" in capsys.readouterr().err
