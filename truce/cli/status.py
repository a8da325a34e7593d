"""``truce status``: what ``/healthz`` and ``/metrics`` say, on the command line (no server needed).
Exits 0 when every health check passes, 1 naming the checks that fail."""

from __future__ import annotations

import argparse

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "prometheus"),
        default="text",
        help="text (default), or the Prometheus text format /metrics serves",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce.health.checks import run_checks
    from truce.health.metrics import exposition, families

    checks = run_checks()
    if args.format == "prometheus":
        print(exposition().decode("utf-8"), end="")
    else:
        print("health:")
        for check in checks:
            print(f"  {check.name}: {'ok' if check.ok else 'FAILING'} ({check.detail})")
        print("metrics:" if checks[0].ok else "metrics: none (the database does not answer)")
        for family in families():
            if family.name == "truce_health_ok":
                continue  # the health lines above say the same
            for sample in family.samples:
                if sample.name.endswith("_created"):
                    continue
                labels = ", ".join(f"{k}={v}" for k, v in sample.labels.items())
                value = int(sample.value) if float(sample.value).is_integer() else sample.value
                print(f"  {sample.name}{f' ({labels})' if labels else ''}: {value}")
        if checks[0].ok:
            _print_record_key()
            _print_given_up()
    failing = [c.name for c in checks if not c.ok]
    if failing:
        raise CommandError(f"failing: {', '.join(failing)}")
    return 0


def _print_record_key() -> None:
    """The record's current signing key and every rotation (``truce record rotate-key``)."""
    from truce.record.checkpoints import RecordKeyError, key_history, log_vkey

    try:
        current = log_vkey()
    except RecordKeyError as exc:
        current = f"unusable ({exc})"
    print(f"record key: {current}")
    for change in key_history():
        handover = (
            f"handed over at checkpoint {change.handover_size}"
            if change.handover_size is not None
            else "not handed over yet"
        )
        print(f"  rotated by entry {change.index} at {change.time.isoformat(timespec='seconds')}, {handover}")
        print(f"    from {change.old_vkey}")
        print(f"    to   {change.new_vkey}")


def _print_given_up() -> None:
    """The latest background tasks given up: which, when, and the error (its full traceback is on the
    task's row, django_tasks_db_dbtaskresult)."""
    from truce.background.queue import given_up
    from truce.background.retry import attempts_of

    rows = given_up()
    if rows:
        print("tasks given up (latest first):")
    for row in rows:
        attempt, of = attempts_of(row.task_path, row.args_kwargs.get("kwargs", {}))
        when = row.finished_at.isoformat(timespec="seconds") if row.finished_at else "?"
        print(
            f"  {row.task_path.rsplit('.', 1)[-1]} {row.id}: {row.exception_class_path} at {when} "
            f"(attempt {attempt} of {of})"
        )
