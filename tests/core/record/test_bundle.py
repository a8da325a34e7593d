"""Bundles: a faithful export verifies; any changed, missing or reordered byte fails, naming where."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from truce.cli import main as truce_main
from truce.core.canonical import canonical_bytes
from truce.core.record.bundle import BundleError, verify_bundle, write_bundle
from truce.core.record.checkpoint import Checkpoint, sign_checkpoint
from truce.core.record.note import parse_signer

from .records import ORIGIN, SECRET, Record, make_entries, make_record


def _export(record: Record, out: Path, *, public: bool = False, quorum: int = 2) -> Path:
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=record.entries,
        checkpoints=list(record.checkpoints.values()),
        witnesses=record.witness_keys(),
        quorum=quorum,
        openings=None if public else record.openings,
    )
    return out


@pytest.fixture
def record(tmp_path: Path) -> Record:
    return make_record(tmp_path, 20, [5, 12, 20])


@pytest.fixture
def bundle(record: Record, tmp_path: Path) -> Path:
    return _export(record, tmp_path / "bundle")


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def test_faithful_bundle_verifies(bundle: Path, record: Record) -> None:
    report = verify_bundle(bundle)
    assert report.ok, report.error
    assert report.entries == 20 and report.checkpoints == [5, 12, 20]
    assert report.cosigners == ["witness.example/0", "witness.example/1"]
    assert report.openings == len(record.openings) > 0


def test_public_bundle_holds_no_confidential_value_and_still_verifies(record: Record, tmp_path: Path) -> None:
    public = _export(record, tmp_path / "public", public=True)
    assert not (public / "openings.jsonl").exists()
    for path in public.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    report = verify_bundle(public)
    assert report.ok and report.public and report.openings == 0


def test_party_checks_its_confidential_entry_against_a_public_bundle(record: Record, tmp_path: Path) -> None:
    """A party holding an opening (from its own non-public copy) checks it against the public record."""
    from truce.core.record.entry import Entry, check_opening

    public = _export(record, tmp_path / "public", public=True)
    assert verify_bundle(public).ok
    index, name, opening = record.openings[0]
    line = _lines(public / "entries.jsonl")[index]
    entry = Entry.from_json(json.loads(line))
    assert check_opening(entry, name, opening)
    assert not check_opening(entry, name, type(opening)(opening.salt, "something else"))


def test_openings_in_a_public_bundle_are_refused(record: Record, tmp_path: Path) -> None:
    leaky = _export(record, tmp_path / "leaky")
    keys = json.loads((leaky / "keys.json").read_text())
    keys["public"] = True
    (leaky / "keys.json").write_bytes(canonical_bytes(keys) + b"\n")
    report = verify_bundle(leaky)
    assert not report.ok and report.where == "openings.jsonl"


def _tampered(bundle: Path, tmp_path: Path, name: str = "t") -> Path:
    copy = tmp_path / name
    shutil.copytree(bundle, copy)
    return copy


def test_changed_entry_value_is_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    lines[7] = lines[7].replace(b'"killed":3', b'"killed":0')
    (t / "entries.jsonl").write_bytes(b"".join(lines))
    report = verify_bundle(t)
    assert not report.ok and report.index == 7 and "index 7" in report.where


def test_changed_last_entry_fails_on_the_root(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    lines[19] = lines[19].replace(b'"zone":"Border belt"', b'"zone":"Border bolt"')
    (t / "entries.jsonl").write_bytes(b"".join(lines))
    report = verify_bundle(t)
    assert not report.ok and report.where == "checkpoints/20" and "before index 20" in report.error


def test_non_canonical_entry_is_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    lines[3] = lines[3].replace(b'"n":3', b'"n": 3')
    (t / "entries.jsonl").write_bytes(b"".join(lines))
    report = verify_bundle(t)
    assert not report.ok and report.index == 3 and "canonical" in report.error


def test_swapped_entries_are_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    lines[9], lines[10] = lines[10], lines[9]
    (t / "entries.jsonl").write_bytes(b"".join(lines))
    report = verify_bundle(t)
    assert not report.ok and report.index == 9 and "out of order" in report.error


def test_missing_middle_line_is_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    del lines[14]
    (t / "entries.jsonl").write_bytes(b"".join(lines))
    report = verify_bundle(t)
    assert not report.ok and report.index == 14


def test_missing_last_line_and_truncation_are_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    (t / "entries.jsonl").write_bytes(b"".join(lines[:-1]))
    report = verify_bundle(t)
    assert not report.ok and report.where == "checkpoints/20" and "beyond" in report.error
    (t / "entries.jsonl").write_bytes(b"".join(lines)[:-1])
    report = verify_bundle(t)
    assert not report.ok and report.index == 19 and "newline" in report.error


def test_entries_beyond_the_last_checkpoint_are_refused(record: Record, tmp_path: Path) -> None:
    t = _export(record, tmp_path / "b")
    (t / "checkpoints" / "20").unlink()
    report = verify_bundle(t)
    assert not report.ok and report.index == 12 and "not covered" in report.error


def test_changed_checkpoint_or_signature_byte_is_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    note = (t / "checkpoints" / "12").read_bytes()
    root_line = note.split(b"\n")[2]
    (t / "checkpoints" / "12").write_bytes(
        note.replace(root_line, root_line[:5] + b"A" + root_line[6:])
        if root_line[5:6] != b"A"
        else note.replace(root_line, root_line[:5] + b"B" + root_line[6:])
    )
    report = verify_bundle(t)
    assert not report.ok and report.where == "checkpoints/12"

    t = _tampered(bundle, tmp_path, "t2")
    note = bytearray((t / "checkpoints" / "5").read_bytes())
    first_sig = note.index("—".encode())
    note[first_sig + 30] ^= 0x01
    (t / "checkpoints" / "5").write_bytes(bytes(note))
    report = verify_bundle(t)
    assert not report.ok and report.where == "checkpoints/5"


def test_a_resigned_forgery_needs_the_log_key(bundle: Path, record: Record, tmp_path: Path) -> None:
    """Rewriting history and re-signing with another key fails even if keys.json is swapped too,
    when the verifier pins the log key it trusts."""
    from truce.core.record.note import generate_key

    t = _tampered(bundle, tmp_path)
    _forged_skey, forged_vkey = generate_key(ORIGIN)
    keys = json.loads((t / "keys.json").read_text())
    keys["log_vkey"] = forged_vkey
    (t / "keys.json").write_bytes(canonical_bytes(keys) + b"\n")
    report = verify_bundle(t, log_vkey=record.log_vkey)
    assert not report.ok and report.where == "keys.json"
    report = verify_bundle(t)
    assert not report.ok and report.where.startswith("checkpoints/")


def test_missing_cosignature_breaks_the_quorum(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    note = (t / "checkpoints" / "20").read_text()
    (t / "checkpoints" / "20").write_text("".join(line + "\n" for line in note.split("\n")[:-2]))
    report = verify_bundle(t)
    assert not report.ok and report.where == "checkpoints/20" and "quorum" in report.error


def test_tampered_opening_is_named(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "openings.jsonl")
    target = [i for i, line in enumerate(lines) if b"Falcon" in line][1]
    lines[target] = lines[target].replace(b"Falcon", b"Hawk")
    (t / "openings.jsonl").write_bytes(b"".join(lines))
    report = verify_bundle(t)
    assert not report.ok and report.where == f"openings.jsonl line {target + 1}"


def test_trusted_checkpoint_consistent_older_passes(bundle: Path, record: Record) -> None:
    assert verify_bundle(bundle, record.checkpoints[5]).ok
    assert verify_bundle(bundle, record.checkpoints[20]).ok


def test_trusted_checkpoint_from_another_history_fails(bundle: Path, record: Record, tmp_path: Path) -> None:
    from truce.core.record.tree import MerkleTree

    entries, _ = make_entries(8)
    forked = MerkleTree()
    forked.extend(e.leaf_input() + b" " for e in entries)
    other = sign_checkpoint(Checkpoint(ORIGIN, 8, forked.root()), [parse_signer(record.log_skey)])
    report = verify_bundle(bundle, other)
    assert not report.ok and report.where == "trusted checkpoint" and "rewritten" in report.error
    bigger = sign_checkpoint(Checkpoint(ORIGIN, 30, forked.root()), [parse_signer(record.log_skey)])
    report = verify_bundle(bundle, bigger)
    assert not report.ok and "rolled back" in report.error


def _flip_each_byte(tmp_path: Path, step: int) -> None:
    small = make_record(tmp_path / "small", 4, [2, 4])
    bundle = _export(small, tmp_path / "small-bundle")
    files = [
        bundle / "entries.jsonl",
        bundle / "checkpoints" / "2",
        bundle / "checkpoints" / "4",
        bundle / "openings.jsonl",
        bundle / "keys.json",
    ]
    for path in files:
        original = path.read_bytes()
        for pos in range(0, len(original), step):
            changed = bytearray(original)
            changed[pos] ^= 0x01
            path.write_bytes(bytes(changed))
            report = verify_bundle(bundle)
            if report.ok:
                # The one allowed case: a changed name or key hash turns a witness line of an older
                # checkpoint into a line by an unknown key, which C2SP says to ignore; the latest
                # checkpoint (where the quorum is counted) and the log's signatures stay strict.
                assert path.name == "2", f"{path.name} byte {pos} changed and the bundle still verified"
                assert _has_unknown_signature(bytes(changed), small), f"byte {pos} of checkpoints/2"
        path.write_bytes(original)
    assert verify_bundle(bundle).ok


def _has_unknown_signature(signed: bytes, record: Record) -> bool:
    from truce.core.record.cosignature import witness_verifier
    from truce.core.record.note import open_note, parse_verifier

    verifiers = [parse_verifier(record.log_vkey), *(witness_verifier(w.vkey) for w in record.witnesses)]
    return bool(open_note(signed, verifiers).unverified_sigs)


def test_a_changed_byte_anywhere_fails_sampled(tmp_path: Path) -> None:
    _flip_each_byte(tmp_path, step=17)


@pytest.mark.slow
def test_every_single_byte_change_fails(tmp_path: Path) -> None:
    _flip_each_byte(tmp_path, step=1)


def test_write_bundle_refuses_a_checkpoint_beyond_the_entries(record: Record, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="beyond"):
        write_bundle(
            tmp_path / "x",
            origin=ORIGIN,
            log_vkey=record.log_vkey,
            entries=record.entries[:10],
            checkpoints=[record.checkpoints[12]],
        )


def test_cli_verify_reports_success_and_the_failing_place(
    bundle: Path, record: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert truce_main(["record", "verify", str(bundle)]) == 0
    assert "OK: 20 entries" in capsys.readouterr().out
    trusted = tmp_path / "trusted.checkpoint"
    trusted.write_bytes(record.checkpoints[12])
    assert (
        truce_main(["record", "verify", str(bundle), "--trusted", str(trusted), "--key", record.log_vkey])
        == 0
    )
    t = _tampered(bundle, tmp_path)
    lines = _lines(t / "entries.jsonl")
    lines[2], lines[3] = lines[3], lines[2]
    (t / "entries.jsonl").write_bytes(b"".join(lines))
    assert truce_main(["record", "verify", str(t)]) == 1
    err = capsys.readouterr().err
    assert "entries.jsonl line 3 (index 2)" in err and "Traceback" not in err


def test_export_drops_signatures_of_unlisted_keys(record: Record, tmp_path: Path) -> None:
    from truce.core.record.note import generate_key, parse_verifier
    from truce.core.record.witness import merge_cosignatures

    stranger_skey, stranger_vkey = generate_key("stranger.example", alg=0x04)
    signed = record.checkpoints[20]
    stranger = parse_signer(stranger_skey)
    body = signed.decode()[: signed.decode().rfind("\n\n") + 1].encode()
    sig = base64.b64encode(stranger.key_hash.to_bytes(4, "big") + stranger.sign(body)).decode()
    extra = merge_cosignatures(
        signed, f"— stranger.example {sig}\n".encode(), [parse_verifier(stranger_vkey)]
    )
    assert b"stranger.example" in extra
    out = tmp_path / "b"
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=record.entries,
        checkpoints=[extra],
        witnesses=record.witness_keys(),
        quorum=2,
    )
    assert b"stranger.example" not in (out / "checkpoints" / "20").read_bytes()
    assert verify_bundle(out).ok


def test_bundle_accepts_witness_keys_written_with_type_1(record: Record, tmp_path: Path) -> None:
    from truce.core.record.note import Ed25519Verifier, parse_verifier

    as_type_1 = [
        (w.name, Ed25519Verifier(w.name, parse_verifier(w.vkey).public_key).vkey) for w in record.witnesses
    ]
    out = tmp_path / "b1"
    write_bundle(
        out,
        origin=ORIGIN,
        log_vkey=record.log_vkey,
        entries=record.entries,
        checkpoints=list(record.checkpoints.values()),
        witnesses=as_type_1,
        quorum=2,
    )
    report = verify_bundle(out)
    assert report.ok, report.error
    assert report.cosigners == ["witness.example/0", "witness.example/1"]


def test_pinned_quorum_overrides_a_lowered_one(record: Record, tmp_path: Path) -> None:
    t = _export(record, tmp_path / "low", quorum=0)
    note = (t / "checkpoints" / "20").read_text()
    (t / "checkpoints" / "20").write_text("".join(line + "\n" for line in note.split("\n")[:-3]))
    assert verify_bundle(t).ok
    report = verify_bundle(t, quorum=2)
    assert not report.ok and "quorum is 2" in report.error
    assert truce_main(["record", "verify", str(t), "--quorum", "1"]) == 1


def test_keys_json_must_be_canonical_and_complete(bundle: Path, tmp_path: Path) -> None:
    t = _tampered(bundle, tmp_path)
    keys = json.loads((t / "keys.json").read_text())
    (t / "keys.json").write_text(json.dumps(keys, indent=1) + "\n")
    assert verify_bundle(t).where == "keys.json"
    del keys["public"]
    (t / "keys.json").write_bytes(canonical_bytes(keys) + b"\n")
    report = verify_bundle(t)
    assert not report.ok and report.where == "keys.json" and "exactly the members" in report.error
