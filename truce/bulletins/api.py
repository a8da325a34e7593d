"""Bulletins over the API:

- ``POST /api/v1/bulletins``: produce and publish a bulletin (mediators);
- ``GET /api/v1/bulletins``: the published bulletins the caller may read (anyone: the public ones);
- ``GET /api/v1/bulletins/{bulletin_id}/file``: one bulletin's file, as published (its SHA-256 in
  ``X-Truce-Sha256``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from truce.apitypes import Page
from truce.bulletins.actions import Request, do_publish_bulletin, stored_path
from truce.bulletins.models import Bulletin
from truce.bulletins.render import MEDIA_TYPES
from truce.bulletins.visibility import bulletins_visible_to
from truce.core import clock
from truce.errors import NotFound

router = Router(tags=["bulletins"])

EXAMPLE: dict[str, Any] = {
    "agreement": "pak-afg-2025",
    "period": "week",
    "edition": "public",
    "party": "",
    "language": "ur",
    "format": "pdf",
    "case": None,
    "as_of": "2025-11-09",
}


class BulletinIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})  # type: ignore[dict-item]

    agreement: str
    period: Literal["day", "week", "spot"]
    edition: Literal["public", "party", "confidential"]
    party: str = Field("", description="The party whose edition it is (edition 'party' only)")
    language: str = Field(description="One of the agreement's languages")
    format: Literal["pdf", "html"]
    case: int | None = Field(None, description="The case of a spot bulletin")
    as_of: dt.date | None = Field(
        None, description="The period's last day (default: today, agreement's clock)"
    )


class BulletinOut(Schema):
    id: int
    reference: str
    agreement: str
    period: str
    edition: str
    party: str
    language: str
    format: str
    case: int | None
    as_of: dt.date
    start: dt.date | None
    end: dt.date | None
    sha256: str = Field(description="SHA-256 of the file, hex: the one BulletinPublished records")
    size: int
    checkpoint_size: int | None = Field(description="The signed checkpoint it was produced from")
    checkpoint_root: str
    record_index: int | None = Field(description="Its BulletinPublished entry in the record")
    published_at: str
    file: str = Field(description="Where to download it")


def bulletin_dict(b: Bulletin) -> dict[str, Any]:
    return {
        "id": b.pk,
        "reference": b.reference,
        "agreement": b.agreement_id,
        "period": b.period,
        "edition": b.edition,
        "party": b.party,
        "language": b.language,
        "format": b.fmt,
        "case": b.case_id,
        "as_of": b.as_of,
        "start": b.start,
        "end": b.end,
        "sha256": b.sha256,
        "size": b.size,
        "checkpoint_size": b.checkpoint_size,
        "checkpoint_root": b.checkpoint_root,
        "record_index": b.record_index,
        "published_at": clock.rfc3339(b.published_at),
        "file": f"/api/v1/bulletins/{b.pk}/file",
    }


def _caller(request: HttpRequest) -> Any:
    """The bearer's user on an operation open to anonymous callers (the access check looked it up)."""
    cached = getattr(request, "_truce_bearer", None)
    return cached[1].user if cached is not None and cached[1] is not None else None


@router.post("", response={201: BulletinOut}, summary="Produce and publish a bulletin (mediators)")
def publish_bulletin(request: HttpRequest, payload: BulletinIn) -> Status:
    bulletin = do_publish_bulletin(
        Request(
            agreement=payload.agreement,
            period=payload.period,
            edition=payload.edition,
            party=payload.party,
            language=payload.language,
            fmt=payload.format,
            case=payload.case,
            as_of=payload.as_of,
        ),
        acting_user=request.auth,  # type: ignore[attr-defined]
    )
    return Status(201, bulletin_dict(bulletin))


@router.get(
    "", response=list[BulletinOut], auth=None, summary="Published bulletins you may read, latest first"
)
def list_bulletins(
    request: HttpRequest,
    page: Query[Page],
    agreement: str | None = Query(None, description="Only this agreement's"),
) -> list[dict[str, Any]]:
    rows = bulletins_visible_to(_caller(request))
    if agreement is not None:
        rows = rows.filter(agreement_id=agreement)
    return [bulletin_dict(b) for b in page.of(rows.order_by("-published_at", "-id"))]


@router.get(
    "/{bulletin_id}/file",
    response=None,
    auth=None,
    summary="One bulletin's file as published (PDF or HTML)",
)
def bulletin_file(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = bulletins_visible_to(_caller(request)).filter(pk=bulletin_id).first()
    if bulletin is None:
        raise NotFound(f"no bulletin {bulletin_id}", field="bulletin")
    response = HttpResponse(
        stored_path(bulletin.sha256, bulletin.fmt).read_bytes(), content_type=MEDIA_TYPES[bulletin.fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{bulletin.filename}"'
    response["X-Truce-Sha256"] = bulletin.sha256
    # An HTML bulletin is the mechanism's document, not a page of this site: it runs nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    return response
