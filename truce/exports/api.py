"""Exports, imports and statistics over the API:

- ``GET /api/v1/exports/{kind}.{format}``: a streamed export of what the caller may see (observers: the
  public scope), stamped with the record's size and root in ``X-Truce-*`` headers (and, for JSON and
  GeoJSON, in the body);
- ``POST /api/v1/imports/acled``: an ACLED CSV file as leads (mediators);
- ``GET /api/v1/stats``: counts by period, party, type, commitment or status.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain
from typing import Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from truce.errors import ActionError, TooLarge
from truce.exports import stats
from truce.exports.scope import user_scope
from truce.exports.stream import export, headers
from truce.sources.imports import do_import_acled

router = Router(tags=["exports"])

# An ACLED file of a country-decade is a few tens of MB; the request size limit does not apply to files.
MAX_IMPORT_BYTES = 200 * 1024 * 1024


@router.get(
    "/exports/{kind}.{fmt}",
    response=None,
    summary="Incidents, cases, rulings or penalties as CSV, JSON, GeoJSON or ACLED CSV, as you may see them",
)
def export_kind(
    request: HttpRequest,
    kind: Literal["incidents", "cases", "rulings", "penalties"],
    fmt: Literal["csv", "json", "geojson", "acled"],
    agreement: str | None = Query(
        None, description="Observers: only this agreement (default: every published case)"
    ),
) -> StreamingHttpResponse:
    scope = user_scope(request.auth, agreement)  # type: ignore[attr-defined]
    result = export(kind, fmt, scope)
    # The first piece reads the stamp (in the export's read transaction), so the headers can carry it.
    first = next(result.pieces)
    response = StreamingHttpResponse(chain([first], result.pieces), content_type=result.content_type)
    for name, value in headers(result.meta).items():
        response[name] = value
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


class RejectedOut(Schema):
    line: int = Field(description="line of the file (the header is line 1)")
    event_id_cnty: str
    reason: str


class AcceptedOut(Schema):
    line: int
    event_id_cnty: str
    lead: int | None = Field(description="the lead raised (null in a dry run)")


class SkippedOut(Schema):
    line: int
    event_id_cnty: str
    reason: str


class ImportOut(Schema):
    written: bool
    accepted: list[AcceptedOut]
    skipped: list[SkippedOut]
    rejected: list[RejectedOut]


# One ACLED row (the demo agreement's Chaman shelling), as a client would upload it.
IMPORT_EXAMPLE = {
    "file": (
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,inter1,"
        "actor2,inter2,iso,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities\r\n"
        "PAK90001,2025-10-28,2025,1,Political violence,Explosions/Remote violence,"
        "Shelling/artillery/missile attack,Military Forces of Afghanistan (2021-),1,Civilians (Pakistan),7,"
        "586,Pakistan,Balochistan,Chaman,30.9210,66.4597,1,Dawn,Mortar rounds hit Chaman.,3\r\n"
    )
}


@router.post(
    "/imports/acled",
    response={200: ImportOut},
    openapi_extra={
        "requestBody": {
            "content": {"multipart/form-data": {"examples": {"acled": {"value": IMPORT_EXAMPLE}}}}
        }
    },
    summary="Import an ACLED CSV file as leads: all rows or none; rows imported before are skipped",
)
def import_acled(
    request: HttpRequest,
    file: UploadedFile | None = File(None),  # noqa: B008
    dry_run: bool = Query(
        False, description="check the file and say what would be imported, writing nothing"
    ),
) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    if file is None:
        # An empty upload reaches here as no file at all.
        raise ActionError(
            "give the ACLED CSV file as the multipart field 'file' (it was missing or empty)", field="file"
        )
    if file.size is not None and file.size > MAX_IMPORT_BYTES:
        raise TooLarge(f"the file is over {MAX_IMPORT_BYTES:,} bytes; split it", field="file")
    data = file.read()
    report = do_import_acled(
        str(user.agreement_id), data, name=file.name or "upload.csv", dry_run=dry_run, acting_user=user
    )
    return report.as_dict()


class CountOut(Schema):
    key: str | None = Field(
        description="the period's first day, party code, sub-event type, commitment id or status"
    )
    count: int


class StatsOut(Schema):
    agreement: str | None
    scope: str
    by: str
    period: str | None
    start: dt.date | None = Field(alias="from")
    end: dt.date | None = Field(alias="to")
    counts: list[CountOut]


@router.get(
    "/stats", response=StatsOut, by_alias=True, summary="Counts of what you may see, by one dimension"
)
def get_stats(
    request: HttpRequest,
    by: Literal["period", "party", "type", "commitment", "status"],
    start: dt.date | None = Query(None, alias="from", description="first incident day counted"),  # noqa: B008
    end: dt.date | None = Query(None, alias="to", description="last incident day counted"),  # noqa: B008
    period: Literal["day", "week", "month"] = "month",
    agreement: str | None = Query(
        None, description="Observers: only this agreement (default: every published case)"
    ),
) -> dict[str, Any]:
    if start is not None and end is not None and end < start:
        raise ActionError(f"to {end} is before from {start}", field="to")
    scope = user_scope(request.auth, agreement)  # type: ignore[attr-defined]
    return {
        "agreement": scope.agreement,
        "scope": scope.label,
        "by": by,
        "period": period if by == "period" else None,
        "from": start,
        "to": end,
        "counts": stats.counts(scope, by, start=start, end=end, period=period),
    }
