"""truce.core.extract.distribute without a cluster: batches keep the jobs' order, the extractor's
fingerprint follows its code and data, and workers reporting another extractor are refused before any
job is sent (the cluster itself is exercised in tests/app/test_ingest_dask.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import distribute


def _jobs(n: int) -> list[distribute.Job]:
    return [distribute.Job(text=f"article {i}", source=f"s{i}", published=None, title="") for i in range(n)]


@pytest.mark.parametrize(("count", "workers"), [(0, 2), (1, 2), (7, 2), (100, 2), (1000, 2), (9, 64)])
def test_batches_are_consecutive_slices_covering_every_job_once_in_order(count, workers):
    jobs = _jobs(count)
    parts = distribute.batches(jobs, workers)
    assert [job for part in parts for job in part] == jobs
    assert all(1 <= len(part) <= 64 for part in parts)
    if count >= workers * 4:
        assert len(parts) >= workers * 4 or all(len(part) == 64 for part in parts[:-1])


def test_the_in_process_extractor_is_the_pipeline_article_by_article():
    from truce.core.extract import pipeline

    text = (
        "Shelling near Chaman\n\nShells struck a post near Chaman on 28 October 2025, killing two soldiers."
    )
    job = distribute.Job(text=text, source="a.txt", published=dt.date(2025, 10, 29), title="")
    expected = pipeline.extract(text, source="a.txt", published=dt.date(2025, 10, 29), content_type="text")
    assert distribute.in_process([job, job]) == [expected, expected]


def test_the_fingerprint_changes_with_the_extractors_data(tmp_path, monkeypatch):
    first = distribute.extractor_fingerprint()
    assert len(first) == 64 and distribute.extractor_fingerprint() == first  # computed once
    distribute.extractor_fingerprint.cache_clear()
    monkeypatch.setattr(distribute, "_EXTRACTOR_LIBRARIES", (*distribute._EXTRACTOR_LIBRARIES, "pytest"))
    try:
        assert distribute.extractor_fingerprint() != first
    finally:
        distribute.extractor_fingerprint.cache_clear()


class _Client:
    """Answers as distributed.Client does for the two calls _check_workers makes."""

    def __init__(self, fingerprints: dict[str, str], *, joined: bool = True, truce: bool = True) -> None:
        self.fingerprints, self.joined, self.truce = fingerprints, joined, truce

    def wait_for_workers(self, n: int, timeout: float) -> None:
        if not self.joined:
            raise TimeoutError("no workers")

    def run(self, function):  # type: ignore[no-untyped-def]
        assert function is distribute.extractor_fingerprint
        if not self.truce:  # what a worker without Truce installed answers
            raise ModuleNotFoundError("No module named 'truce'")
        return self.fingerprints


def test_workers_with_another_extractor_are_refused_by_address():
    ours = distribute.extractor_fingerprint()
    client = _Client({"tcp://10.0.0.7:40001": ours, "tcp://10.0.0.8:40001": "0" * 64})
    with pytest.raises(distribute.ClusterError) as caught:
        distribute._check_workers(client, "the Dask scheduler at tcp://10.0.0.5:8786")
    assert "tcp://10.0.0.8:40001" in caught.value.message and "10.0.0.7" not in caught.value.message
    assert "install the same Truce on them" in caught.value.message
    distribute._check_workers(_Client({"tcp://10.0.0.7:40001": ours}), "here")  # the same: accepted


def test_a_cluster_without_workers_is_refused():
    with pytest.raises(distribute.ClusterError, match="has no workers"):
        distribute._check_workers(_Client({}, joined=False), "the Dask scheduler at tcp://10.0.0.5:8786")


def test_workers_without_truce_are_refused_with_what_to_install():
    client = _Client({}, truce=False)
    with pytest.raises(distribute.ClusterError) as caught:
        distribute._check_workers(client, "the Dask scheduler at tcp://10.0.0.5:8786")
    assert "ModuleNotFoundError: No module named 'truce'" in caught.value.message
    assert "install the same Truce, with truce[dask], on them" in caught.value.message
