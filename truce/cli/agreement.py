"""``truce agreement check FILE...`` and ``truce agreement show FILE``: offline, no database.

Subcommands are registered in ``configure`` through ``_SUBCOMMANDS``; commands that need the database
(``list``) add themselves there and import Django inside their own handler.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from truce.cli.base import CommandError


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="agreement_command", metavar="SUBCOMMAND")
    sub.required = True
    check = sub.add_parser(
        "check",
        help="validate agreement files and print every problem with its line",
        description="Validate agreement files. Problems go to stderr as FILE:LINE: message; "
        "exit status 0 only when every file is valid.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="agreement .toml file")
    check.set_defaults(agreement_handler=run_check)
    show = sub.add_parser(
        "show", help="print a readable summary of an agreement", description="Summarise an agreement."
    )
    show.add_argument("file", metavar="FILE", help="agreement .toml file")
    show.set_defaults(agreement_handler=run_show)
    listing = sub.add_parser("list", help="list the agreements loaded in this instance (TRUCE_HOME)")
    listing.set_defaults(agreement_handler=run_list)


def run(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = args.agreement_handler
    return handler(args)


def run_check(args: argparse.Namespace) -> int:
    from truce.core.agreement.load import read_agreement

    failed = 0
    for file in args.files:
        agreement, problems = read_agreement(file)
        if agreement is None:
            failed += 1
            for problem in problems:
                print(problem, file=sys.stderr)
            continue
        print(
            f"{file}: ok (agreement {agreement.id}, {_count(len(agreement.parties), 'party', 'parties')}, "
            f"{_count(len(agreement.commitments), 'commitment', 'commitments')})"
        )
    if failed and len(args.files) > 1:
        print(f"{failed} of {len(args.files)} files have problems", file=sys.stderr)
    return 1 if failed else 0


def run_show(args: argparse.Namespace) -> int:
    from truce.core.agreement.load import read_agreement
    from truce.core.agreement.summary import summarise

    agreement, problems = read_agreement(args.file)
    if agreement is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise CommandError(
            f"{args.file} is not a valid agreement; fix the problems above (see `truce agreement check`)"
        )
    print(summarise(agreement))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from truce.cli.base import setup_django

    setup_django()
    from truce.agreements.models import Agreement

    rows = list(Agreement.objects.order_by("id"))
    if not rows:
        print("no agreements loaded; run `truce init --agreement FILE`", file=sys.stderr)
    for row in rows:
        print(f"{row.id}\t{row.loaded_at:%Y-%m-%d}\t{row.digest[:12]}\t{row.title}")
    return 0


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"
