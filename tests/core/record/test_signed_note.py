"""C2SP signed notes, checkpoints and cosignatures: the known answers in ../shared/vectors/notes.json and
every way a note can be malformed or forged."""

from __future__ import annotations

import base64
import json

import pytest

from truce.core.record import cosignature
from truce.core.record.checkpoint import (
    Checkpoint,
    CheckpointError,
    open_checkpoint,
    parse_checkpoint,
    sign_checkpoint,
)
from truce.core.record.cosignature import CosignatureSigner, CosignatureVerifier
from truce.core.record.note import (
    InvalidSignatureError,
    NoteError,
    UnverifiedNoteError,
    generate_key,
    open_note,
    parse_signer,
    parse_verifier,
    sign_note,
)

from .conftest import shared_vectors


def _notes() -> dict:
    return json.loads(shared_vectors("notes.json").read_text())


def test_known_signed_notes_verify() -> None:
    for case in _notes()["signed_note_verify"]:
        verifier = parse_verifier(case["vkey"])
        message = f"{case['text']}\n{case['signature_line']}\n".encode()
        note = open_note(message, [verifier])
        assert note.text == case["text"]
        assert [s.name for s in note.sigs] == [verifier.name]


def test_known_signed_notes_fail_when_the_text_changes() -> None:
    for case in _notes()["signed_note_verify"]:
        message = f"{case['text']}x\n\n{case['signature_line']}\n".encode()
        with pytest.raises(InvalidSignatureError):
            open_note(message, [parse_verifier(case["vkey"])])


def test_known_signing_answer_matches_byte_for_byte() -> None:
    for case in _notes()["signed_note_sign"]:
        signer = parse_signer(case["skey"])
        assert sign_note(case["text"], [signer]).decode() == f"{case['text']}\n{case['signature_line']}\n"


def test_known_cosignature_decodes() -> None:
    for case in _notes()["cosignature_v1_decode"]:
        key_hash, timestamp, sig = cosignature.decode(base64.b64decode(case["signature_base64"]))
        assert f"{key_hash:08x}" == case["key_id_hex"]
        assert timestamp == case["timestamp"]
        assert len(sig) == 64


def test_generated_keys_round_trip_and_sign() -> None:
    skey, vkey = generate_key("truce/test")
    signer, verifier = parse_signer(skey), parse_verifier(vkey)
    assert signer.verifier() == verifier
    note = open_note(sign_note("hello\n", [signer]), [verifier])
    assert note.text == "hello\n"


def test_vkey_with_a_wrong_hash_or_name_is_refused() -> None:
    _, vkey = generate_key("truce/test")
    name, hash_hex, raw = vkey.split("+", 2)
    with pytest.raises(NoteError, match="does not match"):
        parse_verifier(f"{name}+{int(hash_hex, 16) ^ 1:08x}+{raw}")
    with pytest.raises(NoteError, match="does not match"):
        parse_verifier(f"truce/other+{hash_hex}+{raw}")
    with pytest.raises(NoteError):
        parse_verifier(f"{name}+{hash_hex}")
    with pytest.raises(NoteError):
        generate_key("bad name")


def test_unknown_signatures_are_ignored_but_kept() -> None:
    log_skey, log_vkey = generate_key("log.example")
    other_skey, _ = generate_key("other.example")
    message = sign_note("body\n", [parse_signer(log_skey), parse_signer(other_skey)])
    note = open_note(message, [parse_verifier(log_vkey)])
    assert [s.name for s in note.sigs] == ["log.example"]
    assert [s.name for s in note.unverified_sigs] == ["other.example"]
    assert note.encode() == message


def test_note_signed_only_by_unknown_keys_is_unverified() -> None:
    skey, _ = generate_key("log.example")
    _, stranger = generate_key("log.example")  # same name, different key: must be ignored, not failed
    with pytest.raises(UnverifiedNoteError):
        open_note(sign_note("body\n", [parse_signer(skey)]), [parse_verifier(stranger)])


@pytest.mark.parametrize(
    "message",
    [
        b"no newline",
        b"text\n\n",
        "text\n— name c2ln\n".encode(),
        "text\n\n— name !!!\n".encode(),
        "text\n\n— name QUJD\n".encode(),  # decodes to 3 bytes: shorter than a key hash
        "text\x01\n\n— name QUJDREVGRw==\n".encode(),
        b"\xff\n\n\xe2\x80\x94 name QUJDREVGRw==\n",
        b"text\n\nname QUJDREVGRw==\n",
    ],
)
def test_malformed_notes_are_refused(message: bytes) -> None:
    _, vkey = generate_key("name")
    with pytest.raises(NoteError):
        open_note(message, [parse_verifier(vkey)])


def test_checkpoint_round_trips_with_extensions() -> None:
    cp = Checkpoint("truce/pak-afg-2025", 42, bytes(range(32)), ("ext one",))
    assert parse_checkpoint(cp.text()) == cp
    skey, vkey = generate_key("truce/pak-afg-2025")
    opened, note = open_checkpoint(sign_checkpoint(cp, [parse_signer(skey)]), [parse_verifier(vkey)])
    assert opened == cp and len(note.sigs) == 1


def test_checkpoint_with_the_wrong_origin_is_refused() -> None:
    skey, vkey = generate_key("truce/a")
    signed = sign_checkpoint(Checkpoint("truce/a", 1, bytes(32)), [parse_signer(skey)])
    with pytest.raises(CheckpointError, match="origin"):
        open_checkpoint(signed, [parse_verifier(vkey)], origin="truce/b")


ROOT = base64.b64encode(bytes(32)).decode()


@pytest.mark.parametrize(
    "text",
    [
        f"origin\n01\n{ROOT}\n",
        f"origin\n-1\n{ROOT}\n",
        f"origin\n1\n{ROOT}",
        f"\n1\n{ROOT}\n",
        "origin\n1\n",
        f"origin\n1\n{ROOT[:-1]}\n",
        f"origin\n1\n{base64.b64encode(bytes(31)).decode()}\n",
        f"origin\n1\n{ROOT}\n\n",
        f"origin\n1\n{ROOT}\next\n\n",
        f"origin\n1 \n{ROOT}\n",
    ],
)
def test_malformed_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(CheckpointError):
        parse_checkpoint(text)


def test_cosignature_signs_the_exact_message_and_verifies() -> None:
    skey, vkey = generate_key("witness.example/w1", alg=0x04)
    signer = parse_signer(skey)
    assert isinstance(signer, CosignatureSigner)
    pinned = CosignatureSigner(signer.name, signer.seed, clock=lambda: 1679315147)
    text = b"example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    sig = pinned.sign(text)
    assert sig[:8] == (1679315147).to_bytes(8, "big")
    verifier = parse_verifier(vkey)
    assert isinstance(verifier, CosignatureVerifier)
    assert verifier.verify(text, sig)
    assert not verifier.verify(text + b"ext\n", sig)
    # The timestamp is signed: changing it breaks the signature.
    assert not verifier.verify(text, (1679315148).to_bytes(8, "big") + sig[8:])
    # A note-type (0x01) verifier over the same public key has another key hash, so never matches.
    assert parse_verifier(vkey).key_hash != parse_verifier(generate_key("witness.example/w1")[1]).key_hash


def test_cosignature_key_hash_uses_type_byte_4() -> None:
    import hashlib

    _skey, vkey = generate_key("w", alg=0x04)
    v = parse_verifier(vkey)
    expected = hashlib.sha256(b"w\n\x04" + v.public_key).digest()[:4]
    assert v.key_hash == int.from_bytes(expected, "big")


def test_checkpoint_with_cosignatures_opens_with_log_and_witness_keys() -> None:
    log_skey, log_vkey = generate_key("truce/x")
    w_skey, w_vkey = generate_key("witness/a", alg=0x04)
    cp = Checkpoint("truce/x", 3, bytes(32))
    signed = sign_checkpoint(cp, [parse_signer(log_skey), parse_signer(w_skey)])
    _, note = open_checkpoint(signed, [parse_verifier(log_vkey), parse_verifier(w_vkey)])
    assert {s.name for s in note.sigs} == {"truce/x", "witness/a"}


def test_checkpoint_policy_signs_after_enough_entries_or_time_and_never_for_none() -> None:
    from truce.core.record.checkpoint import CheckpointPolicy

    policy = CheckpointPolicy(max_entries=50, max_seconds=30)
    assert not policy.due(0, 3600)
    assert not policy.due(49, 29.9)
    assert policy.due(50, 0)
    assert policy.due(1, 30)


def test_repeated_line_by_a_known_key_is_skipped_like_go_note_open() -> None:
    """The first line by a key decides; a later line by the same key (even a broken one) is skipped,
    as golang.org/x/mod/sumdb/note does, so the two verifiers agree on the same bytes."""
    skey, vkey = generate_key("log.example")
    signed = sign_note("hello\n", [parse_signer(skey)])
    first = signed.decode().split("\n")[2]
    name, b64 = first[2:].split(" ")
    raw = bytearray(base64.b64decode(b64))
    raw[-1] ^= 1
    broken = f"— {name} {base64.b64encode(bytes(raw)).decode()}\n".encode()
    note = open_note(signed + broken, [parse_verifier(vkey)])
    assert [s.name for s in note.sigs] == ["log.example"]
    with pytest.raises(InvalidSignatureError):
        open_note(
            signed.replace(first.encode() + b"\n", broken) + first.encode() + b"\n", [parse_verifier(vkey)]
        )
