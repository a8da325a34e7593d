"""The replay benchmark builds genuine entries (their chain checks) and replays them without a difference."""

from __future__ import annotations

from tests.app.benchrun import run_bench


def test_the_replay_benchmark_builds_a_sound_record_and_replays_it_without_a_difference():
    out = run_bench("replay", "--entries", "40")
    assert "46 entries built" in out and "chain checked" in out, out
    assert "replay: 46 entries" in out and "5 ruling" in out, out
    assert "differences: 0, unreadable entries: 0" in out, out
