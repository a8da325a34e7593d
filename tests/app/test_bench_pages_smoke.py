"""The page-speed benchmark runs end to end on a small instance and reports every page for both states."""

from __future__ import annotations

from tests.app.benchrun import run_bench


def test_the_pages_benchmark_reports_p50_and_p95_for_every_page():
    out = run_bench("pages", "--sizes", "30", "--samples", "2")
    for line in ("cold (", "warm (", "dashboard filtered", "map data, zoomed", "case list, search"):
        assert line in out, out
    assert out.count("p50/p95 ms") == 2
