"""C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed head of the record's Merkle tree.

The note text is ``<origin>\\n<tree size, decimal>\\n<base64 root hash>\\n`` followed by optional
non-empty extension lines. Parsing is strict: no leading zeros, canonical base64 of exactly 32 bytes,
no empty lines, a final newline. Truce's origin is ``truce/<agreement id or instance name>``
(``docs/record.md``), and the log's key name equals the origin.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from truce.core.record.hashing import HASH_SIZE
from truce.core.record.note import Note, NoteError, Signer, Verifier, open_note, sign_note

__all__ = [
    "Checkpoint",
    "CheckpointError",
    "CheckpointPolicy",
    "open_checkpoint",
    "parse_checkpoint",
    "sign_checkpoint",
]

_SIZE = re.compile(r"0|[1-9][0-9]*")


class CheckpointError(NoteError):
    """The note text is not a well-formed checkpoint."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        """The note text (body) of this checkpoint, ending in a newline."""
        root = base64.b64encode(self.root_hash).decode()
        return "".join(f"{line}\n" for line in (self.origin, str(self.size), root, *self.extensions))


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint's note text (not the signatures). Raises :class:`CheckpointError`."""
    if not text.endswith("\n"):
        raise CheckpointError("checkpoint text must end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise CheckpointError(f"a checkpoint has at least 3 lines (origin, size, root), got {len(lines)}")
    origin, size_text, root_text, *extensions = lines
    if not origin:
        raise CheckpointError("checkpoint origin line is empty")
    if not _SIZE.fullmatch(size_text):
        raise CheckpointError(f"checkpoint size {size_text!r} is not a decimal without leading zeros")
    try:
        root = base64.b64decode(root_text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CheckpointError("checkpoint root hash is not valid base64") from exc
    if len(root) != HASH_SIZE or base64.b64encode(root).decode() != root_text:
        raise CheckpointError(f"checkpoint root hash must be the canonical base64 of {HASH_SIZE} bytes")
    if any(not line for line in extensions):
        raise CheckpointError("checkpoint extension lines must not be empty")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signers: Sequence[Signer]) -> bytes:
    """The signed note of ``checkpoint``, one signature line per signer."""
    return sign_note(checkpoint.text(), signers)


def open_checkpoint(
    message: bytes, verifiers: Iterable[Verifier], origin: str | None = None
) -> tuple[Checkpoint, Note]:
    """Verify a signed checkpoint against trusted keys and parse it; optionally require its origin."""
    note = open_note(message, verifiers)
    checkpoint = parse_checkpoint(note.text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r} is not the expected {origin!r}")
    return checkpoint, note


@dataclass(frozen=True)
class CheckpointPolicy:
    """When the operator signs the next checkpoint: after ``max_entries`` new entries or ``max_seconds``
    since the last checkpoint, whichever comes first (and never for zero new entries)."""

    max_entries: int = 100
    max_seconds: float = 60.0

    def due(self, new_entries: int, seconds_since_last: float) -> bool:
        if new_entries <= 0:
            return False
        return new_entries >= self.max_entries or seconds_since_last >= self.max_seconds
