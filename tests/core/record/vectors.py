"""The record's published test vectors (docs/record-vectors/), built deterministically from fixed TEST keys.

    .venv/bin/python -m tests.core.record.vectors      # rewrite docs/record-vectors/ after a format change

``test_record_vectors.py`` rebuilds them and compares byte for byte, so the published files cannot drift
from the code; a verifier in another language checks itself against the files alone.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from truce.core.canonical import canonical_bytes
from truce.core.record.bundle import write_bundle
from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.cosignature import CosignatureSigner, cosigned_message
from truce.core.record.entry import GENESIS_PREV, Entry, Opening, commitment
from truce.core.record.note import Ed25519Signer, Signer
from truce.core.record.tree import MerkleTree

DIR = Path(__file__).resolve().parents[3] / "docs" / "record-vectors"
ORIGIN = "truce/vectors"
TIMESTAMP = 1760950800  # 2025-10-20T09:00:00Z: the witnesses' cosignature time


def _seed(label: str) -> bytes:
    # Published on purpose: these keys sign nothing but the vectors.
    return hashlib.sha256(f"truce test vector key: {label}".encode()).digest()


def _clock() -> int:
    return TIMESTAMP


LOG = Ed25519Signer(ORIGIN, _seed("log"))
NEW_LOG = Ed25519Signer(ORIGIN, _seed("log after rotation"))  # the key rotated-bundle/ moves to
WITNESSES = [
    CosignatureSigner(f"witness.example/{w}", _seed(f"witness {w}"), clock=_clock) for w in ("a", "b")
]

# (entry index, field name) -> (salt hex, value): the confidential fields and their openings.
SEALED: dict[tuple[int, str], tuple[str, Any]] = {
    (1, "incident"): (
        "11" * 32,
        {"description": "Mortar fire near the crossing — 2 injured", "source": "F-7"},
    ),
    (2, "details"): ("22" * 32, {"caption": "Crater, north side\nphoto 1 of 2", "taken_by": "Ü. Khan"}),
    (2, "sha256"): ("33" * 32, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    # Entry 3 is veiled (event version 2, docs/record.md §1.4): an observation the public may not see.
    (3, "by"): ("44" * 32, {"user": "monitor-1"}),
    (
        3,
        "event",
    ): (
        "55" * 32,
        {
            "type": "ReportFiled",
            "subject": "report:2",
            "data": {"by": {"organisation": "", "role": "monitor"}, "kind": "observation", "urgent": True},
        },
    ),
}
EVENTS: list[tuple[str, str | None, str, dict[str, Any]]] = [
    ("AgreementLoaded", "pak-afg-2025", "agreement:pak-afg-2025", {"by": None, "title": "Doha ceasefire"}),
    (
        "ReportFiled",
        "pak-afg-2025",
        "report:1",
        {"by": "PK", "kind": "complaint", "accused": "AF", "zone": "Kurram", "killed": 0, "Zulu": "B<a"},
    ),
    ("EvidenceAdded", "pak-afg-2025", "report:1", {"by": "PK", "evidence": 1, "public": False}),
    ("Veiled", "pak-afg-2025", "veiled", {"event_version": 2}),
]
TIMES = [
    "2025-10-20T08:00:00.000000Z",
    "2025-10-20T08:15:30.250000Z",
    "2025-10-20T08:16:02.000001Z",
    "2025-10-20T08:40:00.000000Z",
]


def entries() -> list[Entry]:
    out: list[Entry] = []
    prev = GENESIS_PREV
    for i, (kind, agreement, subject, data) in enumerate(EVENTS):
        sealed = {name: commitment(salt, value) for (j, name), (salt, value) in SEALED.items() if j == i}
        entry = Entry(i, prev, TIMES[i], kind, agreement, subject, data, sealed)
        out.append(entry)
        prev = entry.digest()
    return out


def _signed(tree: MerkleTree, size: int, signers: list[Signer], extensions: tuple[str, ...] = ()) -> bytes:
    return sign_checkpoint(Checkpoint(ORIGIN, size, tree.root(size), extensions), signers)


def rotated_entries() -> list[Entry]:
    """The four entries of bundle/, then the log key's rotation (docs/record.md §5.1) and one more."""
    es = entries()
    more = [
        (
            "RecordKeyRotated",
            None,
            "record:log-key",
            {
                "by": {"organisation": "", "role": "operator"},
                "new_vkey": NEW_LOG.verifier().vkey,
                "old_vkey": LOG.verifier().vkey,
            },
        ),
        ("ReportFiled", "pak-afg-2025", "report:3", {"by": "AF", "kind": "complaint", "accused": "PK"}),
    ]
    prev = es[-1].digest()
    for i, (kind, agreement, subject, data) in enumerate(more, start=len(es)):
        entry = Entry(i, prev, f"2025-10-21T09:0{i}:00.000000Z", kind, agreement, subject, data, {})
        es.append(entry)
        prev = entry.digest()
    return es


def build() -> dict[str, bytes]:
    """Every vector file, by path relative to docs/record-vectors/."""
    es = entries()
    tree = MerkleTree()
    tree.extend(e.leaf_input() for e in es)
    checkpoints = [_signed(tree, 2, [LOG, WITNESSES[0]]), _signed(tree, 4, [LOG, *WITNESSES])]
    entry = es[1]
    salt, value = SEALED[(1, "incident")]
    text3 = Checkpoint(ORIGIN, 3, tree.root(3)).text()
    cosig = WITNESSES[0].sign(text3.encode())
    vectors = {
        "keys": {
            "warning": "TEST KEYS: published so anyone can recompute the vectors; never trust them",
            "log": {"skey": LOG.skey, "vkey": LOG.verifier().vkey},
            "witnesses": [{"skey": w.skey, "vkey": w.verifier().vkey} for w in WITNESSES],
            "log_after_rotation": {"skey": NEW_LOG.skey, "vkey": NEW_LOG.verifier().vkey},
        },
        "entry": {
            "json": json.loads(entry.leaf_input()),
            "leaf_input": entry.leaf_input().decode(),
            "leaf_input_hex": entry.leaf_input().hex(),
            "digest": entry.digest(),
            "leaf_hash": hashlib.sha256(b"\x00" + entry.leaf_input()).hexdigest(),
        },
        "commitment": {
            "index": 1,
            "name": "incident",
            "salt": salt,
            "value": value,
            "canonical_bytes_hex": canonical_bytes(value).hex(),
            "hashed_hex": (bytes.fromhex(salt) + canonical_bytes(value)).hex(),
            "commitment": commitment(salt, value),
        },
        "veiled_entry": {
            "json": json.loads(es[3].leaf_input()),
            "event_opening": {"salt": SEALED[(3, "event")][0], "value": SEALED[(3, "event")][1]},
        },
        "tree": {
            "size": 3,
            "leaf_hashes": [hashlib.sha256(b"\x00" + e.leaf_input()).hexdigest() for e in es[:3]],
            "roots": {str(n): tree.root(n).hex() for n in range(4)},
            "inclusion": {"index": 1, "size": 3, "proof": [h.hex() for h in tree.inclusion_proof(1, 3)]},
            "consistency": {"size1": 2, "size2": 3, "proof": [h.hex() for h in tree.consistency_proof(2, 3)]},
        },
        "checkpoint": {
            "text": text3,
            "signed_by_log": sign_checkpoint(Checkpoint(ORIGIN, 3, tree.root(3)), [LOG]).decode(),
        },
        "cosignature": {
            "witness_vkey": WITNESSES[0].verifier().vkey,
            "timestamp": TIMESTAMP,
            "signed_message": cosigned_message(text3.encode(), TIMESTAMP).decode(),
            "line": "— {} {}\n".format(
                WITNESSES[0].name,
                base64.b64encode(WITNESSES[0].key_hash.to_bytes(4, "big") + cosig).decode(),
            ),
        },
    }
    files = {"vectors.json": json.dumps(vectors, indent=2, ensure_ascii=False).encode() + b"\n"}
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "bundle"
        write_bundle(
            bundle,
            origin=ORIGIN,
            log_vkey=LOG.verifier().vkey,
            entries=es,
            checkpoints=checkpoints,
            witnesses=[(w.name, w.verifier().vkey) for w in WITNESSES],
            quorum=2,
            openings=[(i, name, Opening(salt, value)) for (i, name), (salt, value) in sorted(SEALED.items())],
        )
        # rotated-bundle/: the same record, then entry 4 rotates the log key; checkpoint 5 is the handover
        # (announces the new key, signed by both keys), checkpoint 6 is signed by the new key alone.
        rotated = rotated_entries()
        rtree = MerkleTree()
        rtree.extend(e.leaf_input() for e in rotated)
        announce = (f"truce-log-key {NEW_LOG.verifier().vkey}",)
        write_bundle(
            Path(tmp) / "rotated-bundle",
            origin=ORIGIN,
            log_vkey=LOG.verifier().vkey,
            later_log_vkeys=[NEW_LOG.verifier().vkey],
            entries=rotated,
            checkpoints=[
                *checkpoints,
                _signed(rtree, 5, [LOG, NEW_LOG, *WITNESSES], announce),
                _signed(rtree, 6, [NEW_LOG, *WITNESSES]),
            ],
            witnesses=[(w.name, w.verifier().vkey) for w in WITNESSES],
            quorum=2,
            openings=None,
        )
        for name in ("bundle", "rotated-bundle"):
            root = Path(tmp) / name
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    files[str(Path(name) / path.relative_to(root))] = path.read_bytes()
    return files


def main() -> int:
    if DIR.exists():
        shutil.rmtree(DIR / "bundle", ignore_errors=True)
        shutil.rmtree(DIR / "rotated-bundle", ignore_errors=True)
    for name, data in build().items():
        (DIR / name).parent.mkdir(parents=True, exist_ok=True)
        (DIR / name).write_bytes(data)
    print(f"wrote {DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
