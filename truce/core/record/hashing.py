"""RFC 9162 (section 2.1.1) Merkle tree hashing with SHA-256.

A leaf hash is ``SHA-256(0x00 || leaf_input)``, an interior node ``SHA-256(0x01 || left || right)`` and
the root of the empty tree ``SHA-256()``. The distinct prefixes keep a leaf from being passed off as an
interior node (second-preimage resistance), which every proof verifier in ``verify.py`` relies on.
"""

from __future__ import annotations

import hashlib

__all__ = ["EMPTY_ROOT", "HASH_SIZE", "leaf_hash", "node_hash", "root_from_leaf_hashes"]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_LEAF = b"\x00"
_NODE = b"\x01"
_sha256 = hashlib.sha256


def leaf_hash(leaf_input: bytes) -> bytes:
    """The RFC 9162 hash of one leaf input (the raw entry bytes, not yet hashed)."""
    return _sha256(_LEAF + leaf_input).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 9162 hash of an interior node from its children's hashes."""
    return _sha256(_NODE + left + right).digest()


def root_from_leaf_hashes(hashes: list[bytes]) -> bytes:
    """Root of the tree whose leaves hash to ``hashes``, in one pass (O(n) time, O(log n) memory).

    Used where a whole tree is rebuilt at once (bundle verification) and no node needs to be kept.
    """
    stack: list[bytes] = []
    for count, h in enumerate(hashes):
        # Each trailing 1 bit of the leaf count before this leaf closes one perfect subtree.
        n = count
        while n & 1:
            h = _sha256(_NODE + stack.pop() + h).digest()
            n >>= 1
        stack.append(h)
    if not stack:
        return EMPTY_ROOT
    h = stack.pop()
    while stack:
        h = _sha256(_NODE + stack.pop() + h).digest()
    return h
