"""``truce worker``: the background tasks — overdue replies (every minute), the penalty schedule's daily
review (windows roll and penalties lapse with time alone), the scheduled public bulletins (daily and
weekly: truce.bulletins.tasks) and expired idempotency keys. ``--once`` runs one round and exits (cron: give
``--interval`` the cron period, so the heartbeat it leaves after every round,
``$TRUCE_HOME/worker-heartbeat.json``, is judged against it)."""

from __future__ import annotations

import argparse
import logging
import time

from truce.cli.base import setup_django
from truce.logs import run_context

# settings.LOGGING writes this logger's INFO lines whatever TRUCE_LOG_LEVEL is: they are the worker's output.
log = logging.getLogger("truce.worker")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true", help="run one round of every task and exit")
    parser.add_argument("--interval", type=int, default=60, help="seconds between rounds (default 60)")


def one_round(last_review: dict[str, str]) -> list[str]:
    """Run what is due; ``last_review`` maps an agreement to the local day its penalties were reviewed."""
    from truce.agreements import registry
    from truce.agreements.models import Agreement
    from truce.bulletins.tasks import bulletin_round
    from truce.cases.actions.replies import do_mark_overdue_replies
    from truce.idempotency.tasks import prune_keys
    from truce.penalties.actions import do_review_penalties
    from truce.record.tasks import checkpoint_round
    from truce.sources.tasks import poll_due_feeds

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
    done.extend(poll_due_feeds())
    done.extend(checkpoint_round())
    done.extend(bulletin_round())
    pruned = prune_keys()
    if pruned:
        done.append(f"idempotency keys and form tokens expired: {pruned}")
    return done


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce.health import heartbeat

    last_review: dict[str, str] = {}
    while True:
        # Each round has a run id of its own: what a round did, and any warning from inside it (a witness
        # that refused, a bulletin skipped), can be found together in the logs.
        with run_context("worker round"):
            for line in one_round(last_review):
                log.info("%s", line)
        # /healthz and `truce status` fail when the rounds stop (truce.health.heartbeat).
        heartbeat.beat(max(1, args.interval))
        if args.once:
            return 0
        time.sleep(max(1, args.interval))
