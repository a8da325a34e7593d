"""Bundles an operator could forge, for the tests that show a pinned verifier refuses them."""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

from truce.agreements import SHIPPED
from truce.core.record.bundle import write_bundle
from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.entry import GENESIS_PREV, Entry
from truce.core.record.note import Signer, generate_key, parse_signer
from truce.core.record.tree import MerkleTree

from .records import ORIGIN, Record

AGREEMENT = SHIPPED / "south-sudan-2018.toml"


def rewritten_entries(entries: list[Entry], index: int) -> list[Entry]:
    """The same history with entry ``index`` changed and every later ``prev`` recomputed."""
    out: list[Entry] = []
    prev = GENESIS_PREV
    for entry in entries:
        if entry.index == index:
            entry = dataclasses.replace(entry, data={**entry.data, "zone": "somewhere else"})
        entry = dataclasses.replace(entry, prev=prev)
        out.append(entry)
        prev = entry.digest()
    return out


def forge_quorum(record: Record, out: Path, sizes: tuple[int, ...] = (5, 12, 20)) -> Path:
    """Issue 12's attack: history rewritten and re-signed with the genuine log key; each witness's key
    replaced in keys.json by the operator's own, under the genuine name, and "cosigned" with it."""
    entries = rewritten_entries(record.entries, 3)
    fakes: list[tuple[str, str, Signer]] = []
    for w in record.witnesses:
        skey, vkey = generate_key(w.name, alg=0x04)
        fakes.append((w.name, vkey, parse_signer(skey)))
    log = parse_signer(record.log_skey)
    tree = MerkleTree()
    checkpoints = []
    for size in sizes:
        tree.extend(e.leaf_input() for e in entries[tree.size : size])
        checkpoints.append(
            sign_checkpoint(Checkpoint(ORIGIN, size, tree.root()), [log, *(f[2] for f in fakes)])
        )
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=entries,
        checkpoints=checkpoints,
        witnesses=[(name, vkey) for name, vkey, _ in fakes],
        quorum=len(fakes),
    )
    return out


def add_unknown_cosignature(checkpoint_file: Path, name: str = "witness.stranger.example/truce") -> None:
    """Append a valid cosignature/v1 line by a witness nobody lists."""
    skey, _ = generate_key(name, alg=0x04)
    signer = parse_signer(skey)
    signed = checkpoint_file.read_bytes()
    text = signed[: signed.rfind(b"\n\n") + 1]
    sig = base64.b64encode(signer.key_hash.to_bytes(4, "big") + signer.sign(text)).decode()
    checkpoint_file.write_bytes(signed + f"— {name} {sig}\n".encode())


def agreement_with_witnesses(
    record: Record, out: Path, quorum: int | None = None, record_key: str | None = None
) -> Path:
    """The demo agreement with the record's genuine witnesses listed, as the parties would sign it."""
    text = AGREEMENT.read_text(encoding="utf-8")
    if record_key is not None:
        text = text.replace("[agreement]\n", f'[agreement]\nrecord_key = "{record_key}"\n', 1)
    if quorum is not None:
        text = text.replace("[procedure]\n", f"[procedure]\nwitness_quorum = {quorum}\n", 1)
    for w in record.witnesses:
        text += f'\n[[witness]]\nname = "{w.name}"\nkey = "{w.vkey}"\n'
    out.write_text(text, encoding="utf-8")
    return out
