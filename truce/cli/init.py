"""``truce init --agreement FILE``: prepare TRUCE_HOME and load agreements (again to add another)."""

from __future__ import annotations

import argparse
from pathlib import Path

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agreement",
        action="append",
        default=[],
        metavar="FILE",
        type=Path,
        help="agreement file (TOML) to load; repeat for several; run init again later to add one",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce import instance
    from truce.agreements.actions import do_load_agreement
    from truce.errors import ActionError

    for line in instance.prepare_home():
        print(f"created {line}")
    applied = instance.migrate()
    if applied:
        print(f"database: applied {applied} migration(s)")
    for path in args.agreement:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            row, created = do_load_agreement(path, acting_user=None)
        except ActionError as exc:
            details = "\n".join(f"  {p.field}: {p.message}" for p in exc.problems)
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from exc
        print(f"agreement {row.pk}: {'loaded' if created else 'already loaded, unchanged'} ({row.title})")
    print(f"ready: {instance.home()}")
    return 0
