"""C2SP tlog-proof (https://c2sp.org/tlog-proof): an offline-verifiable proof that one entry is in the log.

Text format (lines end in U+000A)::

    c2sp.org/tlog-proof@v1
    extra <base64>              optional; Truce puts the entry's leaf input (canonical JSON) here
    index <decimal>
    <base64 hash>               zero or more: the RFC 6962/9162 inclusion proof, leaf sibling first
    <empty line>
    <signed checkpoint, verbatim, with any witness cosignatures>

The spec leaves ``extra`` opaque and unauthenticated; Truce makes it authenticated by hashing it as the
leaf and checking the inclusion proof, so a proof file is self-contained. A verifier that holds the
entry some other way can pass it instead (``leaf_input=``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from truce.core.record.checkpoint import Checkpoint, parse_checkpoint
from truce.core.record.cosignature import witness_verifier
from truce.core.record.entry import Entry, EntryError
from truce.core.record.hashing import leaf_hash
from truce.core.record.note import ALG_ED25519, NoteError, open_note, parse_verifier
from truce.core.record.tree import MerkleTree
from truce.core.record.verify import ProofError, verify_inclusion

__all__ = [
    "HEADER",
    "ProofFile",
    "ProofFileError",
    "ProofResult",
    "format_proof",
    "parse_proof",
    "prove",
    "verify_proof_file",
]

HEADER = "c2sp.org/tlog-proof@v1"
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class ProofFileError(ValueError):
    """The proof file is malformed or does not prove what it claims."""


@dataclass(frozen=True)
class ProofFile:
    index: int
    proof: list[bytes]
    checkpoint: bytes  # the signed note, verbatim
    extra: bytes | None = None


@dataclass
class ProofResult:
    """What a verified proof establishes."""

    index: int
    checkpoint: Checkpoint
    leaf_input: bytes
    entry: Entry | None
    signers: list[str] = field(default_factory=list)  # key names whose signatures verified

    @property
    def cosigners(self) -> list[str]:
        return [name for name in self.signers if name != self.checkpoint.origin]


def format_proof(
    index: int, proof: Sequence[bytes], signed_checkpoint: bytes, extra: bytes | None = None
) -> str:
    """The proof file text. ``signed_checkpoint`` is a complete signed note ending in a newline."""
    lines = [HEADER]
    if extra is not None:
        lines.append("extra " + base64.b64encode(extra).decode())
    lines.append(f"index {index}")
    lines.extend(base64.b64encode(h).decode() for h in proof)
    return "\n".join(lines) + "\n\n" + signed_checkpoint.decode()


def prove(tree: MerkleTree, index: int, signed_checkpoint: bytes, leaf_input: bytes | None = None) -> str:
    """A proof file for leaf ``index`` under ``signed_checkpoint`` (whose size must be <= tree.size).

    ``leaf_input`` (the entry's canonical bytes) goes into ``extra`` so the file proves the entry alone;
    it must hash to the stored leaf. Omit it for a proof of the leaf hash only.
    """
    text = signed_checkpoint.decode()
    checkpoint = parse_checkpoint(text[: text.rfind("\n\n") + 1])
    if leaf_input is not None and leaf_hash(leaf_input) != tree.leaf_hash(index):
        raise ProofFileError(f"the entry given is not leaf {index} of the tree")
    return format_proof(index, tree.inclusion_proof(index, checkpoint.size), signed_checkpoint, leaf_input)


def _b64(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProofFileError(f"{what} is not valid base64") from exc
    if base64.b64encode(data).decode() != text:
        raise ProofFileError(f"{what} is not canonical base64")
    return data


def parse_proof(text: str) -> ProofFile:
    """Parse a proof file strictly (structure only; :func:`verify_proof_file` checks what it proves)."""
    head, sep, checkpoint = text.partition("\n\n")
    if not sep:
        raise ProofFileError("proof has no empty line between the inclusion proof and the checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER:
        raise ProofFileError(f"first line must be {HEADER!r}")
    pos, extra = 1, None
    if pos < len(lines) and lines[pos].startswith("extra "):
        extra = _b64(lines[pos][6:], "extra data")
        pos += 1
    if pos >= len(lines) or not lines[pos].startswith("index ") or not _DECIMAL.fullmatch(lines[pos][6:]):
        raise ProofFileError("expected an 'index <decimal>' line without leading zeros")
    index = int(lines[pos][6:])
    proof = []
    for n, line in enumerate(lines[pos + 1 :]):
        h = _b64(line, f"proof hash {n}")
        if len(h) != 32:
            raise ProofFileError(f"proof hash {n} is {len(h)} bytes, want 32")
        proof.append(h)
    return ProofFile(index, proof, checkpoint.encode(), extra)


def verify_proof_file(
    text: str,
    trusted_vkeys: Iterable[str],
    *,
    leaf_input: bytes | None = None,
    origin: str | None = None,
    quorum: int = 0,
    witness_vkeys: Iterable[str] = (),
) -> ProofResult:
    """Verify a tlog-proof against trusted keys; raise :class:`ProofFileError` naming what failed.

    ``trusted_vkeys``: the log's key (type 0x01) and any witness keys of type 0x04; ``witness_vkeys``:
    witness keys in either encoding (see ``cosignature.witness_verifier``). A log key must sign the
    checkpoint; at least ``quorum`` distinct witness keys must cosign it. The leaf is ``leaf_input`` when
    given, else the ``extra`` data; when it is a Truce entry, its index must match the proof's.
    """
    verifiers = [parse_verifier(v) for v in trusted_vkeys] + [witness_verifier(v) for v in witness_vkeys]
    parsed = parse_proof(text)
    try:
        note = open_note(parsed.checkpoint, verifiers)
        checkpoint = parse_checkpoint(note.text)
    except NoteError as exc:
        raise ProofFileError(f"checkpoint: {exc}") from exc
    if origin is not None and checkpoint.origin != origin:
        raise ProofFileError(f"checkpoint origin {checkpoint.origin!r} is not {origin!r}")
    by_ident = {(v.name, v.key_hash): v for v in verifiers}
    log_signed = [s.name for s in note.sigs if by_ident[(s.name, s.key_hash)].alg == ALG_ED25519]
    # open_note keeps one line per (name, key hash): each trusted witness key counts once.
    witnesses = [s.name for s in note.sigs if by_ident[(s.name, s.key_hash)].alg != ALG_ED25519]
    if not log_signed:
        raise ProofFileError(
            "checkpoint carries no signature by a trusted log key (only witness cosignatures)"
        )
    if len(witnesses) < quorum:
        raise ProofFileError(f"checkpoint has {len(witnesses)} trusted cosignatures, the quorum is {quorum}")
    leaf = leaf_input if leaf_input is not None else parsed.extra
    if leaf is None:
        raise ProofFileError("proof has no extra data and no entry was given to check")
    try:
        verify_inclusion(parsed.index, checkpoint.size, leaf_hash(leaf), parsed.proof, checkpoint.root_hash)
    except ProofError as exc:
        raise ProofFileError(f"entry {parsed.index} is not in the checkpointed tree: {exc}") from exc
    entry = None
    try:
        entry = Entry.from_json(json.loads(leaf))
    except (ValueError, EntryError):
        entry = None  # not a Truce entry: the proof still holds for the raw leaf
    if entry is not None and entry.index != parsed.index:
        raise ProofFileError(f"entry says index {entry.index} but the proof is for index {parsed.index}")
    return ProofResult(parsed.index, checkpoint, leaf, entry, [s.name for s in note.sigs])
