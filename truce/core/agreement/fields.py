"""Typed field readers that record a located ``Problem`` instead of stopping at the first mistake.

Each reader returns the value when it is acceptable and ``None`` otherwise (having noted why), so the
loader keeps going and reports every problem in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from difflib import get_close_matches
from typing import Any

from truce.core.agreement.locate import Locator, Path
from truce.core.agreement.problems import Problem, field_name, human_field

__all__ = ["Fields", "suggest"]


def suggest(word: str, names: Iterable[str]) -> str | None:
    """The likeliest intended name: a close spelling, else a name that contains ``word`` (so that
    'Shelling' finds 'Shelling/artillery/missile attack')."""
    names = list(names)
    close = get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return close[0]
    folded = word.casefold().strip()
    if len(folded) >= 3:
        containing = [n for n in names if folded in n.casefold()]
        if len(containing) == 1 or (containing and containing[0].casefold().startswith(folded)):
            return containing[0]
    return None


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    float: "a number",
    list: "an array",
    dict: "a table",
    dt.date: "a date",
    dt.datetime: "a date-time",
    dt.time: "a time",
}


def _describe(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return "a date-time"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Fields:
    def __init__(self, file: str, locator: Locator) -> None:
        self.file = file
        self.locator = locator
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str, *, file: str | None = None, line: int | None = None) -> None:
        where = human_field(path)
        self.problems.append(
            Problem(
                file=file or self.file,
                line=line if line is not None else self.locator.line(path),
                field=field_name(path),
                message=f"{where}: {message}" if where else message,
            )
        )

    def known_keys(self, table: dict[str, Any], path: Path, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in table:
            if key not in allowed:
                guess = suggest(key, allowed)
                hint = f"did you mean '{guess}'? " if guess else ""
                self.problem((*path, key), f"unknown key '{key}'; {hint}allowed here: {', '.join(allowed)}")

    def table(self, data: dict[str, Any], path: Path, key: str, *, required: bool) -> dict[str, Any] | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(
                    path, f"missing required table [{key}]" if not path else f"missing required key '{key}'"
                )
            return None
        if not isinstance(value, dict):
            self.problem((*path, key), f"expected a [{key}] table, found {_describe(value)}")
            return None
        return value

    def tables(self, data: dict[str, Any], key: str) -> list[tuple[Path, dict[str, Any]]]:
        """The entries of an array of tables ``[[key]]`` at top level, with their paths."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem((key,), f"expected [[{key}]] tables (one per entry, with double brackets)")
            return []
        return [((key, i), item) for i, item in enumerate(value)]

    def _get(self, table: dict[str, Any], path: Path, key: str, kind: type, required: bool) -> Any:
        if key not in table:
            if required:
                self.problem(path, f"missing required key '{key}' ({_TYPE_NAMES[kind]})")
            return None
        value = table[key]
        exact = type(value) is kind or (kind is dt.date and type(value) is dt.date)
        if not exact:
            hint = ""
            if kind is dt.date and isinstance(value, str):
                hint = " (write the date without quotes, e.g. 2025-10-19)"
            elif kind is int and isinstance(value, str) and value.strip().isdigit():
                hint = f" (write {value.strip()} without quotes)"
            self.problem((*path, key), f"expected {_TYPE_NAMES[kind]}, found {_describe(value)}{hint}")
            return None
        return value

    def text(
        self,
        table: dict[str, Any],
        path: Path,
        key: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        expected: str = "",
    ) -> str | None:
        value = self._get(table, path, key, str, required)
        if value is None:
            return None
        if not value.strip():
            self.problem((*path, key), "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.problem((*path, key), f"{value!r} is not valid: expected {expected}")
            return None
        return value

    def integer(
        self,
        table: dict[str, Any],
        path: Path,
        key: str,
        *,
        required: bool = True,
        minimum: int = 0,
        maximum: int = 10**6,
    ) -> int | None:
        value = self._get(table, path, key, int, required)
        if value is None:
            return None
        if not minimum <= value <= maximum:
            self.problem(
                (*path, key), f"{value} is out of range: expected an integer from {minimum} to {maximum}"
            )
            return None
        return value

    def date(self, table: dict[str, Any], path: Path, key: str, *, required: bool = True) -> dt.date | None:
        return self._get(table, path, key, dt.date, required)

    def strings(
        self, table: dict[str, Any], path: Path, key: str, *, required: bool = True
    ) -> list[str] | None:
        """A non-empty array of non-empty strings without repeats."""
        value = self._get(table, path, key, list, required)
        if value is None:
            return None
        if not value:
            self.problem((*path, key), "must list at least one entry")
            return None
        good = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem((*path, key, i), f"expected a non-empty string, found {_describe(item)}")
            elif item in good:
                self.problem((*path, key, i), f"{item!r} is listed twice")
            else:
                good.append(item)
        return good if len(good) == len(value) else None
