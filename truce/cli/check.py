"""``truce check [--deploy]``: Django's system checks; with ``--deploy`` also its deployment checks and
Truce's own (debug, secret key, hosts, HTTPS behind the proxy, HSTS, cookies, e-mail, TRUCE_HOME's modes,
the record key, the database). Every problem is printed with what to set; exit 0 when there is none.
``truce check --summaries [--repair]``: the parties' stored case summaries against their reports, and the
dashboard's counters (truce.cases.counts) against a count of the cases each view shows."""

from __future__ import annotations

import argparse

from truce.cli.base import setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--deploy",
        action="store_true",
        help="check that this environment is fit for production (run it with the server's environment)",
    )
    parser.add_argument(
        "--summaries",
        action="store_true",
        help="recompute the parties' case summaries and the dashboard's counts; report any that differ",
    )
    parser.add_argument(
        "--repair", action="store_true", help="with --summaries: rewrite the summaries and counts"
    )


def _summaries(repair: bool) -> int:
    """The stored case summaries (truce.cases.summaries) against the rule they are computed by."""
    from django.db import transaction

    from truce.cases import counts
    from truce.cases.summaries import drift, rebuild

    def differences() -> list[str]:
        return drift() + counts.drift()

    problems = differences()
    if not problems:
        print(
            "truce check --summaries: every party's case summaries agree with its reports, "
            "and the dashboard's counts with the cases"
        )
        return 0
    print(f"truce check --summaries: {len(problems)} difference(s)")
    for problem in problems[:200]:
        print(f"  - {problem}")
    if len(problems) > 200:
        print(f"  … and {len(problems) - 200} more")
    if not repair:
        print("Run `truce check --summaries --repair` to rewrite them from the reports.")
        return 1
    with transaction.atomic():
        rows = rebuild()  # the counts with them
    left = differences()
    print(f"rewritten: {rows} summaries and the counts; {len(left)} difference(s) left")
    return 1 if left else 0


def run(args: argparse.Namespace) -> int:
    setup_django()
    if args.summaries:
        return _summaries(args.repair)
    from django.core import checks

    notes: list[str] = []
    if args.deploy:
        from truce.deploy import deploy_report

        found, notes = deploy_report()
        problems = [str(f) for f in found]
    else:
        problems = [
            f"{m.id}: {m.msg}" + (f" ({m.hint})" if m.hint else "")
            for m in checks.run_checks()
            if m.level >= checks.WARNING and not m.is_silenced()
        ]
    for note in notes:
        print(f"note: {note}")
    what = "deployment check" if args.deploy else "check"
    if not problems:
        print(f"truce {what}: no problems found")
        return 0
    print(f"truce {what}: {len(problems)} problem(s)")
    for problem in problems:
        print(f"  - {problem}")
    return 1
