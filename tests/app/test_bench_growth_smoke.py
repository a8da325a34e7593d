"""The growth benchmark runs end to end on a small instance: every page's p50, p95 and query count at each
size, timed by the page benchmark's own measure."""

from __future__ import annotations

from tests.app.benchrun import run_bench


def test_the_growth_benchmark_reports_times_and_queries_for_every_page_and_viewer():
    out = run_bench("growth", "--sizes", "20,40", "--samples", "2", "--skip", "exports,bulletin,backup")
    table = out[out.index("load average") :].splitlines()[2:]
    pages = ["dashboard", "dashboard filtered", "map data", "map data, zoomed", "case list"]
    pages += ["case list, page 20", "case list, search", "case page"]
    expected = [f"{v} {p} {m}" for v in ("qa", "pk") for p in pages for m in ("p50 ms", "p95 ms", "queries")]
    assert [line[:42].rstrip() for line in table] == expected, out
    for line in table:
        low, high = (float(v) for v in line[42:].split()[:2])
        assert low > 0 and high > 0, line
        if line.startswith(("qa case page queries", "pk case page queries")):
            assert low == high, line  # a case page's queries do not grow with the cases
