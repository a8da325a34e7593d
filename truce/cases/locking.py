"""The cases lock: one per agreement, held by every action that reads the agreement's cases to decide a
write to them (placing a report: "read the cases, then open or join one"), changes a case or its reports'
place in it, or refreshes the case summaries (truce.cases.summaries.refresh).

On PostgreSQL it is the agreement's row, locked ``FOR NO KEY UPDATE`` until the transaction ends: filings
in one agreement take turns at placing, while filings elsewhere, evidence uploads and every other append
wait only for the record's lock (truce.record.store.lock_head), which a filing now takes at its append,
last. (``NO KEY``: rows that merely reference the agreement, such as a new report, take a key-share lock on
it and must not wait.) On SQLite the transaction holds the database's write lock from its start, which
already serialises writers; the lock is then only noted, so that the order below is checked there too.

Lock order, for every action: the cases lock(s) first (several agreements in the order of their ids),
then the rows of the cases, then the record's lock. A transaction holding the record's lock never waits
for a cases lock, so PostgreSQL cannot find two actions each waiting for the other; :func:`lock_cases`
refuses to be taken after the record's lock, which turns a wrong order into an error in the tests instead
of a deadlock under load.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from truce.record.store import holds_head


class _CasesHeld:
    """Marks, in the connection's commit hooks, that this transaction holds an agreement's cases lock
    (dropped at the commit or rollback, and with a rolled-back savepoint)."""

    def __init__(self, agreement_id: str) -> None:
        self.agreement_id = agreement_id

    def __call__(self) -> None:
        return None


def holds_cases_lock(agreement_id: str) -> bool:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    open_savepoints = set(connection.savepoint_ids)
    return any(
        isinstance(func, _CasesHeld) and func.agreement_id == agreement_id and sids <= open_savepoints
        for sids, func, _ in connection.run_on_commit
    )


def lock_cases(*agreement_ids: str) -> None:
    """Take the cases lock of each agreement for the rest of the caller's transaction (a no-op for one it
    holds already). Must come before the record's lock: RuntimeError otherwise."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("the cases lock is held by a transaction; open one first")
    wanted = [a for a in sorted(set(agreement_ids)) if not holds_cases_lock(a)]
    if not wanted:
        return
    if holds_head():
        raise RuntimeError(
            "lock order: the cases lock of "
            + ", ".join(wanted)
            + " is taken after the record's lock; take it first (truce.cases.locking)"
        )
    from truce.agreements.models import Agreement

    for agreement_id in wanted:
        if connection.features.has_select_for_update:
            list(
                Agreement.objects.select_for_update(no_key=True)
                .filter(pk=agreement_id)
                .values_list("pk", flat=True)
            )
        transaction.on_commit(_CasesHeld(agreement_id))


def lock_cases_of(case_ids: Iterable[int]) -> None:
    """The cases locks of the agreements of ``case_ids``."""
    from truce.cases.models import Case

    ids = list(case_ids)
    if ids:
        lock_cases(*Case.objects.filter(pk__in=ids).values_list("agreement_id", flat=True).distinct())
