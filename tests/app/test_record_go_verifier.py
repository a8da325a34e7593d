"""Bundles the server exports (full, public, party) from real events pass Go's independent verifier as they
pass `truce record verify`, and a changed byte fails both (tools/verify-go; skipped without Go)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_record_world import world_fixture  # noqa: F401 - registers the fixture
from tests.core.record import gotool
from truce.core.record.bundle import verify_bundle
from truce.record.export import export_bundle

pytestmark = pytest.mark.go


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gotool.build(tmp_path_factory.mktemp("go"))


def _both(verifier: Path, world, bundle: Path, quorum: int = 2) -> tuple[bool, bool, str]:
    witnesses = [w.vkey for w in world.witnesses]
    python = verify_bundle(bundle, log_vkey=world.vkey, witness_vkeys=witnesses, quorum=quorum)
    pins = [arg for w in witnesses for arg in ("-witness", w)]
    go_ok, out = gotool.run(verifier, "bundle", "-key", world.vkey, "-quorum", str(quorum), *pins, bundle)
    return python.ok, go_ok, f"python: {python.where}: {python.error}; go: {out}"


@pytest.mark.parametrize(
    "kind",
    [{}, {"public": True}, {"party": "PK", "agreement": "pak-afg-2025"}],
    ids=["full", "public", "party"],
)
def test_go_accepts_what_the_server_exports(verifier, world, tmp_path, kind):
    bundle = tmp_path / "bundle"
    # The party bundle takes pak-afg-2025's witnesses and quorum (none), the others every agreement's.
    quorum = export_bundle(bundle, **kind).quorum
    python_ok, go_ok, said = _both(verifier, world, bundle, quorum)
    assert python_ok and go_ok, said


def test_go_and_python_both_refuse_a_changed_entry(verifier, world, tmp_path):
    bundle = tmp_path / "bundle"
    export_bundle(bundle, public=True)
    entries = bundle / "entries.jsonl"
    entries.write_bytes(entries.read_bytes().replace(b'"kind":"complaint"', b'"kind":"observation"', 1))
    python_ok, go_ok, said = _both(verifier, world, bundle)
    assert not python_ok and not go_ok, said
