"""Run a ``truce`` command that stops dead right after its first INSERT into a given table, inside the
transaction, so a test can SIGKILL it at exactly that point (tests/crash/test_crash_points.py).

    python -m tests.crash.pause_at TABLE MARKER_FILE -- truce arguments…

When the INSERT has run, MARKER_FILE is created and the process (a gunicorn worker, for ``serve``) sleeps
until it is killed. Every database connection the command opens carries the pause, through Django's
``connection_created`` signal and ``execute_wrappers``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> int:
    table, marker, dashes, *command = argv
    assert dashes == "--", "usage: python -m tests.crash.pause_at TABLE MARKER_FILE -- truce arguments…"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truce.settings")
    from django.db.backends.signals import connection_created

    def pause_after_insert(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("INSERT INTO") and f'"{table}"' in sql:
            Path(marker).write_text(f"{os.getpid()}\n")
            while True:
                time.sleep(60)
        return result

    def install(sender: Any, connection: Any, **kwargs: Any) -> None:
        connection.execute_wrappers.append(pause_after_insert)

    connection_created.connect(install, weak=False)
    from truce.cli import main as truce

    return truce(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
