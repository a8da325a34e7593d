"""The process's Merkle tree over the stored entries: derived data, caught up from the Entry table.

The node hashes live in ``TRUCE_HOME/record-nodes.sqlite3`` (``SqliteNodeStore``), so a restarted process
proves at once without rehashing. The Entry table is the truth: the tree is caught up lazily, right before
each use (:func:`reading_tree`), rather than from ``transaction.on_commit`` hooks in ``append``, because
entries are committed by several processes (web workers, the worker, the CLI) and a hook only sees its
own process's commits; catching up costs one indexed query (``index >= size``) when nothing is new.

If the node file does not describe the entries (the database was restored or replaced, or a process
caught up on entries that were later rolled back), the last-leaf check finds it and the file is rebuilt
from the entries. Proofs and roots are computed under one lock per process: ``MerkleTree`` is not
thread-safe and gunicorn threads share it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from truce.core.record.hashing import leaf_hash
from truce.core.record.sqlite_store import SqliteNodeStore
from truce.core.record.storage import StoreError
from truce.core.record.tree import MerkleTree
from truce.record.models import Entry

__all__ = ["RecordGapError", "drop_cached_tree", "nodes_path", "reading_tree"]

_BATCH = 5000
_lock = threading.RLock()
_trees: dict[Path, MerkleTree] = {}


class RecordGapError(RuntimeError):
    """The Entry table has a hole in its indices: the record itself is damaged (run `truce record check`)."""


def nodes_path() -> Path:
    return Path(settings.TRUCE_HOME) / "record-nodes.sqlite3"


def _open(path: Path) -> MerkleTree:
    path.parent.mkdir(parents=True, exist_ok=True)
    return MerkleTree(SqliteNodeStore(path))


def _close(tree: MerkleTree) -> None:
    store = tree.store
    if isinstance(store, SqliteNodeStore):
        store.close()


def _rebuild(path: Path, tree: MerkleTree) -> MerkleTree:
    _close(tree)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return _open(path)


def _matches_entries(tree: MerkleTree) -> bool:
    if tree.size == 0:
        return True
    leaf = Entry.objects.filter(index=tree.size - 1).values_list("leaf", flat=True).first()
    return leaf is not None and leaf_hash(leaf.encode("utf-8")) == tree.leaf_hash(tree.size - 1)


def _catch_up(path: Path, tree: MerkleTree) -> MerkleTree:
    if not _matches_entries(tree):
        tree = _rebuild(path, tree)
    while True:
        rows = list(
            Entry.objects.filter(index__gte=tree.size).order_by("index").values_list("index", "leaf")[:_BATCH]
        )
        if not rows:
            return tree
        if rows[-1][0] != tree.size + len(rows) - 1:
            missing = next(tree.size + i for i, (index, _) in enumerate(rows) if index != tree.size + i)
            raise RecordGapError(f"the record has no entry {missing}; run `truce record check`")
        try:
            tree.extend(leaf.encode("utf-8") for _, leaf in rows)
        except StoreError:
            # Another process extended the shared node file first: reopen at its size and go on.
            tree = MerkleTree(tree.store)
            if not _matches_entries(tree):
                tree = _rebuild(path, tree)


@contextmanager
def reading_tree() -> Iterator[MerkleTree]:
    """The tree over every entry visible to this connection, held under the process's tree lock for the
    duration of the block (compute roots and proofs inside it)."""
    path = nodes_path()
    with _lock:
        tree = _trees.get(path)
        if tree is None:
            tree = _open(path)
        tree = _catch_up(path, tree)
        _trees[path] = tree
        yield tree


def drop_cached_tree() -> None:
    """Forget the process's open trees (as a restart does); the next use reopens the node file."""
    with _lock:
        for tree in _trees.values():
            _close(tree)
        _trees.clear()
