"""Export bundles: everything needed to verify the record offline, and the verifier.

Layout of a bundle directory (``docs/record.md`` is the normative description)::

    keys.json          {"format": "truce-record-bundle/v1", "origin", "log_vkey",
                        "witnesses": [{"name", "vkey"}], "quorum", "public"}
    entries.jsonl      entry i on line i+1: exactly its leaf input (canonical JSON), then "\\n"
    openings.jsonl     only in a non-public bundle: {"index","name","salt","value"} per line, canonical
    checkpoints/<n>    signed checkpoint of size n (decimal file name), with witness cosignatures

:func:`write_bundle` takes plain iterables (the Django side streams rows into it); :func:`verify_bundle`
streams the entries once, so a 10^6-entry bundle needs memory for the commitments only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truce.core.canonical import CanonicalError, canonical_bytes
from truce.core.record.checkpoint import Checkpoint, parse_checkpoint
from truce.core.record.cosignature import witness_verifier
from truce.core.record.entry import GENESIS_PREV, VERSION, Entry, EntryError, Opening, check_opening
from truce.core.record.hashing import EMPTY_ROOT
from truce.core.record.note import ALG_ED25519, Note, NoteError, open_note, parse_verifier, split_note
from truce.core.record.rotation import ROTATION_TYPE, KeyChain, Rotation, RotationError, rotation_of

__all__ = ["FORMAT", "BundleError", "Report", "verify_bundle", "write_bundle"]

FORMAT = "truce-record-bundle/v1"
_MAX_SAFE_INT = 2**53 - 1
_sha256 = hashlib.sha256


class BundleError(ValueError):
    """The bundle cannot be written as asked."""


@dataclass
class Report:
    """The outcome of :func:`verify_bundle`. ``ok`` False means ``error`` names the first failure."""

    ok: bool = False
    entries: int = 0
    checkpoints: list[int] = field(default_factory=list)
    latest: Checkpoint | None = None
    cosigners: list[str] = field(default_factory=list)  # witnesses that cosigned the latest checkpoint
    openings: int = 0
    public: bool = True
    error: str | None = None
    where: str | None = None  # "entries.jsonl line 17 (index 16)", "checkpoints/40", ...
    # Which trust anchors came from the caller rather than from the bundle's keys.json.
    pinned_log_key: bool = False
    pinned_witnesses: bool = False
    pinned_quorum: bool = False
    index: int | None = None  # the first bad entry's index, when an entry is to blame
    # The log keys in the order they signed (the trusted one first), and each rotation with the size of
    # its handover checkpoint (docs/record.md §5.1).
    log_keys: list[str] = field(default_factory=list)
    rotations: list[tuple[int, int]] = field(default_factory=list)

    def fail(self, where: str, message: str, index: int | None = None) -> Report:
        self.ok, self.where, self.error, self.index = False, where, message, index
        return self


def _write_file(path: Path, chunks: Iterable[bytes]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_bundle(
    directory: str | Path,
    *,
    origin: str,
    log_vkey: str,
    entries: Iterable[Entry | bytes],
    checkpoints: Iterable[bytes],
    witnesses: Sequence[tuple[str, str]] = (),
    quorum: int = 0,
    openings: Iterable[tuple[int, str, Opening]] | None = None,
    later_log_vkeys: Sequence[str] = (),
) -> int:
    """Write a bundle; return the number of entries written.

    ``entries`` in index order (Entry objects or their leaf inputs); ``checkpoints`` signed notes (with
    cosignatures) whose sizes do not exceed the entry count, the last covering all entries; ``witnesses``
    (name, vkey) pairs and ``quorum`` as the agreement lists them; ``openings`` (index, field name,
    opening) for a non-public bundle — pass None for a public one, which then holds no confidential value.
    ``log_vkey`` is the record's first key (the trust anchor); ``later_log_vkeys`` the keys it was rotated
    to, whose signatures are kept too (the rotation entries and handover checkpoints vouch for them).
    """
    out = Path(directory)
    (out / "checkpoints").mkdir(parents=True, exist_ok=True)
    if any((out / "checkpoints").iterdir()) or (out / "entries.jsonl").exists():
        raise BundleError(f"{out} already holds a bundle; export into an empty directory")
    keys = {
        "format": FORMAT,
        "origin": origin,
        "log_vkey": log_vkey,
        "witnesses": [{"name": name, "vkey": vkey} for name, vkey in witnesses],
        "quorum": quorum,
        "public": openings is None,
    }
    _write_file(out / "keys.json", [canonical_bytes(keys) + b"\n"])
    count = 0

    def lines() -> Iterable[bytes]:
        nonlocal count
        for item in entries:
            data = item.leaf_input() if isinstance(item, Entry) else bytes(item)
            if b"\n" in data:
                raise BundleError(f"entry {count} contains a newline: it is not canonical JSON")
            count += 1
            yield data + b"\n"

    _write_file(out / "entries.jsonl", lines())
    if openings is not None:
        _write_file(
            out / "openings.jsonl",
            (
                canonical_bytes({"index": i, "name": name, "salt": o.salt, "value": o.value}) + b"\n"
                for i, name, o in openings
            ),
        )
    verifiers = [
        parse_verifier(log_vkey),
        *(parse_verifier(vkey) for vkey in later_log_vkeys),
        *(witness_verifier(vkey) for _, vkey in witnesses),
    ]
    for signed in checkpoints:
        try:
            note = open_note(signed, verifiers)
            size = parse_checkpoint(note.text).size
        except NoteError as exc:
            raise BundleError(f"a checkpoint to export does not verify: {exc}") from exc
        if size > count:
            raise BundleError(f"checkpoint of size {size} is beyond the {count} entries exported")
        # Only signatures of listed keys go out: others prove nothing to the bundle's readers (a verifier
        # ignores them) and would only make the files differ between exports.
        _write_file(out / "checkpoints" / str(size), [Note(note.text, note.sigs).encode()])
    return count


# --- verification -------------------------------------------------------------------------------


class _NotCanonical(ValueError):
    pass


def _int(text: str) -> int:
    value = int(text)
    if abs(value) > _MAX_SAFE_INT:
        raise _NotCanonical(f"integer {text} is outside ±(2^53-1)")
    return value


def _no_float(text: str) -> Any:
    raise _NotCanonical(f"number {text} is not an integer (floats are not allowed)")


_decoder = json.JSONDecoder(parse_int=_int, parse_float=_no_float, parse_constant=_no_float)
_sorted_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, sort_keys=True)
# UTF-8 lead bytes of U+E000..U+FFFF and of everything above U+FFFF: the only characters whose
# code-point order (Python's sort) differs from the UTF-16 order canonical JSON sorts keys by.
_ORDER_MAY_DIFFER = re.compile(rb"[\xee-\xf4]")


def parse_canonical(line: bytes) -> Any:
    """Parse one JSON line and check it is exactly the canonical encoding (``truce.core.canonical``).

    Re-encoding with sorted keys and comparing bytes catches whitespace, escapes, key order and
    duplicate keys (the parsed object keeps one of them) in C; lines that could hold keys whose
    code-point and UTF-16 orders differ take the exact encoder instead.
    """
    try:
        value = _decoder.decode(line.decode("utf-8"))
        if _ORDER_MAY_DIFFER.search(line):
            again = canonical_bytes(value)
        else:
            again = _sorted_encoder.encode(value).encode("utf-8")
    except (_NotCanonical, UnicodeError, CanonicalError) as exc:
        raise _NotCanonical(str(exc)) from exc
    except ValueError as exc:
        raise _NotCanonical(f"not JSON: {exc}") from exc
    if again != line:
        raise _NotCanonical("not in canonical form (key order, whitespace, escapes or duplicate keys)")
    return value


_ENTRY_KEYS = frozenset({"v", "index", "prev", "time", "type", "agreement", "subject", "data", "sealed"})
_STR = ("prev", "time", "type", "subject")


def _entry_fields(obj: Any) -> tuple[int, str, dict[str, Any]]:
    """(index, prev, sealed) of a parsed entry; the common well-formed case without building an Entry."""
    if (
        type(obj) is dict
        and obj.keys() == _ENTRY_KEYS
        and obj["v"] == VERSION
        and type(obj["index"]) is int
        and all(type(obj[k]) is str for k in _STR)
        and type(obj["data"]) is dict
        and type(obj["sealed"]) is dict
        and (obj["agreement"] is None or type(obj["agreement"]) is str)
    ):
        return obj["index"], obj["prev"], obj["sealed"]
    entry = Entry.from_json(obj)  # raises EntryError saying what is wrong
    if entry.agreement is not None and not isinstance(entry.agreement, str):
        raise EntryError("entry agreement must be a string or null")
    return entry.index, entry.prev, dict(entry.sealed)


_KEYS_FIELDS = {"format", "origin", "log_vkey", "witnesses", "quorum", "public"}


def _load_keys(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    if not raw.endswith(b"\n"):
        raise ValueError("must end in a newline")
    try:
        keys = parse_canonical(raw[:-1])
    except _NotCanonical as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(keys, dict) or set(keys) != _KEYS_FIELDS:
        raise ValueError(f"must be an object with exactly the members {sorted(_KEYS_FIELDS)}")
    if keys["format"] != FORMAT:
        raise ValueError(f"format is {keys['format']!r}, not {FORMAT!r}")
    if not isinstance(keys["origin"], str) or not isinstance(keys["log_vkey"], str):
        raise ValueError("origin and log_vkey must be strings")
    if type(keys["quorum"]) is not int or type(keys["public"]) is not bool:
        raise ValueError("quorum must be an integer and public a boolean")
    witnesses = keys["witnesses"]
    if not isinstance(witnesses, list) or not all(
        isinstance(w, dict) and set(w) == {"name", "vkey"} for w in witnesses
    ):
        raise ValueError('witnesses must be a list of {"name", "vkey"} objects')
    for w in witnesses:
        if not w["vkey"].startswith(w["name"] + "+"):
            raise ValueError(f"witness {w['name']!r} does not match the name in its key")
    return keys


def verify_bundle(
    directory: str | Path,
    trusted_checkpoint: bytes | None = None,
    *,
    log_vkey: str | None = None,
    witness_vkeys: Sequence[str] | None = None,
    quorum: int | None = None,
) -> Report:
    """Check a bundle end to end and report the first failure.

    Every entry parses, re-encodes canonically byte for byte, has the next index and the previous
    entry's digest as ``prev``; the Merkle root at every checkpoint's size matches it; every checkpoint is
    signed by the log key and any cosignature by a listed witness verifies; the latest checkpoint covers
    every entry and carries the quorum of cosignatures; ``trusted_checkpoint`` (a signed note the caller
    kept from before) is consistent with the bundle; every opening opens its commitment; a public bundle
    has no openings.

    ``log_vkey``, ``witness_vkeys`` and ``quorum`` pin the trust anchors from a source the bundle's author
    does not control (the agreement, a key kept from before); each one not given is read from
    ``keys.json``, which only proves the bundle consistent with itself (the operator writes that file:
    it could replace the witnesses' keys by its own under the same names). A ``keys.json`` witness whose
    name is pinned with another key fails, naming it; signature lines by keys that are not trusted are
    ignored, as C2SP signed-note requires, so they can neither help nor break the quorum.
    """
    root = Path(directory)
    report = Report()
    try:
        keys = _load_keys(root / "keys.json")
    except (OSError, ValueError) as exc:
        return report.fail("keys.json", f"unreadable: {exc}")
    if log_vkey is not None and keys["log_vkey"] != log_vkey:
        return report.fail("keys.json", "log_vkey is not the log key you trust (--key)")
    try:
        log_verifier = parse_verifier(keys["log_vkey"])
        witness_verifiers = [witness_verifier(w["vkey"]) for w in keys["witnesses"]]
    except (NoteError, KeyError, TypeError) as exc:
        return report.fail("keys.json", f"bad key: {exc}")
    if witness_vkeys is not None:
        try:
            pinned = [witness_verifier(vkey) for vkey in witness_vkeys]
        except NoteError as exc:
            return report.fail("pinned witness keys", f"bad key: {exc}")
        by_name = {v.name: v for v in pinned}
        for listed in witness_verifiers:
            trusted_key = by_name.get(listed.name)
            if trusted_key is not None and trusted_key.public_key != listed.public_key:
                return report.fail(
                    "keys.json",
                    f"witness {listed.name}: the bundle lists another key than the one you trust "
                    "(the agreement's or --witness); its cosignatures cannot count",
                )
        witness_verifiers = pinned
    report.pinned_log_key = log_vkey is not None
    report.pinned_witnesses = witness_vkeys is not None
    report.pinned_quorum = quorum is not None
    if log_verifier.alg != ALG_ED25519:
        return report.fail("keys.json", "log_vkey is not a log key (type 0x01)")
    origin = keys["origin"]
    if quorum is None:
        quorum = keys["quorum"]
    report.public = keys["public"]

    # Checkpoints first: their sizes say where the streaming pass must take a root. Their signatures are
    # checked after the entries, once the rotation entries say which log key signs which checkpoint.
    raw: dict[int, tuple[bytes, Checkpoint]] = {}
    cp_dir = root / "checkpoints"
    # Numeric order (shorter names first), so the first failure named is the smallest size.
    names = sorted((p.name for p in cp_dir.iterdir()), key=lambda n: (len(n), n)) if cp_dir.is_dir() else []
    if not names:
        return report.fail("checkpoints/", "the bundle holds no checkpoint")
    for name in names:
        where = f"checkpoints/{name}"
        try:
            message = (cp_dir / name).read_bytes()
            cp = parse_checkpoint(split_note(message)[0])
        except (OSError, NoteError) as exc:
            return report.fail(where, f"bad signed checkpoint: {exc}")
        if str(cp.size) != name:
            return report.fail(where, f"file name says size {name} but the checkpoint says {cp.size}")
        if cp.origin != origin:
            return report.fail(where, f"origin {cp.origin!r} is not the bundle's {origin!r}")
        raw[cp.size] = (message, cp)
    report.checkpoints = sorted(raw)

    trusted: Checkpoint | None = None
    if trusted_checkpoint is not None:
        try:
            trusted = parse_checkpoint(split_note(trusted_checkpoint)[0])
        except NoteError as exc:
            return report.fail("trusted checkpoint", f"does not parse: {exc}")
        if trusted.origin != origin:
            return report.fail("trusted checkpoint", f"origin {trusted.origin!r} is not {origin!r}")
    want_roots = set(raw) | ({trusted.size} if trusted else set())
    roots: dict[int, bytes] = {0: EMPTY_ROOT} if 0 in want_roots else {}

    # Streaming pass over the entries: canonical form, chain, leaf hashes, roots at checkpoint sizes.
    sealed: dict[int, Mapping[str, str]] = {}
    rotations: list[Rotation] = []
    prev = GENESIS_PREV
    stack: list[bytes] = []
    size = 0
    try:
        entries_file = open(root / "entries.jsonl", "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        return report.fail("entries.jsonl", f"unreadable: {exc}")
    with entries_file:
        for line in entries_file:
            where = f"entries.jsonl line {size + 1} (index {size})"
            if not line.endswith(b"\n"):
                return report.fail(where, "last line does not end in a newline (truncated file?)", size)
            data = line[:-1]
            try:
                obj = parse_canonical(data)
                index, entry_prev, entry_sealed = _entry_fields(obj)
                if obj["type"] == ROTATION_TYPE:
                    rotations.append(rotation_of(index, obj["data"]))
            except (_NotCanonical, EntryError, RotationError) as exc:
                return report.fail(where, f"bad entry: {exc}", size)
            if index != size:
                return report.fail(where, f"entry says index {index}: entries missing or out of order", size)
            if entry_prev != prev:
                # The chain can only show the break at the entry after a changed one, so name both.
                if size == 0:
                    return report.fail(where, "prev of the first entry must be 64 zeros", 0)
                return report.fail(
                    f"entries.jsonl line {size} (index {size - 1})",
                    f"chain broken: prev of index {size} is not the SHA-256 of index {size - 1} "
                    f"(entry {size - 1} was changed, or the prev of entry {size})",
                    size - 1,
                )
            prev = _sha256(data).hexdigest()
            if entry_sealed:
                sealed[size] = entry_sealed
            h = _sha256(b"\x00" + data).digest()
            n = size
            while n & 1:
                h = _sha256(b"\x01" + stack.pop() + h).digest()
                n >>= 1
            stack.append(h)
            size += 1
            if size in want_roots:
                r = stack[-1]
                for left in reversed(stack[:-1]):
                    r = _sha256(b"\x01" + left + r).digest()
                roots[size] = r
    report.entries = size

    # The signatures, in size order, following the log key from the trusted one through each handover.
    chain = KeyChain(log_verifier, rotations, origin)
    signed: dict[int, tuple[Checkpoint, list[str]]] = {}
    for cp_size in report.checkpoints:
        message, cp = raw[cp_size]
        try:
            _, cosigners = chain.open(message, cp, witness_verifiers)
        except NoteError as exc:
            return report.fail(f"checkpoints/{cp_size}", f"bad signed checkpoint: {exc}")
        signed[cp_size] = (cp, cosigners)
    report.log_keys = [k.vkey for k in chain.keys]
    report.rotations = [(r.index, at) for r, at in chain.handovers]
    if trusted is not None and trusted_checkpoint is not None:
        try:
            open_note(trusted_checkpoint, chain.keys)
        except NoteError as exc:
            return report.fail("trusted checkpoint", f"does not verify with the log's keys: {exc}")

    for cp_size in report.checkpoints:
        cp, cosigners = signed[cp_size]
        where = f"checkpoints/{cp_size}"
        if cp_size > size:
            return report.fail(
                where, f"checkpoint size {cp_size} is beyond the {size} entries (entries missing)"
            )
        if roots[cp_size] != cp.root_hash:
            return report.fail(
                where,
                f"root hash does not match the first {cp_size} entries: "
                f"an entry before index {cp_size} changed",
            )
    latest_cp, latest_cosigners = signed[report.checkpoints[-1]]
    if latest_cp.size != size:
        return report.fail(
            f"entries.jsonl line {latest_cp.size + 1}",
            f"entries from index {latest_cp.size} are not covered by any checkpoint",
            latest_cp.size,
        )
    if len(latest_cosigners) < quorum:
        return report.fail(
            f"checkpoints/{latest_cp.size}",
            f"{len(latest_cosigners)} witness cosignature(s) ({', '.join(latest_cosigners) or 'none'}), "
            f"quorum is {quorum}",
        )
    report.latest, report.cosigners = latest_cp, latest_cosigners

    if trusted is not None:
        if trusted.size > size:
            return report.fail(
                "trusted checkpoint",
                f"you trusted a tree of {trusted.size} entries but the bundle has {size}: "
                "it is rolled back or stale",
            )
        if roots[trusted.size] != trusted.root_hash:
            return report.fail(
                "trusted checkpoint",
                f"the bundle's first {trusted.size} entries do not match the checkpoint you trusted: "
                "history was rewritten",
            )

    openings_path = root / "openings.jsonl"
    if openings_path.exists():
        if report.public:
            return report.fail("openings.jsonl", "a public bundle must not contain openings")
        with open(openings_path, "rb") as f:
            for lineno, line in enumerate(f, 1):
                where = f"openings.jsonl line {lineno}"
                try:
                    obj = parse_canonical(line.rstrip(b"\n"))
                    index, name = obj["index"], obj["name"]
                    opening = Opening(salt=obj["salt"], value=obj["value"])
                except (_NotCanonical, KeyError, TypeError) as exc:
                    return report.fail(where, f"bad opening: {exc}")
                if not isinstance(index, int) or index not in sealed or name not in sealed[index]:
                    return report.fail(
                        where,
                        f"entry {index} has no commitment named {name!r}",
                        index if isinstance(index, int) else None,
                    )
                if not check_opening(Entry(index, "", "", "", None, "", {}, sealed[index]), name, opening):
                    return report.fail(
                        where, f"opening of {name!r} does not match the commitment in entry {index}", index
                    )
                report.openings += 1
    report.ok = True
    return report
