"""Rotation of the log's signing key: the rotation entry, the handover checkpoint and the key chain.

A rotation is two things the old key vouches for (``docs/record.md`` §5.1):

- an entry of type ``RecordKeyRotated`` whose ``data`` names the key it leaves (``old_vkey``) and the key
  it moves to (``new_vkey``, same name: the origin; type 0x01);
- the **handover checkpoint**: the first checkpoint whose size is beyond that entry's index. Its text
  carries the extension line ``truce-log-key <new vkey>`` (so a witness, which never sees entries, learns
  the new public key) and it is signed by the old key **and** the new key.

From the handover on, every checkpoint must be signed by the new key; the old key's signature alone no
longer counts. A verifier starts from the key it trusts (the agreement's ``record_key``) and follows the
chain: :class:`KeyChain` decides which log key must sign each checkpoint, given the rotation entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from truce.core.record.checkpoint import Checkpoint
from truce.core.record.note import (
    ALG_ED25519,
    Ed25519Verifier,
    Note,
    NoteError,
    UnverifiedNoteError,
    Verifier,
    open_note,
    parse_verifier,
    split_note,
)

__all__ = [
    "KEY_EXTENSION",
    "ROTATION_TYPE",
    "KeyChain",
    "Rotation",
    "RotationError",
    "announced_key",
    "rotation_of",
]

ROTATION_TYPE = "RecordKeyRotated"
KEY_EXTENSION = "truce-log-key "


class RotationError(NoteError):
    """A rotation entry, a handover checkpoint or a checkpoint after it breaks the handover rule."""


@dataclass(frozen=True)
class Rotation:
    index: int  # the rotation entry's index
    old_vkey: str
    new_vkey: str


def _log_key(vkey: Any, origin: str | None, what: str) -> Ed25519Verifier:
    if not isinstance(vkey, str):
        raise RotationError(f"{what} is not a key string")
    verifier = parse_verifier(vkey)
    if verifier.alg != ALG_ED25519:
        raise RotationError(f"{what} is not a log key (type 0x01)")
    if origin is not None and verifier.name != origin:
        raise RotationError(f"{what} is named {verifier.name!r}, not the origin {origin!r}")
    return verifier


def rotation_of(index: int, data: Mapping[str, Any]) -> Rotation:
    """The rotation an entry of type ``RecordKeyRotated`` states (its ``data``); RotationError if bad."""
    old, new = data.get("old_vkey"), data.get("new_vkey")
    if not isinstance(old, str) or not isinstance(new, str):
        raise RotationError(f"rotation entry {index} must name old_vkey and new_vkey as strings")
    return Rotation(index, old, new)


def announced_key(checkpoint: Checkpoint) -> str | None:
    """The vkey a handover checkpoint announces in its ``truce-log-key`` extension line, or None."""
    keys = [line[len(KEY_EXTENSION) :] for line in checkpoint.extensions if line.startswith(KEY_EXTENSION)]
    if len(keys) > 1:
        raise RotationError("a checkpoint announces at most one new log key")
    return keys[0] if keys else None


def _open(message: bytes, verifiers: Sequence[Verifier]) -> Note:
    """The opened note; one no trusted key signed comes back with every line unverified, for
    :meth:`KeyChain._require` to say which key signed instead."""
    try:
        return open_note(message, verifiers)
    except UnverifiedNoteError:
        text, parsed = split_note(message)
        return Note(text, [], [sig for sig, _ in parsed])


class KeyChain:
    """Which log key signs which checkpoint, from a trusted first key and the record's rotation entries.

    Feed checkpoints in increasing size to :meth:`open`; it verifies each one and moves to the new key at
    a handover. ``keys`` lists every key of the chain so far, the trusted one first.
    """

    def __init__(self, anchor: Ed25519Verifier, rotations: Iterable[Rotation], origin: str) -> None:
        self.origin = origin
        self.current = anchor
        self.keys: list[Ed25519Verifier] = [anchor]
        self.retired: list[Ed25519Verifier] = []
        self.handovers: list[tuple[Rotation, int]] = []  # (rotation, size of its handover checkpoint)
        self._pending = sorted(rotations, key=lambda r: r.index)

    def open(
        self, message: bytes, checkpoint: Checkpoint, witnesses: Sequence[Verifier]
    ) -> tuple[Note, list[str]]:
        """Verify the signed ``checkpoint`` (already parsed from ``message``); return the note and the
        names of the trusted witnesses that cosigned it. Raises NoteError (RotationError for the chain)."""
        due = [r for r in self._pending if r.index < checkpoint.size]
        announced = announced_key(checkpoint)
        if len(due) > 1:
            raise RotationError(
                f"rotation entries {due[0].index} and {due[1].index} have no checkpoint between them: "
                "each rotation needs its own handover checkpoint"
            )
        if not due:
            if announced is not None and announced != self.current.vkey:
                raise RotationError(f"announces log key {announced} that no rotation entry before it names")
            note = _open(message, [self.current, *witnesses, *self.retired])
            self._require(note, self.current, "the current log key")
            return note, self._cosigners(note)
        rotation = due[0]
        if rotation.old_vkey != self.current.vkey:
            raise RotationError(
                f"rotation entry {rotation.index} leaves key {rotation.old_vkey}, "
                f"but the trusted key at that point is {self.current.vkey}"
            )
        new = _log_key(rotation.new_vkey, self.origin, f"the new key of rotation entry {rotation.index}")
        if new.key_hash == self.current.key_hash:
            raise RotationError(f"rotation entry {rotation.index} names the key it leaves")
        if announced != new.vkey:
            raise RotationError(
                f"is the handover checkpoint of rotation entry {rotation.index} but does not announce "
                f"its new key (extension line '{KEY_EXTENSION}{new.vkey}')"
            )
        note = _open(message, [self.current, new, *witnesses, *self.retired])
        self._require(note, self.current, f"the old log key (rotation entry {rotation.index})")
        self._require(note, new, f"the new log key (rotation entry {rotation.index})")
        self._pending.remove(rotation)
        self.retired.append(self.current)
        self.current = new
        self.keys.append(new)
        self.handovers.append((rotation, checkpoint.size))
        return note, self._cosigners(note)

    def _require(self, note: Note, key: Ed25519Verifier, what: str) -> None:
        signed = {(s.name, s.key_hash) for s in note.sigs}
        if (key.name, key.key_hash) in signed:
            return
        retired = [k for k in self.retired if (k.name, k.key_hash) in signed]
        if retired:
            raise RotationError(
                f"signed by the retired log key {retired[0].key_hash:08x}, not by {what} "
                f"{key.key_hash:08x}: a retired key signs nothing after its handover"
            )
        unknown = [s for s in note.unverified_sigs if s.name == self.origin]
        if unknown:
            raise RotationError(
                f"signed by log key {unknown[0].key_hash:08x}, which no rotation announced, "
                f"not by {what} {key.key_hash:08x}"
            )
        raise RotationError(f"not signed by {what} {key.key_hash:08x}")

    def _cosigners(self, note: Note) -> list[str]:
        logs = {(k.name, k.key_hash) for k in self.keys}
        return sorted(s.name for s in note.sigs if (s.name, s.key_hash) not in logs)

    def unhanded(self) -> list[Rotation]:
        """Rotation entries no checkpoint has handed over yet (after the last checkpoint was opened)."""
        return list(self._pending)
