"""An append-only RFC 9162 Merkle tree over a :class:`~truce.core.record.storage.NodeStore`.

Appending keeps the *frontier* (the hashes of the perfect subtrees of ``[0, size)``, largest first) in
memory, so a leaf costs one leaf hash plus one node hash per trailing 1 bit of the old size (two hashes
on average) and no read. Roots and proofs at any past size read only the O(log n) perfect-subtree nodes
named by ``proof.py``; after a restart the frontier is rebuilt from O(log n) reads, nothing is rehashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from truce.core.record import proof as shape
from truce.core.record.hashing import EMPTY_ROOT, node_hash
from truce.core.record.storage import MemoryNodeStore, NodeStore

__all__ = ["MerkleTree"]

_sha256 = hashlib.sha256


class MerkleTree:
    """Append leaves; get roots, inclusion and consistency proofs at the current or any earlier size."""

    def __init__(self, store: NodeStore | None = None) -> None:
        self.store: NodeStore = store if store is not None else MemoryNodeStore()
        self._size = self.store.size()
        self._frontier: list[bytes] = self.store.get(shape.range_nodes(0, self._size))

    @property
    def size(self) -> int:
        return self._size

    def append(self, leaf_input: bytes) -> int:
        """Append one leaf (its raw input, hashed here); return its index. One store write."""
        return self.append_hash(_sha256(b"\x00" + leaf_input).digest())

    def append_hash(self, h: bytes) -> int:
        """Append one leaf given by its RFC 9162 leaf hash; return its index. One store write."""
        # The one-leaf case of extend_hashes without its batch bookkeeping: the frontier is only
        # changed after the store accepted the new nodes.
        size, frontier = self._size, self._frontier
        runs = [h]
        n, k = size, 0
        while n & 1:
            k += 1
            h = _sha256(b"\x01" + frontier[-k] + h).digest()
            runs.append(h)
            n >>= 1
        self.store.extend(size, size + 1, runs)
        if k:
            del frontier[-k:]
        frontier.append(h)
        self._size = size + 1
        return size

    def extend(self, leaf_inputs: Iterable[bytes]) -> int:
        """Append leaves in one store write (one transaction for durable stores); return the new size."""
        return self.extend_hashes(_sha256(b"\x00" + data).digest() for data in leaf_inputs)

    def extend_hashes(self, leaf_hashes: Iterable[bytes]) -> int:
        """Append leaves given by their RFC 9162 leaf hashes; return the new size."""
        old_size = size = self._size
        frontier = list(self._frontier)
        runs: list[bytearray] = [bytearray()]
        for h in leaf_hashes:
            runs[0] += h
            n, level = size, 0
            # Each trailing 1 bit of the old size closes a perfect subtree with the new node.
            while n & 1:
                h = _sha256(b"\x01" + frontier.pop() + h).digest()
                level += 1
                if level == len(runs):
                    runs.append(bytearray())
                runs[level] += h
                n >>= 1
            frontier.append(h)
            size += 1
        if size != old_size:
            self.store.extend(old_size, size, runs)
            self._size, self._frontier = size, frontier
        return size

    def root(self, size: int | None = None) -> bytes:
        """Root hash of the tree of the first ``size`` leaves (default: all). Requires size <= self.size."""
        size = self._check_size(size)
        frontier = self._frontier if size == self._size else self.store.get(shape.range_nodes(0, size))
        if not frontier:
            return EMPTY_ROOT
        h = frontier[-1]
        for left in reversed(frontier[:-1]):
            h = node_hash(left, h)
        return h

    def leaf_hash(self, index: int) -> bytes:
        """The stored RFC 9162 hash of leaf ``index``. Requires 0 <= index < size."""
        if not 0 <= index < self._size:
            raise IndexError(f"leaf index {index} is outside a tree of size {self._size}")
        return self.store.get([(0, index)])[0]

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Inclusion proof of leaf ``index`` in the tree of ``size``. Requires index < size <= self.size."""
        size = self._check_size(size)
        nodes = shape.inclusion(index, size)
        return nodes.rehash(self.store.get(nodes.ids), node_hash)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Consistency proof from ``size1`` to ``size2``. Requires 0 <= size1 <= size2 <= self.size."""
        size2 = self._check_size(size2)
        nodes = shape.consistency(size1, size2)
        return nodes.rehash(self.store.get(nodes.ids), node_hash)

    def _check_size(self, size: int | None) -> int:
        if size is None:
            return self._size
        if not 0 <= size <= self._size:
            raise ValueError(f"tree size {size} is outside 0..{self._size}")
        return size
