"""`make run PORT=…` reaches the server, and a port already taken ends in a message that names --port
instead of a server that never answers."""

from __future__ import annotations

import socket
import subprocess

import pytest

from tests.app.story import REPO
from truce.cli import main


@pytest.fixture
def taken_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_a_taken_port_is_refused_with_a_message_naming_the_port_option(taken_port, command, capsys, db):
    assert main([command, "--port", str(taken_port)]) == 1
    err = capsys.readouterr().err
    assert f"port {taken_port} on 127.0.0.1 is already in use" in err
    assert "--port" in err and "Traceback" not in err


def test_make_run_hands_port_and_host_to_truce_demo():
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run", "PORT=8012", "HOST=0.0.0.0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "truce demo --host 0.0.0.0 --port 8012" in dry.stdout, dry.stdout + dry.stderr
