"""The fast tree against the RFC 9162 definitions, and the properties every proof must have."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.record.hashing import leaf_hash, root_from_leaf_hashes
from truce.core.record.proof import consistency, inclusion, range_nodes
from truce.core.record.tree import MerkleTree
from truce.core.record.verify import (
    ProofError,
    ProofShapeError,
    RootMismatchError,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

from . import reference


def _leaves(n: int, seed: int = 0) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.randrange(0, 40)) for _ in range(n)]


def _flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8 % len(out)] ^= 1 << (bit % 8)
    return bytes(out)


def test_roots_and_proofs_match_the_naive_reference_on_random_sizes() -> None:
    rng = random.Random(4)
    leaves = _leaves(140, seed=1)
    tree = MerkleTree()
    tree.extend(leaves)
    for size in [1, 2, 3, 7, 8, 9, 63, 64, 65, 127, 140, *rng.sample(range(1, 141), 12)]:
        prefix = leaves[:size]
        assert tree.root(size) == reference.mth(prefix)
        for index in {0, size - 1, rng.randrange(size)}:
            assert tree.inclusion_proof(index, size) == reference.path(index, prefix)
        for size1 in {1, size, rng.randrange(1, size + 1)}:
            assert tree.consistency_proof(size1, size) == reference.proof(size1, prefix)


def test_one_pass_root_matches_tree_root() -> None:
    leaves = _leaves(77)
    tree = MerkleTree()
    tree.extend(leaves)
    for n in range(78):
        assert root_from_leaf_hashes([leaf_hash(x) for x in leaves[:n]]) == tree.root(n)


def test_appending_one_by_one_equals_appending_in_batches() -> None:
    leaves = _leaves(50)
    one, batched = MerkleTree(), MerkleTree()
    for leaf in leaves:
        one.append(leaf)
    for start in range(0, 50, 11):
        batched.extend(leaves[start : start + 11])
    assert one.root() == batched.root()
    assert one.inclusion_proof(13) == batched.inclusion_proof(13)


def test_proof_shapes_name_only_perfect_subtrees_inside_the_tree() -> None:
    for size in range(1, 70):
        for index in range(size):
            for level, idx in inclusion(index, size).ids:
                assert (idx + 1) << level <= size
        for size1 in range(1, size + 1):
            for level, idx in consistency(size1, size).ids:
                assert (idx + 1) << level <= size


def test_range_nodes_cover_the_range_exactly() -> None:
    for begin in range(0, 40):
        for end in range(begin, 70):
            covered = []
            for level, idx in range_nodes(begin, end):
                covered.extend(range(idx << level, (idx + 1) << level))
            assert covered == list(range(begin, end))


def test_past_sizes_beyond_the_tree_are_refused() -> None:
    tree = MerkleTree()
    tree.extend(_leaves(5))
    with pytest.raises(ValueError, match="outside"):
        tree.root(6)
    with pytest.raises(ValueError, match="outside"):
        tree.inclusion_proof(5, 5)
    with pytest.raises(ValueError):
        tree.consistency_proof(4, 6)


def test_wrong_length_proof_is_a_shape_error_and_wrong_root_a_mismatch() -> None:
    tree = MerkleTree()
    tree.extend(_leaves(9))
    proof = tree.inclusion_proof(3)
    with pytest.raises(ProofShapeError):
        verify_inclusion(3, 9, tree.leaf_hash(3), proof[:-1], tree.root())
    with pytest.raises(ProofShapeError):
        verify_inclusion(3, 9, tree.leaf_hash(3), [*proof[:-1], proof[-1] + b"\x00"], tree.root())
    with pytest.raises(RootMismatchError):
        verify_inclusion(3, 9, tree.leaf_hash(4), proof, tree.root())
    with pytest.raises(ProofShapeError):
        root_from_inclusion_proof(9, 9, tree.leaf_hash(3), proof)


def test_consistency_from_the_empty_tree_is_refused_as_meaningless() -> None:
    with pytest.raises(ProofShapeError, match="empty tree"):
        verify_consistency(0, 3, [], b"\x00" * 32, b"\x00" * 32)


@settings(max_examples=60, deadline=None, database=None)
@given(size=st.integers(1, 300), seed=st.integers(0, 2**32))
def test_every_leaf_inclusion_verifies(size: int, seed: int) -> None:
    tree = MerkleTree()
    tree.extend(_leaves(size, seed))
    root = tree.root()
    for index in range(size):
        verify_inclusion(index, size, tree.leaf_hash(index), tree.inclusion_proof(index), root)


@settings(max_examples=25, deadline=None, database=None)
@given(size=st.integers(1, 70), seed=st.integers(0, 2**32))
def test_consistency_between_every_pair_of_sizes_verifies(size: int, seed: int) -> None:
    tree = MerkleTree()
    tree.extend(_leaves(size, seed))
    roots = [tree.root(n) for n in range(size + 1)]
    for size2 in range(1, size + 1):
        for size1 in range(1, size2 + 1):
            verify_consistency(size1, size2, tree.consistency_proof(size1, size2), roots[size1], roots[size2])


@settings(max_examples=150, deadline=None, database=None)
@given(
    size=st.integers(2, 200),
    data=st.data(),
)
def test_a_flipped_bit_anywhere_fails(size: int, data: st.DataObject) -> None:
    tree = MerkleTree()
    tree.extend(_leaves(size, size))
    index = data.draw(st.integers(0, size - 1))
    proof = tree.inclusion_proof(index)
    root, leaf = tree.root(), tree.leaf_hash(index)
    bit = data.draw(st.integers(0, 255))
    target = data.draw(st.sampled_from(["leaf", "root", *range(len(proof))]))
    if target == "leaf":
        leaf = _flip(leaf, bit)
    elif target == "root":
        root = _flip(root, bit)
    else:
        proof = [*proof]
        proof[target] = _flip(proof[target], bit)
    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaf, proof, root)

    size1 = data.draw(st.integers(1, size - 1))
    cproof = tree.consistency_proof(size1, size)
    roots = [tree.root(size1), tree.root()]
    which = data.draw(st.integers(0, len(cproof) + 1))
    if which < len(cproof):
        cproof[which] = _flip(cproof[which], bit)
    else:
        roots[which - len(cproof)] = _flip(roots[which - len(cproof)], bit)
    with pytest.raises(ProofError):
        verify_consistency(size1, size, cproof, roots[0], roots[1])
