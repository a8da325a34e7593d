"""Every transparency-dev/merkle proof probe in ../shared/vectors: accept exactly those with wantErr false."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from truce.core.record.hashing import EMPTY_ROOT, leaf_hash
from truce.core.record.tree import MerkleTree
from truce.core.record.verify import ProofError, verify_consistency, verify_inclusion

from .conftest import VECTORS, shared_vectors

REFERENCE_LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
REFERENCE_ROOT = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"


def _files(kind: str) -> list[Path]:
    return sorted((VECTORS / "merkle" / kind).glob("**/*.json"))


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value) if value else b""


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", _files("inclusion"), ids=_id)
def test_inclusion_probe(path: Path) -> None:
    d = json.loads(path.read_text())
    proof = [_b64(p) for p in d["proof"] or []]
    try:
        verify_inclusion(d["leafIdx"], d["treeSize"], _b64(d["leafHash"]), proof, _b64(d["root"]))
    except ProofError:
        assert d["wantErr"], f"{d['desc']}: rejected a valid proof"
    else:
        assert not d["wantErr"], f"{d['desc']}: accepted an invalid proof"


@pytest.mark.parametrize("path", _files("consistency"), ids=_id)
def test_consistency_probe(path: Path) -> None:
    d = json.loads(path.read_text())
    proof = [_b64(p) for p in d["proof"] or []]
    try:
        verify_consistency(d["size1"], d["size2"], proof, _b64(d["root1"]), _b64(d["root2"]))
    except ProofError:
        assert d["wantErr"], f"{d['desc']}: rejected a valid proof"
    else:
        assert not d["wantErr"], f"{d['desc']}: accepted an invalid proof"


def test_vector_folders_are_all_present() -> None:
    shared_vectors("merkle")
    assert len(_files("inclusion")) > 50 and len(_files("consistency")) > 50
    wanted_ok = [
        p for p in _files("inclusion") + _files("consistency") if not json.loads(p.read_text())["wantErr"]
    ]
    assert wanted_ok, "the vectors must include happy paths, or the probes prove nothing"


def test_reference_tree_root() -> None:
    tree = MerkleTree()
    tree.extend(REFERENCE_LEAVES)
    assert tree.root().hex() == REFERENCE_ROOT


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert MerkleTree().root() == EMPTY_ROOT
    assert EMPTY_ROOT.hex().startswith("e3b0c442") and EMPTY_ROOT.hex().endswith("b855")


def test_our_proofs_equal_the_happy_path_vectors() -> None:
    """The fast tree produces byte-identical proofs to transparency-dev's for the 8-leaf tree."""
    shared_vectors("merkle")
    tree = MerkleTree()
    tree.extend(REFERENCE_LEAVES)
    checked = 0
    for path in _files("inclusion"):
        d = json.loads(path.read_text())
        if d["desc"] != "happy path" or d["treeSize"] > 8:
            continue
        if _b64(d["leafHash"]) != leaf_hash(REFERENCE_LEAVES[d["leafIdx"]]):
            continue
        assert tree.inclusion_proof(d["leafIdx"], d["treeSize"]) == [_b64(p) for p in d["proof"] or []]
        checked += 1
    for path in _files("consistency"):
        d = json.loads(path.read_text())
        if d["desc"] != "happy path" or d["size2"] > 8 or _b64(d["root2"]) != tree.root(d["size2"]):
            continue
        assert tree.consistency_proof(d["size1"], d["size2"]) == [_b64(p) for p in d["proof"] or []]
        checked += 1
    assert checked >= 4
