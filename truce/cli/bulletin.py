"""``truce bulletin --period day|week|spot [--case ID] [--public | --party CODE] --lang LANG --format pdf|html
--out FILE [--as-of DATE] [--publish]``: a bulletin of what one edition's reader may see (default: the
mediators' confidential edition), written to a file.

``--publish`` also publishes it (truce.bulletins.actions.do_publish_bulletin): a checkpoint of the record
is signed, the file is stored under TRUCE_HOME/bulletins and its SHA-256 appended to the record as
``BulletinPublished``. That is the form for cron (docs/operations.md); without it nothing is written but
the file.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from truce.cli.base import CommandError, parse_day, setup_django
from truce.cli.ingest import _agreement_id


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  truce bulletin --period week --public --lang ur --format pdf --out week-ur.pdf\n"
        "  truce bulletin --period day --party PK --lang en --format html --out pk-day.html\n"
        "  truce bulletin --period spot --case 12 --lang en --format pdf --out case-12.pdf\n"
        "  truce bulletin --period week --public --lang en --format pdf --out - --publish   # from cron\n"
        "Editions, contents and the verification footer: docs/bulletins.md."
    )
    parser.add_argument("--period", choices=("day", "week", "spot"), required=True)
    parser.add_argument("--case", type=int, metavar="ID", help="the case of a spot bulletin")
    edition = parser.add_mutually_exclusive_group()
    edition.add_argument("--public", action="store_true", help="the public edition")
    edition.add_argument("--party", metavar="CODE", help="that party's edition")
    parser.add_argument("--lang", required=True, metavar="LANG", help="one of the agreement's languages")
    parser.add_argument("--format", dest="fmt", choices=("pdf", "html"), required=True)
    parser.add_argument("--out", metavar="FILE", required=True, help="the file to write ('-': none)")
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the period's last day, YYYY-MM-DD (default: today, agreement's clock)",
    )
    parser.add_argument("--agreement", metavar="ID", help="default: the only agreement loaded")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="also publish it: store it and append its SHA-256 to the record",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce.bulletins.actions import Request, do_publish_bulletin, produce, stored_path
    from truce.errors import ActionError

    request = Request(
        agreement=_agreement_id(args.agreement),
        period=args.period,
        edition="public" if args.public else "party" if args.party else "confidential",
        party=args.party or "",
        language=args.lang,
        fmt=args.fmt,
        case=args.case,
        as_of=parse_day(args.as_of, "--as-of"),
    )
    started = time.perf_counter()
    try:
        if args.publish:
            bulletin = do_publish_bulletin(request, acting_user=None)
            data = stored_path(bulletin.sha256, bulletin.fmt).read_bytes()
            sha256, what = (
                bulletin.sha256,
                f"published {bulletin.reference} (record index {bulletin.record_index})",
            )
        else:
            _, rendered = produce(request)
            data, sha256, what = rendered.data, rendered.sha256, "produced"
    except ActionError as exc:
        raise CommandError(exc.message) from None
    seconds = time.perf_counter() - started
    if args.out != "-":
        out = Path(args.out)
        partial = out.with_name(out.name + ".partial")
        try:
            partial.write_bytes(data)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        os.replace(partial, out)
        what += f", wrote {out}"
    print(f"{what}: {len(data):,} bytes, sha256 {sha256}, in {seconds:.2f} s")
    return 0
