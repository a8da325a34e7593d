"""Record benchmark: Truce's Merkle tree and record verification, side by side with pymerkle 7.0.

Run through ``truce bench record [--sizes 100000,1000000] [--quick]``; see README.md. Also the "new
process" for our cold-start measurements (``--cold``) and bundle verification (``--verify-bundle``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from pymerkle_driver import leaf  # noqa: E402  (shared leaf generator; imports no pymerkle)

from truce.core.record.proof import NodeID  # noqa: E402
from truce.core.record.sqlite_store import SqliteNodeStore  # noqa: E402
from truce.core.record.storage import StoreError  # noqa: E402
from truce.core.record.tree import MerkleTree  # noqa: E402
from truce.core.record.verify import verify_consistency, verify_inclusion  # noqa: E402

VENV = HERE / ".venv"
WORK = HERE / "scratch"
PYMERKLE = "pymerkle==7.0.0"
BATCH = 1000
COLD_RUNS = 5  # fresh processes per cold-start measurement


# --- environment ------------------------------------------------------------------------------------


def venv_python() -> Path:
    """The benchmark venv's Python with pymerkle 7.0.0, creating the venv on first use."""
    python = VENV / "bin" / "python"
    check = [str(python), "-c", "import pymerkle, sys; sys.exit(pymerkle.__version__ != '7.0.0')"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"creating {VENV} with {PYMERKLE} (first run only)...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", PYMERKLE], check=True)
    subprocess.run(check, check=True)
    return python


def _json_run(cmd: Sequence[str]) -> dict:
    out = subprocess.run(list(cmd), check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median_of_runs(cmd: Sequence[str], runs: int) -> dict:
    """Field-wise median over several fresh processes: one cold process is one sample, and a single
    sample of a sub-millisecond operation is at the mercy of the scheduler on a shared machine."""
    results = [_json_run(cmd) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


# --- the alternative durable layout, measured to justify the strips in sqlite_store.py ---------------


class RowPerNodeStore:
    """One SQLite row per (level, index): the straightforward layout, kept here only for comparison."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS node"
            " (level INTEGER, idx INTEGER, hash BLOB, PRIMARY KEY (level, idx)) WITHOUT ROWID"
        )
        self._size = 0

    def size(self) -> int:
        return self._size

    def extend(self, old_size: int, new_size: int, runs: Sequence[bytes | bytearray]) -> None:
        if old_size != self._size:
            raise StoreError("stale writer")
        rows = []
        for level, run in enumerate(runs):
            first = old_size >> level
            rows.extend((level, first + k, run[32 * k : 32 * k + 32]) for k in range(len(run) // 32))
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO node VALUES (?, ?, ?)", rows)
        self.db.execute("COMMIT")
        self._size = new_size

    def get(self, ids: Sequence[NodeID]) -> list[bytes]:
        q = "SELECT hash FROM node WHERE level = ? AND idx = ?"
        return [self.db.execute(q, node).fetchone()[0] for node in ids]


# --- our side -----------------------------------------------------------------------------------------


def ours_memory(leaves: list[bytes]) -> dict:
    tree = MerkleTree()
    start = time.perf_counter()
    for data in leaves:
        tree.append(data)
    one = time.perf_counter() - start
    root = tree.root()
    tree = MerkleTree()
    start = time.perf_counter()
    for pos in range(0, len(leaves), BATCH):
        tree.extend(leaves[pos : pos + BATCH])
    batched = time.perf_counter() - start
    assert tree.root() == root
    return {"append_per_s": len(leaves) / one, "extend_per_s": len(leaves) / batched}


def ours_durable(leaves: list[bytes], path: Path, store_cls: type) -> dict:
    store = store_cls(path)
    tree = MerkleTree(store)
    start = time.perf_counter()
    for pos in range(0, len(leaves), BATCH):
        tree.extend(leaves[pos : pos + BATCH])
    elapsed = time.perf_counter() - start
    if hasattr(store, "close"):
        store.close()
    return {"appends_per_s": len(leaves) / elapsed, "file_mb": path.stat().st_size / 1e6}


def cold_proofs(path: str, samples: int) -> dict:
    """Runs in a fresh process (``--cold``): open the store and prove, with nothing cached."""
    rng = random.Random(7)
    t0 = time.perf_counter()
    tree = MerkleTree(SqliteNodeStore(path))
    open_s = time.perf_counter() - t0
    n = tree.size
    index = rng.randrange(n)
    t0 = time.perf_counter()
    tree.inclusion_proof(index)
    first_inclusion_s = time.perf_counter() - t0
    prior = rng.randrange(1, n)
    t0 = time.perf_counter()
    tree.consistency_proof(prior)
    first_consistency_s = time.perf_counter() - t0
    root = tree.root()
    inc, cons, vinc, vcons = [], [], [], []
    for _ in range(samples):
        index, prior = rng.randrange(n), rng.randrange(1, n)
        t0 = time.perf_counter()
        proof = tree.inclusion_proof(index)
        inc.append(time.perf_counter() - t0)
        leaf_hash = tree.leaf_hash(index)
        t0 = time.perf_counter()
        verify_inclusion(index, n, leaf_hash, proof, root)
        vinc.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cproof = tree.consistency_proof(prior)
        cons.append(time.perf_counter() - t0)
        prior_root = tree.root(prior)
        t0 = time.perf_counter()
        verify_consistency(prior, n, cproof, prior_root, root)
        vcons.append(time.perf_counter() - t0)
    return {
        "open_s": open_s,
        "first_inclusion_s": first_inclusion_s,
        "first_consistency_s": first_consistency_s,
        "inclusion_median_s": statistics.median(inc),
        "consistency_median_s": statistics.median(cons),
        "verify_inclusion_median_s": statistics.median(vinc),
        "verify_consistency_median_s": statistics.median(vcons),
    }


def make_bundle(n: int, out: Path) -> float:
    """Write an n-entry public bundle (chained entries, one checkpoint cosigned by two witnesses)."""
    from truce.core.record.bundle import write_bundle
    from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
    from truce.core.record.note import generate_key, parse_signer, parse_verifier
    from truce.core.record.witness import Witness, init_witness, merge_cosignatures

    origin = "truce/bench"
    start = time.perf_counter()
    lines, prev = [], "0" * 64
    for i in range(n):
        sealed = b'{"source":"%s"}' % hashlib.sha256(b"%d" % i).hexdigest().encode() if i % 10 == 3 else b"{}"
        data = (
            b'{"agreement":"pak-afg-2025","data":{"harm":{"killed":%d},"zone":"Border belt"},"index":%d,'
            b'"prev":"%s","sealed":%s,"subject":"report:%d","time":"2025-10-20T08:00:00.000000Z",'
            b'"type":"ReportFiled","v":1}' % (i % 7, i, prev.encode(), sealed, i)
        )
        lines.append(data)
        prev = hashlib.sha256(data).hexdigest()
    tree = MerkleTree()
    tree.extend(lines)
    skey, vkey = generate_key(origin)
    signed = sign_checkpoint(Checkpoint(origin, n, tree.root()), [parse_signer(skey)])
    witnesses = []
    for k in range(2):
        init_witness(out.parent / f"w{k}", f"witness.example/{k}", [(origin, vkey)])
        w = Witness(out.parent / f"w{k}")
        signed = merge_cosignatures(signed, w.add_checkpoint(0, [], signed), [parse_verifier(w.vkey)])
        witnesses.append((w.name, w.vkey))
    write_bundle(
        out, origin=origin, log_vkey=vkey, entries=lines, checkpoints=[signed], witnesses=witnesses, quorum=2
    )
    return time.perf_counter() - start


def verify_bundle_timed(directory: str) -> dict:
    """Runs in a fresh process (``--verify-bundle``)."""
    from truce.core.record.bundle import verify_bundle

    start, cpu = time.perf_counter(), time.process_time()
    report = verify_bundle(directory)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if not report.ok:
        raise SystemExit(f"bundle did not verify: {report.where}: {report.error}")
    return {"seconds": elapsed, "cpu_seconds": cpu, "entries": report.entries}


# --- orchestration -----------------------------------------------------------------------------------


def bench_size(n: int, samples: int, with_pymerkle: bool, py: Path | None) -> dict:
    work = WORK / str(n)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    res: dict = {"n": n}
    try:
        leaves = [leaf(i) for i in range(n)]
        print(f"[{n}] in-memory appends...", flush=True)
        res["ours_memory"] = ours_memory(leaves)
        print(f"[{n}] durable appends (SQLite, commit per {BATCH})...", flush=True)
        res["ours_sqlite"] = ours_durable(leaves, work / "ours.sqlite3", SqliteNodeStore)
        res["ours_sqlite_rows"] = ours_durable(leaves, work / "rows.sqlite3", RowPerNodeStore)
        del leaves
        print(f"[{n}] cold-start proofs (new process)...", flush=True)
        res["ours_cold"] = _median_of_runs(
            [sys.executable, __file__, "--cold", str(work / "ours.sqlite3"), str(samples)], COLD_RUNS
        )
        print(f"[{n}] bundle export and verification (new process)...", flush=True)
        res["bundle_write_s"] = make_bundle(n, work / "bundle")
        res["bundle_mb"] = (work / "bundle" / "entries.jsonl").stat().st_size / 1e6
        res["bundle_verify"] = _json_run([sys.executable, __file__, "--verify-bundle", str(work / "bundle")])
        if with_pymerkle and py is not None:
            driver = str(HERE / "pymerkle_driver.py")
            print(f"[{n}] pymerkle in-memory appends...", flush=True)
            res["pm_memory"] = _json_run([str(py), driver, "memory", str(n)])
            print(f"[{n}] pymerkle SQLite appends...", flush=True)
            res["pm_sqlite"] = _json_run(
                [str(py), driver, "sqlite", str(work / "pm.sqlite3"), str(n), str(BATCH)]
            )
            print(f"[{n}] pymerkle cold-start proofs (new process)...", flush=True)
            res["pm_cold"] = _median_of_runs(
                [str(py), driver, "cold", str(work / "pm.sqlite3"), str(n), str(max(5, samples // 10))], 3
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return res


def _fmt_rate(x: float) -> str:
    return f"{x:,.0f}/s"


def _fmt_time(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.0f} µs"


def report(results: list[dict]) -> str:
    rows: list[tuple[str, ...]] = []
    for r in results:
        n, o, pm = r["n"], r, r.get("pm_memory")

        def ratio(ours: float, theirs: float | None, higher_better: bool = True) -> str:
            if theirs is None:
                return "—"
            return f"{(ours / theirs if higher_better else theirs / ours):.1f}x"

        pm_s, pm_c = r.get("pm_sqlite"), r.get("pm_cold", {})
        oc = o["ours_cold"]
        rows += [
            (
                f"{n:,}",
                "in-memory appends, one call per leaf",
                _fmt_rate(o["ours_memory"]["append_per_s"]),
                _fmt_rate(pm["appends_per_s"]) if pm else "—",
                ratio(o["ours_memory"]["append_per_s"], pm["appends_per_s"] if pm else None),
            ),
            (
                f"{n:,}",
                f"in-memory appends, batches of {BATCH}",
                _fmt_rate(o["ours_memory"]["extend_per_s"]),
                _fmt_rate(pm["appends_per_s"]) if pm else "—",
                ratio(o["ours_memory"]["extend_per_s"], pm["appends_per_s"] if pm else None),
            ),
            (
                f"{n:,}",
                f"durable SQLite appends, commit per {BATCH}",
                _fmt_rate(o["ours_sqlite"]["appends_per_s"]),
                _fmt_rate(pm_s["appends_per_s"]) if pm_s else "—",
                ratio(o["ours_sqlite"]["appends_per_s"], pm_s["appends_per_s"] if pm_s else None),
            ),
            (
                f"{n:,}",
                "  (same, one row per node instead of strips)",
                _fmt_rate(o["ours_sqlite_rows"]["appends_per_s"]),
                "",
                "",
            ),
            (
                f"{n:,}",
                "cold start: open store",
                _fmt_time(oc["open_s"]),
                _fmt_time(pm_c["open_s"]) if pm_c else "—",
                ratio(oc["open_s"], pm_c.get("open_s"), False),
            ),
        ]
        for key, label in [
            ("first_inclusion_s", "cold start: first inclusion proof"),
            ("first_consistency_s", "cold start: first consistency proof"),
            ("inclusion_median_s", "inclusion proof, median"),
            ("consistency_median_s", "consistency proof, median"),
            ("verify_inclusion_median_s", "verify inclusion, median"),
            ("verify_consistency_median_s", "verify consistency, median"),
        ]:
            theirs = pm_c.get(key)
            rows.append(
                (
                    f"{n:,}",
                    label,
                    _fmt_time(oc[key]),
                    _fmt_time(theirs) if theirs else "—",
                    ratio(oc[key], theirs, False),
                )
            )
        bv = r["bundle_verify"]
        rows.append(
            (
                f"{n:,}",
                f"full bundle verification ({r['bundle_mb']:.0f} MB), wall / CPU",
                f"{_fmt_time(bv['seconds'])} / {_fmt_time(bv['cpu_seconds'])}",
                "n/a",
                "",
            )
        )
    header = ("entries", "measure", "Truce", "pymerkle 7.0", "ratio (Truce better by)")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record benchmark (see bench/record/README.md)")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--quick", action="store_true", help="10,000 entries, few samples: a smoke run")
    parser.add_argument("--samples", type=int, default=200, help="proofs timed per size (pymerkle: a tenth)")
    parser.add_argument("--no-pymerkle", action="store_true", help="skip the comparison (no venv needed)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--cold", nargs=2, metavar=("DB", "SAMPLES"), help=argparse.SUPPRESS)
    parser.add_argument("--verify-bundle", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold:
        print(json.dumps(cold_proofs(args.cold[0], int(args.cold[1]))))
        return 0
    if args.verify_bundle:
        print(json.dumps(verify_bundle_timed(args.verify_bundle)))
        return 0
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    samples = 20 if args.quick else args.samples
    py = None if args.no_pymerkle else venv_python()
    results = [bench_size(n, samples, not args.no_pymerkle, py) for n in sizes]
    if WORK.exists() and not any(WORK.iterdir()):
        WORK.rmdir()
    print()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
