"""What the instance is doing, as Prometheus metrics (prometheus-client's text format), computed at each
scrape from the database: gunicorn runs several worker processes, so counters kept in one process's memory
would each tell part of the story, while the rows tell all of it.

Labels carry the agreement and the report kind, never a party, a case or any text of a report: the
metrics are aggregates for the operator, who may not see case content (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.db.models import Count
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from truce.core import clock
from truce.health import heartbeat
from truce.health.checks import run_checks

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def families() -> Iterator[Metric]:
    """The health checks first: when the database does not answer they are all there is to say."""
    checks = run_checks()
    health = GaugeMetricFamily(
        "truce_health_ok", "1 when the /healthz check passes, else 0", labels=["check"]
    )
    for check in checks:
        health.add_metric([check.name], 1 if check.ok else 0)
    yield health
    if any(check.name == "database" and not check.ok for check in checks):
        return
    yield from _counts()


def _counts() -> Iterator[Metric]:
    from truce.cases.models import Case
    from truce.record.checkpoints import freshness, latest_checkpoint
    from truce.record.models import Cosignature, Head
    from truce.record.tree import nodes_path
    from truce.record.witnesses import listed_witnesses
    from truce.reports.models import Report

    filed = CounterMetricFamily(
        "truce_reports_filed", "Reports submitted (drafts not counted)", labels=["agreement", "kind"]
    )
    rows = Report.objects.exclude(status="draft").values("agreement_id", "kind").annotate(n=Count("id"))
    for row in rows.order_by("agreement_id", "kind"):
        filed.add_metric([row["agreement_id"], row["kind"]], row["n"])
    yield filed

    overdue = GaugeMetricFamily(
        "truce_replies_overdue",
        "Cases awaiting a reply whose reply window has closed without one",
        labels=["agreement"],
    )
    late = (
        Case.objects.filter(status="awaiting_reply", reply_due_at__lt=clock.now(), replies__isnull=True)
        .values("agreement_id")
        .annotate(n=Count("id", distinct=True))
    )
    for row in late.order_by("agreement_id"):
        overdue.add_metric([row["agreement_id"]], row["n"])
    yield overdue

    head = Head.objects.filter(id=1).first()
    yield GaugeMetricFamily("truce_record_entries", "Entries in the record", value=head.size if head else 0)
    nodes: Path = nodes_path()
    yield GaugeMetricFamily(
        "truce_record_node_file_bytes",
        "Size of the record's Merkle node file (record-nodes.sqlite3)",
        value=nodes.stat().st_size if nodes.exists() else 0,
    )
    fresh = freshness()
    if fresh.checkpoint_age_seconds is not None:
        yield GaugeMetricFamily(
            "truce_checkpoint_age_seconds",
            "Seconds since the latest checkpoint was signed",
            value=fresh.checkpoint_age_seconds,
        )
    yield GaugeMetricFamily(
        "truce_record_unsigned_entries",
        "Entries no signed checkpoint covers yet",
        value=fresh.unsigned_entries,
    )

    witnesses, _quorum = listed_witnesses()
    if witnesses:
        latest = latest_checkpoint()
        size = latest.size if latest else 0
        lag = GaugeMetricFamily(
            "truce_witness_lag_entries",
            "Entries between the latest checkpoint and the latest one this witness cosigned",
            labels=["witness"],
        )
        for w in witnesses:
            cosigned = (
                Cosignature.objects.filter(witness=w.name)
                .order_by("-checkpoint_id")
                .values_list("checkpoint_id", flat=True)
                .first()
            )
            lag.add_metric([w.name], size - (cosigned or 0))
        yield lag

    yield from _tasks()

    try:
        beat = heartbeat.last()
    except ValueError:
        beat = None
    if beat is not None:
        yield GaugeMetricFamily(
            "truce_worker_heartbeat_age_seconds",
            "Seconds since the background worker finished a round",
            value=round(beat.age_seconds, 1),
        )


def _tasks() -> Iterator[Metric]:
    from truce.background.queue import stats

    queue = stats()
    yield GaugeMetricFamily(
        "truce_tasks_waiting", "Background tasks due to run and not yet started", value=queue.waiting
    )
    yield GaugeMetricFamily(
        "truce_tasks_deferred",
        "Background tasks waiting for a later time (retries after a failure)",
        value=queue.deferred,
    )
    yield GaugeMetricFamily("truce_tasks_running", "Background tasks running", value=queue.running)
    yield GaugeMetricFamily(
        "truce_tasks_abandoned",
        "Background tasks marked running for over an hour (their worker was likely killed)",
        value=queue.abandoned,
    )
    yield GaugeMetricFamily(
        "truce_tasks_lag_seconds",
        "How long the oldest background task due to run has waited (0: none waits)",
        value=round(queue.lag_seconds, 1),
    )
    yield GaugeMetricFamily(
        "truce_tasks_failed_attempts",
        "Failed attempts of background tasks kept (30 days), retried or not",
        value=queue.failed_attempts,
    )
    yield GaugeMetricFamily(
        "truce_tasks_given_up",
        "Background tasks whose last attempt failed (kept 30 days; truce status lists them)",
        value=queue.given_up,
    )


class _Instance(Collector):
    def collect(self) -> Iterator[Metric]:
        yield from families()


def exposition() -> bytes:
    """The metrics in the Prometheus text format, computed now."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Instance())
    return generate_latest(registry)
