"""The tlog-witness HTTP interface over a :class:`~truce.core.record.witness.Witness` (stdlib only).

``POST /add-checkpoint`` takes the C2SP body and answers with cosignature lines or the spec's status
codes; ``GET /<hex SHA-256 of an origin>/checkpoint`` (the spec's monitoring API) returns the latest
checkpoint it cosigned for that origin, with its cosignature; ``GET /`` returns the witness's verifier
key and the origins it follows. Requests for one origin
are serialised by the witness's per-origin lock; different origins proceed in parallel.
"""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from truce.core.record.witness import MAX_BODY, Witness, WitnessError

__all__ = ["make_server"]

# tlog-witness monitoring API: the monitoring prefix is the server root, the origin its SHA-256 in hex.
_MONITORING = re.compile(r"/([0-9a-f]{64})/checkpoint")


class _Handler(BaseHTTPRequestHandler):
    server: _WitnessServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the spec recommends

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        monitored = _MONITORING.fullmatch(self.path)
        if monitored:
            note = self.server.witness.monitored_checkpoint(monitored.group(1))
            if note is None:
                self._send(404, b"no cosigned checkpoint for that origin hash\n")
            else:
                self._send(200, note)
            return
        if self.path != "/":
            self._send(404, b"not found: GET / or GET /<hex SHA-256 of the origin>/checkpoint\n")
            return
        witness = self.server.witness
        info = {"name": witness.name, "vkey": witness.vkey, "origins": sorted(witness.logs)}
        self._send(200, (json.dumps(info) + "\n").encode(), "application/json")

    def do_POST(self) -> None:
        if self.path != "/add-checkpoint":
            self._send(404, b"not found: POST /add-checkpoint\n")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._send(411, b"Content-Length is required\n")
            return
        if int(length) > MAX_BODY:
            self._send(413, f"request body over {MAX_BODY} bytes\n".encode())
            self.close_connection = True
            return
        body = self.rfile.read(int(length))
        try:
            answer = self.server.witness.handle(body)
        except WitnessError as exc:
            self._send(exc.status, exc.body, exc.content_type)
            return
        self._send(200, answer)

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


class _WitnessServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], witness: Witness, quiet: bool) -> None:
        self.witness = witness
        self.quiet = quiet
        super().__init__(address, _Handler)


def make_server(
    witness: Witness, host: str = "127.0.0.1", port: int = 7380, *, quiet: bool = False
) -> ThreadingHTTPServer:
    """A bound, not yet serving, HTTP server; port 0 picks a free port (see ``server.server_address``)."""
    return _WitnessServer((host, port), witness, quiet)
