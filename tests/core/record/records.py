"""Build small signed, witnessed records for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.entry import GENESIS_PREV, Entry, Opening, seal
from truce.core.record.note import generate_key, parse_signer, parse_verifier
from truce.core.record.tree import MerkleTree
from truce.core.record.witness import Witness, init_witness, merge_cosignatures

ORIGIN = "truce/pak-afg-2025"
SECRET = "Source Falcon-7 near Chaman"


def make_entries(n: int) -> tuple[list[Entry], list[tuple[int, str, Opening]]]:
    entries, openings = [], []
    prev = GENESIS_PREV
    for i in range(n):
        sealed: dict[str, str] = {}
        if i % 3 == 1:
            sealed, opened = seal({"source": f"{SECRET} #{i}", "notes": ["ünïcode", i]})
            openings.extend((i, name, o) for name, o in opened.items())
        entry = Entry(
            index=i,
            prev=prev,
            time=f"2025-10-20T08:{i % 60:02d}:00.000000Z",
            type="ReportFiled" if i % 2 else "CaseOpened",
            agreement="pak-afg-2025",
            subject=f"report:{i}",
            data={"n": i, "zone": "Border belt", "harm": {"killed": i % 4, "note": "line\nbreak"}},
            sealed=sealed,
        )
        entries.append(entry)
        prev = entry.digest()
    return entries, openings


@dataclass
class Record:
    entries: list[Entry]
    openings: list[tuple[int, str, Opening]]
    tree: MerkleTree
    log_skey: str
    log_vkey: str
    witnesses: list[Witness]
    checkpoints: dict[int, bytes] = field(default_factory=dict)

    def witness_keys(self) -> list[tuple[str, str]]:
        return [(w.name, w.vkey) for w in self.witnesses]


def make_record(tmp: Path, n: int, checkpoint_sizes: list[int], n_witnesses: int = 2) -> Record:
    entries, openings = make_entries(n)
    skey, vkey = generate_key(ORIGIN)
    signer = parse_signer(skey)
    witnesses = []
    for k in range(n_witnesses):
        init_witness(tmp / f"witness{k}", f"witness.example/{k}", [(ORIGIN, vkey)])
        witnesses.append(Witness(tmp / f"witness{k}"))
    tree = MerkleTree()
    record = Record(entries, openings, tree, skey, vkey, witnesses)
    last = 0
    for size in checkpoint_sizes:
        tree.extend(e.leaf_input() for e in entries[tree.size : size])
        signed = sign_checkpoint(Checkpoint(ORIGIN, size, tree.root()), [signer])
        proof = tree.consistency_proof(last, size) if last else []
        for w in witnesses:
            answer = w.add_checkpoint(last, proof, signed)
            signed = merge_cosignatures(signed, answer, [parse_verifier(w.vkey)])
        record.checkpoints[size] = signed
        last = size
    return record
