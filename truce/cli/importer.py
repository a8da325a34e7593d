"""``truce import acled FILE [--dry-run] [--agreement ID]``: an ACLED-format CSV file in as leads.

Every row is checked first (required columns, dates, coordinates, codes); rejected rows are listed with
their line and reason and then nothing is imported. Rows whose ``event_id_cnty`` was imported before are
skipped, so importing a file again changes nothing. docs/exports.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from truce.cli.base import CommandError, setup_django
from truce.cli.ingest import _agreement_id

MAX_BYTES = 200 * 1024 * 1024


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  truce import acled 2025-pakistan-afghanistan.csv --dry-run\n"
        "  truce import acled 2025-pakistan-afghanistan.csv --agreement pak-afg-2025\n"
        "Each row becomes an open lead at /leads/ with provenance 'ACLED import'."
    )
    parser.add_argument("source", choices=("acled",), help="the dataset's format")
    parser.add_argument("file", metavar="FILE", help="the CSV file (UTF-8, a header line first)")
    parser.add_argument("--agreement", metavar="ID", help="default: the only agreement loaded")
    parser.add_argument("--dry-run", action="store_true", help="check and report; write nothing")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path} is over {MAX_BYTES:,} bytes; split it")
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    setup_django()
    from truce.errors import ActionError
    from truce.sources.imports import do_import_acled

    agreement_id = _agreement_id(args.agreement)
    try:
        report = do_import_acled(agreement_id, data, name=path.name, dry_run=args.dry_run, acting_user=None)
    except ActionError as exc:
        rejected = getattr(exc, "report", None)
        if rejected is None:
            raise CommandError(exc.message) from None
        for r in rejected.rejected:
            print(f"{path}:{r.line}: {r.event_id or '-'}: {r.reason}", file=sys.stderr)
        raise CommandError(f"{len(rejected.rejected)} row(s) rejected; nothing was imported") from None
    for line, event_id in report.skipped:
        print(f"{path}:{line}: {event_id}: skipped, already imported")
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb} {len(report.accepted)} row(s) as leads, skipped {len(report.skipped)} imported before")
    return 0
