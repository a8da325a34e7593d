"""The ingest benchmark runs both modes on the same articles and they store the same result."""

from __future__ import annotations

import json

import pytest

from tests.app.benchrun import run_bench

pytest.importorskip("distributed")


def test_the_ingest_benchmark_compares_one_process_with_two_workers_on_identical_results():
    figures = json.loads(run_bench("ingest", "--articles", "12", "--format", "json"))
    assert figures["identical"] is True and figures["articles"] == 12 and figures["workers"] == 2
    assert (
        figures["summary"][0] == "articles: 12 new, 0 near-duplicate (kept, not extracted), 0 already stored"
    )
    assert (
        figures["ingest_single_s"] > 0 and figures["ingest_workers_s"] > 0 and figures["extract_speedup"] > 0
    )
