"""One contract, run against every NodeStore: memory and SQLite (including a reopen, as after a restart)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from truce.core.record.sqlite_store import SqliteNodeStore
from truce.core.record.storage import MemoryNodeStore, NodeStore, StoreError
from truce.core.record.tree import MerkleTree

from . import reference

LEAVES = [f"entry {i}".encode() for i in range(700)]


@pytest.fixture(params=["memory", "sqlite"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], NodeStore]]:
    opened: list[SqliteNodeStore] = []

    def make() -> NodeStore:
        if request.param == "memory":
            return MemoryNodeStore()
        store = SqliteNodeStore(tmp_path / "nodes.sqlite3")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def test_store_satisfies_the_protocol(make_store: Callable[[], NodeStore]) -> None:
    assert isinstance(make_store(), NodeStore)


def test_batches_of_uneven_sizes_give_the_reference_root(make_store: Callable[[], NodeStore]) -> None:
    tree = MerkleTree(make_store())
    pos = 0
    for batch in [1, 2, 255, 1, 256, 3, 182]:
        tree.extend(LEAVES[pos : pos + batch])
        pos += batch
        assert tree.store.size() == pos
    assert pos == 700
    assert tree.root() == reference.mth(LEAVES)
    assert tree.root(300) == reference.mth(LEAVES[:300])
    assert tree.inclusion_proof(511, 600) == reference.path(511, LEAVES[:600])
    assert tree.consistency_proof(257, 700) == reference.proof(257, LEAVES)


def test_a_stale_writer_is_refused_and_nothing_changes(make_store: Callable[[], NodeStore]) -> None:
    store = make_store()
    store.extend(0, 0, [])
    tree = MerkleTree(store)
    tree.extend(LEAVES[:10])
    with pytest.raises(StoreError, match="another writer"):
        store.extend(5, 6, [b"\x00" * 32])
    assert store.size() == 10
    assert tree.root() == reference.mth(LEAVES[:10])


def test_asking_for_a_node_outside_the_tree_fails(make_store: Callable[[], NodeStore]) -> None:
    tree = MerkleTree(make_store())
    tree.extend(LEAVES[:6])
    with pytest.raises(StoreError):
        tree.store.get([(1, 3)])
    with pytest.raises(StoreError):
        tree.store.get([(0, 6)])


def test_sqlite_store_proves_after_reopening_without_rehashing(tmp_path: Path) -> None:
    path = tmp_path / "nodes.sqlite3"
    with SqliteNodeStore(path) as store:
        tree = MerkleTree(store)
        for start in range(0, 700, 100):
            tree.extend(LEAVES[start : start + 100])
    with SqliteNodeStore(path) as reopened:
        again = MerkleTree(reopened)
        assert again.size == 700
        assert again.root() == reference.mth(LEAVES)
        assert again.inclusion_proof(699) == reference.path(699, LEAVES)
        again.extend(LEAVES[:5])
        assert again.root() == reference.mth([*LEAVES, *LEAVES[:5]])


def test_sqlite_store_rolls_back_a_bad_batch(tmp_path: Path) -> None:
    with SqliteNodeStore(tmp_path / "n.sqlite3") as store:
        MerkleTree(store).extend(LEAVES[:3])
        with pytest.raises(StoreError, match="level 0"):
            store.extend(3, 5, [b"\x00" * 32])
        assert store.size() == 3
        assert MerkleTree(store).root() == reference.mth(LEAVES[:3])


def test_two_sqlite_stores_on_one_file_see_each_others_appends(tmp_path: Path) -> None:
    """A reader's cached strips are prefixes: nodes appended later by another writer are re-read."""
    path = tmp_path / "shared.sqlite3"
    with SqliteNodeStore(path) as writer_store, SqliteNodeStore(path) as reader_store:
        writer = MerkleTree(writer_store)
        writer.extend(LEAVES[:10])
        reader = MerkleTree(reader_store)
        assert reader.inclusion_proof(9) == reference.path(9, LEAVES[:10])
        writer.extend(LEAVES[10:300])
        fresh = MerkleTree(reader_store)
        assert fresh.size == 300
        assert fresh.inclusion_proof(299) == reference.path(299, LEAVES[:300])
        assert fresh.consistency_proof(10) == reference.proof(10, LEAVES[:300])
        with pytest.raises(StoreError, match="another writer"):
            reader.extend(LEAVES[10:12])
