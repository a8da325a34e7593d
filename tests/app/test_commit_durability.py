"""An acknowledged write survives a power cut, not only a killed process (which the crash harness in
tests/crash/ shows; a SIGKILL cannot reveal a commit still in the operating system's cache).

SQLite: every connection commits with synchronous=FULL in WAL mode, so the WAL is synced before the commit
returns and the answer is sent (NORMAL could roll the last commits back after a power cut). PostgreSQL
syncs unless the server is told not to: `truce check --deploy` says so when fsync or synchronous_commit
is off."""

from __future__ import annotations

import pytest
from django.db import connection

from truce.deploy import _durability_findings


@pytest.mark.django_db
def test_every_sqlite_commit_is_synced_to_disk_before_the_write_is_acknowledged():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; PostgreSQL: the test below")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (synchronous,) = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode")
        (journal,) = cursor.fetchone()
    assert synchronous == 2, "PRAGMA synchronous must be FULL (2)"
    # An in-memory test database cannot use WAL; a file one (TRUCE_TEST_SQLITE_FILE=1, served) does.
    assert journal in ("wal", "memory")


@pytest.mark.django_db
def test_check_deploy_names_a_postgresql_server_that_does_not_sync_its_commits():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; SQLite: the test above")
    assert _durability_findings() == []
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")  # this session only, as a role setting would
    try:
        (finding,) = _durability_findings()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = on")
    assert "synchronous_commit is off" in finding.problem
    assert "synchronous_commit = on" in finding.fix
