"""``truce witness``: run a C2SP tlog-witness that cosigns only checkpoints consistent with what it saw.

truce witness init --name NAME --log-key VKEY --origin ORIGIN [--state DIR]
truce witness serve [--host 127.0.0.1] [--port 7380] --state DIR
truce witness show --state DIR
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from truce.cli.base import CommandError


def _default_state() -> Path:
    return Path(os.environ.get("TRUCE_HOME", "truce-data")) / "witness"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="witness_command", metavar="SUBCOMMAND", required=True)

    init = sub.add_parser("init", help="create a witness key and state directory for one log")
    init.add_argument("--name", required=True, help="witness key name, e.g. witness.pk.example/truce")
    init.add_argument("--log-key", required=True, help="the log's verifier key (name+hash+base64)")
    init.add_argument("--origin", required=True, help="the log's checkpoint origin, e.g. truce/pak-afg-2025")
    init.add_argument(
        "--state", type=Path, default=None, help="state directory (default $TRUCE_HOME/witness)"
    )

    serve = sub.add_parser(
        "serve", help="answer POST /add-checkpoint and GET /<sha256(origin)>/checkpoint (C2SP tlog-witness)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7380)
    serve.add_argument(
        "--state", type=Path, required=True, help="state directory made by `truce witness init`"
    )

    show = sub.add_parser("show", help="print the witness key and the latest cosigned checkpoint per log")
    show.add_argument("--state", type=Path, required=True)


def run(args: argparse.Namespace) -> int:
    from truce.core.record.note import NoteError
    from truce.core.record.witness import Witness, init_witness

    if args.witness_command == "init":
        state = args.state or _default_state()
        try:
            vkey = init_witness(state, args.name, [(args.origin, args.log_key)])
        except (FileExistsError, NoteError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        print(vkey)
        return 0

    state = args.state
    if not (state / "config.json").exists():
        raise CommandError(f"{state} holds no witness; run `truce witness init --state {state}` first")
    try:
        witness = Witness(state)
    except (OSError, ValueError) as exc:
        raise CommandError(f"cannot load the witness in {state}: {exc}") from exc

    if args.witness_command == "show":
        print(witness.vkey)
        for origin in sorted(witness.logs):
            latest = witness.latest(origin)
            print(f"{origin}\t{latest.size if latest else 'nothing cosigned yet'}")
            current, retired = witness.log_keys(origin)
            if retired:  # the log rotated its key (docs/record.md §5.1): which one it trusts now
                for vkey in current:
                    print(f"  log key: {vkey}")
                for vkey in retired:
                    print(f"  retired: {vkey}")
        return 0

    return _serve(witness, state, args.host, args.port)


def _serve(witness: object, state: Path, host: str, port: int) -> int:
    import fcntl

    from truce.core.record.witness_server import make_server

    # Two servers over one state directory would each hold their own per-origin locks and could
    # cosign diverging checkpoints; the exclusive file lock makes the second one refuse to start.
    lock = open(state / "serve.lock", "w")  # noqa: SIM115 - held for the life of the server
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise CommandError(f"another `truce witness serve` is already using {state}") from exc
    try:
        server = make_server(witness, host, port)  # type: ignore[arg-type]
    except OSError as exc:
        raise CommandError(f"cannot listen on {host}:{port}: {exc}") from exc
    print(f"witness {witness.vkey} listening on http://{host}:{server.server_address[1]}/", flush=True)  # type: ignore[attr-defined]
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        lock.close()
    return 0
