"""The task queue as the rest of Truce sees it: enqueue a periodic task once, run what is due (``drain``,
for ``truce worker --once``; ``Runner``, the thread beside the worker's rounds), count what waits and
what failed (``stats``, for ``truce status``, ``/metrics`` and ``/healthz``), and prune finished rows.

Every row lives in django-tasks-db's table (``django_tasks_db.DBTaskResult``) in the instance's database,
SQLite or PostgreSQL alike. Times here are the database's real times (``django.utils.timezone.now``), the
ones django-tasks-db stamps and compares, not truce.core.clock's (which tests move)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Min, Q, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks.utils import normalize_json
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

from truce.background.retry import attempts_of, defined_attempts

log = logging.getLogger(__name__)

# A task still marked running this long after it started is taken for abandoned by a worker that was
# killed: enqueue_once no longer waits for it, and stats counts it apart.
ABANDONED_AFTER = dt.timedelta(hours=1)
# A periodic task that failed is not asked for again by the rounds before this (its own retries go on).
FAILED_COOL_OFF = dt.timedelta(hours=1)
# Finished rows are kept this long, then pruned by the worker's round (truce.cli.worker).
KEEP_SUCCESSFUL = dt.timedelta(days=2)
KEEP_FAILED = dt.timedelta(days=30)


def enqueue_once(task: Task[..., Any], *args: Any) -> bool:
    """Enqueue ``task(*args)`` unless the same task with the same arguments already waits or runs, or
    failed within the last hour: the worker's round asks for a feed, a checkpoint or an edition each
    round, one request in the queue is enough, and one that keeps failing is asked for again only hourly
    (not three failed rows every few minutes). Returns whether it enqueued."""
    now = timezone.now()
    wanted = normalize_json(list(args))
    same_task = DBTaskResult.objects.filter(task_path=task.module_path)
    pending = (
        same_task.filter(status=TaskResultStatus.READY)
        | same_task.filter(status=TaskResultStatus.RUNNING, started_at__gt=now - ABANDONED_AFTER)
        | same_task.filter(status=TaskResultStatus.FAILED, finished_at__gt=now - FAILED_COOL_OFF)
    )
    for args_kwargs in pending.values_list("args_kwargs", flat=True):
        if args_kwargs.get("args") == wanted:
            return False
    task.enqueue(*args)
    return True


def _attempts(row: DBTaskResult) -> tuple[int, int, bool]:
    """Which attempt a failed row is, of how many, and whether it was the last (the task given up)."""
    attempt, of = attempts_of(row.task_path, row.args_kwargs.get("kwargs", {}))
    return attempt, of, attempt >= of


def _lines(row: DBTaskResult) -> list[str]:
    name = row.task_path.rsplit(".", 1)[-1]
    if row.status == TaskResultStatus.FAILED:
        attempt, of, last = _attempts(row)
        error = row.exception_class_path.rsplit(".", 1)[-1]
        outcome = "given up" if last else "will try again"
        return [f"task {name} failed: {error} (attempt {attempt} of {of}, {outcome})"]
    value = row.return_value
    return [str(line) for line in value] if isinstance(value, list) else []


def _worker(worker_id: str, *, batch: bool, interval: float) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def drain() -> list[str]:
    """Run every task due now, one after another, until none is due; what they did, one line each (the
    lines each task returns, and one per failed attempt). Tasks a failure put off until later stay
    queued. Each is claimed and run as django-tasks-db's worker loop does, without the loop's closing of
    the database connection between tasks (which would end a caller's transaction)."""
    worker_id = f"drain-{get_random_string(12)}"
    worker = _worker(worker_id, batch=True, interval=0)
    ran = []
    while True:
        due = DBTaskResult.objects.ready().filter(backend_name="default")
        with exclusive_transaction(due.db):
            row = due.get_locked()
            if row is None:
                break
            row.claim(worker_id)
        worker.run_task(row)
        ran.append(row.pk)
    rows = {row.pk: row for row in DBTaskResult.objects.filter(pk__in=ran)}
    return [line for pk in ran for line in _lines(rows[pk])]


def lines_of(result_id: str) -> list[str]:
    """What one finished task did (its lines, or its failure), as ``drain`` reports it."""
    row = DBTaskResult.objects.filter(pk=result_id).first()
    return _lines(row) if row is not None else []


class Runner:
    """django-tasks-db's worker loop in a thread of its own, so that a long task (a bulletin's PDF) never
    holds up the worker's rounds. ``stop`` lets the task that runs finish."""

    def __init__(self, interval: float = 1.0) -> None:
        self.worker = _worker(f"worker-{get_random_string(12)}", batch=False, interval=interval)
        self.thread = threading.Thread(target=self._loop, name="truce-tasks", daemon=True)

    def _loop(self) -> None:
        from django.db import connection

        try:
            while self.worker.running:
                try:
                    self.worker.run()
                except Exception:  # a database that went away: log, wait, go on
                    log.exception("the task runner stopped; starting it again")
                    threading.Event().wait(self.worker.interval or 1)
        finally:
            connection.close()

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self.worker.running = False
        self.thread.join(timeout)


@dataclass(frozen=True)
class QueueStats:
    waiting: int  # due now, not yet started
    deferred: int  # waiting for a later time (retries after backoff)
    running: int
    abandoned: int  # marked running for longer than ABANDONED_AFTER
    lag_seconds: float  # how long the oldest task due now has waited; 0 when none
    failed_attempts: int  # failed rows kept (each failed attempt, retried or not)
    given_up: int  # failed rows whose attempt was the last


def _failed_counts() -> tuple[int, int]:
    """(failed rows, those given up), counted by the database in one query. A row that carries its
    attempt numbers (every retry's) is given up when its attempt is its last; a first attempt's row
    carries none, so rows of each task are grouped by their attempt (1 unless given) and compared with
    the number the task is defined with (truce.background.retry.attempts_of)."""
    kwargs = "args_kwargs__kwargs__"
    numbered = Q(**{f"{kwargs}has_key": "max_attempts"})
    attempt = Cast(KT(f"{kwargs}attempt"), IntegerField())
    groups = (
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
        .annotate(
            first_attempt=Case(When(numbered, then=None), default=Coalesce(attempt, 1)),
        )
        .values("task_path", "first_attempt")
        .annotate(
            rows=Count("pk"),
            last=Count(
                "pk",
                filter=numbered
                & Q(GreaterThanOrEqual(attempt, Cast(KT(f"{kwargs}max_attempts"), IntegerField()))),
            ),
        )
        .order_by()
    )
    failed = given_up = 0
    for group in groups:
        failed += group["rows"]
        if group["first_attempt"] is None:
            given_up += group["last"]
        elif group["first_attempt"] >= defined_attempts(group["task_path"]):
            given_up += group["rows"]
    return failed, given_up


def stats() -> QueueStats:
    now = timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    never_deferred = ready.filter(run_after=get_date_max())
    due_deferred = ready.filter(run_after__lte=now)
    oldest = [
        never_deferred.aggregate(t=Min("enqueued_at"))["t"],
        due_deferred.aggregate(t=Min("run_after"))["t"],
    ]
    since = min((t for t in oldest if t is not None), default=None)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    failed, gave_up = _failed_counts()
    return QueueStats(
        waiting=never_deferred.count() + due_deferred.count(),
        deferred=ready.filter(run_after__gt=now).exclude(run_after=get_date_max()).count(),
        running=running.count(),
        abandoned=running.filter(started_at__lte=now - ABANDONED_AFTER).count(),
        lag_seconds=max(0.0, (now - since).total_seconds()) if since else 0.0,
        failed_attempts=failed,
        given_up=gave_up,
    )


def given_up(limit: int = 10) -> list[DBTaskResult]:
    """The latest tasks given up, newest first (``truce status`` lists them)."""
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")
    out = []
    for row in rows[: limit * 10]:
        if _attempts(row)[2]:
            out.append(row)
        if len(out) == limit:
            break
    return out


def prune(now: dt.datetime | None = None) -> int:
    """Delete successful rows older than KEEP_SUCCESSFUL and failed ones older than KEEP_FAILED."""
    now = now or timezone.now()
    ok, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_SUCCESSFUL
    ).delete()
    bad, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED
    ).delete()
    return ok + bad
