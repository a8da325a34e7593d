"""Witness verifier keys in the C2SP signed-note format: ``<name>+<key hash>+<base64 key data>``.

The key data is an algorithm byte followed by the 32-byte Ed25519 public key: 0x04 (a C2SP
cosignature/v1 witness key, what ``truce witness init`` prints) or 0x01 (the same key written as a plain
Ed25519 note key); the key hash is the first four bytes of SHA-256(name || "\\n" || key data), in hex.
The record's witness code (``truce.core.record``) verifies cosignatures with these keys, so a malformed
key is refused at load.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

__all__ = ["parse_vkey"]

_VKEY = re.compile(r"(?P<name>[^+\s]+)\+(?P<hash>[0-9a-f]{8})\+(?P<data>[A-Za-z0-9+/]+={0,2})")
_ED25519 = 0x01
_COSIGNATURE_V1 = 0x04


def parse_vkey(vkey: str) -> tuple[str, bytes]:
    """The (name, raw 32-byte Ed25519 public key) of a verifier key; ValueError says what is wrong."""
    match = _VKEY.fullmatch(vkey)
    if match is None:
        raise ValueError(
            "expected a C2SP note verifier key 'name+hash+base64' (e.g. example.org/w+1a2b3c4d+AQ...), "
            "with no spaces and an 8-digit lower-case hex hash"
        )
    try:
        data = base64.b64decode(match["data"], validate=True)
    except binascii.Error:
        raise ValueError("the key data after the second '+' is not valid base64") from None
    if len(data) != 33 or data[0] not in (_ED25519, _COSIGNATURE_V1):
        raise ValueError(
            f"the key data decodes to {len(data)} bytes starting with {data[:1].hex() or 'nothing'}; "
            "a witness key is 33 bytes: 0x04 (or 0x01) followed by the 32-byte Ed25519 public key, "
            "as printed by `truce witness init`"
        )
    expected = hashlib.sha256(match["name"].encode() + b"\n" + data).hexdigest()[:8]
    if match["hash"] != expected:
        raise ValueError(
            f"the key hash {match['hash']} does not match the name and key (expected {expected})"
        )
    return match["name"], data[1:]
