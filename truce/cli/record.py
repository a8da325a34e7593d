"""``truce record``: keys, offline verification and proofs of the tamper-evident record.

    truce record keygen --origin ORIGIN --out FILE
    truce record verify DIR [--agreement FILE] [--key VKEY] [--witness VKEY ...] [--quorum N]
                            [--trusted CHECKPOINT_FILE]
    truce record verify-proof FILE [--key VKEY] [--agreement FILE] [--witness VKEY ...] [--quorum N]
                              [--entry FILE]
    truce record export --out DIR [--public | --party CODE --agreement ID]
    truce record prove --index N [--out FILE]
    truce record checkpoint
    truce record rotate-key [--discard-old] [--no-witnesses]
    truce record check
    truce record replay [--format text|json]

Each subcommand is one ``_cmd_<name>`` function registered in ``SUBCOMMANDS``; the commands that need
the database (export, prove, replay) are added there the same way and call ``setup_django`` themselves.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from truce.cli.base import CommandError, setup_django


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


def _add_pins(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--agreement",
        type=Path,
        metavar="FILE",
        help="the signed agreement: its [[witness]] keys, witness_quorum and record_key are trusted",
    )
    p.add_argument(
        "--witness",
        action="append",
        metavar="VKEY",
        help="a trusted witness key (type 0x04 or 0x01 encoding); repeat for each; needs --quorum",
    )
    p.add_argument("--quorum", type=int, help="witness cosignatures required (default: the agreement's)")


def _pins(args: argparse.Namespace) -> tuple[str | None, list[str] | None, int | None]:
    """The log key, witness keys and quorum to trust, from --agreement and the flags (None: not pinned).

    --witness keys are added to the agreement's; --quorum overrides its witness_quorum; --key must
    agree with its record_key when both are given.
    """
    from truce.core.agreement.load import AgreementError, load_agreement

    # verify takes one --key; verify-proof repeats it (witness keys may follow the log's).
    given = args.key if isinstance(args.key, list) else [args.key] if args.key else []
    log_key: str | None = given[0] if given else None
    witnesses: list[str] | None = None
    quorum: int | None = args.quorum
    if args.agreement is not None:
        try:
            agreement = load_agreement(args.agreement)
        except AgreementError as exc:
            raise CommandError(f"--agreement {args.agreement} does not load: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"cannot read --agreement {args.agreement}: {exc}") from exc
        witnesses = [w.key for w in agreement.witnesses]
        if quorum is None:
            quorum = agreement.witness_quorum
        if agreement.record_key is not None:
            if given and agreement.record_key not in given:
                raise CommandError(
                    f"--key is not the record_key of {args.agreement}: check which log key you trust"
                )
            log_key = agreement.record_key
    if args.witness:
        witnesses = [*(witnesses or []), *args.witness]
        if quorum is None:
            raise CommandError(
                "--witness needs --quorum N (how many of the listed witnesses must cosign), "
                "or --agreement FILE that states it"
            )
    if quorum is not None and quorum < 0:
        raise CommandError("--quorum must be 0 or more")
    return log_key, witnesses, quorum


def _configure_verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", type=Path, metavar="DIR", help="bundle written by `truce record export`")
    p.add_argument(
        "--trusted", type=Path, metavar="CHECKPOINT_FILE", help="a signed checkpoint you kept earlier"
    )
    p.add_argument("--key", metavar="VKEY", help="the log key you trust (else keys.json's: not pinned)")
    _add_pins(p)


def _cmd_verify(args: argparse.Namespace) -> int:
    from truce.core.record.bundle import verify_bundle

    if not args.directory.is_dir():
        raise CommandError(f"{args.directory} is not a directory")
    log_key, witnesses, quorum = _pins(args)
    trusted = None
    if args.trusted is not None:
        try:
            trusted = args.trusted.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read --trusted {args.trusted}: {exc}") from exc
    report = verify_bundle(args.directory, trusted, log_vkey=log_key, witness_vkeys=witnesses, quorum=quorum)
    if not report.ok:
        raise CommandError(f"FAILED at {report.where}: {report.error}")
    latest = report.latest
    assert latest is not None
    print(f"OK: {report.entries} entries, {len(report.checkpoints)} checkpoints, origin {latest.origin}")
    print(f"latest checkpoint: size {latest.size}, cosigned by {', '.join(report.cosigners) or 'no witness'}")
    for (index, size), key in zip(report.rotations, report.log_keys[1:], strict=True):
        print(f"log key rotated by entry {index}, handed over at checkpoint {size}, to {key}")
    if not report.public:
        print(f"openings checked: {report.openings}")
    if trusted is not None:
        print("consistent with the trusted checkpoint")
    unpinned = [
        what
        for what, pinned in (
            ("the log key (--key, or the agreement's record_key)", report.pinned_log_key),
            ("the witness keys (--agreement or --witness)", report.pinned_witnesses),
            ("the quorum (--agreement or --quorum)", report.pinned_quorum),
        )
        if not pinned
    ]
    if unpinned:
        # The bundle's author writes keys.json: trusting it proves only that the bundle agrees with itself.
        print(
            "WARNING: only internal consistency was checked: "
            f"{', '.join(unpinned)} came from the bundle's own keys.json, which its author controls. "
            "Pin them to check the record against the keys you trust."
        )
    return 0


def _configure_verify_proof(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="a c2sp.org/tlog-proof@v1 file")
    p.add_argument(
        "--key",
        action="append",
        metavar="VKEY",
        help="trusted log key (default: the agreement's record_key); repeat for witness keys",
    )
    _add_pins(p)
    p.add_argument("--entry", type=Path, help="the entry's canonical JSON, if the proof does not carry it")


def _cmd_verify_proof(args: argparse.Namespace) -> int:
    from truce.core.record.note import NoteError
    from truce.core.record.tlog_proof import ProofFileError, verify_proof_file

    try:
        text = args.file.read_text(encoding="utf-8")
        leaf = args.entry.read_bytes().rstrip(b"\n") if args.entry else None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read the proof: {exc}") from exc
    log_key, witnesses, quorum = _pins(args)
    trusted = args.key or ([log_key] if log_key else [])
    if not trusted:
        raise CommandError("give the log key to trust: --key VKEY, or --agreement FILE with a record_key")
    try:
        result = verify_proof_file(
            text, trusted, leaf_input=leaf, quorum=quorum or 0, witness_vkeys=witnesses or []
        )
    except (ProofFileError, NoteError) as exc:
        raise CommandError(f"FAILED: {exc}") from exc
    cp = result.checkpoint
    print(f"OK: entry {result.index} is in {cp.origin} at size {cp.size}")
    print(f"signed by {', '.join(result.signers)}")
    if result.entry is not None:
        print(f"entry: {result.entry.type} {result.entry.subject} at {result.entry.time}")
    if witnesses is None:
        print("WARNING: no witness keys pinned (--agreement or --witness): no cosignature was required")
    return 0


def _configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="empty or new directory to write")
    p.add_argument("--public", action="store_true", help="no openings: no confidential value leaves")
    p.add_argument("--party", metavar="CODE", help="only the openings this party's liaison may see")
    p.add_argument("--agreement", metavar="ID", help="the agreement whose witnesses and quorum apply")


def _cmd_export(args: argparse.Namespace) -> int:
    setup_django()
    from truce.core.record.bundle import BundleError
    from truce.record.checkpoints import RecordKeyError
    from truce.record.export import export_bundle

    if args.party and not args.agreement:
        raise CommandError("--party needs --agreement ID (a party code is only meaningful in an agreement)")
    if args.party and args.public:
        raise CommandError("--party and --public exclude each other: a public bundle holds no opening")
    try:
        result = export_bundle(args.out, public=args.public, party=args.party, agreement=args.agreement)
    except (BundleError, RecordKeyError, ValueError, OSError) as exc:
        raise CommandError(f"export failed: {exc}") from exc
    kind = "public" if args.public else (f"party {args.party}" if args.party else "full")
    print(f"wrote a {kind} bundle to {args.out}: {result.entries} entries, {result.checkpoints} checkpoints")
    if result.openings is not None:
        print(f"openings: {result.openings}")
    cosigners = ", ".join(result.cosigners) or "no witness"
    print(f"latest checkpoint cosigned by {cosigners} (quorum {result.quorum})")
    if len(result.cosigners) < result.quorum:
        print("warning: the quorum is not met yet; `truce record verify` will refuse this bundle")
    return 0


def _configure_prove(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", type=int, required=True, help="the entry to prove")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")


def _cmd_prove(args: argparse.Namespace) -> int:
    setup_django()
    from truce.core.record.tlog_proof import prove
    from truce.record.checkpoints import RecordKeyError, RecordStateError
    from truce.record.export import ensure_covering_checkpoint
    from truce.record.models import Entry
    from truce.record.tree import reading_tree

    leaf = Entry.objects.filter(index=args.index).values_list("leaf", flat=True).first()
    if leaf is None:
        raise CommandError(f"the record has no entry {args.index}; see `truce record check` for its size")
    try:
        checkpoint = ensure_covering_checkpoint()
    except (RecordKeyError, RecordStateError, ValueError) as exc:
        raise CommandError(f"cannot sign a checkpoint to prove against: {exc}") from exc
    with reading_tree() as tree:
        text = prove(tree, args.index, checkpoint.note.encode(), leaf.encode("utf-8"))
    if args.out is None:
        print(text, end="")
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: entry {args.index} under checkpoint {checkpoint.size}")
    return 0


def _configure_checkpoint(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-witnesses", action="store_true", help="sign only; do not contact the witnesses")


def _cmd_checkpoint(args: argparse.Namespace) -> int:
    setup_django()
    from truce.record.checkpoints import (
        RecordKeyError,
        RecordStateError,
        latest_checkpoint,
        sign_checkpoint_now,
    )
    from truce.record.witnesses import collect_cosignatures

    try:
        signed = sign_checkpoint_now(force=True)
    except (RecordKeyError, RecordStateError) as exc:
        raise CommandError(str(exc)) from exc
    latest = signed or latest_checkpoint()
    if latest is None:
        raise CommandError("the record is empty: there is nothing to sign")
    print(f"{'signed' if signed else 'already signed'} checkpoint of size {latest.size}")
    if not args.no_witnesses:
        for line in collect_cosignatures(latest):
            print(line)
    latest.refresh_from_db()
    print(latest.note, end="")
    return 0


def _configure_rotate_key(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--discard-old",
        action="store_true",
        help="delete the old key file instead of keeping it as keys/log.key.<time>.retired",
    )
    p.add_argument(
        "--no-witnesses", action="store_true", help="do not send the handover to the witnesses now"
    )


def _cmd_rotate_key(args: argparse.Namespace) -> int:
    setup_django()
    from truce.record.checkpoints import RecordKeyError, RecordStateError, rotate_log_key
    from truce.record.witnesses import collect_cosignatures

    try:
        done = rotate_log_key(keep_old=not args.discard_old)
    except (RecordKeyError, RecordStateError) as exc:
        raise CommandError(str(exc)) from exc
    print(f"rotated the record's key at entry {done.entry}")
    print(f"  old key: {done.old_vkey}")
    print(f"  new key: {done.new_vkey}")
    print(f"handover checkpoint of size {done.handover.size}, signed by both keys")
    if done.retired_file is not None:
        print(f"the old key file is kept as {done.retired_file} (it signs nothing any more)")
    if not args.no_witnesses:
        for line in collect_cosignatures(done.handover):
            print(line)
    return 0


def _configure_check(p: argparse.ArgumentParser) -> None:
    pass


def _cmd_check(args: argparse.Namespace) -> int:
    setup_django()
    from truce.record.check import check_record

    problems, lines = check_record()
    for line in lines:
        print(line)
    if problems:
        raise CommandError("FAILED: " + "; ".join(problems))
    return 0


def _configure_replay(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text")


def _cmd_replay(args: argparse.Namespace) -> int:
    """Exit 0 when the live database is what the record implies; 1 with every difference otherwise."""
    setup_django()
    import json

    from truce.record.replay import GAPS, replay

    result = replay()
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        return 0 if result.ok else 1
    print(f"entries read: {result.entries} in {result.seconds:.2f} s")
    print("rebuilt: " + ", ".join(f"{n} {kind}" for kind, n in result.rebuilt.items()))
    for problem in result.unreadable:
        print(f"UNREADABLE: {problem}")
    for difference in result.differences:
        print(f"DIFFERENCE: {difference.line()}")
    for note in result.unverifiable:
        print(f"unverifiable: {note}")
    print("not reconstructible from the record (not compared; docs/record.md §13):")
    for fields, why in GAPS.items():
        print(f"  {fields}: {why}")
    print(
        f"differences: {len(result.differences)}, unreadable entries: {len(result.unreadable)}, "
        f"unverifiable: {len(result.unverifiable)}"
    )
    return 0 if result.ok else 1


# name -> (configure, run, help).
SUBCOMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]
] = {
    "keygen": (_configure_keygen, _cmd_keygen, "generate the log's Ed25519 checkpoint signing key"),
    "verify": (_configure_verify, _cmd_verify, "verify an exported bundle offline"),
    "verify-proof": (_configure_verify_proof, _cmd_verify_proof, "verify a tlog-proof file offline"),
    "export": (_configure_export, _cmd_export, "write a bundle of the record for offline verification"),
    "prove": (_configure_prove, _cmd_prove, "write a C2SP tlog-proof of one entry"),
    "checkpoint": (_configure_checkpoint, _cmd_checkpoint, "sign a checkpoint now and ask the witnesses"),
    "rotate-key": (
        _configure_rotate_key,
        _cmd_rotate_key,
        "move the record to a new signing key: a record entry and a handover checkpoint signed by both keys",
    ),
    "check": (
        _configure_check,
        _cmd_check,
        "check the chain, the tree and the checkpoints; list missing and orphan evidence files",
    ),
    "replay": (
        _configure_replay,
        _cmd_replay,
        "rebuild cases, rulings, penalties and ledgers from the record and compare with the live rows",
    ),
}


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="record_command", metavar="SUBCOMMAND", required=True)
    for name, (configure_sub, _, help_text) in SUBCOMMANDS.items():
        configure_sub(sub.add_parser(name, help=help_text, description=help_text))


def run(args: argparse.Namespace) -> int:
    return SUBCOMMANDS[args.record_command][1](args)
