"""`truce ingest --workers N / --scheduler tcp://HOST:PORT`: extraction on a Dask cluster stores exactly
what a single-process run stores (articles, leads, their sources, the record entry's content), and a
cluster that cannot be used stops the run with a clear error before anything is stored."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from bench.ingest import articles
from tests.app.story import record_size
from truce.cli import main
from truce.core import clock
from truce.core.extract import distribute
from truce.record.models import Entry, Opening
from truce.sources.models import Article, Lead, LeadSource

distributed = pytest.importorskip("distributed")

EARLIER = 6  # articles ingested before the compared runs (every sixth), so that these join existing leads


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(folder of the earlier articles, folder of the run's articles): 36 generated wire stories."""
    root = tmp_path_factory.mktemp("dask-articles")
    paths = articles.write(root / "all", EARLIER + 30, seed=7)
    earlier, run = root / "earlier", root / "run"
    earlier.mkdir()
    run.mkdir()
    for i, path in enumerate(paths):
        shutil.copy(path, (earlier if i % 6 == 0 else run) / path.name)
    return earlier, run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _started(*args: str) -> Iterator[subprocess.Popen]:
    """``dask ARGS...`` (the scheduler or a worker as an operator starts them), stopped after the block."""
    dask = Path(sys.executable).with_name("dask")
    process = subprocess.Popen([str(dask), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def scheduler() -> Iterator[str]:
    """The address of a Dask scheduler started by ``dask scheduler`` in a process of its own, no workers."""
    port = _free_port()
    with _started("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard") as process:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "dask scheduler exited"
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "dask scheduler did not start within 30 s"
            time.sleep(0.2)
        yield f"tcp://127.0.0.1:{port}"


@pytest.fixture
def now():
    with clock.frozen(dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC)) as frozen:
        yield frozen


def ingest(*args: str) -> int:
    return main(["ingest", "--agreement", "pak-afg-2025", "--published", "2025-11-30", *args])


class _Undo(Exception):
    pass


def _stored(since: int) -> dict:
    """What a run stored: every article, lead and lead source (all fields), and the record entries after
    ``since`` with their sealed fields' values (a commitment's salt is random, so each entry's digest and
    sealed hashes differ from run to run by design; what they commit to must not)."""
    entries = []
    for entry in Entry.objects.filter(index__gte=since).order_by("index"):
        leaf = json.loads(entry.leaf)
        leaf["sealed"] = sorted(leaf.get("sealed", {}))
        openings = {o.name: o.value for o in Opening.objects.filter(entry=entry)}
        entries.append({"leaf": leaf, "openings": openings, "type": entry.type, "subject": entry.subject})
    return {
        "articles": list(Article.objects.order_by("id").values()),
        "leads": list(Lead.objects.order_by("id").values()),
        "sources": list(LeadSource.objects.order_by("id").values()),
        "entries": entries,
    }


def _run_and_undo(*args: str) -> tuple[dict, str]:
    """Ingest, note what was stored and what was printed, then undo it (so the next run starts from the
    same rows and, on PostgreSQL, the same next ids: sequences do not roll back, so they are reset)."""
    since = record_size()
    try:
        with transaction.atomic():
            assert ingest(*args) == 0
            stored = _stored(since)
            raise _Undo
    except _Undo:
        pass
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    return stored, since


def test_two_local_workers_and_an_existing_scheduler_store_what_one_process_stores(
    cast, now, corpus, capsys, scheduler
):
    earlier, run = corpus
    assert ingest(str(earlier)) == 0
    capsys.readouterr()
    earlier_leads = set(Lead.objects.values_list("id", flat=True))
    earlier_articles = set(Article.objects.values_list("id", flat=True))

    one, since = _run_and_undo(str(run))
    one_out = capsys.readouterr().out
    assert len(one["articles"]) == len(list(run.iterdir())) + EARLIER
    assert one["entries"] and one["entries"][0]["type"] == "ArticlesIngested"
    # The run both raised leads and added sources to the earlier run's leads.
    raised, updated = map(int, re.search(r"leads: (\d+) new, (\d+) updated", one_out).groups())
    assert raised > 0 and updated > 0
    assert any(
        s["lead_id"] in earlier_leads and s["article_id"] not in earlier_articles for s in one["sources"]
    )

    two, _ = _run_and_undo("--workers", "2", str(run))
    assert capsys.readouterr().out == one_out
    assert two == one

    with _started("worker", scheduler, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"):
        # A worker process starting on a busy machine may take longer than ingest's own wait for one.
        with distributed.Client(scheduler, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=120)
        three, _ = _run_and_undo("--scheduler", scheduler, str(run))
    assert capsys.readouterr().out == one_out
    assert three == one
    assert record_size() == since  # every compared run was undone


def test_an_unreachable_scheduler_is_a_clear_error_and_nothing_is_stored(
    cast, now, corpus, capsys, monkeypatch
):
    monkeypatch.setattr(distribute, "CONNECT_TIMEOUT", 2.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    before = record_size()
    assert ingest("--scheduler", address, str(corpus[1])) == 1
    err = capsys.readouterr().err
    assert f"the Dask scheduler at {address} cannot be reached within 2 s" in err
    assert "nothing was stored" in err and "Traceback" not in err
    assert not Article.objects.exists() and not Lead.objects.exists() and record_size() == before


def test_a_scheduler_without_workers_is_a_clear_error_and_nothing_is_stored(
    cast, now, corpus, capsys, monkeypatch, scheduler
):
    monkeypatch.setattr(distribute, "CONNECT_TIMEOUT", 2.0)
    before = record_size()
    assert ingest("--scheduler", scheduler, str(corpus[1])) == 1
    err = capsys.readouterr().err
    assert "has no workers (none joined within 2 s); nothing was stored" in err and "Traceback" not in err
    assert not Article.objects.exists() and record_size() == before


def test_without_dask_installed_the_error_says_what_to_install(cast, now, corpus, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    assert ingest("--workers", "2", str(corpus[1])) == 1
    err = capsys.readouterr().err
    assert "pip install 'truce[dask]'" in err and "nothing was stored" in err and "Traceback" not in err
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0", "RUN"], "--workers 0: give a number of processes from 1 to 64"),
        (["--workers", "65", "RUN"], "--workers 65: give a number of processes from 1 to 64"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786", "RUN"], "not both"),
        (["--scheduler", "127.0.0.1:8786", "RUN"], "is not a scheduler address: give tcp://HOST:PORT"),
        (["--scheduler", "tcp://127.0.0.1", "RUN"], "is not a scheduler address"),
        (["--scheduler", "tls://10.0.0.5:8786", "RUN"], "is not a scheduler address"),
        (["--workers", "2", "--feed", "https://example.org/rss", "--every", "5"], "not for registering"),
    ],
)
def test_bad_cluster_options_are_refused_before_anything_runs(cast, now, corpus, capsys, args, message):
    assert ingest(*(str(corpus[1]) if a == "RUN" else a for a in args)) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not Article.objects.exists()
