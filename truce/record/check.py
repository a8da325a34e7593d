"""``truce record check``: the stored chain, the node file and every signed checkpoint agree, and every
evidence file a row names is in the store. Files in the store that no row names (orphans: left by an action
that rolled back after storing its file) are listed, never deleted, and so are the partly received files an
upload cut off by a crash leaves in ``evidence/incoming``."""

from __future__ import annotations

import base64

from django.db import connection

from truce.core.record.tree import MerkleTree
from truce.record.models import Checkpoint, Entry
from truce.record.store import check_chain
from truce.record.tree import reading_tree
from truce.reports import evidence_store

__all__ = ["check_evidence", "check_record"]

# Orphans named in the report; the count is always given.
ORPHANS_SHOWN = 20


def check_record() -> tuple[list[str], list[str]]:
    """(problems, report lines). Re-reads every entry twice (chain, then an in-memory tree to check the
    node file) and lists the evidence store, so it costs a full scan: run it after a restore, not per
    request."""
    problems, lines = _check_log()
    evidence_problems, evidence_lines = check_evidence()
    return problems + evidence_problems, lines + evidence_lines


def check_evidence() -> tuple[list[str], list[str]]:
    """Every evidence file a row names is in the store (a missing one is a problem); files no row names
    are reported as orphans. Lists the folders; does not re-hash (that is what a restore does)."""
    from truce.backup import BackupError, named_files

    with connection.cursor() as cursor:
        try:
            named = named_files(cursor)
        except BackupError as exc:
            return [str(exc)], []
    # Whichever store TRUCE_EVIDENCE_STORE names: the local folders or the bucket's keys.
    stored = evidence_store.stored_names()
    missing = sorted(named - stored)
    orphans = sorted(stored - named)
    problems = [f"evidence file evidence/{name} is named by the database but missing" for name in missing]
    lines = [f"evidence: {len(named)} files named, {len(named) - len(missing)} present"]
    if orphans:
        shown = ", ".join(f"evidence/{name}" for name in orphans[:ORPHANS_SHOWN])
        more = f" and {len(orphans) - ORPHANS_SHOWN} more" if len(orphans) > ORPHANS_SHOWN else ""
        lines.append(
            f"orphans: {len(orphans)} stored files that no row names (kept, not deleted; e.g. stored "
            f"by an action that then rolled back): {shown}{more}"
        )
    incoming = evidence_store.incoming_files()
    if incoming:
        lines.append(
            f"incoming: {len(incoming)} partly received files in evidence/incoming (uploads in progress, or "
            "cut off by a crash before they were stored; no row names them; kept, not deleted: remove them "
            "only while no server runs)"
        )
    return problems, lines


def _check_log() -> tuple[list[str], list[str]]:
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
