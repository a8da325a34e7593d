"""The worker's sign of life: ``$TRUCE_HOME/worker-heartbeat.json``, rewritten after every round of
``truce worker`` with the time and the interval it runs at. No file: no worker was ever run here, which
``/healthz`` reports without failing (an instance may run its background tasks from cron, or not yet)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from truce.core import clock

# A worker is stale when its last round is older than this many intervals (and at least STALE_MIN_SECONDS):
# a round may take a while (feed polling, witnesses that time out) before the next one starts.
STALE_INTERVALS = 3
STALE_MIN_SECONDS = 180


def path() -> Path:
    return Path(settings.TRUCE_HOME) / "worker-heartbeat.json"


def beat(interval: int) -> None:
    """Record that a round just finished. Written whole or not at all (a temporary file renamed over)."""
    target = path()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".worker-heartbeat-")
    with os.fdopen(fd, "w") as out:
        json.dump({"at": clock.rfc3339(clock.now()), "interval": interval, "pid": os.getpid()}, out)
    os.replace(tmp, target)


@dataclass(frozen=True)
class Heartbeat:
    age_seconds: float
    interval: int

    @property
    def stale(self) -> bool:
        return self.age_seconds > max(STALE_INTERVALS * self.interval, STALE_MIN_SECONDS)


def last() -> Heartbeat | None:
    """The last heartbeat, or None when no worker ever ran here. ValueError: the file is unreadable."""
    try:
        data = json.loads(path().read_text())
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"the worker's heartbeat file cannot be read: {exc}") from exc
    try:
        at = dt.datetime.fromisoformat(str(data["at"]).replace("Z", "+00:00"))
        interval = int(data["interval"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"the worker's heartbeat file is malformed: {exc}") from exc
    return Heartbeat(age_seconds=(clock.now() - at).total_seconds(), interval=interval)
