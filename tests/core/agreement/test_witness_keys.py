"""Witness verifier keys (C2SP signed-note vkeys) are checked at load."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from truce.core.agreement import check_agreement, load_agreement
from truce.core.agreement.keys import parse_vkey

from .conftest import VALID, line_of


def vkey(name: str, seed: bytes) -> tuple[str, bytes]:
    public = (
        Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    )
    data = b"\x01" + public
    key_hash = hashlib.sha256(name.encode() + b"\n" + data).hexdigest()[:8]
    return f"{name}+{key_hash}+{base64.b64encode(data).decode()}", public


def test_valid_vkey_parses_to_its_name_and_key():
    key, public = vkey("witness.example/qa", b"\x07" * 32)
    assert parse_vkey(key) == ("witness.example/qa", public)


@pytest.mark.parametrize(
    ("mangle", "fragment"),
    [
        (lambda k: k.replace("+", " ", 1), "expected a C2SP note verifier key"),
        (lambda k: k.rsplit("+", 1)[0], "expected a C2SP note verifier key"),
        (lambda k: k[:-8] + "!!!!!!!!", "expected a C2SP note verifier key"),
        (lambda k: k.rsplit("+", 1)[0] + "+" + base64.b64encode(b"\x01" + b"k" * 31).decode(), "33 bytes"),
        (lambda k: k.rsplit("+", 1)[0] + "+" + base64.b64encode(b"\x02" + b"k" * 32).decode(), "33 bytes"),
        (lambda k: k.rsplit("+", 1)[0] + "+" + "AAA", "not valid base64"),
        (lambda k: "other" + k[k.index("+") :], "does not match the name and key"),
    ],
)
def test_malformed_vkeys_are_refused(mangle, fragment):
    key, _ = vkey("witness.example/qa", b"\x07" * 32)
    with pytest.raises(ValueError) as raised:
        parse_vkey(mangle(key))
    assert fragment in str(raised.value)


def _with_witnesses(keys: list[str], quorum: int | None = None) -> str:
    text = (
        VALID.replace('publish_after = "ruling"\n', f'publish_after = "ruling"\nwitness_quorum = {quorum}\n')
        if quorum
        else VALID
    )
    for i, key in enumerate(keys):
        text += f'\n[[witness]]\nname = "Witness {i}"\nkey = "{key}"\n'
    return text


def test_witnesses_load_with_a_majority_quorum_by_default(write_agreement):
    keys = [vkey(f"w{i}", bytes([i + 1]) * 32)[0] for i in range(3)]
    a = load_agreement(write_agreement(_with_witnesses(keys)))
    assert [w.key for w in a.witnesses] == keys
    assert a.witness_quorum == 2


def test_bad_witness_key_is_reported_on_its_line(write_agreement):
    text = _with_witnesses([vkey("w0", b"\x01" * 32)[0], "w1+deadbeef+AAAA"])
    [problem] = check_agreement(write_agreement(text))
    assert problem.line == line_of(text, "w1+deadbeef")
    assert problem.field == "witness[1].key"


def test_witness_quorum_above_the_number_of_witnesses_is_reported(write_agreement):
    text = _with_witnesses([vkey("w0", b"\x01" * 32)[0]], quorum=2)
    [problem] = check_agreement(write_agreement(text))
    assert problem.line == line_of(text, "witness_quorum")
    assert "only 1 [[witness]] listed" in problem.message


def test_the_same_key_twice_is_reported(write_agreement):
    key = vkey("w0", b"\x01" * 32)[0]
    [problem] = check_agreement(write_agreement(_with_witnesses([key, key])))
    assert "same key is already listed" in problem.message
