"""A C2SP tlog-witness (https://c2sp.org/tlog-witness): cosign a checkpoint only if it extends the last one.

State lives in one directory, so each party and mediator can run a witness on their own machine::

    STATE/witness.key        the witness signer key (PRIVATE+KEY+..., type 0x04), mode 0600
    STATE/config.json        {"name": ..., "vkey": ..., "logs": [{"origin": ..., "vkey": ...}, ...]}
    STATE/logs/<h>.json      per origin (h = SHA-256(origin) hex): the latest cosigned checkpoint and,
                             once the log rotated its key, the log keys it trusts now ("log_vkeys")
                             and those it retired ("retired_vkeys")
    STATE/evidence/          signed requests refused as inconsistent: proof of log misbehaviour

:meth:`Witness.add_checkpoint` checks and persists under a per-origin lock, and writes the new state
with temp file + fsync + rename before it answers, so a crash never leaves a state older than a
cosignature already handed out (the rollback race the spec describes).

Key rotation (``docs/record.md`` §5.1): a checkpoint that announces a new log key in a ``truce-log-key``
extension line and is signed by a trusted log key **and** that new key, and that passes every other
check, makes the witness trust the new key instead of the old one, in the same atomic write as its
cosignature. From then on a checkpoint signed only by the old key is refused (403).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from truce.core.record.checkpoint import Checkpoint, parse_checkpoint
from truce.core.record.cosignature import CosignatureSigner
from truce.core.record.hashing import EMPTY_ROOT
from truce.core.record.note import (
    Ed25519Verifier,
    Note,
    NoteError,
    Signature,
    Verifier,
    generate_key,
    open_note,
    parse_signer,
    parse_verifier,
    split_note,
)
from truce.core.record.rotation import RotationError, announced_key
from truce.core.record.verify import ProofError, verify_consistency

__all__ = [
    "AddCheckpointRequest",
    "Witness",
    "WitnessError",
    "conflict_size",
    "encode_request",
    "init_witness",
    "merge_cosignatures",
    "parse_request",
    "submit_checkpoint",
]

MAX_PROOF_LINES = 63
MAX_BODY = 1 << 16
SIZE_CONTENT_TYPE = "text/x.tlog.size"
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class WitnessError(Exception):
    """A refused request: ``status`` is the HTTP status the tlog-witness spec prescribes."""

    def __init__(
        self, status: int, message: str, *, body: bytes | None = None, content_type: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body if body is not None else (message + "\n").encode()
        self.content_type = content_type or "text/plain; charset=utf-8"


@dataclass(frozen=True)
class AddCheckpointRequest:
    old_size: int
    proof: list[bytes]
    checkpoint: bytes  # the signed checkpoint note, verbatim


def parse_request(body: bytes) -> AddCheckpointRequest:
    """Parse an add-checkpoint body: ``old N``, proof lines, blank line, signed checkpoint (400 if bad)."""
    head, sep, checkpoint = body.partition(b"\n\n")
    if not sep:
        raise WitnessError(
            400, "request body needs an 'old' line, proof lines, a blank line, then the checkpoint"
        )
    try:
        lines = head.decode("ascii").split("\n")
    except UnicodeDecodeError as exc:
        raise WitnessError(400, "old size and proof lines must be ASCII") from exc
    first = lines[0]
    if not first.startswith("old ") or not _DECIMAL.fullmatch(first[4:]):
        raise WitnessError(400, "first line must be 'old <size>' in decimal without leading zeros")
    proof_lines = lines[1:]
    if len(proof_lines) > MAX_PROOF_LINES:
        raise WitnessError(400, f"at most {MAX_PROOF_LINES} consistency proof lines are allowed")
    proof = []
    for line in proof_lines:
        try:
            h = base64.b64decode(line, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise WitnessError(400, f"proof line {line!r} is not base64") from exc
        if len(h) != 32:
            raise WitnessError(400, f"proof line {line!r} is not a 32-byte hash")
        proof.append(h)
    return AddCheckpointRequest(int(first[4:]), proof, checkpoint)


def encode_request(old_size: int, proof: Sequence[bytes], signed_checkpoint: bytes) -> bytes:
    """The add-checkpoint request body for ``signed_checkpoint`` extending the witness's ``old_size``."""
    lines = [f"old {old_size}\n", *(base64.b64encode(h).decode() + "\n" for h in proof), "\n"]
    return "".join(lines).encode() + signed_checkpoint


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def init_witness(state: Path, name: str, logs: Iterable[tuple[str, str]]) -> str:
    """Create a witness in the empty or absent directory ``state``; return its verifier key.

    ``logs`` are (origin, log vkey) pairs the witness accepts checkpoints from.
    """
    state = Path(state)
    if (state / "config.json").exists():
        raise FileExistsError(f"{state} already holds a witness; use another --state directory")
    log_list = []
    for origin, vkey in logs:
        parse_verifier(vkey)  # refuse a bad key now rather than on the first request
        if not origin:
            raise ValueError("a log origin must not be empty")
        log_list.append({"origin": origin, "vkey": vkey})
    skey, vkey = generate_key(name, alg=0x04)
    (state / "logs").mkdir(parents=True, exist_ok=True)
    (state / "evidence").mkdir(exist_ok=True)
    key_path = state / "witness.key"
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(skey + "\n")
        f.flush()
        os.fsync(f.fileno())
    config = {"name": name, "vkey": vkey, "logs": log_list}
    _write_atomically(state / "config.json", (json.dumps(config, indent=2) + "\n").encode())
    return vkey


class Witness:
    """A witness over a state directory made by :func:`init_witness`. Thread-safe."""

    def __init__(self, state: Path, *, clock: object = None) -> None:
        self.state = Path(state)
        config = json.loads((self.state / "config.json").read_text())
        signer = parse_signer((self.state / "witness.key").read_text().strip())
        if not isinstance(signer, CosignatureSigner):
            raise NoteError("witness.key must be a cosignature (type 0x04) key")
        self.signer = CosignatureSigner(signer.name, signer.seed, clock=clock)
        self.name: str = config["name"]
        self.vkey: str = config["vkey"]
        self.logs: dict[str, list[Ed25519Verifier]] = {}
        for log in config["logs"]:
            self.logs.setdefault(log["origin"], []).append(parse_verifier(log["vkey"]))
        self._locks = {origin: threading.Lock() for origin in self.logs}

    def _state_path(self, origin: str) -> Path:
        return self.state / "logs" / (hashlib.sha256(origin.encode()).hexdigest() + ".json")

    def _record(self, origin: str) -> dict[str, object] | None:
        path = self._state_path(origin)
        if not path.exists():
            return None
        record: dict[str, object] = json.loads(path.read_text())
        return record

    def latest(self, origin: str) -> Checkpoint | None:
        """The latest checkpoint this witness cosigned for ``origin``, or None."""
        record = self._record(origin)
        return None if record is None else parse_checkpoint(str(record["checkpoint"]))

    def log_keys(self, origin: str) -> tuple[list[str], list[str]]:
        """(the log vkeys it trusts now, those it retired at a handover) for ``origin``."""
        record = self._record(origin) or {}
        current = record.get("log_vkeys")
        if not isinstance(current, list):
            current = [v.vkey for v in self.logs[origin]]
        retired = record.get("retired_vkeys")
        return [str(v) for v in current], [str(v) for v in retired] if isinstance(retired, list) else []

    def _open(self, origin: str, message: bytes, checkpoint: Checkpoint) -> tuple[list[str], list[str]]:
        """Check the log's signatures under the keys trusted now; return the (trusted, retired) keys to
        store with the cosignature: changed only by a valid handover (403 otherwise)."""
        current, retired = self.log_keys(origin)
        trusted = [parse_verifier(v) for v in current]
        old = [parse_verifier(v) for v in retired]
        try:
            announced = announced_key(checkpoint)
        except RotationError as exc:
            raise WitnessError(403, str(exc)) from exc
        new = None
        if announced is not None and announced not in current:
            try:
                new = parse_verifier(announced)
            except NoteError as exc:
                raise WitnessError(403, f"the announced log key is malformed: {exc}") from exc
            if new.alg != 0x01 or new.name != origin:
                raise WitnessError(403, f"the announced log key is not a log key named {origin!r}")
        try:
            note = open_note(message, [*trusted, *([new] if new else []), *old])
        except NoteError as exc:
            raise WitnessError(403, f"checkpoint is not signed by a trusted key of its log: {exc}") from exc
        signed = {(s.name, s.key_hash) for s in note.sigs}
        if not any((v.name, v.key_hash) in signed for v in trusted):
            if any((v.name, v.key_hash) in signed for v in old):
                # A retired key still signing is what a stolen old key looks like: keep it.
                self._keep_evidence(message, "signed only by a retired log key")
                raise WitnessError(403, "checkpoint is signed only by a retired log key")
            raise WitnessError(403, "checkpoint is signed by the new log key only, not by the current one")
        if new is None:
            return current, retired
        if (new.name, new.key_hash) not in signed:
            raise WitnessError(403, "the checkpoint announces a new log key but is not signed by it")
        return [new.vkey], [*retired, *current]

    def _keep_evidence(self, request: bytes, reason: str) -> None:
        digest = hashlib.sha256(request).hexdigest()[:16]
        path = self.state / "evidence" / f"{int(time.time())}-{digest}.txt"
        _write_atomically(path, f"# refused: {reason}\n".encode() + request)

    def add_checkpoint(self, old_size: int, proof: Sequence[bytes], signed_checkpoint: bytes) -> bytes:
        """Check a checkpoint per tlog-witness; return the cosignature line(s), or raise WitnessError."""
        try:
            text, _ = split_note(signed_checkpoint)
            checkpoint = parse_checkpoint(text)
        except NoteError as exc:
            raise WitnessError(400, f"not a signed checkpoint: {exc}") from exc
        if checkpoint.origin not in self.logs:
            raise WitnessError(404, f"unknown log origin {checkpoint.origin!r}")
        with self._locks[checkpoint.origin]:
            log_vkeys, retired_vkeys = self._open(checkpoint.origin, signed_checkpoint, checkpoint)
            if old_size > checkpoint.size:
                raise WitnessError(
                    400, f"old size {old_size} is larger than the checkpoint size {checkpoint.size}"
                )
            latest = self.latest(checkpoint.origin)
            latest_size = latest.size if latest else 0
            if old_size != latest_size:
                raise WitnessError(
                    409,
                    f"old size {old_size} is not the latest cosigned size {latest_size}",
                    body=f"{latest_size}\n".encode(),
                    content_type=SIZE_CONTENT_TYPE,
                )
            request = encode_request(old_size, proof, signed_checkpoint)
            # 422 for every inconsistent request, as tlog-witness now says (C2SP/C2SP#280): a size-0
            # checkpoint whose root is not the empty tree's and a second root for a cosigned size are
            # both a log contradicting itself, and both are kept as evidence.
            if checkpoint.size == 0 and checkpoint.root_hash != EMPTY_ROOT:
                self._keep_evidence(request, "size 0 with a root that is not the empty tree's")
                raise WitnessError(422, "a checkpoint of size 0 must carry the empty tree's root hash")
            if latest is not None and old_size == checkpoint.size:
                if proof:
                    raise WitnessError(422, "old size equals the checkpoint size: the proof must be empty")
                if latest.root_hash != checkpoint.root_hash:
                    self._keep_evidence(request, "same size, different root (forked history)")
                    raise WitnessError(422, f"a different root hash was already cosigned for size {old_size}")
            elif old_size == 0:
                if proof:
                    raise WitnessError(422, "the consistency proof from old size 0 must be empty")
            else:
                assert latest is not None
                try:
                    verify_consistency(
                        old_size, checkpoint.size, proof, latest.root_hash, checkpoint.root_hash
                    )
                except ProofError as exc:
                    self._keep_evidence(request, f"consistency proof failed: {exc}")
                    raise WitnessError(422, f"consistency proof does not verify: {exc}") from exc
            cosignature = self._cosign(checkpoint)
            # The cosignature is stored with the checkpoint so the monitoring endpoint serves the very
            # line the log was given (same timestamp), not a fresh one.
            record: dict[str, object] = {
                "checkpoint": checkpoint.text(),
                "note": signed_checkpoint.decode(),
                "cosignature": cosignature.decode(),
            }
            if retired_vkeys:  # the log rotated its key: the keys trusted now go with the cosignature
                record["log_vkeys"], record["retired_vkeys"] = log_vkeys, retired_vkeys
            _write_atomically(self._state_path(checkpoint.origin), json.dumps(record).encode())
            return cosignature

    def _cosign(self, checkpoint: Checkpoint) -> bytes:
        sig = self.signer.sign(checkpoint.text().encode())
        b64 = base64.b64encode(self.signer.key_hash.to_bytes(4, "big") + sig).decode()
        return Signature(self.name, self.signer.key_hash, b64).line().encode()

    def monitored_checkpoint(self, origin_hash: str) -> bytes | None:
        """The latest checkpoint cosigned for the origin whose SHA-256 is ``origin_hash`` (hex): the log's
        signatures and this witness's cosignature, as ``GET /<origin hash>/checkpoint`` serves it.

        None if the witness follows no such origin or has cosigned nothing for it yet.
        """
        origin = next((o for o in self.logs if hashlib.sha256(o.encode()).hexdigest() == origin_hash), None)
        if origin is None:
            return None
        with self._locks[origin]:
            path = self._state_path(origin)
            if not path.exists():
                return None
            record = json.loads(path.read_text())
            current, retired = self.log_keys(origin)
            keys = [parse_verifier(v) for v in [*current, *retired]]
            note = open_note(record["note"].encode(), keys)
            cosignature = record.get("cosignature")
            if cosignature is None:  # state written before cosignatures were stored: sign it now
                cosignature = self._cosign(parse_checkpoint(record["checkpoint"])).decode()
        return Note(note.text, note.sigs).encode() + cosignature.encode()

    def handle(self, body: bytes) -> bytes:
        """Handle one raw add-checkpoint request body."""
        request = parse_request(body)
        return self.add_checkpoint(request.old_size, request.proof, request.checkpoint)


def merge_cosignatures(signed_checkpoint: bytes, response: bytes, witnesses: Iterable[Verifier]) -> bytes:
    """Append the cosignatures in a witness ``response`` that verify under ``witnesses`` to the checkpoint.

    Raises NoteError if none of them verifies (unknown keys are dropped, as the spec requires).
    """
    text, existing = split_note(signed_checkpoint)
    opened = open_note(text.encode() + b"\n" + response, witnesses)
    have = {sig.base64 for sig, _ in existing}
    new = [s for s in opened.sigs if s.base64 not in have]
    return Note(text, [sig for sig, _ in existing] + new).encode()


def submit_checkpoint(
    url: str, old_size: int, proof: Sequence[bytes], signed_checkpoint: bytes, timeout: float = 10.0
) -> bytes:
    """POST an add-checkpoint request to a witness at ``url`` (its submission prefix); return the body.

    Raises WitnessError with the witness's status (409 carries the witness's size in ``body``).
    """
    request = urllib.request.Request(
        url.rstrip("/") + "/add-checkpoint",
        data=encode_request(old_size, proof, signed_checkpoint),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()
        raise WitnessError(
            exc.code,
            body.decode(errors="replace").strip(),
            body=body,
            content_type=exc.headers.get("Content-Type", ""),
        ) from exc


def conflict_size(error: WitnessError) -> int | None:
    """The witness's latest size from a 409 ``text/x.tlog.size`` answer, if that is what ``error`` is."""
    if error.status == 409 and error.content_type.startswith(SIZE_CONTENT_TYPE):
        text = error.body.decode(errors="replace").strip()
        if _DECIMAL.fullmatch(text):
            return int(text)
    return None
