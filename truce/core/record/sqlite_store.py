"""A durable :class:`~truce.core.record.storage.NodeStore` in one SQLite file (stdlib ``sqlite3``).

Layout: table ``nodes(id INTEGER PRIMARY KEY, hashes BLOB)``; row ``id = level << 40 | chunk`` holds the
level-``level`` hashes of indices ``[256 chunk, 256 chunk + 256)`` concatenated (32 bytes each; the last
chunk of a level may be shorter), and table ``meta`` holds the leaf count. Why 256-wide strips per level
rather than one row per node or C2SP tlog-tiles (figures in ``docs/performance.md``):

- one row per node means two B-tree inserts per leaf, which dominate durable appends; with strips a
  batch of appends rewrites a handful of rows per level;
- tlog-tiles keep only every eighth level and rebuild the others by hashing up to 255 nodes per proof
  node; strips keep every level, so a proof is O(log n) point reads and no hashing;
- an integer primary key (a table B-tree) reads a strip about twice as fast as a ``(level, chunk)``
  WITHOUT ROWID key, whose index B-tree pushes an 8 KiB blob into a longer overflow chain.

Rows only ever grow (nodes are never rewritten), so a cached strip stays a valid prefix: the store keeps
recently read strips and re-reads one only when a node lies past its cached end.

Every :meth:`extend` is one transaction committed with ``synchronous=FULL`` in WAL mode, so after it
returns the nodes survive a crash, and a new process opens the file and proves at once.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from truce.core.record.hashing import HASH_SIZE
from truce.core.record.proof import NodeID
from truce.core.record.storage import StoreError

__all__ = ["SqliteNodeStore"]

CHUNK = 256
_CHUNK_BYTES = CHUNK * HASH_SIZE
_LEVEL_SHIFT = 40
_CACHE_ROWS = 2048  # 16 MiB at most; the upper levels of a 10^9-leaf tree fit many times over

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, hashes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('size', 0);
"""


def _row_id(level: int, chunk: int) -> int:
    return level << _LEVEL_SHIFT | chunk


class SqliteNodeStore:
    """Node hashes in a SQLite file. Safe to share between threads (one connection behind a lock)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._cache: OrderedDict[int, bytes] = OrderedDict()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SqliteNodeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def size(self) -> int:
        with self._lock:
            return self._read_size()

    def _read_size(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'size'").fetchone()
        return int(row[0])

    def _row(self, row_id: int, need: int) -> bytes | None:
        """The strip ``row_id`` holding at least ``need`` bytes, from the cache or the file."""
        blob = self._cache.get(row_id)
        if blob is not None and len(blob) >= need:
            self._cache.move_to_end(row_id)
            return blob
        row = self._db.execute("SELECT hashes FROM nodes WHERE id = ?", (row_id,)).fetchone()
        if row is None:
            return None
        blob = self._remember(row_id, row[0])
        return blob if len(blob) >= need else None

    def _remember(self, row_id: int, blob: bytes) -> bytes:
        self._cache[row_id] = blob
        self._cache.move_to_end(row_id)
        if len(self._cache) > _CACHE_ROWS:
            self._cache.popitem(last=False)
        return blob

    def extend(self, old_size: int, new_size: int, runs: Sequence[bytes | bytearray]) -> None:
        rows: list[tuple[int, bytes]] = []
        tails: list[tuple[int, bytes]] = []  # the last strip of each level: the next batch reads it
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                stored = self._read_size()
                if stored != old_size:
                    raise StoreError(f"store holds {stored} leaves, not {old_size}: another writer appended")
                for level, run in enumerate(runs):
                    start, stop = old_size >> level, new_size >> level
                    if len(run) != (stop - start) * HASH_SIZE:
                        raise StoreError(f"level {level} run is {len(run)} bytes, want {stop - start} nodes")
                    if not run:
                        continue
                    chunk, offset = divmod(start, CHUNK)
                    data = bytes(run)
                    if offset:
                        head = self._row(_row_id(level, chunk), offset * HASH_SIZE)
                        if head is None:
                            raise StoreError(f"{self.path} lacks level {level} nodes below index {start}")
                        data = head[: offset * HASH_SIZE] + data
                    for pos in range(0, len(data), _CHUNK_BYTES):
                        rows.append((_row_id(level, chunk), data[pos : pos + _CHUNK_BYTES]))
                        chunk += 1
                    tails.append(rows[-1])
                db.executemany("INSERT OR REPLACE INTO nodes (id, hashes) VALUES (?, ?)", rows)
                db.execute("UPDATE meta SET value = ? WHERE key = 'size'", (new_size,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            for row_id, blob in tails:
                self._remember(row_id, blob)

    def get(self, ids: Sequence[NodeID]) -> list[bytes]:
        wanted: list[tuple[int, int, int]] = []  # (row id, byte offset, index in ids)
        for n, (level, index) in enumerate(ids):
            if index < 0 or level < 0:
                raise StoreError(f"node ({level}, {index}) does not exist")
            chunk, offset = divmod(index, CHUNK)
            wanted.append((_row_id(level, chunk), offset * HASH_SIZE, n))
        out: list[bytes] = [b""] * len(ids)
        with self._lock:
            missing: dict[int, int] = {}  # row id -> bytes needed, for rows not cached long enough
            for row_id, start, _ in wanted:
                blob = self._cache.get(row_id)
                if blob is None or len(blob) < start + HASH_SIZE:
                    missing[row_id] = max(missing.get(row_id, 0), start + HASH_SIZE)
            # One statement for all strips a proof needs: a proof touches ~log2(n) rows, and one
            # IN query costs less than half of that many point queries.
            row_ids = list(missing)
            for pos in range(0, len(row_ids), 500):
                batch = row_ids[pos : pos + 500]
                query = f"SELECT id, hashes FROM nodes WHERE id IN ({','.join('?' * len(batch))})"
                for row_id, blob in self._db.execute(query, batch):
                    self._remember(row_id, blob)
            for row_id, start, n in wanted:
                blob = self._cache.get(row_id)
                if blob is None or len(blob) < start + HASH_SIZE:
                    level, index = ids[n]
                    raise StoreError(f"node ({level}, {index}) is not in {self.path}")
                out[n] = blob[start : start + HASH_SIZE]
        return out
