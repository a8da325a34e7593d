"""Record entries: what one event of the record looks like, byte for byte.

An entry is a JSON object (see ``docs/record.md``)::

    {"v": 1, "index": 0, "prev": "<64 hex>", "time": "2025-10-20T08:00:00.000000Z",
     "type": "ReportFiled", "agreement": "pak-afg-2025", "subject": "report:1",
     "data": {...public fields...}, "sealed": {"name": "<64 hex commitment>", ...}}

Its **leaf input** is the canonical JSON (``truce.core.canonical``) of that object, UTF-8 encoded; the
Merkle tree hashes leaf inputs as RFC 9162 leaves, and ``prev`` is the SHA-256 of the previous entry's
leaf input (64 zeros for index 0), so the chain and the tree commit to exactly the same bytes.

Confidential fields never appear in the leaf input: each is replaced by a **commitment**
``SHA-256(salt || canonical_bytes(value))`` (salt: 32 random bytes) under ``sealed``. Whoever is entitled
to a field receives its **opening** ``{"salt": "<64 hex>", "value": ...}`` beside the entry and can check
it against the commitment; everyone else sees the commitment only, which reveals nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from truce.core.canonical import canonical_bytes

VERSION = 1
GENESIS_PREV = "0" * 64


class EntryError(ValueError):
    """An entry is malformed or does not fit where it stands in the record."""


@dataclass(frozen=True)
class Opening:
    """The secret that opens one commitment: the salt and the confidential value."""

    salt: str
    value: Any

    def to_json(self) -> dict[str, Any]:
        return {"salt": self.salt, "value": self.value}


def commitment(salt_hex: str, value: Any) -> str:
    """``SHA-256(salt || canonical_bytes(value))`` in hex. Requires ``salt_hex`` to be 64 hex digits."""
    salt = bytes.fromhex(salt_hex)
    if len(salt) != 32:
        raise EntryError("a commitment salt is 32 bytes (64 hex digits)")
    return hashlib.sha256(salt + canonical_bytes(value)).hexdigest()


def seal(fields: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, Opening]]:
    """Commit to each confidential field; return (commitments for the entry, openings to keep apart)."""
    sealed: dict[str, str] = {}
    openings: dict[str, Opening] = {}
    for name, value in fields.items():
        salt = secrets.token_hex(32)
        sealed[name] = commitment(salt, value)
        openings[name] = Opening(salt=salt, value=value)
    return sealed, openings


@dataclass(frozen=True)
class Entry:
    """One event of the record as it is hashed. ``index`` is also its leaf index in the Merkle tree."""

    index: int
    prev: str
    time: str
    type: str
    agreement: str | None
    subject: str
    data: Mapping[str, Any] = field(default_factory=dict)
    sealed: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "index": self.index,
            "prev": self.prev,
            "time": self.time,
            "type": self.type,
            "agreement": self.agreement,
            "subject": self.subject,
            "data": dict(self.data),
            "sealed": dict(self.sealed),
        }

    def leaf_input(self) -> bytes:
        """The bytes the Merkle tree and the chain commit to."""
        return canonical_bytes(self.to_json())

    def digest(self) -> str:
        """SHA-256 of the leaf input, hex: the next entry's ``prev``."""
        return hashlib.sha256(self.leaf_input()).hexdigest()

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Entry:
        expected = {"v", "index", "prev", "time", "type", "agreement", "subject", "data", "sealed"}
        if not isinstance(obj, Mapping):
            raise EntryError("an entry is a JSON object")
        keys = set(obj)
        if keys != expected:
            missing, extra = sorted(expected - keys), sorted(keys - expected)
            raise EntryError(f"entry fields differ from v{VERSION}: missing {missing}, unexpected {extra}")
        if obj["v"] != VERSION:
            raise EntryError(f"entry version {obj['v']!r} is not {VERSION}")
        if not isinstance(obj["index"], int) or obj["index"] < 0:
            raise EntryError("entry index must be a non-negative integer")
        for name in ("prev", "time", "type", "subject"):
            if not isinstance(obj[name], str):
                raise EntryError(f"entry {name} must be a string")
        if not isinstance(obj["data"], Mapping) or not isinstance(obj["sealed"], Mapping):
            raise EntryError("entry data and sealed must be objects")
        return cls(
            index=obj["index"],
            prev=obj["prev"],
            time=obj["time"],
            type=obj["type"],
            agreement=obj["agreement"],
            subject=obj["subject"],
            data=dict(obj["data"]),
            sealed=dict(obj["sealed"]),
        )


def check_opening(entry: Entry, name: str, opening: Opening) -> bool:
    """True when ``opening`` opens the commitment ``entry.sealed[name]``."""
    expected = entry.sealed.get(name)
    if expected is None:
        return False
    try:
        return secrets.compare_digest(commitment(opening.salt, opening.value), expected)
    except (EntryError, ValueError):
        return False


def verify_chain(entries: Iterable[Entry], *, prev: str = GENESIS_PREV, start: int = 0) -> int | None:
    """Check indices and hash links; return the index of the first bad entry, or None if all hold.

    ``prev``/``start`` let a caller resume from a known-good entry instead of the genesis.
    """
    expected_index = start
    for entry in entries:
        if entry.index != expected_index or entry.prev != prev:
            return expected_index
        prev = entry.digest()
        expected_index += 1
    return None
