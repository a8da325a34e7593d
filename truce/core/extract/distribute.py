"""Extraction on a Dask distributed cluster: ``truce ingest --workers N`` or ``--scheduler tcp://HOST:PORT``.

Only the pure, CPU-heavy step runs on the workers: an article's text to its extracted incidents
(``pipeline.extract``). Reading inputs, deduplicating, storing articles and leads and appending the record
entry stay with the caller, which gets the extractions back in the order it gave the jobs, so it stores
them exactly as a single-process run does (``truce.sources.actions.do_ingest_articles``).

Dask is optional (``pip install 'truce[dask]'``): nothing here imports it until a cluster is asked for.
Before any job is sent, every worker must report the same extractor as the caller
(``extractor_fingerprint``): a worker on other code or other place data would extract other incidents.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from truce.core.extract import pipeline

INSTALL_HINT = "pip install 'truce[dask]' (dask and distributed 2026.8.0)"
# Seconds to reach a scheduler and, for an existing cluster, to wait for its first worker.
CONNECT_TIMEOUT = 10.0
MAX_LOCAL_WORKERS = 64
# Libraries whose version changes what the extractor finds (dates, places, page text).
_EXTRACTOR_LIBRARIES = ("dateparser", "trafilatura", "reverse-geocoder", "pycountry", "convertdate")


class ClusterError(Exception):
    """The cluster cannot be used (Dask missing, scheduler unreachable, no workers, another extractor on
    the workers, a worker lost mid-run). Raised before the caller stores anything."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Job:
    """One article's text and what the extractor needs beside it (truce.sources.fetch.Candidate)."""

    text: str
    source: str
    published: dt.date | None
    title: str


Extractor = Callable[[list[Job]], list[dict[str, Any]]]


def extract_one(job: Job) -> dict[str, Any]:
    return pipeline.extract(
        job.text, source=job.source, published=job.published, title=job.title, content_type="text"
    )


def extract_batch(jobs: list[Job]) -> list[dict[str, Any]]:
    """Runs on a worker: a batch's extractions in the batch's order."""
    return [extract_one(job) for job in jobs]


def in_process(jobs: list[Job]) -> list[dict[str, Any]]:
    """The single-process extractor: what every cluster run must equal."""
    return extract_batch(jobs)


@functools.cache
def extractor_fingerprint() -> str:
    """SHA-256 over the extractor's code and data files and the versions of the libraries it reads
    text with. Two processes with the same fingerprint extract the same incidents from the same text."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".tsv", ".json")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _EXTRACTOR_LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()


def batches(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Consecutive slices, about four per worker so a slow batch does not leave the others idle, and at
    most 64 articles each (a lost worker costs little to redo). Requires workers >= 1."""
    if not jobs:
        return []
    size = max(1, min(64, -(-len(jobs) // (workers * 4))))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--workers and --scheduler need Dask distributed: {INSTALL_HINT}") from None
    return distributed


def _client_for(distributed: Any, scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """(client, the local cluster or None). Raises ClusterError when no usable cluster is reached."""
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"the Dask scheduler at {scheduler} cannot be reached within {CONNECT_TIMEOUT:g} s ({exc})"
            ) from None
        return client, None
    if workers is None or not 1 <= workers <= MAX_LOCAL_WORKERS:
        raise ClusterError(f"--workers takes a number of worker processes from 1 to {MAX_LOCAL_WORKERS}")
    try:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # the extractor is pure Python: a process per core, not threads
            processes=True,
            host="127.0.0.1",  # the run's own cluster: reachable from this machine only
            # No dashboard; its HTTP server still starts, on a free port rather than a fixed 8787 that
            # another run on the machine may hold.
            dashboard_address="127.0.0.1:0",
            silence_logs=40,  # errors only: the run's own output says what happened
        )
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"a local Dask cluster of {workers} worker(s) could not start ({exc})") from None
    return distributed.Client(cluster, set_as_default=False), cluster


def _check_workers(client: Any, where: str) -> None:
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        raise ClusterError(f"{where} has no workers (none joined within {CONNECT_TIMEOUT:g} s)") from None
    ours = extractor_fingerprint()
    try:
        theirs = client.run(extractor_fingerprint)
    except Exception as exc:  # raised on a worker: most often Truce missing there (ModuleNotFoundError)
        raise ClusterError(
            f"the workers of {where} cannot run Truce's extractor ({type(exc).__name__}: {exc}): "
            "install the same Truce, with truce[dask], on them"
        ) from None
    other = sorted(address for address, fingerprint in theirs.items() if fingerprint != ours)
    if other:
        raise ClusterError(
            f"worker(s) {', '.join(other)} of {where} run another version of Truce's extractor than this "
            "process (its code, place data or text libraries differ): install the same Truce on them"
        )


@contextmanager
def on_cluster(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Extractor]:
    """An extractor running on an existing cluster (``scheduler``, e.g. "tcp://10.0.0.5:8786") or on a
    local cluster of ``workers`` processes started for the block and stopped after it. Its results are in
    the order of the jobs. Raises ClusterError (and runs nothing) when Dask is missing, the scheduler
    cannot be reached, it has no workers or they run another extractor; and when the cluster is lost
    mid-run. An exception raised by the extractor itself on a worker is raised here unchanged, as it would
    be in one process."""
    distributed = _distributed()
    where = f"the Dask scheduler at {scheduler}" if scheduler else f"the local cluster of {workers} worker(s)"
    client, cluster = _client_for(distributed, scheduler, workers)
    try:
        _check_workers(client, where)

        def extract(jobs: list[Job]) -> list[dict[str, Any]]:
            count = max(1, len(client.nthreads()))
            futures = client.map(extract_batch, batches(jobs, count), pure=False)
            try:
                done = client.gather(futures)
            except (OSError, TimeoutError, distributed.client.FutureCancelledError) as exc:
                raise ClusterError(f"{where} was lost during extraction ({exc})") from None
            except distributed.scheduler.KilledWorker as exc:
                raise ClusterError(f"workers of {where} died during extraction ({exc})") from None
            return [extraction for batch in done for extraction in batch]

        yield extract
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
