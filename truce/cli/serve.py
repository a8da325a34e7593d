"""``truce serve``: the web app and API behind gunicorn (a production WSGI server)."""

from __future__ import annotations

import argparse
import errno
import os
import socket

from truce.cli.base import CommandError, setup_django


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("TRUCE_WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("TRUCE_THREADS", "4")))


def check_port_free(host: str, port: int) -> None:
    """Fail with a message naming --port when the address is taken: gunicorn would otherwise retry for a
    while, exit with its own log lines, and leave the user's browser saying "Can't connect"."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Without SO_REUSEADDR a port in TIME_WAIT after a restart would read as taken; gunicorn sets it too.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"port {port} on {host} is already in use (another server is running there): stop it, "
                    f"or choose another port with --port, e.g. --port {port + 12} (make run PORT={port + 12})"
                ) from exc
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}; check --host") from exc


def serve(host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    from gunicorn.app.base import BaseApplication

    from truce.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            # No gunicorn access log: its request line holds the query string. truce.logs writes one
            # line per request instead, with the request id and without the query string.
            self.cfg.set("accesslog", None)
            self.cfg.set("timeout", 120)  # evidence uploads on slow field links

        def load(self) -> object:
            return application

    Server().run()


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from truce import instance

    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port} is not a TCP port")
    check_port_free(args.host, args.port)
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and not os.path.exists(db["NAME"]):
        raise CommandError(f"no database at {db['NAME']}: run `truce init --agreement FILE` first")
    pending = instance.pending_migrations()
    if pending:
        raise CommandError(
            f"the database is not ready ({len(pending)} migration(s) pending): run `truce init` first"
        )
    for path in instance.tighten_modes():
        print(f"made private (was readable by others): {path}", flush=True)
    print(f"serving {instance.home()} on http://{args.host}:{args.port}/", flush=True)
    serve(args.host, args.port, args.workers, args.threads)
    return 0
