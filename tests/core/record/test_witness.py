"""The witness cosigns only extensions of what it cosigned before — in process and over real HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from truce.cli import main as truce_main
from truce.core.record.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from truce.core.record.note import generate_key, open_note, parse_signer, parse_verifier
from truce.core.record.tree import MerkleTree
from truce.core.record.witness import (
    Witness,
    WitnessError,
    conflict_size,
    encode_request,
    init_witness,
    merge_cosignatures,
    submit_checkpoint,
)
from truce.core.record.witness_server import make_server

ORIGIN = "truce/test-log"
TRUCE = [sys.executable, "-m", "truce.cli"]


class Log:
    """A little log: a tree and a key that signs checkpoints of it."""

    def __init__(self, prefix: bytes = b"e", skey: str | None = None) -> None:
        if skey is None:
            skey, _ = generate_key(ORIGIN)
        self.signer = parse_signer(skey)
        self.vkey = self.signer.verifier().vkey
        self.tree = MerkleTree()
        self.prefix = prefix

    def grow(self, n: int) -> None:
        start = self.tree.size
        self.tree.extend(self.prefix + str(i).encode() for i in range(start, start + n))

    def checkpoint(self, size: int | None = None) -> bytes:
        size = self.tree.size if size is None else size
        return sign_checkpoint(Checkpoint(ORIGIN, size, self.tree.root(size)), [self.signer])


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def witness(tmp_path: Path, log: Log) -> Witness:
    init_witness(tmp_path / "w", "witness.example/a", [(ORIGIN, log.vkey)])
    return Witness(tmp_path / "w", clock=lambda: 1_700_000_000)


def _status(exc: pytest.ExceptionInfo[WitnessError]) -> int:
    return exc.value.status


def test_first_checkpoint_is_cosigned_from_old_size_zero(witness: Witness, log: Log) -> None:
    log.grow(5)
    cp = log.checkpoint()
    line = witness.add_checkpoint(0, [], cp)
    wv = parse_verifier(witness.vkey)
    merged = merge_cosignatures(cp, line, [wv])
    checkpoint, note = open_checkpoint(merged, [parse_verifier(log.vkey), wv])
    assert checkpoint.size == 5 and len(note.sigs) == 2
    assert witness.latest(ORIGIN) == checkpoint


def test_consistent_growth_is_cosigned_and_persisted(witness: Witness, log: Log, tmp_path: Path) -> None:
    log.grow(5)
    witness.add_checkpoint(0, [], log.checkpoint())
    log.grow(12)
    witness.add_checkpoint(5, log.tree.consistency_proof(5), log.checkpoint())
    assert Witness(tmp_path / "w").latest(ORIGIN).size == 17  # type: ignore[union-attr]


def test_stale_old_size_gets_409_with_the_current_size(witness: Witness, log: Log) -> None:
    log.grow(5)
    witness.add_checkpoint(0, [], log.checkpoint())
    log.grow(3)
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(0, [], log.checkpoint())
    assert _status(exc) == 409 and conflict_size(exc.value) == 5
    assert exc.value.content_type == "text/x.tlog.size" and exc.value.body == b"5\n"


def test_forked_history_same_size_different_root_is_refused(
    witness: Witness, log: Log, tmp_path: Path
) -> None:
    log.grow(6)
    witness.add_checkpoint(0, [], log.checkpoint())
    fork = Log(prefix=b"forged", skey=log.signer.skey)
    fork.grow(6)
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(6, [], fork.checkpoint())
    assert _status(exc) == 422  # C2SP tlog-witness since C2SP/C2SP#280; 409 is only for a wrong old size
    assert witness.latest(ORIGIN).root_hash == log.tree.root()  # type: ignore[union-attr]
    assert list((tmp_path / "w" / "evidence").iterdir()), "the signed fork is kept as evidence"


def test_forked_history_that_grows_fails_the_consistency_proof(witness: Witness, log: Log) -> None:
    log.grow(6)
    witness.add_checkpoint(0, [], log.checkpoint())
    fork = Log(prefix=b"forged", skey=log.signer.skey)
    fork.grow(9)
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(6, fork.tree.consistency_proof(6), fork.checkpoint())
    assert _status(exc) == 422
    assert witness.latest(ORIGIN).size == 6  # type: ignore[union-attr]


def test_shrinking_tree_is_refused(witness: Witness, log: Log) -> None:
    log.grow(10)
    witness.add_checkpoint(0, [], log.checkpoint())
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(10, [], log.checkpoint(7))
    assert _status(exc) == 400
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(7, [], log.checkpoint(7))
    assert _status(exc) == 409 and conflict_size(exc.value) == 10
    assert witness.latest(ORIGIN).size == 10  # type: ignore[union-attr]


def test_unknown_origin_is_404_and_untrusted_signature_403(witness: Witness, log: Log) -> None:
    other_skey, _ = generate_key("truce/other")
    cp = sign_checkpoint(Checkpoint("truce/other", 0, log.tree.root()), [parse_signer(other_skey)])
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(0, [], cp)
    assert _status(exc) == 404
    impostor = Log()  # same origin, another key
    impostor.grow(2)
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(0, [], impostor.checkpoint())
    assert _status(exc) == 403


def test_size_zero_checkpoint_with_a_nonempty_root_is_422_and_kept_as_evidence(
    witness: Witness, log: Log, tmp_path: Path
) -> None:
    log.grow(3)
    bogus = sign_checkpoint(Checkpoint(ORIGIN, 0, log.tree.root()), [log.signer])
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(0, [], bogus)
    assert _status(exc) == 422 and "empty tree" in str(exc.value)
    assert witness.latest(ORIGIN) is None
    assert list((tmp_path / "w" / "evidence").iterdir()), "the log signed it: keep it"
    # The genuine empty checkpoint is still cosigned afterwards, and then the tree grows from it.
    witness.add_checkpoint(0, [], log.checkpoint(0))
    assert witness.latest(ORIGIN).size == 0  # type: ignore[union-attr]
    witness.add_checkpoint(0, [], log.checkpoint())
    assert witness.latest(ORIGIN).size == 3  # type: ignore[union-attr]


def test_nonempty_proof_from_zero_is_422(witness: Witness, log: Log) -> None:
    log.grow(4)
    with pytest.raises(WitnessError) as exc:
        witness.add_checkpoint(0, [b"\x00" * 32], log.checkpoint())
    assert _status(exc) == 422
    assert witness.latest(ORIGIN) is None


@pytest.mark.parametrize(
    "body",
    [b"", b"old 01\n\nx\n", b"old 1\nnot-base64!\n\nx\n", b"older 1\n\nx\n", b"old 0\n\nnot a note\n"],
)
def test_malformed_requests_are_400(witness: Witness, body: bytes) -> None:
    with pytest.raises(WitnessError) as exc:
        witness.handle(body)
    assert _status(exc) == 400


@pytest.fixture
def server(witness: Witness) -> Iterator[str]:
    srv = make_server(witness, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_http_witness_cosigns_and_refuses_forks(server: str, witness: Witness, log: Log) -> None:
    log.grow(3)
    cp = log.checkpoint()
    merged = merge_cosignatures(cp, submit_checkpoint(server, 0, [], cp), [parse_verifier(witness.vkey)])
    assert len(open_note(merged, [parse_verifier(witness.vkey)]).sigs) == 1
    log.grow(4)
    submit_checkpoint(server, 3, log.tree.consistency_proof(3), log.checkpoint())

    fork = Log(prefix=b"x", skey=log.signer.skey)
    fork.grow(7)
    with pytest.raises(WitnessError) as exc:
        submit_checkpoint(server, 7, [], fork.checkpoint())
    assert _status(exc) == 422
    with pytest.raises(WitnessError) as exc:
        submit_checkpoint(server, 7, [], log.checkpoint(5))
    assert _status(exc) == 400
    with pytest.raises(WitnessError) as exc:
        submit_checkpoint(server, 2, [], log.checkpoint())
    assert _status(exc) == 409 and conflict_size(exc.value) == 7


def test_concurrent_requests_for_one_origin_never_roll_back(server: str, witness: Witness, log: Log) -> None:
    log.grow(1)
    submit_checkpoint(server, 0, [], log.checkpoint())
    log.grow(40)
    results: list[int] = []

    def submit(size: int) -> None:
        try:
            submit_checkpoint(server, 1, log.tree.consistency_proof(1, size), log.checkpoint(size))
            results.append(size)
        except WitnessError as exc:
            results.append(-exc.status)

    threads = [threading.Thread(target=submit, args=(s,)) for s in range(2, 42, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = [r for r in results if r > 0]
    assert len(accepted) == 1, results
    assert witness.latest(ORIGIN).size == accepted[0]  # type: ignore[union-attr]


def test_cli_init_prints_a_cosignature_vkey_and_serve_answers(
    tmp_path: Path, log: Log, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "cli-w"
    assert (
        truce_main(
            [
                "witness",
                "init",
                "--name",
                "w.example/cli",
                "--log-key",
                log.vkey,
                "--origin",
                ORIGIN,
                "--state",
                str(state),
            ]
        )
        == 0
    )
    vkey = capsys.readouterr().out.strip()
    assert parse_verifier(vkey).alg == 0x04
    assert (
        truce_main(
            [
                "witness",
                "init",
                "--name",
                "w",
                "--log-key",
                log.vkey,
                "--origin",
                ORIGIN,
                "--state",
                str(state),
            ]
        )
        == 1
    )
    assert "already holds a witness" in capsys.readouterr().err

    proc = subprocess.Popen(
        [*TRUCE, "witness", "serve", "--port", "0", "--state", str(state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]
        url = first.strip().rsplit(" ", 1)[-1].rstrip("/")
        log.grow(2)
        answer = submit_checkpoint(url, 0, [], log.checkpoint())
        merged = merge_cosignatures(log.checkpoint(), answer, [parse_verifier(vkey)])
        assert open_checkpoint(merged, [parse_verifier(vkey)])[0].size == 2
        second = subprocess.run(
            [*TRUCE, "witness", "serve", "--port", "0", "--state", str(state)],
            capture_output=True,
            text=True,
            timeout=20,
            cwd=Path(__file__).resolve().parents[3],
        )
        assert second.returncode != 0 and "already using" in second.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    capsys.readouterr()
    assert truce_main(["witness", "show", "--state", str(state)]) == 0
    assert capsys.readouterr().out.splitlines() == [vkey, f"{ORIGIN}\t2"]
    state_files = list((state / "logs").iterdir())
    assert json.loads(state_files[0].read_text())["checkpoint"].startswith(ORIGIN + "\n2\n")


def test_request_encoding_round_trips(log: Log) -> None:
    from truce.core.record.witness import parse_request

    log.grow(9)
    body = encode_request(4, log.tree.consistency_proof(4), log.checkpoint())
    req = parse_request(body)
    assert (
        req.old_size == 4
        and req.proof == log.tree.consistency_proof(4)
        and req.checkpoint == log.checkpoint()
    )


def test_monitoring_endpoint_serves_the_latest_cosigned_checkpoint(
    server: str, witness: Witness, log: Log
) -> None:
    """tlog-witness monitoring API: GET <prefix>/<hex SHA-256 of the origin>/checkpoint."""
    import hashlib
    import urllib.error
    import urllib.request

    url = f"{server}/{hashlib.sha256(ORIGIN.encode()).hexdigest()}/checkpoint"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url, timeout=5)
    assert missing.value.code == 404  # nothing cosigned yet
    log.grow(5)
    answer = submit_checkpoint(server, 0, [], log.checkpoint())
    with urllib.request.urlopen(url, timeout=5) as response:
        served = response.read()
    note = open_note(served, [log.signer.verifier(), parse_verifier(witness.vkey)])
    assert open_checkpoint(served, [log.signer.verifier()])[0].size == 5
    assert sorted(s.name for s in note.sigs) == sorted([ORIGIN, witness.name])
    assert answer in served  # the very cosignature the log was given
    other = hashlib.sha256(b"truce/other").hexdigest()
    with pytest.raises(urllib.error.HTTPError) as unknown:
        urllib.request.urlopen(f"{server}/{other}/checkpoint", timeout=5)
    assert unknown.value.code == 404
