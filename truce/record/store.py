"""Appending to the record and checking it. Every action calls :func:`append` inside its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from truce.core import clock
from truce.core.record.entry import GENESIS_PREV, seal, verify_chain
from truce.core.record.entry import Entry as CoreEntry
from truce.record.events import RecordEvent
from truce.record.models import Entry, Head, Opening


def actor_fields(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Who acted: role and organisation are public; the person is sealed (only the entitled see names)."""
    if user is None:
        return {"role": "operator", "organisation": ""}, {"user": "console"}
    return {"role": user.role, "organisation": user.organisation}, {"user": user.username}


def lock_head() -> Head:
    """Take the record's write lock for the rest of the caller's transaction. Every append takes it;
    an action that must read-then-write consistently (numbering, signatures) takes it first.

    Lock order: an action that also takes its agreement's cases lock (truce.cases.locking.lock_cases)
    takes that one first; the record's lock is always the last lock a transaction takes, so a filing
    that holds its agreement's cases lock and waits here cannot be waited on by the holder."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the record lock is held by a transaction; open one first")
    if not holds_head():
        transaction.on_commit(_head_released)
    head = Head.objects.select_for_update().filter(id=1).first()
    if head is None:
        # The migration creates the row; only a database emptied by hand (or a test flush) lacks it.
        Head.objects.get_or_create(id=1, defaults={"size": Entry.objects.count(), "digest": _last_digest()})
        head = Head.objects.select_for_update().get(id=1)
    return head


def _head_released() -> None:
    """Marks, in the connection's commit hooks, that this transaction took the record's lock (the hooks
    are dropped at the commit or the rollback, and with a rolled-back savepoint, as the lock is)."""


def holds_head() -> bool:
    """Whether the caller's transaction (in the savepoints still open) took the record's lock: what
    truce.cases.locking checks so that no action takes its locks in the wrong order."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    open_savepoints = set(connection.savepoint_ids)
    return any(
        func is _head_released and sids <= open_savepoints for sids, func, _ in connection.run_on_commit
    )


def _last_digest() -> str:
    last = Entry.objects.order_by("-index").first()
    return last.digest if last else GENESIS_PREV


# Event version 2, a veiled entry: what the public sees of a change to something it may not see
# (docs/record.md §1.4). Entries written before it are never rewritten; both versions verify alike.
VEILED_TYPE = "Veiled"
VEILED_SUBJECT = "veiled"
VEILED_FIELD = "event"  # the commitment to {"type", "subject", "data"}: the entry's event itself
EVENT_VERSION = 2


def append(event: RecordEvent, *, agreement: str | None, actor: Any, veiled: bool = False) -> Entry:
    """Append ``event`` as the next entry. Requires an open transaction (the caller's action): the
    entry commits or rolls back with the change it records.

    ``veiled``: the event is about something the public or a party may not see (a draft, an
    observation, an unpublished ruling). Its entry then shows only that a change happened, when and
    in which agreement: type ``Veiled``, subject ``veiled``, data ``{"event_version": 2}``; the event's
    type, subject and public fields are sealed as one commitment named ``event``, its confidential
    fields as usual. The row keeps the real type and subject, for the exports that open them.

    The head row is locked first, so concurrent appends take turns and indices stay gapless
    (on SQLite the IMMEDIATE transaction mode already serialises writers).
    """
    head = lock_head()
    row, openings = encode(
        event, agreement=agreement, actor=actor, veiled=veiled, index=head.size, prev=head.digest
    )
    row.save(force_insert=True)
    Opening.objects.bulk_create(openings)
    head.size = row.index + 1
    head.digest = row.digest
    head.save(update_fields=["size", "digest"])
    return row


def encode(
    event: RecordEvent, *, agreement: str | None, actor: Any, veiled: bool, index: int, prev: str
) -> tuple[Entry, list[Opening]]:
    """The unsaved entry row at ``index`` after the entry whose digest is ``prev``, and its openings: what
    :func:`append` stores. Only ``append`` (under the head lock) and bulk loaders that number entries
    themselves while nothing else writes (bench/replay/run.py) call it."""
    public, secret = event.split()
    by_public, by_secret = actor_fields(actor)
    public["by"] = by_public
    secret["by"] = by_secret
    entry_type, subject = event.type, event.subject
    if veiled:
        if VEILED_FIELD in secret:
            raise ValueError(f"{event.type} has a field named {VEILED_FIELD!r}: it cannot be veiled")
        secret[VEILED_FIELD] = {"type": entry_type, "subject": subject, "data": public}
        entry_type, subject, public = VEILED_TYPE, VEILED_SUBJECT, {"event_version": EVENT_VERSION}
    sealed, openings = seal(secret)
    moment = clock.now()
    core = CoreEntry(
        index=index,
        prev=prev,
        time=clock.rfc3339(moment),
        type=entry_type,
        agreement=agreement,
        subject=subject,
        data=public,
        sealed=sealed,
    )
    row = Entry(
        index=core.index,
        prev=core.prev,
        digest=core.digest(),
        time=moment,
        type=event.type,
        agreement=agreement or "",
        subject=event.subject,
        leaf=core.leaf_input().decode("utf-8"),
    )
    return row, [Opening(entry=row, name=name, salt=o.salt, value=o.value) for name, o in openings.items()]


@dataclass(frozen=True)
class ChainCheck:
    size: int
    first_bad: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def check_chain(batch: int = 5000) -> ChainCheck:
    """Re-parse every stored entry, confirm its bytes are canonical and its links hold, and that the head
    row agrees. Returns the first bad index and why."""
    import json

    prev = GENESIS_PREV
    size = 0
    last = -1
    while True:
        rows = list(Entry.objects.filter(index__gt=last).order_by("index")[:batch])
        if not rows:
            break
        for row in rows:
            try:
                core = CoreEntry.from_json(json.loads(row.leaf))
            except ValueError as exc:
                return ChainCheck(size, row.index, f"entry does not parse: {exc}")
            if core.leaf_input().decode("utf-8") != row.leaf:
                return ChainCheck(size, row.index, "entry bytes are not canonical")
            if verify_chain([core], prev=prev, start=size) is not None:
                return ChainCheck(size, row.index, "index or previous-hash link broken")
            if core.digest() != row.digest:
                return ChainCheck(size, row.index, "stored digest does not match the entry")
            prev = row.digest
            size += 1
        last = rows[-1].index
    head = Head.objects.filter(id=1).first()
    if head is not None and (head.size != size or head.digest != prev):
        return ChainCheck(size, size, f"head says size {head.size}, the entries say {size}")
    return ChainCheck(size, None)
