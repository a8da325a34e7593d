"""``truce record``: keys, offline verification and proofs of the tamper-evident record.

    truce record keygen --origin ORIGIN --out FILE
    truce record verify DIR [--trusted CHECKPOINT_FILE] [--key VKEY] [--quorum N]
    truce record verify-proof FILE --key VKEY [--witness VKEY ...] [--quorum N] [--entry FILE]

Each subcommand is one ``_cmd_<name>`` function registered in ``SUBCOMMANDS``; the commands that need
the database (export, prove, replay) are added there the same way and call ``setup_django`` themselves.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from truce.cli.base import CommandError


def _configure_keygen(p: argparse.ArgumentParser) -> None:
    p.add_argument("--origin", required=True, help="checkpoint origin and key name, e.g. truce/pak-afg-2025")
    p.add_argument("--out", type=Path, required=True, help="file to create for the signing key (mode 0600)")


def _cmd_keygen(args: argparse.Namespace) -> int:
    from truce.core.record.note import NoteError, generate_key

    try:
        skey, vkey = generate_key(args.origin)
    except NoteError as exc:
        raise CommandError(f"--origin: {exc}") from exc
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise CommandError(f"{args.out} exists; refusing to overwrite a signing key") from exc
    except OSError as exc:
        raise CommandError(f"cannot create {args.out}: {exc}") from exc
    with os.fdopen(fd, "w") as f:
        f.write(skey + "\n")
    print(vkey)
    return 0


def _configure_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", type=Path, metavar="DIR", help="bundle written by `truce record export`")
    p.add_argument(
        "--trusted", type=Path, metavar="CHECKPOINT_FILE", help="a signed checkpoint you kept earlier"
    )
    p.add_argument("--key", metavar="VKEY", help="the log key you trust (default: the one in keys.json)")
    p.add_argument("--quorum", type=int, help="witness cosignatures required (default: keys.json's quorum)")


def _cmd_verify(args: argparse.Namespace) -> int:
    from truce.core.record.bundle import verify_bundle

    if not args.directory.is_dir():
        raise CommandError(f"{args.directory} is not a directory")
    trusted = None
    if args.trusted is not None:
        try:
            trusted = args.trusted.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read --trusted {args.trusted}: {exc}") from exc
    report = verify_bundle(args.directory, trusted, log_vkey=args.key, quorum=args.quorum)
    if not report.ok:
        raise CommandError(f"FAILED at {report.where}: {report.error}")
    latest = report.latest
    assert latest is not None
    print(f"OK: {report.entries} entries, {len(report.checkpoints)} checkpoints, origin {latest.origin}")
    print(f"latest checkpoint: size {latest.size}, cosigned by {', '.join(report.cosigners) or 'no witness'}")
    if not report.public:
        print(f"openings checked: {report.openings}")
    if trusted is not None:
        print("consistent with the trusted checkpoint")
    return 0


def _configure_verify_proof(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="a c2sp.org/tlog-proof@v1 file")
    p.add_argument(
        "--key",
        action="append",
        required=True,
        metavar="VKEY",
        help="trusted log key; repeat for witness keys",
    )
    p.add_argument(
        "--witness",
        action="append",
        default=[],
        metavar="VKEY",
        help="a trusted witness key (type 0x04 or 0x01 encoding); repeat for each",
    )
    p.add_argument("--quorum", type=int, default=0, help="witness cosignatures required (default 0)")
    p.add_argument("--entry", type=Path, help="the entry's canonical JSON, if the proof does not carry it")


def _cmd_verify_proof(args: argparse.Namespace) -> int:
    from truce.core.record.note import NoteError
    from truce.core.record.tlog_proof import ProofFileError, verify_proof_file

    try:
        text = args.file.read_text(encoding="utf-8")
        leaf = args.entry.read_bytes().rstrip(b"\n") if args.entry else None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read the proof: {exc}") from exc
    try:
        result = verify_proof_file(
            text, args.key, leaf_input=leaf, quorum=args.quorum, witness_vkeys=args.witness
        )
    except (ProofFileError, NoteError) as exc:
        raise CommandError(f"FAILED: {exc}") from exc
    cp = result.checkpoint
    print(f"OK: entry {result.index} is in {cp.origin} at size {cp.size}")
    print(f"signed by {', '.join(result.signers)}")
    if result.entry is not None:
        print(f"entry: {result.entry.type} {result.entry.subject} at {result.entry.time}")
    return 0


# name -> (configure, run, help). Add export/prove/replay here.
SUBCOMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]
] = {
    "keygen": (_configure_keygen, _cmd_keygen, "generate the log's Ed25519 checkpoint signing key"),
    "verify": (_configure_verify, _cmd_verify, "verify an exported bundle offline"),
    "verify-proof": (_configure_verify_proof, _cmd_verify_proof, "verify a tlog-proof file offline"),
}


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="record_command", metavar="SUBCOMMAND", required=True)
    for name, (configure_sub, _, help_text) in SUBCOMMANDS.items():
        configure_sub(sub.add_parser(name, help=help_text, description=help_text))


def run(args: argparse.Namespace) -> int:
    return SUBCOMMANDS[args.record_command][1](args)
