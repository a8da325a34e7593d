"""``truce restore FILE [--decrypt-with KEYFILE]``: put a backup in place as this instance (TRUCE_HOME and,
with DATABASE_URL, the PostgreSQL database must be empty), having checked all of it first; then check the
restored record and evidence (truce.backup, truce.record.check)."""

from __future__ import annotations

import argparse
from pathlib import Path

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path, metavar="FILE", help="an archive written by `truce backup`")
    parser.add_argument(
        "--decrypt-with",
        type=Path,
        metavar="KEYFILE",
        help="the age secret key file of an encrypted archive (what `truce backup --new-key` wrote)",
    )


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.db import connections

    from truce.backup import BackupError, restore_backup

    home = Path(settings.TRUCE_HOME)
    try:
        result = restore_backup(
            args.archive,
            home=home,
            database=connections["default"].settings_dict,
            identity_file=args.decrypt_with,
        )
    except BackupError as exc:
        raise CommandError(f"{exc}; nothing was changed") from exc
    except OSError as exc:  # a full disk or a folder that cannot be written, in the last steps
        raise CommandError(f"restore failed: {exc}; what was already put in place was taken back") from exc
    print(f"restored {result.members} files ({result.bytes:,} bytes) into {home}")
    outside = result.manifest.get("evidence_not_included")
    if outside:
        print(
            f"the archive holds no evidence: its {outside['files']} files were in {outside['store']}; "
            "this instance reads them from its own TRUCE_EVIDENCE_STORE (the check below says whether "
            "every one is there)"
        )

    from truce.record.check import check_record
    from truce.record.models import Head

    connections.close_all()  # the database appeared under the connection's feet
    problems, lines = check_record()
    for line in lines:
        print(line)
    record = result.manifest["record"]
    head = Head.objects.filter(id=1).first()
    size = head.size if head else 0
    if size != record["size"]:
        problems.append(
            f"the restored record has {size} entries; the backup's manifest says {record['size']}"
        )
    latest = record["latest_checkpoint"]
    print(
        f"record: {size} entries; latest checkpoint at the backup: "
        + (f"size {latest['size']} root {latest['root']}" if latest else "none")
    )
    if problems:
        raise CommandError("the files are restored but the check FAILED: " + "; ".join(problems))
    print(
        "the restored record and evidence check out; verify the record against your witnesses' "
        "checkpoints with `truce record export` and `truce record verify`"
    )
    return 0
