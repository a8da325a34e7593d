"""Tasks tried again with backoff. django-tasks 0.12 and django-tasks-db 0.13 run a task once: a failure
marks its row failed and nothing more. ``retried_task`` wraps a function so that a failed attempt, before
its row is marked failed, enqueues the next attempt ``TRUCE_TASK_RETRY_SECONDS`` later (doubling each time,
at most an hour) until ``max_attempts``. Each attempt is a row of its own, its number in its keyword
arguments (``attempt``, ``max_attempts``): the failed rows are the record of what went wrong, and a failed
row whose attempt is the last one is a task given up (truce.background.queue.stats)."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

log = logging.getLogger(__name__)

MAX_DELAY_SECONDS = 3600


def delay_before(attempt: int) -> dt.timedelta:
    """How long after failed attempt ``attempt`` (1-based) the next one waits."""
    first = max(0, int(settings.TRUCE_TASK_RETRY_SECONDS))
    return dt.timedelta(seconds=min(first * 2 ** (attempt - 1), MAX_DELAY_SECONDS))


def attempts_of(task_path: str, kwargs: dict[str, Any]) -> tuple[int, int]:
    """Which attempt a task's row is, and of how many: the first attempt's row carries no numbers (it is
    enqueued with the function's own arguments), so the count comes from the task's definition."""
    attempt = int(kwargs.get("attempt", 1))
    if "max_attempts" in kwargs:
        return attempt, int(kwargs["max_attempts"])
    return attempt, defined_attempts(task_path)


def defined_attempts(task_path: str) -> int:
    """How many attempts the task at ``task_path`` is defined with (1 for a task not retried, or one since
    removed from the code)."""
    from django.utils.module_loading import import_string

    try:
        defaults = import_string(task_path).func.__kwdefaults__ or {}
    except (ImportError, AttributeError):  # a task since removed from the code
        defaults = {}
    return int(defaults.get("max_attempts", 1))


def retried_task(*, max_attempts: int, priority: int = 0) -> Callable[[Callable[..., Any]], Task[..., Any]]:
    """A django-tasks task of the decorated module-level function, tried up to ``max_attempts`` times.
    Its arguments must be JSON (they are stored in the task's row); enqueue it with the function's own
    arguments, the attempt number is added here."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def decorate(function: Callable[..., Any]) -> Task[..., Any]:
        @functools.wraps(function)
        def attempt_once(
            *args: Any, attempt: int = 1, max_attempts: int = max_attempts, **kwargs: Any
        ) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception as exc:
                if attempt < max_attempts:
                    wait = delay_before(attempt)
                    # The worker runs a task outside any transaction, so this row is committed before the
                    # failed attempt's row is marked failed: a crash in between loses no attempt.
                    queued.using(run_after=timezone.now() + wait).enqueue(
                        *args, attempt=attempt + 1, max_attempts=max_attempts, **kwargs
                    )
                    log.warning(
                        "task %s failed (attempt %d of %d: %s); trying again in %d s",
                        queued.module_path,
                        attempt,
                        max_attempts,
                        type(exc).__name__,
                        wait.total_seconds(),
                    )
                else:
                    log.error(
                        "task %s failed (attempt %d of %d: %s); given up",
                        queued.module_path,
                        attempt,
                        max_attempts,
                        type(exc).__name__,
                    )
                raise

        queued: Task[..., Any] = task(priority=priority)(attempt_once)
        return queued

    return decorate
