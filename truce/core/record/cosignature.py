"""C2SP tlog-cosignature, Ed25519 ``cosignature/v1`` (https://c2sp.org/tlog-cosignature).

A witness signs ``"cosignature/v1\\n" + "time <unix seconds>\\n" + checkpoint note text`` and the
signature it publishes is ``timestamp (u64, big-endian) || Ed25519 signature (64 bytes)``, under a key of
type 0x04: key hash ``SHA-256(name || 0x0A || 0x04 || public key)[:4]``. Signer and verifier implement
the ``note.Signer``/``note.Verifier`` interfaces, so cosignatures are ordinary note signature lines.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from truce.core.record.note import Ed25519Signer, Ed25519Verifier, NoteError

__all__ = [
    "ALG_COSIGNATURE_V1",
    "CosignatureSigner",
    "CosignatureVerifier",
    "cosigned_message",
    "decode",
    "witness_verifier",
]

ALG_COSIGNATURE_V1 = 0x04
_MAX_TIMESTAMP = 2**63 - 1


def cosigned_message(text: bytes, timestamp: int) -> bytes:
    """The exact bytes a cosignature/v1 signs for checkpoint note text ``text`` (with final newline)."""
    return b"cosignature/v1\ntime " + str(timestamp).encode() + b"\n" + text


def decode(signature: bytes) -> tuple[int, int, bytes]:
    """Split a cosignature line's decoded base64 into (key hash, timestamp, Ed25519 signature)."""
    if len(signature) != 4 + 8 + 64:
        raise NoteError(
            f"a cosignature/v1 is 76 bytes (key hash, timestamp, signature), got {len(signature)}"
        )
    return int.from_bytes(signature[:4], "big"), int.from_bytes(signature[4:12], "big"), signature[12:]


@dataclass(frozen=True)
class CosignatureVerifier(Ed25519Verifier):
    alg: int = ALG_COSIGNATURE_V1

    def verify(self, text: bytes, signature: bytes) -> bool:
        if len(signature) != 72:
            return False
        timestamp = int.from_bytes(signature[:8], "big")
        if timestamp > _MAX_TIMESTAMP:
            return False
        return super().verify(cosigned_message(text, timestamp), signature[8:])

    @staticmethod
    def timestamp(signature: bytes) -> int:
        """The time a verified cosignature (without key hash) claims."""
        return int.from_bytes(signature[:8], "big")


@dataclass(frozen=True)
class CosignatureSigner(Ed25519Signer):
    alg: int = ALG_COSIGNATURE_V1
    clock: object = None  # a zero-argument callable returning Unix seconds; tests pin it

    def verifier(self) -> CosignatureVerifier:
        return CosignatureVerifier(self.name, self.public_key)

    def sign(self, text: bytes) -> bytes:
        now = int(self.clock() if callable(self.clock) else time.time())
        return now.to_bytes(8, "big") + self._private.sign(cosigned_message(text, now))


def witness_verifier(vkey: str) -> CosignatureVerifier:
    """The cosignature/v1 verifier of a witness, from its vkey in either encoding.

    The spec's encoding has type byte 0x04 (what ``truce witness init`` prints); a vkey written with type
    0x01 for the same name and public key is accepted too, since the cosignature key hash is always
    computed with 0x04 from the name and public key, whatever byte the vkey was written with.
    """
    from truce.core.record.note import parse_verifier

    verifier = parse_verifier(vkey)
    return CosignatureVerifier(verifier.name, verifier.public_key)
