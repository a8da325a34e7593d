"""C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, byte-compatible with Go's
``golang.org/x/mod/sumdb/note``.

A note is UTF-8 text ending in a newline, a blank line, then signature lines
``— <key name> base64(key hash (4 bytes, big-endian) || signature)``. Keys travel as strings:

- verifier key (vkey): ``<name>+<key hash, 8 hex>+base64(type byte || public key)``;
- signer key (skey): ``PRIVATE+KEY+<name>+<key hash, 8 hex>+base64(type byte || 32-byte private seed)``;
- key hash: the first 4 bytes of ``SHA-256(name || 0x0A || type byte || public key)``.

Type ``0x01`` is a plain Ed25519 note signature (the log's checkpoint key); type ``0x04`` is a witness
cosignature, whose signer and verifier live in ``cosignature.py`` and plug into the same interfaces.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = [
    "ALG_ED25519",
    "Ed25519Signer",
    "Ed25519Verifier",
    "InvalidSignatureError",
    "Note",
    "NoteError",
    "Signature",
    "Signer",
    "UnverifiedNoteError",
    "Verifier",
    "generate_key",
    "key_hash",
    "open_note",
    "parse_signer",
    "parse_verifier",
    "sign_note",
]

ALG_ED25519 = 0x01
EM_DASH = "—"
MAX_SIGNATURES = 100  # the spec asks verifiers to accept at least 16


class NoteError(ValueError):
    """A note or key is malformed."""


class InvalidSignatureError(NoteError):
    """A signature by a known key does not verify: the note was altered or the key is wrong."""


class UnverifiedNoteError(NoteError):
    """No signature by a trusted key: the note must not be believed."""


class Signer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def key_hash(self) -> int:
        """The 4-byte key hash as an integer."""

    def sign(self, text: bytes) -> bytes:
        """The signature bytes (without the 4-byte key hash) over the note text."""


class Verifier(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def key_hash(self) -> int:
        """The 4-byte key hash as an integer."""

    def verify(self, text: bytes, signature: bytes) -> bool:
        """True when ``signature`` (without the key hash) is valid for the note text."""


def is_valid_name(name: str) -> bool:
    return bool(name) and "+" not in name and not any(ch.isspace() for ch in name)


def key_hash(name: str, key: bytes) -> int:
    """``SHA-256(name || 0x0A || key)[:4]`` as an integer; ``key`` starts with the type byte."""
    return int.from_bytes(hashlib.sha256(name.encode() + b"\n" + key).digest()[:4], "big")


def _b64decode(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"{what} is not valid base64") from exc
    if base64.b64encode(data).decode() != text:
        raise NoteError(f"{what} is not in canonical base64")
    return data


def _public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Ed25519Verifier:
    name: str
    public_key: bytes
    alg: int = ALG_ED25519

    @property
    def key_hash(self) -> int:
        return key_hash(self.name, bytes([self.alg]) + self.public_key)

    @property
    def vkey(self) -> str:
        raw = base64.b64encode(bytes([self.alg]) + self.public_key).decode()
        return f"{self.name}+{self.key_hash:08x}+{raw}"

    def verify(self, text: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, text)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Ed25519Signer:
    name: str
    seed: bytes = field(repr=False)
    alg: int = ALG_ED25519

    @property
    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> bytes:
        return _public_bytes(self._private.public_key())

    @property
    def key_hash(self) -> int:
        return key_hash(self.name, bytes([self.alg]) + self.public_key)

    @property
    def skey(self) -> str:
        raw = base64.b64encode(bytes([self.alg]) + self.seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.key_hash:08x}+{raw}"

    def verifier(self) -> Ed25519Verifier:
        return Ed25519Verifier(self.name, self.public_key)

    def sign(self, text: bytes) -> bytes:
        return self._private.sign(text)


def _split_key(text: str, parts: int, what: str) -> list[str]:
    # The base64 key may itself contain '+', so only the first fields are split off.
    fields = text.strip().split("+", parts - 1)
    if len(fields) != parts:
        raise NoteError(f"{what} must have {parts} '+'-separated fields, got {len(fields)}")
    return fields


def _check_hash(name: str, hash_hex: str, key: bytes, what: str) -> None:
    if not re.fullmatch(r"[0-9a-f]{8}", hash_hex):
        raise NoteError(f"{what} key hash {hash_hex!r} is not 8 lower-case hex digits")
    if int(hash_hex, 16) != key_hash(name, key):
        raise NoteError(f"{what} key hash {hash_hex} does not match its name and key")


def parse_verifier(vkey: str) -> Ed25519Verifier:
    """Parse a verifier key ``name+hash+base64``; type 0x01 (note) or 0x04 (cosignature/v1)."""
    name, hash_hex, raw = _split_key(vkey, 3, "a verifier key")
    if not is_valid_name(name):
        raise NoteError(f"verifier key name {name!r} is empty or contains spaces or '+'")
    key = _b64decode(raw, "verifier key")
    if len(key) != 33 or key[0] not in (ALG_ED25519, 0x04):
        raise NoteError("verifier key must be a type byte (0x01 or 0x04) and a 32-byte Ed25519 public key")
    _check_hash(name, hash_hex, key, "verifier")
    if key[0] == 0x04:
        from truce.core.record.cosignature import CosignatureVerifier

        return CosignatureVerifier(name, key[1:])
    return Ed25519Verifier(name, key[1:])


def parse_signer(skey: str) -> Ed25519Signer:
    """Parse a signer key ``PRIVATE+KEY+name+hash+base64``; type 0x01 (note) or 0x04 (cosignature/v1)."""
    fields = _split_key(skey, 5, "a signer key")
    if fields[:2] != ["PRIVATE", "KEY"]:
        raise NoteError("a signer key starts with PRIVATE+KEY+")
    name, hash_hex, raw = fields[2:]
    if not is_valid_name(name):
        raise NoteError(f"signer key name {name!r} is empty or contains spaces or '+'")
    key = _b64decode(raw, "signer key")
    if len(key) != 33 or key[0] not in (ALG_ED25519, 0x04):
        raise NoteError("signer key must be a type byte (0x01 or 0x04) and a 32-byte Ed25519 seed")
    if key[0] == 0x04:
        from truce.core.record.cosignature import CosignatureSigner

        signer: Ed25519Signer = CosignatureSigner(name, key[1:])
    else:
        signer = Ed25519Signer(name, key[1:])
    if not re.fullmatch(r"[0-9a-f]{8}", hash_hex) or int(hash_hex, 16) != signer.key_hash:
        raise NoteError(f"signer key hash {hash_hex} does not match its name and key")
    return signer


def generate_key(name: str, alg: int = ALG_ED25519) -> tuple[str, str]:
    """A fresh (skey, vkey) pair for ``name``; ``alg`` 0x01 for a log, 0x04 for a witness."""
    if not is_valid_name(name):
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")
    seed = Ed25519PrivateKey.generate().private_bytes_raw()
    if alg == 0x04:
        from truce.core.record.cosignature import CosignatureSigner

        signer: Ed25519Signer = CosignatureSigner(name, seed)
    elif alg == ALG_ED25519:
        signer = Ed25519Signer(name, seed)
    else:
        raise NoteError(f"unsupported key type {alg:#04x}")
    return signer.skey, signer.verifier().vkey


@dataclass(frozen=True)
class Signature:
    """One signature line: the key name, the key hash and the base64 of (key hash || signature)."""

    name: str
    key_hash: int
    base64: str

    def line(self) -> str:
        return f"{EM_DASH} {self.name} {self.base64}\n"


@dataclass
class Note:
    """An opened note: its text and its signatures, verified (``sigs``) or from unknown keys."""

    text: str
    sigs: list[Signature] = field(default_factory=list)
    unverified_sigs: list[Signature] = field(default_factory=list)

    def encode(self) -> bytes:
        """The note with every signature it carries (verified first), as bytes."""
        lines = "".join(s.line() for s in [*self.sigs, *self.unverified_sigs])
        return f"{self.text}\n{lines}".encode()


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("note text must end in a newline")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise NoteError("note text must not contain control characters other than newline")


def sign_note(text: str, signers: Sequence[Signer], existing: Iterable[Signature] = ()) -> bytes:
    """Sign ``text`` with every signer; keep ``existing`` signature lines (not re-verified) after them."""
    _check_text(text)
    sigs = [
        Signature(
            s.name,
            s.key_hash,
            base64.b64encode(s.key_hash.to_bytes(4, "big") + s.sign(text.encode())).decode(),
        )
        for s in signers
    ]
    return Note(text, sigs, list(existing)).encode()


def _parse_signature_line(line: str) -> tuple[Signature, bytes]:
    if not line.startswith(EM_DASH + " "):
        raise NoteError(f"signature line {line!r} must start with '— '")
    name, sep, b64 = line[2:].partition(" ")
    if not sep or not is_valid_name(name) or " " in b64:
        raise NoteError(f"signature line {line!r} must be '— <name> <base64>'")
    raw = _b64decode(b64, f"signature by {name}")
    if len(raw) < 5:
        raise NoteError(f"signature by {name} is too short")
    return Signature(name, int.from_bytes(raw[:4], "big"), b64), raw[4:]


def split_note(message: bytes) -> tuple[str, list[tuple[Signature, bytes]]]:
    """Split a signed note into its text and parsed signature lines, checking the format only."""
    try:
        msg = message.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoteError("note is not valid UTF-8") from exc
    if not msg.endswith("\n"):
        raise NoteError("note must end in a newline")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in msg):
        raise NoteError("note must not contain control characters other than newline")
    split = msg.rfind("\n\n")
    if split < 0:
        raise NoteError("note has no blank line before its signatures")
    text, sig_block = msg[: split + 1], msg[split + 2 :]
    lines = sig_block.split("\n")[:-1]
    if not lines:
        raise NoteError("note has no signature lines")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"note has {len(lines)} signatures, more than the {MAX_SIGNATURES} accepted")
    return text, [_parse_signature_line(line) for line in lines]


def open_note(message: bytes, verifiers: Iterable[Verifier]) -> Note:
    """Parse and verify a signed note against trusted ``verifiers``.

    Signatures from unknown keys (name and key hash not both matching a verifier) are kept in
    ``unverified_sigs`` and otherwise ignored; of several lines by one known key only the first counts.
    Raises :class:`InvalidSignatureError` if a known key's signature fails, :class:`UnverifiedNoteError`
    if no known key signed.
    """
    known = {(v.name, v.key_hash): v for v in verifiers}
    text, parsed = split_note(message)
    note = Note(text)
    seen: set[tuple[str, int]] = set()
    for sig, raw in parsed:
        ident = (sig.name, sig.key_hash)
        verifier = known.get(ident)
        if verifier is None:
            if sig not in note.unverified_sigs:
                note.unverified_sigs.append(sig)
            continue
        # The first line by a key decides and later lines by the same key are skipped unverified, as
        # Go's note.Open does: two verifiers must never disagree on the same bytes (docs/record.md §4).
        if ident in seen:
            continue
        if not verifier.verify(text.encode(), raw):
            raise InvalidSignatureError(f"signature by {sig.name} ({sig.key_hash:08x}) does not verify")
        seen.add(ident)
        note.sigs.append(sig)
    if not note.sigs:
        raise UnverifiedNoteError("note has no signature from a trusted key")
    return note
