"""Exported bundles verify offline; a changed byte fails naming the place; public and party bundles hold
only what they may."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_record_world import (
    DRAFT_DESCRIPTION,
    SECRET_DESCRIPTION,
    SECRET_SOURCE,
    WITNESSED,
    world_fixture,  # noqa: F401 - registers the fixture
)
from truce.core.record.bundle import verify_bundle
from truce.record.export import export_bundle
from truce.record.models import Entry, Opening


def _bundle_bytes(directory: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file())


def _entry_of_report(report_id: int, entry_type: str) -> Entry:
    return Entry.objects.get(subject=f"report:{report_id}", type=entry_type)


def test_full_export_verifies_with_every_opening_and_the_witness_quorum(world, tmp_path):
    out = tmp_path / "full"
    result = export_bundle(out)
    assert result.entries == Entry.objects.count()
    assert result.openings == Opening.objects.count() > 0
    assert result.cosigners == sorted(w.name for w in world.witnesses) and result.quorum == 2
    report = verify_bundle(out, log_vkey=world.vkey, quorum=2)
    assert report.ok, (report.where, report.error)
    assert report.entries == result.entries and report.openings == result.openings
    assert report.cosigners == sorted(w.name for w in world.witnesses)
    assert SECRET_DESCRIPTION.encode() in (out / "openings.jsonl").read_bytes()


def test_a_changed_byte_in_an_entry_fails_naming_its_line(world, tmp_path):
    out = tmp_path / "full"
    export_bundle(out, public=True)
    entries = out / "entries.jsonl"
    lines = entries.read_bytes().split(b"\n")
    target = _entry_of_report(world.ids["pk_report"], "ReportFiled").index
    lines[target] = lines[target].replace(b'"kind":"complaint"', b'"kind":"observation"')
    entries.write_bytes(b"\n".join(lines))
    report = verify_bundle(out)
    assert not report.ok
    assert report.where == f"entries.jsonl line {target + 1} (index {target})"
    assert report.index == target


def test_a_changed_byte_in_a_checkpoint_fails_naming_the_file(world, tmp_path):
    out = tmp_path / "full"
    export_bundle(out, public=True)
    [checkpoint] = list((out / "checkpoints").iterdir())
    text = checkpoint.read_bytes()
    root_line = text.split(b"\n")[2]
    changed = bytes([root_line[0] ^ 0x01]) + root_line[1:]  # a different letter of the root's base64
    checkpoint.write_bytes(text.replace(root_line, changed, 1))
    report = verify_bundle(out)
    assert not report.ok
    assert report.where == f"checkpoints/{checkpoint.name}"


def test_a_public_bundle_holds_no_sealed_value(world, tmp_path):
    out = tmp_path / "public"
    result = export_bundle(out, public=True)
    assert result.openings is None and not (out / "openings.jsonl").exists()
    assert verify_bundle(out, quorum=2).ok
    everything = _bundle_bytes(out)
    for opening in Opening.objects.all():
        assert opening.salt.encode() not in everything
    for secret in (SECRET_DESCRIPTION, SECRET_SOURCE, DRAFT_DESCRIPTION, "pk", "af"):
        # "pk" and "af" are the cast's usernames, sealed in every entry's "by"; quoted to avoid words.
        needle = secret if secret not in ("pk", "af") else f'"{secret}"'
        assert needle.encode() not in everything, needle
    evidence = Opening.objects.get(entry__type="EvidenceAdded", name="sha256").value
    assert evidence.encode() not in everything  # the evidence file's hash is sealed too


def test_a_party_bundle_opens_its_own_entries_and_not_the_other_partys_draft(world, tmp_path):
    out = tmp_path / "pk"
    result = export_bundle(out, party="PK", agreement="pak-afg-2025")
    report = verify_bundle(out)
    assert report.ok, (report.where, report.error)
    assert result.openings == report.openings > 0
    opened = [json.loads(line) for line in (out / "openings.jsonl").read_text().splitlines()]
    filed = _entry_of_report(world.ids["pk_report"], "ReportFiled").index
    evidence = _entry_of_report(world.ids["pk_report"], "EvidenceAdded").index
    draft = _entry_of_report(world.ids["af_draft"], "ReportFiled").index
    fields = {(o["index"], o["name"]) for o in opened}
    assert {(filed, "incident"), (filed, "by"), (evidence, "details")} <= fields
    assert not any(o["index"] == draft for o in opened)
    everything = _bundle_bytes(out)
    assert SECRET_DESCRIPTION.encode() in everything and SECRET_SOURCE.encode() in everything
    assert DRAFT_DESCRIPTION.encode() not in everything


def test_the_accused_party_opens_the_complaint_but_not_the_protected_source(world, tmp_path):
    out = tmp_path / "af"
    export_bundle(out, party="AF", agreement="pak-afg-2025")
    assert verify_bundle(out).ok
    opened = [json.loads(line) for line in (out / "openings.jsonl").read_text().splitlines()]
    filed = _entry_of_report(world.ids["pk_report"], "ReportFiled").index
    draft = _entry_of_report(world.ids["af_draft"], "ReportFiled").index
    fields = {(o["index"], o["name"]) for o in opened}
    assert (filed, "incident") in fields and (filed, "by") not in fields  # not who filed, by name
    assert (draft, "incident") in fields  # its own draft
    everything = _bundle_bytes(out)
    assert SECRET_SOURCE.encode() not in everything
    assert f'"{world.cast.pk.username}"'.encode() not in everything


def test_an_agreement_without_witnesses_exports_with_quorum_zero(world, tmp_path):
    out = tmp_path / "pak"
    result = export_bundle(out, public=True, agreement="pak-afg-2025")
    assert result.quorum == 0 and result.cosigners == []
    keys = json.loads((out / "keys.json").read_text())
    assert keys["witnesses"] == [] and keys["quorum"] == 0
    assert verify_bundle(out).ok  # cosignatures of unlisted witnesses were left out, not kept as strangers
    witnessed = tmp_path / "witnessed"
    assert export_bundle(witnessed, public=True, agreement=WITNESSED).quorum == 2
    assert verify_bundle(witnessed).ok
