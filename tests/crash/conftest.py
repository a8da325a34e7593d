"""The crash tests' throwaway PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest


@pytest.fixture
def postgres_url() -> Iterator[str]:
    import dj_database_url
    import psycopg

    given = os.environ.get("DATABASE_URL", "")
    base = (
        given
        if given.startswith(("postgres://", "postgresql://"))
        else "postgres://postgres@127.0.0.1:5432/x"
    )
    server = dj_database_url.parse(base)
    name = f"truce_crash_{uuid.uuid4().hex[:12]}"
    admin = {"dbname": "postgres", "user": server["USER"], "password": server["PASSWORD"]}
    admin |= {"host": server["HOST"], "port": server["PORT"]}
    admin = {k: v for k, v in admin.items() if v}
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = server["USER"] + (f":{server['PASSWORD']}" if server["PASSWORD"] else "")
    yield f"postgres://{auth}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
