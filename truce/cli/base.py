"""What every ``truce`` subcommand shares: the error type and Django start-up for commands that need it."""

from __future__ import annotations

import os


class CommandError(Exception):
    """A user-facing failure: printed to stderr without a traceback; ``exit_code`` is returned."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def setup_django() -> None:
    """Configure Django for commands that touch the database. Offline commands never call this."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truce.settings")
    import django

    django.setup()
