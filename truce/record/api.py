"""The public record API under /api/v1/record/: no token needed, the record is public. Openings (the
values behind sealed fields) are never served here; they travel only in non-public export bundles.

Proof sizes default to the latest signed checkpoint, so a client checks what it gets against a signed
root; any size up to the record's current size is allowed.
"""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError

from truce.apitypes import MAX_INDEX
from truce.core.record.tlog_proof import prove
from truce.record.checkpoints import RecordKeyError, freshness, latest_checkpoint, log_vkey
from truce.record.models import Checkpoint, Cosignature, Entry, Head, WitnessContact
from truce.record.tree import reading_tree
from truce.record.witnesses import listed_witnesses

router = Router(tags=["record"])

MAX_ENTRIES = 1000


class HeadOut(Schema):
    size: int
    digest: str


class WitnessOut(Schema):
    name: str
    label: str
    vkey: str
    cosigned_size: int | None  # the largest checkpoint it cosigned, None if none yet
    cosigned_at: int | None  # Unix seconds in that cosignature
    lag_entries: int | None  # latest checkpoint's size minus cosigned_size; None if it never cosigned
    last_error: str


class RecordOut(Schema):
    origin: str
    log_vkey: str
    size: int
    checkpoint_size: int | None
    checkpoint_age_seconds: int | None  # since the latest checkpoint was signed
    unsigned_entries: int  # entries no checkpoint covers yet
    oldest_unsigned_age_seconds: int | None  # since the first entry no checkpoint covers was written
    witnesses: list[WitnessOut]
    quorum: int


class ProofOut(Schema):
    index: int
    size: int
    leaf_hash: str
    proof: list[str]


class ConsistencyOut(Schema):
    size1: int
    size2: int
    proof: list[str]


class EntriesOut(Schema):
    start: int
    entries: list[dict[str, Any]]
    next: int | None


def _b64(items: list[bytes]) -> list[str]:
    return [base64.b64encode(h).decode() for h in items]


def _text(body: str) -> HttpResponse:
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def _latest() -> Checkpoint:
    latest = latest_checkpoint()
    if latest is None:
        raise HttpError(404, "no checkpoint has been signed yet; run `truce record checkpoint`")
    return latest


def _head_size() -> int:
    row = Head.objects.filter(id=1).first()
    return row.size if row else 0


@router.get(
    "/head", response=HeadOut, auth=None, summary="The record's size and the digest of its last entry"
)
def head(request: HttpRequest) -> dict[str, object]:
    row = Head.objects.filter(id=1).first()
    return {"size": row.size if row else 0, "digest": row.digest if row else "0" * 64}


@router.get("/", response=RecordOut, auth=None, summary="Origin, log key, witnesses, quorum and size")
def record(request: HttpRequest) -> dict[str, object]:
    try:
        vkey = log_vkey()
    except RecordKeyError as exc:
        raise HttpError(503, f"the record has no signing key yet: {exc}") from exc
    latest = latest_checkpoint()
    witnesses, quorum = listed_witnesses()
    contacts = {c.name: c for c in WitnessContact.objects.all()}
    out = []
    for w in witnesses:
        last = Cosignature.objects.filter(witness=w.name).order_by("-checkpoint_id").first()
        contact = contacts.get(w.name)
        out.append(
            {
                "name": w.name,
                "label": w.label,
                "vkey": w.vkey,
                "cosigned_size": last.checkpoint_id if last else None,
                "cosigned_at": last.timestamp if last else None,
                "lag_entries": latest.size - last.checkpoint_id if last and latest else None,
                "last_error": contact.error if contact else "",
            }
        )
    return {
        "origin": vkey.split("+", 1)[0],
        "log_vkey": vkey,
        "size": _head_size(),
        "checkpoint_size": latest.size if latest else None,
        **vars(freshness()),
        "witnesses": out,
        "quorum": quorum,
    }


@router.get("/checkpoint", auth=None, summary="The latest signed checkpoint with its cosignatures (text)")
def checkpoint(request: HttpRequest) -> HttpResponse:
    return _text(_latest().note)


@router.get("/checkpoints/{size}", auth=None, summary="The signed checkpoint of one size (text)")
def checkpoint_of_size(request: HttpRequest, size: Annotated[int, Path(ge=0, le=MAX_INDEX)]) -> HttpResponse:
    row = Checkpoint.objects.filter(size=size).first()
    if row is None:
        raise HttpError(404, f"no checkpoint of size {size} was signed; see /api/v1/record/checkpoint")
    return _text(row.note)


@router.get("/proof/inclusion", response=ProofOut, auth=None, summary="Inclusion proof of one entry")
def inclusion(
    request: HttpRequest,
    index: int = Query(..., ge=0, le=MAX_INDEX),
    size: int | None = Query(None, ge=1, le=MAX_INDEX),
) -> dict[str, object]:
    size = _latest().size if size is None else size
    with reading_tree() as tree:
        if not 0 < size <= tree.size:
            raise HttpError(422, f"size must be between 1 and the record's size {tree.size}")
        if not 0 <= index < size:
            raise HttpError(422, f"index must be between 0 and size - 1 ({size - 1})")
        proof = tree.inclusion_proof(index, size)
        leaf = tree.leaf_hash(index)
    return {"index": index, "size": size, "leaf_hash": _b64([leaf])[0], "proof": _b64(proof)}


@router.get(
    "/proof/consistency", response=ConsistencyOut, auth=None, summary="Consistency proof between two sizes"
)
def consistency(
    request: HttpRequest,
    size1: int = Query(..., alias="from", ge=1, le=MAX_INDEX),
    size2: int | None = Query(None, alias="to", ge=1, le=MAX_INDEX),
) -> dict[str, object]:
    size2 = _latest().size if size2 is None else size2
    with reading_tree() as tree:
        if not 0 < size1 <= size2 <= tree.size:
            raise HttpError(422, f"need 0 < from <= to <= {tree.size} (the record's size)")
        proof = tree.consistency_proof(size1, size2)
    return {"size1": size1, "size2": size2, "proof": _b64(proof)}


@router.get("/entries", response=EntriesOut, auth=None, summary="Entries (public fields and commitments)")
def entries(
    request: HttpRequest,
    start: int = Query(0, ge=0, le=MAX_INDEX),
    limit: int = Query(100, ge=1, le=MAX_ENTRIES),
) -> dict[str, object]:
    leaves = list(
        Entry.objects.filter(index__gte=start).order_by("index").values_list("index", "leaf")[: limit + 1]
    )
    more = len(leaves) > limit
    leaves = leaves[:limit]
    return {
        "start": start,
        "entries": [json.loads(leaf) for _, leaf in leaves],
        "next": leaves[-1][0] + 1 if more else None,
    }


@router.get("/tlog-proof", auth=None, summary="A C2SP tlog-proof of one entry under the latest checkpoint")
def tlog_proof(request: HttpRequest, index: int = Query(..., ge=0, le=MAX_INDEX)) -> HttpResponse:
    latest = _latest()
    if not 0 <= index < latest.size:
        raise HttpError(422, f"index must be below the latest checkpoint's size {latest.size}")
    leaf = Entry.objects.values_list("leaf", flat=True).get(index=index)
    with reading_tree() as tree:
        text = prove(tree, index, latest.note.encode(), leaf.encode("utf-8"))
    return _text(text)
