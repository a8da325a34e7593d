"""Canonical JSON for record events: RFC 8785 (JCS) restricted to values without floating point.

Why the restriction: JCS serialises numbers the way ECMAScript does, which Python's ``repr`` does not
match for every float. Record events never carry floats (coordinates are decimal strings), so integers,
strings, booleans, null, arrays and objects are all we accept, and for those JCS is exactly:
keys sorted by their UTF-16 code units, no insignificant whitespace, strings escaped only where JSON
requires (``"``, ``\\``, control characters; ``\\b \\f \\n \\r \\t`` in short form, others as
lower-case ``\\u00xx``), everything else as literal UTF-8.

``docs/record.md`` documents this encoding for independent verifiers; ``truce.record`` and
``truce.core.record`` rely on it byte for byte.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["CanonicalError", "canonical_bytes", "canonical_json"]


class CanonicalError(ValueError):
    """The value cannot be encoded canonically (a float, a non-string key, a lone surrogate...)."""


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _check(value: Any, path: str) -> Any:
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise CanonicalError(f"{path}: lone surrogate in string") from exc
        return value
    if isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise CanonicalError(f"{path}: integer {value} is outside the interoperable range ±(2^53-1)")
        return value
    if isinstance(value, float):
        raise CanonicalError(f"{path}: floating-point numbers are not allowed; use a decimal string")
    if isinstance(value, list | tuple):
        return [_check(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key in sorted(value, key=lambda k: _utf16_key(k) if isinstance(k, str) else b""):
            if not isinstance(key, str):
                raise CanonicalError(f"{path}: object key {key!r} is not a string")
            out[key] = _check(value[key], f"{path}.{key}")
        return out
    raise CanonicalError(f"{path}: {type(value).__name__} cannot be encoded")


def canonical_json(value: Any) -> str:
    """Return the canonical text of ``value`` (a str; encode as UTF-8 for hashing)."""
    # Keys are pre-sorted by UTF-16 code units in _check; json.dumps keeps insertion order.
    return json.dumps(_check(value, "$"), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_bytes(value: Any) -> bytes:
    """The UTF-8 bytes of :func:`canonical_json`; these are what the record hashes."""
    return canonical_json(value).encode("utf-8")
