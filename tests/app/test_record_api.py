"""The public record API: proofs that verify against the signed checkpoints with the core verifier, entries
without any opening, tlog-proofs, and proofs that stay right after the process's tree is rebuilt."""

from __future__ import annotations

import base64
import hashlib

import pytest

from tests.app.test_record_world import (
    SECRET_DESCRIPTION,
    world_fixture,  # noqa: F401 - registers the fixture
)
from truce.core.canonical import canonical_bytes
from truce.core.record.checkpoint import open_checkpoint
from truce.core.record.hashing import leaf_hash
from truce.core.record.note import parse_verifier
from truce.core.record.tlog_proof import verify_proof_file
from truce.core.record.verify import ProofError, verify_consistency, verify_inclusion
from truce.record.checkpoints import sign_checkpoint_now
from truce.record.models import Entry, Opening
from truce.record.tree import drop_cached_tree, nodes_path
from truce.record.witnesses import collect_cosignatures


def _signed(world, path: str):  # type: ignore[no-untyped-def]
    response = world.cast.api["anonymous"].get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    checkpoint, _ = open_checkpoint(response.content, [parse_verifier(world.vkey)], origin=world.origin)
    return checkpoint


def _two_checkpoints(world):  # type: ignore[no-untyped-def]
    first = sign_checkpoint_now(force=True)
    for _ in range(3):
        world.cast.api["pk"].file_report()
    second = sign_checkpoint_now(force=True)
    assert first is not None and second is not None
    return first, second


def _b64(items: list[str]) -> list[bytes]:
    return [base64.b64decode(h) for h in items]


def _check_every_proof(world, first, second) -> None:  # type: ignore[no-untyped-def]
    api = world.cast.api["anonymous"]
    cp1 = _signed(world, f"/api/v1/record/checkpoints/{first.size}")
    cp2 = _signed(world, "/api/v1/record/checkpoint")
    assert cp2.size == second.size
    leaves = dict(Entry.objects.values_list("index", "leaf"))
    for cp in (cp1, cp2):
        for index in range(cp.size):
            body = api.get(f"/api/v1/record/proof/inclusion?index={index}&size={cp.size}").json()
            assert body["leaf_hash"] == base64.b64encode(leaf_hash(leaves[index].encode())).decode()
            verify_inclusion(
                index, cp.size, leaf_hash(leaves[index].encode()), _b64(body["proof"]), cp.root_hash
            )
    body = api.get(f"/api/v1/record/proof/consistency?from={cp1.size}&to={cp2.size}").json()
    verify_consistency(cp1.size, cp2.size, _b64(body["proof"]), cp1.root_hash, cp2.root_hash)
    with pytest.raises(ProofError):  # the proof is for these roots, not any other
        verify_consistency(cp1.size, cp2.size, _b64(body["proof"]), cp2.root_hash, cp2.root_hash)


def test_record_info_is_public_and_names_origin_key_witnesses_and_quorum(world):
    sign_checkpoint_now(force=True)
    collect_cosignatures()
    body = world.cast.api["anonymous"].get("/api/v1/record/").json()
    assert body["origin"] == world.origin and body["log_vkey"] == world.vkey
    assert body["size"] == Entry.objects.count() == body["checkpoint_size"]
    assert body["quorum"] == 2
    assert {(w["name"], w["vkey"], w["cosigned_size"]) for w in body["witnesses"]} == {
        (w.name, w.vkey, body["size"]) for w in world.witnesses
    }


def test_inclusion_and_consistency_proofs_verify_against_the_signed_checkpoints(world):
    first, second = _two_checkpoints(world)
    _check_every_proof(world, first, second)


def test_proofs_stay_right_after_a_restart_and_after_losing_the_node_file(world):
    first, second = _two_checkpoints(world)
    drop_cached_tree()  # a restart: the node file is reopened, nothing rehashed
    _check_every_proof(world, first, second)
    drop_cached_tree()
    for suffix in ("", "-wal", "-shm"):
        nodes_path().with_name(nodes_path().name + suffix).unlink(missing_ok=True)
    _check_every_proof(world, first, second)  # rebuilt from the entries, the truth


def test_a_node_file_of_another_history_is_rebuilt(world):
    first, second = _two_checkpoints(world)
    _check_every_proof(world, first, second)
    # The database is replaced by one whose entries differ from what the node file was built from
    # (a restore): the tree notices at the last leaf and rebuilds.
    last = Entry.objects.order_by("-index").first()
    Entry.objects.filter(index=last.index).update(leaf=last.leaf.replace('"v":1', '"v":1 ', 1))
    api = world.cast.api["anonymous"]
    body = api.get(f"/api/v1/record/proof/inclusion?index={last.index}&size={last.index + 1}").json()
    assert (
        body["leaf_hash"]
        == base64.b64encode(leaf_hash(last.leaf.replace('"v":1', '"v":1 ', 1).encode())).decode()
    )


def test_entries_are_the_public_leaves_and_never_an_opening(world):
    api = world.cast.api["anonymous"]
    page = api.get("/api/v1/record/entries?start=0&limit=2").json()
    assert page["start"] == 0 and page["next"] == 2 and len(page["entries"]) == 2
    rest = api.get("/api/v1/record/entries?start=2&limit=1000").json()
    assert rest["next"] is None
    entries = page["entries"] + rest["entries"]
    digests = dict(Entry.objects.values_list("index", "digest"))
    assert [e["index"] for e in entries] == sorted(digests)
    for entry in entries:  # canonical re-encoding gives back the exact hashed bytes
        assert hashlib.sha256(canonical_bytes(entry)).hexdigest() == digests[entry["index"]]
    raw = b"".join(api.get(f"/api/v1/record/entries?start={n}&limit=1").content for n in digests)
    assert SECRET_DESCRIPTION.encode() not in raw
    for opening in Opening.objects.all():
        assert opening.salt.encode() not in raw


def test_tlog_proof_verifies_alone_with_the_witness_quorum(world):
    sign_checkpoint_now(force=True)
    collect_cosignatures()
    index = Entry.objects.get(subject=f"report:{world.ids['pk_report']}", type="ReportFiled").index
    response = world.cast.api["anonymous"].get(f"/api/v1/record/tlog-proof?index={index}")
    assert response.status_code == 200
    result = verify_proof_file(
        response.content.decode(), [world.vkey], quorum=2, witness_vkeys=[w.vkey for w in world.witnesses]
    )
    assert result.index == index and result.entry is not None and result.entry.type == "ReportFiled"
    assert sorted(result.cosigners) == sorted(w.name for w in world.witnesses)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/record/proof/inclusion?index=99&size=3",
        "/api/v1/record/proof/inclusion?index=0&size=9999",
        "/api/v1/record/proof/consistency?from=0&to=3",
        "/api/v1/record/proof/consistency?from=4&to=3",
        "/api/v1/record/entries?start=0&limit=5000",
        "/api/v1/record/tlog-proof?index=9999",
    ],
)
def test_impossible_questions_get_a_clear_422(world, path):
    sign_checkpoint_now(force=True)
    response = world.cast.api["anonymous"].get(path)
    assert response.status_code == 422
    assert response.json()["message"]


def test_before_any_checkpoint_the_checkpoint_is_404(world):
    api = world.cast.api["anonymous"]
    assert api.get("/api/v1/record/checkpoint").status_code == 404
    assert api.get("/api/v1/record/checkpoints/1").status_code == 404
    assert "record checkpoint" in api.get("/api/v1/record/checkpoint").json()["message"]
