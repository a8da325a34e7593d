"""The world of the record tests: an instance with its log key, two real witnesses serving on 127.0.0.1,
an agreement that lists them, and entries made through real actions. Other test_record_* files import
the ``world`` fixture from here (as ``world_fixture``, the function that defines it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.app.story import SOUTH_SUDAN, incident
from truce.agreements.actions import do_load_agreement
from truce.core.record.witness import Witness, init_witness
from truce.core.record.witness_server import make_server
from truce.instance import prepare_home
from truce.record.checkpoints import log_signer, log_vkey
from truce.record.tree import drop_cached_tree

WITNESSED = "witnessed-2018"
SECRET_DESCRIPTION = "Seven rounds struck the well at Kilometre 12 before dawn."
SECRET_SOURCE = "Sergeant Qadir Wazir at the Kilometre 12 post"
DRAFT_DESCRIPTION = "A patrol was fired on near the Torkham customs shed at dusk."


@dataclass
class RunningWitness:
    name: str
    vkey: str
    state: Path
    url: str
    witness: Witness
    server: Any

    def latest_size(self, origin: str) -> int:
        latest = self.witness.latest(origin)
        return latest.size if latest else 0


@dataclass
class World:
    cast: Any
    origin: str
    vkey: str
    witnesses: list[RunningWitness]
    ids: dict[str, int] = field(default_factory=dict)


def start_witness(tmp_path: Path, name: str, origin: str, vkey: str) -> RunningWitness:
    state = tmp_path / name.replace("/", "_")
    witness_vkey = init_witness(state, name, [(origin, vkey)])
    witness = Witness(state)
    server = make_server(witness, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return RunningWitness(name, witness_vkey, state, f"http://{host}:{port}", witness, server)


def load_witnessed_agreement(tmp_path: Path, witnesses: list[RunningWitness], quorum: int) -> None:
    """A copy of the South Sudan agreement under another id, listing the witnesses (their 0x04 keys,
    as `truce witness init` prints them)."""
    text = SOUTH_SUDAN.read_text(encoding="utf-8").replace('id = "south-sudan-2018"', f'id = "{WITNESSED}"')
    text = text.replace("[procedure]\n", f"[procedure]\nwitness_quorum = {quorum}\n", 1)
    for n, w in enumerate(witnesses):
        text += f'\n[[witness]]\nname = "Witness {n + 1}"\nkey = "{w.vkey}"\n'
    path = tmp_path / "witnessed.toml"
    path.write_text(text, encoding="utf-8")
    do_load_agreement(path, acting_user=None)


def make_entries(cast: Any) -> dict[str, int]:
    """Pakistan files a complaint with evidence from a protected source; Afghanistan keeps a draft."""
    api = cast.api
    filed = api["pk"].file_report(incident=incident(description=SECRET_DESCRIPTION))
    assert filed.status_code == 201, filed.content
    report = filed.json()["id"]
    added = api["pk"].add_file(report, obtained_from=SECRET_SOURCE, source_protected="true")
    assert added.status_code == 201, added.content
    draft = api["af"].file_report(
        incident=incident(
            description=DRAFT_DESCRIPTION,
            accused_party="PK",
            actors=[{"name": "Pakistani border forces", "type": "State forces", "role": "perpetrator"}],
            location={
                "name": "Torkham",
                "country": "AF",
                "admin1": "Nangarhar",
                "lat": 34.1,
                "lon": 71.09,
                "geo_precision": 1,
            },
        ),
        draft=True,
    )
    assert draft.status_code == 201, draft.content
    return {"pk_report": report, "af_draft": draft.json()["id"]}


@pytest.fixture(name="world")
def world_fixture(cast, tmp_path, settings) -> Iterator[World]:  # type: ignore[no-untyped-def]
    prepare_home()
    origin, vkey = log_signer().name, log_vkey()
    settings.TRUCE_CHECKPOINT_ENTRIES, settings.TRUCE_CHECKPOINT_SECONDS = 100, 60
    witnesses = [
        start_witness(tmp_path, f"witness.{party}.example/truce", origin, vkey) for party in ("pk", "qa")
    ]
    settings.TRUCE_WITNESS_URLS = ",".join(f"{w.name}={w.url}" for w in witnesses)
    load_witnessed_agreement(tmp_path, witnesses, quorum=2)
    drop_cached_tree()
    world = World(cast, origin, vkey, witnesses)
    world.ids = make_entries(cast)
    yield world
    for w in witnesses:
        w.server.shutdown()
        w.server.server_close()
    drop_cached_tree()


def test_the_record_page_shows_which_checkpoint_each_witness_cosigned(world):
    from truce.record.checkpoints import sign_checkpoint_now
    from truce.record.witnesses import collect_cosignatures

    first = sign_checkpoint_now(force=True)
    assert first is not None
    collect_cosignatures()
    world.witnesses[1].server.shutdown()  # the second witness goes offline
    world.witnesses[1].server.server_close()
    world.cast.api["pk"].file_report()
    second = sign_checkpoint_now(force=True)
    assert second is not None and second.size > first.size
    lines = collect_cosignatures()
    assert any(line.startswith(f"witness {world.witnesses[0].name} cosigned") for line in lines)
    assert any(world.witnesses[1].name in line and "no cosignature" in line for line in lines)

    page = world.cast.api["anonymous"].client.get("/record/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world.origin in html and world.vkey in html
    assert f"{second.size} (latest)" in html  # the first witness is current
    assert f"<td>{first.size}</td>" in html  # the second stopped at the first checkpoint
    assert "1 of 2 required cosignatures" in html
