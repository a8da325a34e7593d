"""The ``truce`` command line.

Every subcommand lives in its own module under ``truce/cli/`` exposing ``configure(parser)`` and
``run(args) -> int``. The table below is the whole registry: modules are imported only when their
command runs, so offline commands (``extract``, ``record verify``, ``witness``) never load Django.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from truce.cli.base import CommandError
from truce.logs import run_context

# name -> (module, one-line help). Keep in step with README.md and docs/operations.md.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("truce.cli.init", "prepare TRUCE_HOME and load an agreement"),
    "serve": ("truce.cli.serve", "serve the web app and API with a production server"),
    "worker": (
        "truce.cli.worker",
        "run the background rounds and task queue (e-mail, feeds, bulletins)",
    ),
    "demo": ("truce.cli.demo", "set up the demo data and serve it (what `make run` does)"),
    "agreement": ("truce.cli.agreement", "check and list agreements"),
    "user": (
        "truce.cli.user",
        "add, list, deactivate and activate users; issue, list, revoke and rotate API tokens",
    ),
    "record": ("truce.cli.record", "verify, export, prove the tamper-evident record and rotate its key"),
    "witness": ("truce.cli.witness", "run a witness that cosigns consistent checkpoints"),
    "extract": ("truce.cli.extract", "extract candidate incidents from articles (offline)"),
    "ingest": ("truce.cli.ingest", "store articles, extract and cluster them into leads"),
    "export": (
        "truce.cli.export",
        "export incidents, cases, rulings or penalties (CSV, JSON, GeoJSON, ACLED) as a scope sees them",
    ),
    "bulletin": (
        "truce.cli.bulletin",
        "produce a daily, weekly or spot bulletin (PDF or HTML) of one edition; --publish to publish it",
    ),
    "import": ("truce.cli.importer", "import an ACLED CSV file as leads (all rows or none)"),
    "eval": ("truce.cli.eval", "score the extractor on annotated data"),
    "bench": ("truce.cli.bench", "run the benchmarks under bench/"),
    "backup": ("truce.cli.backup", "write a consistent archive of the database, evidence and keys"),
    "restore": ("truce.cli.restore", "check a backup whole, then restore it into an empty instance"),
    "status": ("truce.cli.status", "health checks and metrics: what /healthz and /metrics serve"),
    "check": ("truce.cli.check", "check the configuration; --deploy: is it safe for production?"),
}


def _available() -> dict[str, tuple[str, str]]:
    found = {}
    for name, (module, help_text) in COMMANDS.items():
        if importlib.util.find_spec(module) is not None:
            found[name] = (module, help_text)
    return found


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="truce", description="Truce: ceasefire monitoring and verification."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, object] = {}
    for name, (module_name, help_text) in _available().items():
        module = importlib.import_module(module_name)
        modules[name] = module
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(command_parser)  # type: ignore[attr-defined]
    return parser, modules


def _run_name(args: argparse.Namespace) -> str:
    """``record checkpoint`` rather than ``record``: the command and its subcommand, when it has one."""
    sub = next(
        (
            value
            for key, value in vars(args).items()
            if key != "command" and (key.endswith("command") or key == "action")
        ),
        None,
    )
    return f"{args.command} {sub}" if isinstance(sub, str) else str(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        # Every line this command logs carries its name and a run id (truce.logs); the worker gives
        # each of its rounds one of its own.
        with run_context(_run_name(args)):
            return int(modules[args.command].run(args) or 0)  # type: ignore[attr-defined]
    except CommandError as exc:
        print(f"truce {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Database trouble (wrong DATABASE_URL, server down, unreadable TRUCE_HOME) is an operator's
        # problem to fix, not a crash: say what it was, without a traceback.
        if type(exc).__module__.startswith("django.db"):
            print(
                f"truce {args.command}: database error: {exc} (check DATABASE_URL / TRUCE_HOME; "
                "has `truce init` run?)",
                file=sys.stderr,
            )
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
