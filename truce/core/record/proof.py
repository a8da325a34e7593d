"""Proof shapes: which tree nodes make up an inclusion or a consistency proof. Pure index arithmetic.

A port of the shape logic of transparency-dev/merkle (``proof/proof.go`` and ``compact/range.go``):
a proof is a list of node IDs ``(level, index)`` — level 0 is the leaves, node ``(l, i)`` covers leaves
``[i * 2^l, (i + 1) * 2^l)`` — every one of them the root of a *perfect* subtree inside the tree, so a
store that keeps perfect-subtree hashes (``storage.py``) can answer with O(log n) reads. Where the
RFC 9162 proof needs the hash of an *ephemeral* node (the right border of a tree whose size is not a
power of two), the shape lists the perfect subtrees that cover it and :meth:`Nodes.rehash` folds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["NodeID", "Nodes", "consistency", "decompose", "inclusion", "range_nodes"]

NodeID = tuple[int, int]  # (level, index)


def decompose(begin: int, end: int) -> tuple[int, int]:
    """Split ``[begin, end)`` into perfect subtrees; return two bit masks (left part, right part).

    Set bit ``k`` of the left mask means a subtree of ``2^k`` leaves on the left border (taken from the
    lowest level up); set bit ``k`` of the right mask one on the right border (from the highest level
    down). Requires ``0 <= begin <= end``.
    """
    if begin == 0:
        return 0, end
    xbegin = begin - 1
    # Only nodes strictly below the point where the paths to leaves begin-1 and end diverge are inside.
    d = (xbegin ^ end).bit_length() - 1
    mask = (1 << d) - 1
    return ~xbegin & mask, end & mask


def range_nodes(begin: int, end: int) -> list[NodeID]:
    """The perfect subtrees covering ``[begin, end)``, left to right. Requires ``0 <= begin <= end``."""
    left, right = decompose(begin, end)
    ids: list[NodeID] = []
    pos = begin
    while left:
        level = (left & -left).bit_length() - 1
        ids.append((level, pos >> level))
        pos += 1 << level
        left ^= 1 << level
    while right:
        level = right.bit_length() - 1
        ids.append((level, pos >> level))
        pos += 1 << level
        right ^= 1 << level
    return ids


@dataclass(frozen=True)
class Nodes:
    """The node IDs of a proof, and where (if anywhere) an ephemeral node must be folded from them.

    ``ids[begin:end]`` are the perfect subtrees covering the ephemeral node, ordered from the rightmost
    (lowest) one; when ``begin == end`` no folding is needed and the hashes of ``ids`` are the proof.
    """

    ids: list[NodeID]
    begin: int = 0
    end: int = 0
    ephemeral: NodeID | None = None

    def rehash(self, hashes: Sequence[bytes], node_hash: Callable[[bytes, bytes], bytes]) -> list[bytes]:
        """Turn the hashes of :attr:`ids` (same order) into the RFC 9162 proof."""
        if len(hashes) != len(self.ids):
            raise ValueError(f"got {len(hashes)} hashes for {len(self.ids)} proof nodes")
        if self.begin >= self.end:
            return list(hashes)
        h = hashes[self.begin]
        for i in range(self.begin + 1, self.end):
            h = node_hash(hashes[i], h)
        return [*hashes[: self.begin], h, *hashes[self.end :]]

    def _skip_first(self) -> Nodes:
        if self.begin < self.end:
            return Nodes(self.ids[1:], self.begin - 1, self.end - 1, self.ephemeral)
        return Nodes(self.ids[1:])


def _nodes(index: int, level: int, size: int) -> Nodes:
    """Nodes proving node ``(level, index)`` into the tree of ``size`` leaves; the seed node comes first."""
    # The fork is where the path from the root to (level, index) leaves the path to leaf `size`; its
    # sibling is the ephemeral node, covered by the perfect subtrees of [fork_end, size).
    inner = (index ^ (size >> level)).bit_length() - 1
    fork_level, fork_index = level + inner, index >> inner
    fork_begin, fork_end = fork_index << fork_level, (fork_index + 1) << fork_level

    ids: list[NodeID] = [(level, index)]
    lvl, idx = level, index
    while lvl < fork_level:
        ids.append((lvl, idx ^ 1))
        lvl, idx = lvl + 1, idx >> 1
    len1 = len(ids)
    # Right range reversed so that rehash folds from the lowest (rightmost) subtree up.
    ids.extend(reversed(range_nodes(fork_end, size)))
    len2 = len(ids)
    # Left range [0, fork_begin) ordered by increasing level, i.e. right to left.
    ids.extend(reversed(range_nodes(0, fork_begin)))
    if len1 >= len2 - 1:
        return Nodes(ids)
    return Nodes(ids, len1, len2, (fork_level, fork_index ^ 1))


def inclusion(index: int, size: int) -> Nodes:
    """Shape of the inclusion proof of leaf ``index`` in the tree of ``size``. Requires index < size."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    return _nodes(index, 0, size)._skip_first()


def consistency(size1: int, size2: int) -> Nodes:
    """Shape of the consistency proof from ``size1`` to ``size2``. Requires 0 <= size1 <= size2."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to size {size2}: need 0 <= size1 <= size2")
    if size1 == size2 or size1 == 0:
        return Nodes([])
    # The largest perfect subtree ending at size1; when it is the whole old tree (size1 a power of two)
    # the verifier already holds its hash (root1), so it is left out.
    level = (size1 & -size1).bit_length() - 1
    index = (size1 - 1) >> level
    shape = _nodes(index, level, size2)
    return shape._skip_first() if index == 0 else shape
