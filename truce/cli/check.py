"""``truce check [--deploy]``: Django's system checks; with ``--deploy`` also its deployment checks and
Truce's own (debug, secret key, hosts, HTTPS behind the proxy, HSTS, cookies, e-mail, TRUCE_HOME's modes,
the record key, the database). Every problem is printed with what to set; exit 0 when there is none."""

from __future__ import annotations

import argparse

from truce.cli.base import setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--deploy",
        action="store_true",
        help="check that this environment is fit for production (run it with the server's environment)",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
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
