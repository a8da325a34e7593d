"""An acknowledged write survives a power cut on the embedded SQLite database: every connection commits with
synchronous=FULL in WAL mode, so the WAL is synced before the commit returns and the answer is sent.
(With NORMAL a commit survives the process dying, which the crash harness in tests/crash/ shows, but may
roll back after a power cut or an operating-system crash: a SIGKILL cannot reveal that, hence this test.)"""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_every_sqlite_commit_is_synced_to_disk_before_the_write_is_acknowledged():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL syncs every commit unless synchronous_commit is turned off")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (synchronous,) = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode")
        (journal,) = cursor.fetchone()
    assert synchronous == 2, "PRAGMA synchronous must be FULL (2)"
    # An in-memory test database cannot use WAL; a file one (TRUCE_TEST_SQLITE_FILE=1, served) does.
    assert journal in ("wal", "memory")
