"""Build small signed, witnessed records for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.entry import GENESIS_PREV, Entry, Opening, seal
from truce.core.record.note import generate_key, parse_signer, parse_verifier
from truce.core.record.tree import MerkleTree
from truce.core.record.witness import Witness, WitnessError, init_witness, merge_cosignatures

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


def rotation_entry(index: int, prev: str, old_vkey: str, new_vkey: str) -> Entry:
    """The entry ``truce record rotate-key`` writes (docs/record.md §5.1), as the core sees it."""
    return Entry(
        index=index,
        prev=prev,
        time=f"2025-10-21T09:{index % 60:02d}:00.000000Z",
        type="RecordKeyRotated",
        agreement=None,
        subject="record:log-key",
        data={"by": {"organisation": "", "role": "operator"}, "new_vkey": new_vkey, "old_vkey": old_vkey},
        sealed={},
    )


@dataclass
class RotatedRecord(Record):
    new_skey: str = ""
    new_vkey: str = ""
    rotate_at: int = 0


def make_rotated_record(
    tmp: Path,
    n: int = 20,
    rotate_at: int = 9,
    checkpoint_sizes: tuple[int, ...] = (5, 12, 20),
    *,
    handover: tuple[str, ...] = ("old", "new"),
    after: tuple[str, ...] = ("new",),
    announce: bool = True,
    with_entry: bool = True,
    n_witnesses: int = 2,
) -> RotatedRecord:
    """A record whose log key is rotated by entry ``rotate_at``: checkpoints up to it are signed by the
    old key, the first one beyond it (the handover) by ``handover`` and later ones by ``after`` (each a
    tuple of "old", "new", "other": a third key no rotation names). The witnesses cosign what they accept
    (a forged chain gets no cosignature from them)."""
    base, openings = make_entries(n)
    old_skey, old_vkey = generate_key(ORIGIN)
    new_skey, new_vkey = generate_key(ORIGIN)
    other_skey, _ = generate_key(ORIGIN)
    signers = {
        "old": parse_signer(old_skey),
        "new": parse_signer(new_skey),
        "other": parse_signer(other_skey),
    }
    entries: list[Entry] = []
    prev = GENESIS_PREV
    for e in base:
        if e.index == rotate_at and with_entry:
            e = rotation_entry(rotate_at, prev, old_vkey, new_vkey)
        else:
            e = Entry(e.index, prev, e.time, e.type, e.agreement, e.subject, e.data, e.sealed)
        entries.append(e)
        prev = e.digest()
    openings = [o for o in openings if o[0] != rotate_at or not with_entry]
    witnesses = []
    for k in range(n_witnesses):
        init_witness(tmp / f"witness{k}", f"witness.example/{k}", [(ORIGIN, old_vkey)])
        witnesses.append(Witness(tmp / f"witness{k}"))
    tree = MerkleTree()
    record = RotatedRecord(
        entries,
        openings,
        tree,
        old_skey,
        old_vkey,
        witnesses,
        new_skey=new_skey,
        new_vkey=new_vkey,
        rotate_at=rotate_at,
    )
    last = 0
    handed = False
    for size in checkpoint_sizes:
        tree.extend(e.leaf_input() for e in entries[tree.size : size])
        extensions: tuple[str, ...] = ()
        if size <= rotate_at:
            who: tuple[str, ...] = ("old",)
        elif not handed:
            who, handed = handover, True
            extensions = (f"truce-log-key {new_vkey}",) if announce else ()
        else:
            who = after
        signed = sign_checkpoint(Checkpoint(ORIGIN, size, tree.root(), extensions), [signers[w] for w in who])
        proof = tree.consistency_proof(last, size) if last else []
        for w in witnesses:
            try:
                answer = w.add_checkpoint(last, proof, signed)
            except WitnessError:
                continue
            signed = merge_cosignatures(signed, answer, [parse_verifier(w.vkey)])
        record.checkpoints[size] = signed
        last = size
    return record
