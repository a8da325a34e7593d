"""What every ``truce`` subcommand shares: the error type and Django start-up for commands that need it."""

from __future__ import annotations

import datetime as dt
import os
import re


class CommandError(Exception):
    """A user-facing failure: printed to stderr without a traceback; ``exit_code`` is returned."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def setup_django() -> None:
    """Configure Django for commands that touch the database. Offline commands never call this."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truce.settings")
    import django
    from django.apps import apps

    # Once per process: a second setup would configure logging again and drop handlers added since.
    if not apps.ready:
        django.setup()
    from truce.instance import restrict_umask

    restrict_umask()


# Publication days outside these years are typing mistakes, and date arithmetic near the calendar's ends
# would overflow.
FIRST_YEAR, LAST_YEAR = 1800, 2199
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value: str | None, option: str = "--published") -> dt.date | None:
    """A YYYY-MM-DD option value, or CommandError saying what is wrong with it."""
    if value is None:
        return None
    example = "write it as YYYY-MM-DD, e.g. 2025-10-29"
    if not _DAY.fullmatch(value.strip()):
        raise CommandError(f"{option} {value!r} is not a date; {example}")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date in the calendar; {example}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CommandError(f"{option} {value!r}: the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return day
