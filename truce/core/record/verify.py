"""Verification of RFC 9162 inclusion and consistency proofs (port of transparency-dev/merkle ``proof``).

Every failure raises a subclass of :class:`ProofError`, so callers can tell a malformed proof
(:class:`ProofShapeError`) from a well-formed one that proves something else (:class:`RootMismatchError`).
"""

from __future__ import annotations

from collections.abc import Sequence

from truce.core.record.hashing import HASH_SIZE, node_hash

__all__ = [
    "ProofError",
    "ProofShapeError",
    "RootMismatchError",
    "root_from_inclusion_proof",
    "verify_consistency",
    "verify_inclusion",
]


class ProofError(ValueError):
    """A Merkle proof does not verify."""


class ProofShapeError(ProofError):
    """The proof has the wrong number of hashes, a hash of the wrong length, or impossible sizes."""


class RootMismatchError(ProofError):
    """The proof is well formed but leads to a different root than the one given."""

    def __init__(self, calculated: bytes, expected: bytes) -> None:
        super().__init__(f"calculated root {calculated.hex()} does not match expected root {expected.hex()}")
        self.calculated = calculated
        self.expected = expected


def _decomp_incl_proof(index: int, size: int) -> tuple[int, int]:
    inner = (index ^ (size - 1)).bit_length()
    border = (index >> inner).bit_count()
    return inner, border


def _check_hashes(proof: Sequence[bytes]) -> None:
    for i, h in enumerate(proof):
        if len(h) != HASH_SIZE:
            raise ProofShapeError(f"proof hash {i} is {len(h)} bytes, want {HASH_SIZE}")


def _check_root(root: bytes, name: str) -> None:
    if len(root) != HASH_SIZE:
        raise ProofShapeError(f"{name} is {len(root)} bytes, want {HASH_SIZE}")


def _chain_inner(seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    for i, h in enumerate(proof):
        seed = node_hash(seed, h) if (index >> i) & 1 == 0 else node_hash(h, seed)
    return seed


def _chain_inner_right(seed: bytes, proof: Sequence[bytes], index: int) -> bytes:
    for i, h in enumerate(proof):
        if (index >> i) & 1:
            seed = node_hash(h, seed)
    return seed


def _chain_border_right(seed: bytes, proof: Sequence[bytes]) -> bytes:
    for h in proof:
        seed = node_hash(h, seed)
    return seed


def _match(calculated: bytes, expected: bytes) -> None:
    if calculated != expected:
        raise RootMismatchError(calculated, expected)


def root_from_inclusion_proof(index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]) -> bytes:
    """The root implied by an inclusion proof of ``leaf_hash`` (already hashed) at ``index``."""
    if not 0 <= index < size:
        raise ProofShapeError(f"leaf index {index} is outside a tree of size {size}")
    if len(leaf_hash) != HASH_SIZE:
        raise ProofShapeError(f"leaf hash is {len(leaf_hash)} bytes, want {HASH_SIZE}")
    inner, border = _decomp_incl_proof(index, size)
    if len(proof) != inner + border:
        raise ProofShapeError(f"inclusion proof has {len(proof)} hashes, want {inner + border}")
    _check_hashes(proof)
    res = _chain_inner(leaf_hash, proof[:inner], index)
    return _chain_border_right(res, proof[inner:])


def verify_inclusion(index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise :class:`ProofError` unless ``proof`` shows ``leaf_hash`` at ``index`` in the tree ``root``."""
    _check_root(root, "root")
    _match(root_from_inclusion_proof(index, size, leaf_hash, proof), root)


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    """Raise :class:`ProofError` unless the tree ``root2`` of ``size2`` extends the tree ``root1``.

    Requires ``0 < size1``.
    """
    if size1 < 0 or size2 < size1:
        raise ProofShapeError(f"size2 ({size2}) < size1 ({size1}): a tree cannot shrink")
    if size1 == 0:
        # As transparency-dev's reference vectors require: refuse rather than vacuously accept, since
        # every tree extends the empty one and a caller asking this has a bug (a witness handles old
        # size 0 itself, without a proof).
        raise ProofShapeError("a consistency proof from the empty tree proves nothing; check size1 > 0 first")
    if size1 == size2:
        if proof:
            raise ProofShapeError("size1 == size2, but the proof is not empty")
        _match(root1, root2)
        return
    if not proof:
        raise ProofShapeError("empty consistency proof")
    _check_hashes(proof)
    inner, border = _decomp_incl_proof(size1 - 1, size2)
    shift = (size1 & -size1).bit_length() - 1
    inner -= shift
    # The proof starts with the hash of the largest perfect subtree ending at size1, unless that subtree is
    # the whole old tree, whose hash is root1.
    if size1 == 1 << shift:
        seed, start = root1, 0
    else:
        seed, start = proof[0], 1
    if len(proof) != start + inner + border:
        raise ProofShapeError(f"consistency proof has {len(proof)} hashes, want {start + inner + border}")
    rest = proof[start:]
    mask = (size1 - 1) >> shift
    hash1 = _chain_border_right(_chain_inner_right(seed, rest[:inner], mask), rest[inner:])
    _match(hash1, root1)
    hash2 = _chain_border_right(_chain_inner(seed, rest[:inner], mask), rest[inner:])
    _match(hash2, root2)
