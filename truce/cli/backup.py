"""``truce backup --out FILE [--encrypt-to RECIPIENT]``: a consistent snapshot of the running instance
(database, evidence, keys) in one archive with a manifest of SHA-256 hashes (truce.backup).
``truce backup --new-key FILE`` writes a key pair for ``--encrypt-to`` and prints its recipient."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, metavar="FILE", help="the archive to create (never overwritten)")
    parser.add_argument(
        "--encrypt-to",
        metavar="RECIPIENT",
        help="encrypt the archive to this age public key (age1…); keep its secret key away from the backups",
    )
    parser.add_argument(
        "--new-key",
        type=Path,
        metavar="KEYFILE",
        help="write a new age secret key to KEYFILE (0600) and print its public key, for --encrypt-to",
    )


def _external_evidence() -> object | None:
    """The object store holding the evidence when it is not the local folder (TRUCE_EVIDENCE_STORE=s3)."""
    from django.conf import settings

    from truce.reports.evidence_store import EvidenceStoreError, store

    if settings.TRUCE_EVIDENCE_STORE != "s3":
        return None
    try:
        return store()
    except EvidenceStoreError as exc:
        raise CommandError(str(exc)) from exc


def run(args: argparse.Namespace) -> int:
    from truce.backup import BackupError, create_backup, new_key

    if args.new_key is not None:
        if args.out is not None:
            raise CommandError("--new-key only writes a key; run the backup itself without it")
        try:
            recipient = new_key(args.new_key)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        print(f"wrote the secret key to {args.new_key}; back up to it with --encrypt-to {recipient}")
        return 0
    if args.out is None:
        raise CommandError("give the archive to create: --out FILE")
    setup_django()
    from django.conf import settings
    from django.db import connections

    started = time.monotonic()
    try:
        result = create_backup(
            args.out,
            home=Path(settings.TRUCE_HOME),
            database=connections["default"].settings_dict,
            recipient=args.encrypt_to,
            external_evidence=_external_evidence(),
        )
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    manifest = result.manifest
    record = manifest["record"]
    latest = record["latest_checkpoint"]
    members = manifest["members"]
    evidence = sum(1 for m in members if m["path"].startswith("home/evidence/"))
    print(
        f"wrote {result.out}: {len(members)} files ({sum(m['size'] for m in members):,} bytes; "
        f"{evidence} evidence files), archive {result.archive_bytes:,} bytes"
        f"{', encrypted' if result.encrypted else ''}, in {time.monotonic() - started:.1f} s"
    )
    print(
        f"{manifest['database']} database; record: {record['size']} entries, latest checkpoint "
        + (f"size {latest['size']} root {latest['root']}" if latest else "none yet")
    )
    outside = manifest.get("evidence_not_included")
    if outside:
        print(
            f"evidence NOT in the archive: its {outside['files']} files are in {outside['store']} "
            "(TRUCE_EVIDENCE_STORE=s3), each checked present; back up the bucket itself "
            '(versioning and replication, or a copy: docs/operations.md, "Evidence on S3")'
        )
    if not result.encrypted:
        print("the archive holds the instance's secret keys and evidence: store it as securely as the server")
    return 0
