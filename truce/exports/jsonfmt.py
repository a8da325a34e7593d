"""JSON: one object, streamed: ``{"export": {kind, format, scope, agreement, taken_at, record_size,
record_root, checkpoint_size, checkpoint_root}, "rows": [...], "count": N}``. The stamp comes first and
the count last, so a truncated download fails to parse instead of passing for a shorter export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

ROWS_PER_PIECE = 200


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write(meta: dict[str, Any], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"export":' + dumps(meta) + ',"rows":['
    pieces: list[str] = []
    n = 0
    for row in rows:
        pieces.append(("\n" if n == 0 else ",\n") + dumps(row))
        n += 1
        if len(pieces) >= ROWS_PER_PIECE:
            yield "".join(pieces)
            pieces.clear()
    pieces.append(f'\n],"count":{n}}}\n')
    yield "".join(pieces)
