"""Nothing acknowledged is lost when the server dies: `make test-crash` (tests/crash/harness.py).

For each database, a fresh instance served by `truce serve`, bursts of concurrent API writes (filings,
evidence uploads, admissions, replies, rulings, signatures) with `truce record checkpoint` running beside
every other burst, SIGKILL of the server's whole process group at a seeded random moment, and after every
kill: every acknowledged write present with its bytes, no row without its record entry, `truce record
check` passing and reporting (not deleting) orphan files, `truce record verify` passing on a fresh export;
then the unanswered filings retried with their Idempotency-Key make one report each.

TRUCE_CRASH_SEED (default 19102025), TRUCE_CRASH_KILLS (default 6) and TRUCE_CRASH_CLIENTS (default 4)
change the run; the counts are printed (run pytest with -s to see them). PostgreSQL: a throwaway
database on the server DATABASE_URL names when it is a postgres URL, else on postgres@127.0.0.1:5432,
dropped afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.crash.harness import Instance, run

pytestmark = pytest.mark.crash

SEED = int(os.environ.get("TRUCE_CRASH_SEED", "19102025"))
KILLS = int(os.environ.get("TRUCE_CRASH_KILLS", "6"))
CLIENTS = int(os.environ.get("TRUCE_CRASH_CLIENTS", "4"))


def test_no_acknowledged_write_is_lost_when_the_sqlite_server_is_killed(tmp_path: Path) -> None:
    tally = run(
        Instance(tmp_path / "home"), tmp_path, seed=SEED, kills=KILLS, clients=CLIENTS, label="sqlite"
    )
    assert tally.kills == KILLS and tally.verified == KILLS + 1
    assert tally.acknowledged, "no write was acknowledged: the harness tested nothing"


def test_no_acknowledged_write_is_lost_when_the_postgresql_server_is_killed(
    tmp_path: Path, postgres_url: str
) -> None:
    instance = Instance(tmp_path / "home", database_url=postgres_url)
    tally = run(instance, tmp_path, seed=SEED, kills=KILLS, clients=CLIENTS, label="postgresql")
    assert tally.kills == KILLS and tally.verified == KILLS + 1
    assert tally.acknowledged, "no write was acknowledged: the harness tested nothing"
