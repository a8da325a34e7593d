"""The one source of "now" for the whole system, so tests can move time (deadlines, windows).

Production code calls :func:`now`; tests use :func:`frozen` to pin or advance it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator

_source: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # noqa: E731


def now() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return _source()


class FrozenClock:
    """A clock that stands still until told to move."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a frozen clock needs a timezone-aware datetime")
        self.at = at.astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> dt.datetime:
        self.at += dt.timedelta(**delta)
        return self.at


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[FrozenClock]:
    global _source
    previous = _source
    clock = FrozenClock(at)
    _source = clock
    try:
        yield clock
    finally:
        _source = previous


def rfc3339(moment: dt.datetime) -> str:
    """UTC, microseconds, ``Z`` suffix: the form record entries use (``2025-10-20T08:00:00.000000Z``)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
