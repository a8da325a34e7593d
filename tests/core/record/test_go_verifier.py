"""An independent verifier (tools/verify-go, on Go's golang.org/x/mod/sumdb/note and sumdb/tlog) agrees
with ``truce record verify`` on every bundle, accepted or rejected, and checks our proofs.

Runs in ``make test-go`` (which requires Go) and skips elsewhere when Go is not installed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from truce.core.canonical import canonical_bytes
from truce.core.record.bundle import verify_bundle, write_bundle
from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.note import parse_signer
from truce.core.record.tlog_proof import format_proof, prove
from truce.core.record.tree import MerkleTree
from truce.core.record.verify import ProofError, verify_consistency

from . import gotool
from .forgery import add_unknown_cosignature, forge_quorum, rewritten_entries
from .records import ORIGIN, Record, make_record

pytestmark = pytest.mark.go


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gotool.build(tmp_path_factory.mktemp("go"))


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Record:
    return make_record(tmp_path_factory.mktemp("record"), 40, [1, 5, 12, 33, 40])


def _export(record: Record, out: Path, *, public: bool = False, quorum: int = 2) -> Path:
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=record.entries,
        checkpoints=list(record.checkpoints.values()),
        witnesses=record.witness_keys(),
        quorum=quorum,
        openings=None if public else record.openings,
    )
    return out


def _flip_in_line(path: Path, line: int, old: bytes, new: bytes) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    assert old in lines[line]
    lines[line] = lines[line].replace(old, new, 1)
    path.write_bytes(b"".join(lines))


def _drop_last_cosignature(path: Path) -> None:
    text = path.read_text()
    path.write_text("".join(line + "\n" for line in text.split("\n")[:-2]))


def _swap_lines(path: Path, a: int, b: int) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    lines[a], lines[b] = lines[b], lines[a]
    path.write_bytes(b"".join(lines))


def _lower_quorum(bundle: Path) -> None:
    keys = json.loads((bundle / "keys.json").read_text())
    keys["quorum"] = 0
    (bundle / "keys.json").write_bytes(canonical_bytes(keys) + b"\n")
    _drop_last_cosignature(bundle / "checkpoints" / "40")
    _drop_last_cosignature(bundle / "checkpoints" / "40")


def _tamper_opening(bundle: Path) -> None:
    lines = (bundle / "openings.jsonl").read_bytes().splitlines(keepends=True)
    obj = json.loads(lines[0])
    obj["value"] = "something else"
    lines[0] = canonical_bytes(obj) + b"\n"
    (bundle / "openings.jsonl").write_bytes(b"".join(lines))


# (name, change to a faithful full bundle, pin the genuine keys?, should verify)
CASES: list[tuple[str, Callable[[Path], None], bool, bool]] = [
    ("faithful", lambda b: None, True, True),
    ("faithful, keys.json trusted", lambda b: None, False, True),
    ("extra unknown cosignature", lambda b: add_unknown_cosignature(b / "checkpoints" / "40"), True, True),
    ("changed entry value", lambda b: _flip_in_line(b / "entries.jsonl", 7, b'"n":7', b'"n":8'), True, False),
    (
        "changed last entry",
        lambda b: _flip_in_line(b / "entries.jsonl", 39, b'"n":39', b'"n":38'),
        True,
        False,
    ),
    ("swapped entries", lambda b: _swap_lines(b / "entries.jsonl", 2, 3), True, False),
    ("missing cosignature", lambda b: _drop_last_cosignature(b / "checkpoints" / "40"), True, False),
    ("missing latest checkpoint", lambda b: (b / "checkpoints" / "40").unlink(), True, False),
    (
        "renamed checkpoint",
        lambda b: (b / "checkpoints" / "12").rename(b / "checkpoints" / "13"),
        True,
        False,
    ),
    ("quorum lowered in keys.json", _lower_quorum, True, False),
    ("tampered opening", _tamper_opening, True, False),
    (
        "truncated entries",
        lambda b: (b / "entries.jsonl").write_bytes((b / "entries.jsonl").read_bytes()[:-1]),
        True,
        False,
    ),
]


def _both(
    verifier: Path, bundle: Path, record: Record, pin: bool, trusted: Path | None = None
) -> tuple[bool, bool, str]:
    kwargs: dict = {}
    args: list[str | Path] = ["bundle"]
    if pin:
        witnesses = [w.vkey for w in record.witnesses]
        kwargs = {"log_vkey": record.log_vkey, "witness_vkeys": witnesses, "quorum": 2}
        args += ["-key", record.log_vkey, "-quorum", "2"]
        for w in witnesses:
            args += ["-witness", w]
    if trusted is not None:
        args += ["-trusted", trusted]
    python = verify_bundle(bundle, trusted.read_bytes() if trusted else None, **kwargs)
    go_ok, go_out = gotool.run(verifier, *args, bundle)
    return python.ok, go_ok, f"python: {python.where}: {python.error}; go: {go_out}"


@pytest.mark.parametrize(("name", "change", "pin", "ok"), CASES, ids=[c[0] for c in CASES])
def test_go_and_python_verifiers_agree_on_the_bundle(
    verifier: Path,
    record: Record,
    tmp_path: Path,
    name: str,
    change: Callable[[Path], None],
    pin: bool,
    ok: bool,
) -> None:
    bundle = _export(record, tmp_path / "bundle")
    change(bundle)
    python_ok, go_ok, said = _both(verifier, bundle, record, pin)
    assert python_ok == go_ok == ok, said


def test_both_refuse_the_forged_quorum_bundle_given_the_pinned_keys(
    verifier: Path, record: Record, tmp_path: Path
) -> None:
    forged = forge_quorum(record, tmp_path / "forged", sizes=(5, 12, 33, 40))
    python_ok, go_ok, said = _both(verifier, forged, record, pin=True)
    assert not python_ok and not go_ok, said
    assert "witness.example/0" in said.split("go:")[1]
    # Trusting the bundle's own keys.json, both see only a self-consistent bundle: why pins matter.
    python_ok, go_ok, said = _both(verifier, forged, record, pin=False)
    assert python_ok and go_ok, said


def test_both_accept_a_public_bundle(verifier: Path, record: Record, tmp_path: Path) -> None:
    python_ok, go_ok, said = _both(
        verifier, _export(record, tmp_path / "public", public=True), record, pin=True
    )
    assert python_ok and go_ok, said


def test_both_compare_with_a_trusted_checkpoint(verifier: Path, record: Record, tmp_path: Path) -> None:
    bundle = _export(record, tmp_path / "bundle")
    kept = tmp_path / "kept"
    kept.write_bytes(record.checkpoints[12])
    assert _both(verifier, bundle, record, True, kept)[:2] == (True, True)
    # A checkpoint of another history at size 12, signed with the genuine log key.
    other = MerkleTree()
    other.extend(e.leaf_input() for e in rewritten_entries(record.entries, 3)[:12])
    kept.write_bytes(sign_checkpoint(Checkpoint(ORIGIN, 12, other.root()), [parse_signer(record.log_skey)]))
    python_ok, go_ok, said = _both(verifier, bundle, record, True, kept)
    assert not python_ok and not go_ok, said


def test_go_checks_our_inclusion_proofs(verifier: Path, record: Record, tmp_path: Path) -> None:
    pins = [
        "-key",
        record.log_vkey,
        "-quorum",
        "2",
        *(arg for w in record.witnesses for arg in ("-witness", w.vkey)),
    ]
    for index in (0, 1, 17, 32, 39):
        path = tmp_path / f"{index}.tlog-proof"
        path.write_text(prove(record.tree, index, record.checkpoints[40], record.entries[index].leaf_input()))
        ok, out = gotool.run(verifier, "proof", *pins, path)
        assert ok, out
    # The proof of entry 17 presented as a proof of entry 18 fails.
    text = prove(record.tree, 17, record.checkpoints[40], record.entries[17].leaf_input())
    path = tmp_path / "wrong.tlog-proof"
    path.write_text(text.replace("index 17\n", "index 18\n"))
    ok, out = gotool.run(verifier, "proof", *pins, path)
    assert not ok and "FAILED" in out
    # A truncated proof fails.
    proof = record.tree.inclusion_proof(17, 40)
    path.write_text(format_proof(17, proof[:-1], record.checkpoints[40], record.entries[17].leaf_input()))
    assert not gotool.run(verifier, "proof", *pins, path)[0]


@pytest.mark.parametrize(("old", "new"), [(1, 5), (5, 12), (12, 33), (5, 40), (33, 40), (40, 40)])
def test_go_checks_our_consistency_proofs(
    verifier: Path, record: Record, tmp_path: Path, old: int, new: int
) -> None:
    proof = record.tree.consistency_proof(old, new)
    verify_consistency(old, new, proof, record.tree.root(old), record.tree.root(new))
    paths = {}
    for size in (old, new):
        paths[size] = tmp_path / f"cp{size}"
        paths[size].write_bytes(record.checkpoints[size])
    proof_file = tmp_path / "proof"
    proof_file.write_text("".join(base64.b64encode(h).decode() + "\n" for h in proof))
    args = ["consistency", "-key", record.log_vkey, "-old", paths[old], "-new", paths[new], proof_file]
    ok, out = gotool.run(verifier, *args)
    assert ok, out
    if proof:
        bad = [*proof[:-1], bytes(32)]
        with pytest.raises(ProofError):
            verify_consistency(old, new, bad, record.tree.root(old), record.tree.root(new))
        proof_file.write_text("".join(base64.b64encode(h).decode() + "\n" for h in bad))
        assert not gotool.run(verifier, *args)[0]


def test_go_refuses_a_checkpoint_signed_by_another_log_key(
    verifier: Path, record: Record, tmp_path: Path
) -> None:
    from truce.core.record.note import generate_key

    bundle = _export(record, tmp_path / "bundle")
    _, other = generate_key(ORIGIN)
    ok, out = gotool.run(verifier, "bundle", "-key", other, bundle)
    assert not ok and "log_vkey is not the pinned log key" in out


def test_both_accept_an_empty_record_with_its_size_0_checkpoint(verifier: Path, tmp_path: Path) -> None:
    """RFC 6962's empty root is SHA-256 of nothing (tlog.TreeHash(0) is all zeros: the Go tool must
    not use it for size 0)."""
    empty = make_record(tmp_path / "empty", 0, [0])
    bundle = _export(empty, tmp_path / "bundle")
    assert (bundle / "entries.jsonl").read_bytes() == b""
    python_ok, go_ok, said = _both(verifier, bundle, empty, pin=True)
    assert python_ok and go_ok, said


def test_go_verifies_the_published_vector_bundle(verifier: Path) -> None:
    from . import vectors

    keys = json.loads((vectors.DIR / "vectors.json").read_text(encoding="utf-8"))["keys"]
    pins = [arg for w in keys["witnesses"] for arg in ("-witness", w["vkey"])]
    ok, out = gotool.run(
        verifier, "bundle", "-key", keys["log"]["vkey"], "-quorum", "2", *pins, vectors.DIR / "bundle"
    )
    assert ok and "4 entries, 2 checkpoints" in out and "5 openings" in out, out


def test_go_follows_the_key_rotation_in_the_published_rotated_bundle(verifier: Path) -> None:
    from . import vectors

    keys = json.loads((vectors.DIR / "vectors.json").read_text(encoding="utf-8"))["keys"]
    pins = [arg for w in keys["witnesses"] for arg in ("-witness", w["vkey"])]
    bundle = vectors.DIR / "rotated-bundle"
    ok, out = gotool.run(verifier, "bundle", "-key", keys["log"]["vkey"], "-quorum", "2", *pins, bundle)
    assert ok and "6 entries, 4 checkpoints" in out, out
    # Trusting the rotated-to key from the start is not the chain the record shows.
    ok, out = gotool.run(
        verifier, "bundle", "-key", keys["log_after_rotation"]["vkey"], "-quorum", "2", *pins, bundle
    )
    assert not ok, out
