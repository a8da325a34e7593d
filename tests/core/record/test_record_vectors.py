"""The published vectors (docs/record-vectors/) are what the code produces, and check out on their own.

The first test fails when the code's output drifts from the files (regenerate with
``python -m tests.core.record.vectors`` only for a deliberate format change, and say so in the docs);
the others recompute each vector from its inputs the way docs/record.md describes, as another
implementation would.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from truce.core.canonical import canonical_bytes
from truce.core.record.bundle import verify_bundle
from truce.core.record.checkpoint import parse_checkpoint
from truce.core.record.cosignature import witness_verifier
from truce.core.record.note import open_note, parse_verifier
from truce.core.record.verify import verify_consistency, verify_inclusion

from . import vectors


@pytest.fixture(scope="module")
def published() -> dict[str, Any]:
    return json.loads((vectors.DIR / "vectors.json").read_text(encoding="utf-8"))


def test_published_files_are_exactly_what_the_code_produces() -> None:
    built = vectors.build()
    on_disk = {
        str(p.relative_to(vectors.DIR)): p.read_bytes()
        for p in sorted(vectors.DIR.rglob("*"))
        if p.is_file() and p.name != "README.md"
    }
    assert sorted(on_disk) == sorted(built)
    for name, data in built.items():
        assert on_disk[name] == data, f"docs/record-vectors/{name} drifted from the code"


def test_entry_vector_leaf_input_is_the_canonical_json_and_hashes_as_published(published) -> None:
    entry = published["entry"]
    leaf = bytes.fromhex(entry["leaf_input_hex"])
    assert leaf == entry["leaf_input"].encode() == canonical_bytes(entry["json"])
    assert hashlib.sha256(leaf).hexdigest() == entry["digest"]
    assert hashlib.sha256(b"\x00" + leaf).hexdigest() == entry["leaf_hash"]
    assert (
        entry["json"]["prev"]
        == hashlib.sha256((vectors.DIR / "bundle" / "entries.jsonl").read_bytes().split(b"\n")[0]).hexdigest()
    )


def test_commitment_hashes_the_raw_salt_bytes_then_the_canonical_value(published) -> None:
    c = published["commitment"]
    salt = bytes.fromhex(c["salt"])
    assert len(salt) == 32
    assert bytes.fromhex(c["canonical_bytes_hex"]) == canonical_bytes(c["value"])
    assert bytes.fromhex(c["hashed_hex"]) == salt + canonical_bytes(c["value"])
    assert hashlib.sha256(bytes.fromhex(c["hashed_hex"])).hexdigest() == c["commitment"]
    assert published["entry"]["json"]["sealed"][c["name"]] == c["commitment"]
    # Hashing the hex text of the salt instead gives another value: the raw bytes are what count.
    assert hashlib.sha256(c["salt"].encode() + canonical_bytes(c["value"])).hexdigest() != c["commitment"]


def test_tree_vectors_prove_inclusion_and_consistency(published) -> None:
    t = published["tree"]
    roots = {int(n): bytes.fromhex(r) for n, r in t["roots"].items()}
    assert roots[0] == hashlib.sha256(b"").digest()
    inc = t["inclusion"]
    verify_inclusion(
        inc["index"],
        inc["size"],
        bytes.fromhex(t["leaf_hashes"][inc["index"]]),
        [bytes.fromhex(h) for h in inc["proof"]],
        roots[inc["size"]],
    )
    con = t["consistency"]
    verify_consistency(
        con["size1"], con["size2"], [bytes.fromhex(h) for h in con["proof"]], roots[2], roots[3]
    )


def test_checkpoint_and_cosignature_vectors_verify_under_the_published_keys(published) -> None:
    log = parse_verifier(published["keys"]["log"]["vkey"])
    cp = published["checkpoint"]
    note = open_note(cp["signed_by_log"].encode(), [log])
    assert note.text == cp["text"]
    assert parse_checkpoint(cp["text"]).root_hash.hex() == published["tree"]["roots"]["3"]
    co = published["cosignature"]
    assert co["signed_message"] == f"cosignature/v1\ntime {co['timestamp']}\n" + cp["text"]
    witness = witness_verifier(co["witness_vkey"])
    raw = base64.b64decode(co["line"].split(" ")[2])
    assert int.from_bytes(raw[4:12], "big") == co["timestamp"]
    cosigned = open_note(cp["signed_by_log"].encode() + co["line"].encode(), [log, witness])
    assert [s.name for s in cosigned.sigs] == [log.name, witness.name]


def test_vector_bundle_verifies_against_the_published_keys(published) -> None:
    keys = published["keys"]
    report = verify_bundle(
        vectors.DIR / "bundle",
        log_vkey=keys["log"]["vkey"],
        witness_vkeys=[w["vkey"] for w in keys["witnesses"]],
        quorum=2,
    )
    assert report.ok, report.error
    assert (report.entries, report.checkpoints, report.openings) == (4, [2, 4], 5)


def test_rotated_vector_bundle_follows_the_handover_from_the_first_key(published, tmp_path: Path) -> None:
    """docs/record.md §5.1: entry 4 rotates the log key, checkpoint 5 hands over, 6 is the new key's."""
    import shutil

    keys = published["keys"]
    pins = {
        "log_vkey": keys["log"]["vkey"],
        "witness_vkeys": [w["vkey"] for w in keys["witnesses"]],
        "quorum": 2,
    }
    report = verify_bundle(vectors.DIR / "rotated-bundle", **pins)
    assert report.ok, report.error
    assert report.log_keys == [keys["log"]["vkey"], keys["log_after_rotation"]["vkey"]]
    assert (report.entries, report.checkpoints, report.rotations) == (6, [2, 4, 5, 6], [(4, 5)])
    # Without the handover checkpoint, checkpoint 6 is the first beyond the rotation entry and does not
    # carry the old key's signature: refused.
    copy = tmp_path / "copy"
    shutil.copytree(vectors.DIR / "rotated-bundle", copy)
    (copy / "checkpoints" / "5").unlink()
    refused = verify_bundle(copy, **pins)
    assert not refused.ok and refused.where == "checkpoints/6", refused.error


def test_docs_point_at_the_vectors() -> None:
    record_md = (Path(vectors.DIR).parent / "record.md").read_text(encoding="utf-8")
    assert "record-vectors/" in record_md


def test_veiled_entry_vector_shows_only_time_and_agreement_and_its_event_opens(published) -> None:
    """Event version 2 (docs/record.md §1.4) beside version 1 entries in the same bundle."""
    veiled = published["veiled_entry"]
    entry = veiled["json"]
    assert (entry["type"], entry["subject"], entry["data"]) == ("Veiled", "veiled", {"event_version": 2})
    opening = veiled["event_opening"]
    recomputed = hashlib.sha256(
        bytes.fromhex(opening["salt"]) + canonical_bytes(opening["value"])
    ).hexdigest()
    assert entry["sealed"]["event"] == recomputed
    assert opening["value"]["subject"] == "report:2" and opening["value"]["data"]["kind"] == "observation"
