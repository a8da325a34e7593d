"""pymerkle 7.0 side of the record benchmark. Runs under bench/record/.venv (pymerkle installed there only).

    python pymerkle_driver.py memory N
    python pymerkle_driver.py sqlite DBFILE N BATCH
    python pymerkle_driver.py cold DBFILE N SAMPLES

Prints one JSON object. ``leaf(i)`` is shared with run.py so both sides hash identical leaves.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time


def leaf(i: int) -> bytes:
    """A synthetic leaf input of about 230 bytes, shaped like a canonical record entry."""
    return (
        b'{"agreement":"pak-afg-2025","data":{"harm":{"killed":%d},"zone":"Border belt"},"index":%d,'
        b'"prev":"%064x","sealed":{},"subject":"report:%d","time":"2025-10-20T08:00:00.000000Z",'
        b'"type":"ReportFiled","v":1}' % (i % 7, i, i * 2654435761 % (1 << 256), i)
    )


def _memory(n: int) -> dict:
    from pymerkle import InmemoryTree

    tree = InmemoryTree()
    leaves = [leaf(i) for i in range(n)]
    start = time.perf_counter()
    for data in leaves:
        tree.append_entry(data)
    elapsed = time.perf_counter() - start
    return {"appends_per_s": n / elapsed, "seconds": elapsed}


def _sqlite(path: str, n: int, batch: int) -> dict:
    from pymerkle import SqliteTree

    leaves = [leaf(i) for i in range(n)]
    with SqliteTree(path) as tree:
        start = time.perf_counter()
        for pos in range(0, n, batch):
            tree.append_entries(leaves[pos : pos + batch])
        elapsed = time.perf_counter() - start
    return {"appends_per_s": n / elapsed, "seconds": elapsed}


def _cold(path: str, n: int, samples: int) -> dict:
    from pymerkle import SqliteTree, verify_consistency, verify_inclusion

    rng = random.Random(7)
    t0 = time.perf_counter()
    tree = SqliteTree(path)
    open_s = time.perf_counter() - t0
    index = rng.randrange(1, n + 1)
    t0 = time.perf_counter()
    first_inclusion = tree.prove_inclusion(index)
    first_inclusion_s = time.perf_counter() - t0
    prior = rng.randrange(1, n)
    t0 = time.perf_counter()
    first_consistency = tree.prove_consistency(prior)
    first_consistency_s = time.perf_counter() - t0
    root = tree.get_root()
    inc, cons, vinc, vcons = [], [], [], []
    for _ in range(samples):
        index, prior = rng.randrange(1, n + 1), rng.randrange(1, n)
        t0 = time.perf_counter()
        proof = tree.prove_inclusion(index)
        inc.append(time.perf_counter() - t0)
        base = tree.get_leaf(index)
        t0 = time.perf_counter()
        verify_inclusion(base, root, proof)
        vinc.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cproof = tree.prove_consistency(prior)
        cons.append(time.perf_counter() - t0)
        prior_root = tree.get_root(prior)
        t0 = time.perf_counter()
        verify_consistency(prior_root, root, cproof)
        vcons.append(time.perf_counter() - t0)
    del first_inclusion, first_consistency
    tree.close()
    return {
        "open_s": open_s,
        "first_inclusion_s": first_inclusion_s,
        "first_consistency_s": first_consistency_s,
        "inclusion_median_s": statistics.median(inc),
        "consistency_median_s": statistics.median(cons),
        "verify_inclusion_median_s": statistics.median(vinc),
        "verify_consistency_median_s": statistics.median(vcons),
    }


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "memory":
        result = _memory(int(argv[1]))
    elif mode == "sqlite":
        result = _sqlite(argv[1], int(argv[2]), int(argv[3]))
    elif mode == "cold":
        result = _cold(argv[1], int(argv[2]), int(argv[3]))
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
