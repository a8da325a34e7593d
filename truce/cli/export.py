"""``truce export KIND --format csv|json|geojson|acled [--public | --party CODE] --out FILE``: incidents,
cases, rulings or penalties as one scope may see them (default: the mediators'), streamed to a file.

The export's stamp (scope, agreement, the record's size and root when it was taken, the latest signed
checkpoint) is printed, written into JSON and GeoJSON exports, and beside every export as FILE.stamp.json.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from truce.cli.base import CommandError, setup_django
from truce.cli.ingest import _agreement_id

KINDS = ("incidents", "cases", "rulings", "penalties")
FORMATS = ("csv", "json", "geojson", "acled")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  truce export incidents --format acled --public --out incidents.acled.csv\n"
        "  truce export cases --format geojson --party PK --out pk-cases.geojson\n"
        "  truce export penalties --format csv --out penalties.csv   # the mediators' scope\n"
        "Formats, the ACLED mapping and the scopes: docs/exports.md."
    )
    parser.add_argument("kind", choices=KINDS, help="what to export")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="csv", help="default: csv")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--public", action="store_true", help="only what the public may see")
    scope.add_argument("--party", metavar="CODE", help="what that party's liaison officers may see")
    parser.add_argument("--agreement", metavar="ID", help="default: the only agreement loaded")
    parser.add_argument("--out", metavar="FILE", required=True, help="the file to write ('-' for stdout)")


def run(args: argparse.Namespace) -> int:
    setup_django()
    import sys

    from truce.errors import ActionError
    from truce.exports.scope import standin_scope
    from truce.exports.stream import export

    agreement_id = _agreement_id(args.agreement)
    from truce.agreements.models import Agreement

    if not Agreement.objects.filter(pk=agreement_id).exists():
        raise CommandError(f"no agreement {agreement_id!r} is loaded")
    try:
        scope = standin_scope(agreement_id, public=args.public, party=args.party)
        result = export(args.kind, args.fmt, scope)
        if args.out == "-":
            for piece in result.pieces:
                sys.stdout.write(piece)
            stamp_text = json.dumps(result.meta, indent=2)
            print(stamp_text, file=sys.stderr)
            return 0
        out = Path(args.out)
        partial = out.with_name(out.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                for piece in result.pieces:
                    handle.write(piece)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        os.replace(partial, out)
    except ActionError as exc:
        raise CommandError(exc.message) from None
    stamp_path = out.with_name(out.name + ".stamp.json")
    stamp_path.write_text(json.dumps(result.meta, indent=2) + "\n", encoding="utf-8")
    meta = result.meta
    print(
        f"wrote {out} ({args.kind}, {args.fmt}, scope {meta['scope']}) at record size {meta['record_size']}, "
        f"root {meta['record_root']}; stamp in {stamp_path}"
    )
    return 0
