"""``truce record check``: the stored chain, the node file and every signed checkpoint agree."""

from __future__ import annotations

import base64

from truce.core.record.tree import MerkleTree
from truce.record.models import Checkpoint, Entry
from truce.record.store import check_chain
from truce.record.tree import reading_tree

__all__ = ["check_record"]


def check_record() -> tuple[list[str], list[str]]:
    """(problems, report lines). Re-reads every entry twice (chain, then an in-memory tree to check the
    node file), so it costs a full scan: run it after a restore, not per request."""
    problems: list[str] = []
    chain = check_chain()
    lines = [f"chain: {chain.size} entries"]
    if not chain.ok:
        problems.append(f"entry {chain.first_bad}: {chain.reason}")
        return problems, lines
    fresh = MerkleTree()
    fresh.extend(
        leaf.encode("utf-8")
        for leaf in Entry.objects.order_by("index").values_list("leaf", flat=True).iterator(chunk_size=5000)
    )
    with reading_tree() as tree:
        if tree.size != fresh.size or tree.root() != fresh.root():
            problems.append(
                "the node file record-nodes.sqlite3 does not match the entries; delete it (it is rebuilt)"
            )
            return problems, lines
        lines.append(f"tree: {tree.size} leaves, root {base64.b64encode(tree.root()).decode()}")
        checked = 0
        for row in Checkpoint.objects.order_by("size").iterator():
            if row.size > tree.size:
                problems.append(
                    f"checkpoint {row.size} is beyond the record's {tree.size} entries (rolled back?)"
                )
            elif base64.b64encode(tree.root(row.size)).decode() != row.root:
                problems.append(
                    f"checkpoint {row.size}: its root is not the root of the first {row.size} entries"
                )
            checked += 1
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is None:
        lines.append("no checkpoint signed yet")
    else:
        lines.append(f"checkpoints: {checked}, latest size {latest.size}")
    return problems, lines
