"""Exports stream: 10^5 rows pass through each format, and through the database, without the export's
memory growing with them. Measured as the growth of the process's peak resident memory (Linux: the peak
is reset through /proc/self/clear_refs before each export), not as a time; tracemalloc would measure the
same but slows a run of this size tenfold."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from truce.exports import acled, csvfmt, geojsonfmt, jsonfmt
from truce.exports.rows import INCIDENT_COLUMNS
from truce.exports.scope import standin_scope
from truce.exports.stream import export
from truce.penalties.models import Penalty

N = 100_000
# Holding 10^5 rows at once would take tens of MB as text (50 MB for the JSON here), and more as model
# instances; a streamed export holds one chunk of rows and one piece of text.
PEAK_LIMIT = 16 * 1024 * 1024


def _kb(field: str) -> int:
    found = re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())
    assert found, f"/proc/self/status has no {field}"
    return int(found.group(1))


def _peak_growth(drain: Any) -> tuple[int, Any]:
    """Bytes the process's peak resident memory rose above its size before ``drain()`` ran."""
    before = _kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from here
    result = drain()
    return (_kb("VmHWM") - before) * 1024, result


ROW: dict[str, Any] = {
    "case_id": 0,
    "reference": "pak-afg-2025/000000",
    "title": "Shelling near the northern post",
    "status": "published",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Shelling/artillery/missile attack",
    "date": "2025-10-25",
    "date_precision": "day",
    "place": "Chaman",
    "country": "PK",
    "admin1": "Balochistan",
    "lat": 30.921,
    "lon": 66.4597,
    "geo_precision": 1,
    "accused_party": "AF",
    "actors": [{"name": "Afghan border forces", "type": "State forces", "role": "perpetrator"}],
    "fatalities_low": 1,
    "fatalities_best": 2,
    "fatalities_high": 2,
    "report_count": 1,
    "published_at": "2025-11-01T10:00:00Z",
}


def _rows() -> Iterator[dict[str, Any]]:
    # One row object, renumbered: what is measured is the writer's memory, not the generator's.
    for i in range(N):
        ROW["case_id"] = i
        yield ROW


def test_each_format_streams_a_hundred_thousand_rows_in_bounded_memory():
    meta = {"kind": "incidents"}
    writers = {
        "csv": lambda: csvfmt.write(INCIDENT_COLUMNS, _rows()),
        "json": lambda: jsonfmt.write(meta, _rows()),
        "geojson": lambda: geojsonfmt.write(meta, _rows()),
        "acled": lambda: acled.write(_rows(), source="Truce"),
    }
    for name, make in writers.items():
        peak, size = _peak_growth(lambda make=make: sum(len(piece) for piece in make()))
        assert size > N * 100, name  # every row was written
        assert peak < PEAK_LIMIT, f"{name}: peak grew {peak:,} bytes for {size:,} bytes written"
    # The measure bites: holding the text of one of them whole is over the limit.
    peak, _ = _peak_growth(lambda: "".join(jsonfmt.write(meta, _rows())))
    assert peak > PEAK_LIMIT, f"holding the JSON whole grew the peak by only {peak:,} bytes"


def test_an_export_from_the_database_streams_a_hundred_thousand_rows_in_bounded_memory(cast):
    now = dt.datetime(2025, 11, 1, 10, tzinfo=dt.UTC)
    Penalty.objects.bulk_create(
        (
            Penalty(
                agreement_id="pak-afg-2025",
                party="AF",
                number=i,
                reference=f"pak-afg-2025/P{i:06d}",
                rule_id="R1",
                measure="Formal warning to the party",
                reasons_text="points_30d >= 3",
                reasons={},
                proposed_on=now.date(),
                proposed_at=now,
            )
            for i in range(1, N + 1)
        ),
        batch_size=5000,
    )
    result = export("penalties", "json", standin_scope("pak-afg-2025"))

    def drain() -> tuple[int, str]:
        count, tail = 0, ""
        for piece in result.pieces:
            count += piece.count('"reference"')
            tail = (tail + piece)[-200:]
        return count, tail

    peak, (count, tail) = _peak_growth(drain)
    assert count == N
    assert json.loads('{"x":1' + tail[tail.index(',"count"') :])["count"] == N
    assert peak < 2 * PEAK_LIMIT, f"peak grew {peak:,} bytes"
