"""``truce worker``: the background work, in one process. Its rounds (every ``--interval`` seconds) do
the quick periodic work — overdue replies, the penalty schedule's daily review (windows roll and
penalties lapse with time alone), expired idempotency keys and finished task rows — and enqueue the rest:
a poll of each due feed, a checkpoint, the scheduled public bulletins (truce.bulletins.tasks). Beside the
rounds, a thread runs the task queue (truce.background.queue.Runner): those tasks and every e-mail the
actions enqueue, each tried again with backoff when it fails (truce.background.retry). ``--once`` runs
one round, then every task due, and exits (cron: give ``--interval`` the cron period, so the heartbeat it
leaves after every round, ``$TRUCE_HOME/worker-heartbeat.json``, is judged against it)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from typing import Any

from truce.cli.base import setup_django
from truce.logs import run_context

# settings.LOGGING writes this logger's INFO lines whatever TRUCE_LOG_LEVEL is: they are the worker's output.
log = logging.getLogger("truce.worker")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--once", action="store_true", help="run one round, then every task that is due, and exit"
    )
    parser.add_argument("--interval", type=int, default=60, help="seconds between rounds (default 60)")


def periodic_round(last_review: dict[str, str]) -> list[str]:
    """The round's own work, and the tasks it enqueues; ``last_review`` maps an agreement to the local
    day its penalties were reviewed. Never renders, fetches or sends anything itself."""
    from truce.agreements import registry
    from truce.agreements.models import Agreement
    from truce.background import queue
    from truce.bulletins.tasks import bulletin_round
    from truce.cases.actions.replies import do_mark_overdue_replies
    from truce.idempotency.tasks import prune_keys
    from truce.penalties.actions import do_review_penalties
    from truce.record.tasks import checkpoint_round
    from truce.sources.tasks import enqueue_due_feeds

    done = []
    overdue = do_mark_overdue_replies()
    if overdue:
        done.append(f"replies overdue: {', '.join(c.reference for c in overdue)}")
    for row in Agreement.objects.all():
        agreement = registry.parsed(row)
        today = agreement.today().isoformat()
        if last_review.get(row.pk) == today or not agreement.penalties:
            continue
        for party in agreement.parties:
            for penalty in do_review_penalties(row.pk, party.code):
                done.append(f"penalty proposed: {penalty.reference} against {party.code}")
        last_review[row.pk] = today
    done.extend(enqueue_due_feeds())
    done.extend(checkpoint_round())
    done.extend(bulletin_round())
    pruned = prune_keys()
    if pruned:
        done.append(f"idempotency keys and form tokens expired: {pruned}")
    queue.prune()
    return done


def one_round(last_review: dict[str, str]) -> list[str]:
    """A round, then every task due (what ``--once`` does): what was done, one line each."""
    from truce.background import queue

    done = periodic_round(last_review)
    done.extend(queue.drain())
    return done


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce.background import queue
    from truce.health import heartbeat

    last_review: dict[str, str] = {}
    if args.once:
        with run_context("worker round"):
            for line in one_round(last_review):
                log.info("%s", line)
        heartbeat.beat(max(1, args.interval))
        return 0
    from django_tasks.signals import task_finished

    def report(sender: object, task_result: Any, **kwargs: Any) -> None:
        for line in queue.lines_of(task_result.id):
            log.info("%s", line)

    # What the runner thread's tasks did is logged as the rounds' lines are.
    task_finished.connect(report, weak=False)
    # SIGTERM (systemd, docker stop) ends the rounds as Ctrl-C does, through the ``finally`` below.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    runner = queue.Runner()
    runner.start()
    try:
        while True:
            # Each round has a run id of its own: what a round did, and any warning from inside it (a
            # witness that refused, a bulletin skipped), can be found together in the logs.
            with run_context("worker round"):
                for line in periodic_round(last_review):
                    log.info("%s", line)
            # /healthz and `truce status` fail when the rounds stop (truce.health.heartbeat).
            heartbeat.beat(max(1, args.interval))
            time.sleep(max(1, args.interval))
    finally:
        # The task that runs (a bulletin's PDF, an e-mail) is let finish, for a while.
        runner.stop(timeout=30)
