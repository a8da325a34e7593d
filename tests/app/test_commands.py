"""The commands an operator runs: init (twice), user add, agreement list, serve behind a real server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.app.story import PAK_AFG, SOUTH_SUDAN
from truce.accounts.models import ApiToken, User, token_digest
from truce.cli import main
from truce.record.store import check_chain

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(settings, tmp_path):
    settings.TRUCE_HOME = tmp_path / "home"
    return settings.TRUCE_HOME


def test_init_prepares_home_and_can_add_a_second_agreement(db, home, capsys):
    assert main(["init", "--agreement", str(PAK_AFG)]) == 0
    out = capsys.readouterr().out
    assert "agreement pak-afg-2025: loaded" in out
    assert (home / "keys" / "log.key").stat().st_mode & 0o077 == 0  # the signing key is private
    assert (home / "keys" / "log.pub").read_text().startswith("truce/")
    assert main(["init", "--agreement", str(PAK_AFG), "--agreement", str(SOUTH_SUDAN)]) == 0
    out = capsys.readouterr().out
    assert "pak-afg-2025: already loaded, unchanged" in out and "south-sudan-2018: loaded" in out
    assert main(["agreement", "list"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == [
        "pak-afg-2025",
        "south-sudan-2018",
    ]


def test_init_refuses_a_changed_agreement_under_the_same_id(db, home, tmp_path, capsys):
    assert main(["init", "--agreement", str(PAK_AFG)]) == 0
    changed = tmp_path / "changed" / PAK_AFG.name
    changed.parent.mkdir()
    (changed.parent / "zones").symlink_to(PAK_AFG.parent / "zones")
    changed.write_text(PAK_AFG.read_text().replace("reply_window_hours = 72", "reply_window_hours = 48"))
    assert main(["init", "--agreement", str(changed)]) == 1
    assert "already loaded with a different text" in capsys.readouterr().err


def test_init_refuses_a_broken_agreement_with_its_problems(db, home, tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text('[agreement]\nid = "x"\n')
    assert main(["init", "--agreement", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "not a valid agreement" in err and "line" in err


def test_user_add_prints_the_token_alone_on_the_last_line(db, home, capsys):
    main(["init", "--agreement", str(PAK_AFG)])
    capsys.readouterr()
    assert (
        main(["user", "add", "amina", "--role", "liaison", "--party", "PK", "--agreement", "pak-afg-2025"])
        == 0
    )
    token = capsys.readouterr().out.rstrip("\n").splitlines()[-1]
    assert token.startswith("truce_") and " " not in token
    user = User.objects.get(username="amina")
    assert (user.role, user.organisation, user.agreement_id) == ("liaison", "PK", "pak-afg-2025")
    assert ApiToken.objects.get(user=user).digest == token_digest(token)  # only the digest is stored
    assert check_chain().ok


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--role", "liaison", "--party", "QA"], "party code"),
        (["--role", "mediator", "--party", "PK"], "mediator"),
        (["--role", "observer", "--party", "PK"], "drop --party"),
        (["--role", "monitor", "--agreement", "nope"], "no agreement"),
    ],
)
def test_user_add_refuses_wrong_combinations(db, home, capsys, argv, words):
    main(["init", "--agreement", str(PAK_AFG)])
    capsys.readouterr()
    assert main(["user", "add", "someone", *argv]) == 1
    assert words in capsys.readouterr().err
    assert not User.objects.filter(username="someone").exists()


def test_duplicate_user_is_refused(db, home, capsys):
    main(["init", "--agreement", str(PAK_AFG)])
    main(["user", "add", "zeynep", "--role", "mediator", "--party", "TR"])
    capsys.readouterr()
    assert main(["user", "add", "zeynep", "--role", "mediator", "--party", "TR"]) == 1
    assert "already exists" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_through_gunicorn(tmp_path):
    """A real server process on a free port of this machine, stopped at the end."""
    env = {**os.environ, "TRUCE_HOME": str(tmp_path / "served"), "DJANGO_SETTINGS_MODULE": "truce.settings"}
    env.pop("DATABASE_URL", None)
    truce = [sys.executable, "-m", "truce.cli"]
    init = subprocess.run(
        [*truce, "init", "--agreement", str(PAK_AFG)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert init.returncode == 0, init.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*truce, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/agreements", timeout=2) as r:
                    body = json.load(r)
                    server_header = r.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer"
        assert [a["id"] for a in body] == ["pak-afg-2025"]
        assert "gunicorn" in server_header.lower()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_an_uninitialised_home(tmp_path):
    env = {**os.environ, "TRUCE_HOME": str(tmp_path / "empty")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "truce.cli", "serve"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "truce init" in result.stderr and "Traceback" not in result.stderr
