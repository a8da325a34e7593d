"""How late the signed record is: the checkpoint's age, the entries no checkpoint covers yet and how long
the oldest has waited, and each witness's lag, on /api/v1/record/ and /record/; and the bound the
worker keeps: an entry is covered by the first round after TRUCE_CHECKPOINT_SECONDS."""

from __future__ import annotations

import datetime as dt

from tests.app.test_record_world import world_fixture  # noqa: F401 - registers the fixture
from truce.background.queue import drain
from truce.core import clock
from truce.record.checkpoints import sign_checkpoint_now
from truce.record.tasks import checkpoint_round
from truce.record.witnesses import collect_cosignatures

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _info(world) -> dict:
    response = world.cast.api["anonymous"].get("/api/v1/record/")
    assert response.status_code == 200
    return response.json()


def test_api_and_page_show_the_checkpoints_age_what_waits_and_each_witness_lag(world):
    with clock.frozen(T0) as frozen:
        first = sign_checkpoint_now(force=True)
        assert first is not None
        collect_cosignatures()
        frozen.advance(seconds=30)
        world.cast.api["pk"].file_report()
        frozen.advance(seconds=20)
        info = _info(world)
        assert info["checkpoint_age_seconds"] == 50
        assert info["unsigned_entries"] == info["size"] - first.size > 0
        assert info["oldest_unsigned_age_seconds"] == 20
        assert [w["lag_entries"] for w in info["witnesses"]] == [0, 0]
        # A second checkpoint the witnesses have not cosigned yet: they lag by the new entries.
        second = sign_checkpoint_now(force=True)
        assert second is not None
        info = _info(world)
        assert info["unsigned_entries"] == 0 and info["oldest_unsigned_age_seconds"] is None
        assert info["checkpoint_age_seconds"] == 0
        assert [w["lag_entries"] for w in info["witnesses"]] == [second.size - first.size] * 2
        html = world.cast.api["anonymous"].client.get("/record/").content.decode()
        assert (
            '(<bdi dir="ltr" class="figure">0</bdi> s ago)' in html and "none: every entry is covered" in html
        )
        assert f"<td>{second.size - first.size}</td>" in html


def test_the_worker_covers_an_entry_within_the_checkpoint_interval(world, settings):
    settings.TRUCE_CHECKPOINT_SECONDS, settings.TRUCE_CHECKPOINT_ENTRIES = 60, 1000
    with clock.frozen(T0) as frozen:
        assert sign_checkpoint_now(force=True) is not None
        world.cast.api["pk"].file_report()  # written right after a checkpoint: the worst case
        waited = 0
        while _info(world)["unsigned_entries"]:
            checkpoint_round()  # the round enqueues, the task runner signs
            drain()
            if _info(world)["unsigned_entries"]:
                frozen.advance(seconds=10)  # the worker's interval in this test
                waited += 10
        assert waited == 60  # TRUCE_CHECKPOINT_SECONDS, rounded up to the next round
