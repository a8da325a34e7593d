"""The export benchmark runs end to end on a small instance: every format for the mediators and the public,
with the rows written and the peak memory of the export's own process."""

from __future__ import annotations

import json

from tests.app.benchrun import run_bench


def test_the_exports_benchmark_reports_rows_time_and_peak_memory_for_each_format_and_scope():
    out = run_bench("exports", "--incidents", "300", "--format", "json")
    rows = json.loads(out[out.index("[") :])
    assert {(r["format"], r["scope"]) for r in rows} == {
        (f, s) for f in ("csv", "json", "geojson", "acled") for s in ("mediators", "public")
    }
    by = {(r["format"], r["scope"]): r for r in rows}
    assert by[("csv", "mediators")]["lines"] == 301  # a header and one line per incident
    assert 0 < by[("csv", "public")]["lines"] < 301  # the public sees published cases only
    assert all(r["peak_mib"] > 0 for r in rows)
