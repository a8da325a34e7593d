"""CSV: a header line, then one line per row; UTF-8, comma-separated, fields quoted where needed
(RFC 4180, "\r\n" line ends), times in RFC 3339 / ISO 8601, days as YYYY-MM-DD, empty for none. A list or
an object (an incident's actors) is written as its JSON text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

# Rows per yielded piece: large enough to keep the per-piece cost low, small enough to stay a few KB.
ROWS_PER_PIECE = 200


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def write(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for n, row in enumerate(rows, start=1):
        writer.writerow([_cell(row.get(c)) for c in columns])
        if n % ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
