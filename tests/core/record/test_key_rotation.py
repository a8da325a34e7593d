"""Rotation of the log's signing key (docs/record.md §5.1): the handover rule, in both verifiers and in
the witness. Every forged chain must fail in Python and in Go (tools/verify-go) alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from truce.cli import main as truce_main
from truce.core.record.bundle import verify_bundle, write_bundle
from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.note import generate_key, open_note, parse_signer, parse_verifier
from truce.core.record.tree import MerkleTree
from truce.core.record.witness import Witness, WitnessError, init_witness

from . import gotool
from .records import ORIGIN, RotatedRecord, make_rotated_record


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    try:
        return gotool.build(tmp_path_factory.mktemp("go"))
    except pytest.skip.Exception:
        return None  # the Python half still runs; make test-go requires Go


def _export(record: RotatedRecord, out: Path, quorum: int, *, raw: bool = False) -> Path:
    """The bundle of ``record``; ``raw`` writes its checkpoints as signed, not filtered by write_bundle
    (which drops lines by unlisted keys and refuses a checkpoint no listed key signed)."""
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        later_log_vkeys=[record.new_vkey],
        entries=record.entries,
        checkpoints=[] if raw else list(record.checkpoints.values()),
        witnesses=record.witness_keys(),
        quorum=quorum,
        openings=record.openings,
    )
    if raw:
        for size, signed in record.checkpoints.items():
            (out / "checkpoints" / str(size)).write_bytes(signed)
    return out


def _both(
    verifier: Path | None, bundle: Path, record: RotatedRecord, quorum: int, trusted: Path | None = None
):
    witnesses = [w.vkey for w in record.witnesses]
    python = verify_bundle(
        bundle,
        trusted.read_bytes() if trusted else None,
        log_vkey=record.log_vkey,
        witness_vkeys=witnesses,
        quorum=quorum,
    )
    if verifier is None:
        return python, None, ""
    args: list[str | Path] = ["bundle", "-key", record.log_vkey, "-quorum", str(quorum)]
    for w in witnesses:
        args += ["-witness", w]
    if trusted is not None:
        args += ["-trusted", trusted]
    go_ok, go_out = gotool.run(verifier, *args, bundle)
    return python, go_ok, go_out


def test_a_rotated_record_verifies_from_the_original_key(verifier: Path | None, tmp_path: Path) -> None:
    record = make_rotated_record(tmp_path / "r")
    bundle = _export(record, tmp_path / "bundle", quorum=2)
    python, go_ok, go_out = _both(verifier, bundle, record, quorum=2)
    assert python.ok, (python.where, python.error)
    assert python.log_keys == [record.log_vkey, record.new_vkey]
    assert python.rotations == [(9, 12)]
    assert python.cosigners == ["witness.example/0", "witness.example/1"]
    assert go_ok in (None, True), go_out
    # The witnesses adopted the new key at the handover and cosigned the checkpoint after it.
    for w in record.witnesses:
        assert w.log_keys(ORIGIN) == ([record.new_vkey], [record.log_vkey])


def test_a_trusted_checkpoint_from_either_side_of_the_handover_still_proves_consistency(
    verifier: Path | None, tmp_path: Path
) -> None:
    record = make_rotated_record(tmp_path / "r")
    bundle = _export(record, tmp_path / "bundle", quorum=2)
    for size in (5, 12, 20):
        kept = tmp_path / f"kept-{size}"
        kept.write_bytes(record.checkpoints[size])
        python, go_ok, go_out = _both(verifier, bundle, record, 2, trusted=kept)
        assert python.ok, (size, python.where, python.error)
        assert go_ok in (None, True), go_out


# (name, arguments to make_rotated_record, words the Python verifier's message must contain)
FORGED = [
    ("handover signed only by the new key", {"handover": ("new",)}, "the old log key (rotation entry 9)"),
    ("handover signed only by the old key", {"handover": ("old",)}, "the new log key (rotation entry 9)"),
    ("old key signs after the handover", {"after": ("old",)}, "retired log key"),
    ("unannounced key signs after the handover", {"after": ("other",)}, "which no rotation announced"),
    ("unannounced key at the handover", {"handover": ("old", "other")}, "which no rotation announced"),
    ("handover does not announce the new key", {"announce": False}, "does not announce its new key"),
    ("key announced without a rotation entry", {"with_entry": False}, "no rotation entry before it names"),
]


@pytest.mark.parametrize(("name", "kwargs", "words"), FORGED, ids=[f[0] for f in FORGED])
def test_a_forged_rotation_fails_in_both_verifiers(
    verifier: Path | None, tmp_path: Path, name: str, kwargs: dict, words: str
) -> None:
    record = make_rotated_record(tmp_path / "r", n_witnesses=0, **kwargs)
    bundle = _export(record, tmp_path / "bundle", quorum=0, raw=True)
    python, go_ok, go_out = _both(verifier, bundle, record, quorum=0)
    assert not python.ok
    assert python.where is not None and python.where.startswith("checkpoints/"), python.where
    assert words in (python.error or ""), python.error
    assert go_ok in (None, False), go_out


def test_a_rotation_entry_no_checkpoint_covers_fails(verifier: Path | None, tmp_path: Path) -> None:
    # The rotation entry is the last entry and the bundle's last checkpoint predates it.
    record = make_rotated_record(tmp_path / "r", n=12, rotate_at=11, checkpoint_sizes=(5, 11), n_witnesses=0)
    bundle = _export(record, tmp_path / "bundle", quorum=0)
    python, go_ok, go_out = _both(verifier, bundle, record, quorum=0)
    assert not python.ok and "not covered by any checkpoint" in (python.error or "")
    assert go_ok in (None, False), go_out


def test_a_rotation_entry_that_leaves_another_key_fails(verifier: Path | None, tmp_path: Path) -> None:
    record = make_rotated_record(tmp_path / "r", n_witnesses=0)
    bundle = _export(record, tmp_path / "bundle", quorum=0)
    # Trust another first key: the chain does not start where the record's rotation says it leaves.
    _, stranger = generate_key(ORIGIN)
    keys = json.loads((bundle / "keys.json").read_text())
    assert keys["log_vkey"] == record.log_vkey
    report = verify_bundle(bundle, log_vkey=record.log_vkey, witness_vkeys=[], quorum=0)
    assert report.ok
    report = verify_bundle(bundle, log_vkey=stranger, witness_vkeys=[], quorum=0)
    assert not report.ok and report.where == "keys.json"


def _log(tmp: Path, n: int = 4):
    skey, vkey = generate_key(ORIGIN)
    tree = MerkleTree()
    tree.extend(f"e{i}".encode() for i in range(n))
    return parse_signer(skey), vkey, tree


def test_the_witness_adopts_the_new_key_only_from_a_valid_handover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, old_vkey, tree = _log(tmp_path)
    init_witness(tmp_path / "w", "witness.example/w", [(ORIGIN, old_vkey)])
    witness = Witness(tmp_path / "w")
    witness.add_checkpoint(0, [], sign_checkpoint(Checkpoint(ORIGIN, 2, tree.root(2)), [old]))
    new_skey, new_vkey = generate_key(ORIGIN)
    new = parse_signer(new_skey)
    announce = (f"truce-log-key {new_vkey}",)
    handover = Checkpoint(ORIGIN, 3, tree.root(3), announce)
    proof = tree.consistency_proof(2, 3)

    # Signed by the new key alone: refused, and the witness still trusts only the old key.
    with pytest.raises(WitnessError) as refused:
        witness.add_checkpoint(2, proof, sign_checkpoint(handover, [new]))
    assert refused.value.status == 403
    # Signed by the old key but not by the key it announces: refused.
    with pytest.raises(WitnessError) as refused:
        witness.add_checkpoint(2, proof, sign_checkpoint(handover, [old]))
    assert refused.value.status == 403
    # Both keys, but not consistent with what it cosigned: refused, no adoption.
    other = MerkleTree()
    other.extend(f"x{i}".encode() for i in range(4))
    with pytest.raises(WitnessError) as refused:
        witness.add_checkpoint(
            2,
            tree.consistency_proof(2, 3),
            sign_checkpoint(Checkpoint(ORIGIN, 3, other.root(3), announce), [old, new]),
        )
    assert refused.value.status == 422
    assert witness.log_keys(ORIGIN) == ([old_vkey], [])

    # The valid handover: adopted, in the state written with the cosignature (a restart keeps it).
    cosig = witness.add_checkpoint(2, proof, sign_checkpoint(handover, [old, new]))
    assert cosig.startswith("— witness.example/w ".encode())
    witness = Witness(tmp_path / "w")
    assert witness.log_keys(ORIGIN) == ([new_vkey], [old_vkey])
    # The monitoring endpoint still serves the handover with both log signatures.
    import hashlib

    served = witness.monitored_checkpoint(hashlib.sha256(ORIGIN.encode()).hexdigest())
    assert served is not None
    assert len(open_note(served, [old.verifier(), new.verifier()]).sigs) == 2

    # Afterwards: the old key alone is refused (and kept as evidence), the new key alone accepted.
    nxt = Checkpoint(ORIGIN, 4, tree.root(4))
    proof = tree.consistency_proof(3, 4)
    with pytest.raises(WitnessError) as refused:
        witness.add_checkpoint(3, proof, sign_checkpoint(nxt, [old]))
    assert refused.value.status == 403 and "retired" in str(refused.value)
    assert any((tmp_path / "w" / "evidence").iterdir())
    witness.add_checkpoint(3, proof, sign_checkpoint(nxt, [new]))
    assert witness.latest(ORIGIN) == nxt
    capsys.readouterr()
    assert truce_main(["witness", "show", "--state", str(tmp_path / "w")]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"{ORIGIN}\t4",
        f"  log key: {new_vkey}",
        f"  retired: {old_vkey}",
    ]
    assert parse_verifier(new_vkey).key_hash != parse_verifier(old_vkey).key_hash
