"""One export: its stamp, its rows in the chosen format, piece by piece.

The stamp (kind, format, scope, agreement, when it was taken, the record's size and root at that
moment, the latest signed checkpoint) is read before the first row, in the same read transaction as the
rows where the database gives snapshots (PostgreSQL: REPEATABLE READ; SQLite: one read transaction), so
the rows are the state the record stood at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from truce.core import clock
from truce.errors import ActionError
from truce.exports import acled, csvfmt, geojsonfmt, jsonfmt
from truce.exports.rows import COLUMNS, KINDS, ROWS, visible_penalties
from truce.exports.scope import Scope, stamp

FORMATS = ("csv", "json", "geojson", "acled")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "acled": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}
SUFFIXES = {"csv": "csv", "acled": "acled.csv", "json": "json", "geojson": "geojson"}


@dataclass(frozen=True)
class Export:
    meta: dict[str, Any]
    content_type: str
    filename: str
    pieces: Iterator[str]


def check(kind: str, fmt: str) -> None:
    if kind not in KINDS:
        raise ActionError(f"no export kind {kind!r}; choose one of {', '.join(KINDS)}", field="kind")
    if fmt not in FORMATS:
        raise ActionError(f"no format {fmt!r}; choose one of {', '.join(FORMATS)}", field="format")
    if fmt == "acled" and kind != "incidents":
        raise ActionError(
            "the ACLED format holds incidents only: export incidents --format acled", field="format"
        )


@contextmanager
def _snapshot() -> Iterator[None]:
    if connection.in_atomic_block:
        yield  # already inside a transaction (a test, a caller's): read in it
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def export(kind: str, fmt: str, scope: Scope) -> Export:
    """Requires a valid kind and format (check) and a scope that may see the kind: penalties refuse the
    public scope up front (Forbidden), before anything is streamed."""
    check(kind, fmt)
    if kind == "penalties":
        visible_penalties(scope)
    meta = {
        "kind": kind,
        "format": fmt,
        "scope": scope.label,
        "agreement": scope.agreement,
        "taken_at": clock.rfc3339(clock.now()),
    }

    def pieces() -> Iterator[str]:
        with _snapshot():
            meta.update(stamp())
            rows = ROWS[kind](scope)
            if fmt == "csv":
                yield from csvfmt.write(COLUMNS[kind], rows)
            elif fmt == "acled":
                yield from acled.write(
                    rows, source=f"Truce {scope.agreement or 'all agreements'} ({scope.label})"
                )
            elif fmt == "json":
                yield from jsonfmt.write(meta, rows)
            else:
                yield from geojsonfmt.write(meta, rows)

    scope_part = scope.label.replace(" ", "-")
    filename = f"{scope.agreement or 'all'}-{kind}-{scope_part}.{SUFFIXES[fmt]}"
    return Export(meta, CONTENT_TYPES[fmt], filename, pieces())


def headers(meta: dict[str, Any]) -> dict[str, str]:
    """The stamp as HTTP headers, for every format (CSV has no place of its own for it). Requires the
    stamp to have been read (the first piece has been produced)."""

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "X-Truce-Scope": text(meta["scope"]),
        "X-Truce-Agreement": text(meta["agreement"]),
        "X-Truce-Taken-At": text(meta["taken_at"]),
        "X-Truce-Record-Size": text(meta.get("record_size")),
        "X-Truce-Record-Root": text(meta.get("record_root")),
        "X-Truce-Checkpoint-Size": text(meta.get("checkpoint_size")),
        "X-Truce-Checkpoint-Root": text(meta.get("checkpoint_root")),
    }
