"""Where the tree keeps its node hashes: a small interface and an in-memory implementation.

A store holds the hash of every *perfect* subtree of the tree built so far, addressed by
``(level, index)`` (level 0 = leaf hashes). At size ``n`` level ``k`` holds exactly ``n >> k`` nodes, so
growing the tree from ``old_size`` to ``new_size`` adds, on every level ``k``, the contiguous run of
nodes ``[old_size >> k, new_size >> k)``. That is the whole write interface (:meth:`NodeStore.extend`);
it maps onto a table of ``(level, index, hash)`` rows (``sqlite_store.py``, or a Django model) as
easily as onto in-memory arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from truce.core.record.hashing import HASH_SIZE
from truce.core.record.proof import NodeID

__all__ = ["MemoryNodeStore", "NodeStore", "StoreError"]


class StoreError(RuntimeError):
    """The store does not hold what was asked for, or a write does not fit what it holds."""


@runtime_checkable
class NodeStore(Protocol):
    def size(self) -> int:
        """Number of leaves whose nodes the store holds."""

    def extend(self, old_size: int, new_size: int, runs: Sequence[bytes | bytearray]) -> None:
        """Add the nodes that growing the tree from ``old_size`` to ``new_size`` creates, atomically.

        ``runs[k]`` is the concatenation of the new level-``k`` hashes, indices ``[old_size >> k,
        new_size >> k)``; levels past ``len(runs)`` gain nothing. Requires ``old_size == self.size()``
        (raise :class:`StoreError` otherwise: another writer got there first).
        """

    def get(self, ids: Sequence[NodeID]) -> list[bytes]:
        """The hashes of the nodes ``ids`` (each a perfect subtree of the stored tree), in that order."""


class MemoryNodeStore:
    """Nodes in one ``bytearray`` per level: 32 bytes per node and no Python object per node."""

    def __init__(self) -> None:
        self._size = 0
        self._levels: list[bytearray] = []

    def size(self) -> int:
        return self._size

    def extend(self, old_size: int, new_size: int, runs: Sequence[bytes | bytearray]) -> None:
        if old_size != self._size:
            raise StoreError(f"store holds {self._size} leaves, not {old_size}: another writer appended")
        levels = self._levels
        for level, run in enumerate(runs):
            if len(run) != ((new_size >> level) - (old_size >> level)) * HASH_SIZE:
                want = (new_size >> level) - (old_size >> level)
                raise StoreError(f"level {level} run is {len(run)} bytes, want {want} nodes of {HASH_SIZE}")
        for level, run in enumerate(runs):
            if level == len(levels):
                levels.append(bytearray())
            levels[level] += run
        self._size = new_size

    def get(self, ids: Sequence[NodeID]) -> list[bytes]:
        out = []
        for level, index in ids:
            if level >= len(self._levels) or index >= (self._size >> level) or index < 0:
                raise StoreError(f"node ({level}, {index}) is not in a tree of size {self._size}")
            start = index * HASH_SIZE
            out.append(bytes(self._levels[level][start : start + HASH_SIZE]))
        return out
