"""``truce demo``: what ``make run`` does once installed — set up the demo instance and serve it, with
``truce worker`` beside the server (the demo's notices go out by e-mail, to the console, through its task
queue)."""

from __future__ import annotations

import argparse
import subprocess
import sys

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; make run PORT=…)")
    parser.add_argument("--no-serve", action="store_true", help="set up the demo data and stop")


def run(args: argparse.Namespace) -> int:
    setup_django()
    from truce import demo, instance
    from truce.cli.serve import check_port_free, serve
    from truce.errors import ActionError

    if not args.no_serve:
        if not 0 < args.port < 65536:
            raise CommandError(f"--port {args.port} is not a TCP port")
        # Before the demo is set up, so a busy port is reported at once rather than after the data loads.
        check_port_free(args.host, args.port)
    try:
        logins = demo.set_up()
    except ActionError as exc:
        raise CommandError(exc.message) from exc
    print(f"Truce demo in {instance.home()} — agreement {demo.AGREEMENT_ID}")
    print("Demo logins (also in demo-logins.txt in that folder):")
    factors = demo.second_factors()
    for name, role, password in logins:
        print(f"  {name:<13} {role:<9} {password}")
        if name in factors:
            secret, codes = factors[name]
            print(f"  {'':<13} {'':<9} second factor: a recovery code, each good once: {' '.join(codes)}")
            print(f"  {'':<13} {'':<9} (or add the secret {secret} to an authenticator app)")
    if args.no_serve:
        return 0
    print(f"Open http://{args.host}:{args.port}/ and log in. Ctrl-C stops the server.", flush=True)
    # The worker inherits the environment, so it works on the same TRUCE_HOME and database.
    worker = subprocess.Popen([sys.executable, "-m", "truce", "worker"])
    try:
        serve(args.host, args.port)
    finally:
        worker.terminate()  # SIGTERM: it lets a running task finish (truce.cli.worker)
        try:
            worker.wait(timeout=40)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0
