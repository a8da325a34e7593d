from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, ValidationError, WithJsonSchema

from truce.apitypes import Moment, Page
from truce.cases.search import search_reports
from truce.core.incident import MAX_ACTORS, MAX_COMMITMENTS
from truce.errors import ActionError, NotFound
from truce.idempotency.api import before_transaction
from truce.reports import actions, evidence_store
from truce.reports.access_log import log_download, log_shown
from truce.reports.evidence_intake import EvidenceInput
from truce.reports.models import Evidence
from truce.reports.present import evidence_dict, latest_rendition, rendition_dict, report_dict
from truce.reports.visibility import may_see_protected, reports_visible_to

router = Router(tags=["reports"])

EXAMPLE_INCIDENT: dict[str, Any] = {
    "title": "Mortar fire on border posts near Chaman",
    "sub_event_type": "Shelling/artillery/missile attack",
    "date": "2025-10-25",
    "date_precision": "day",
    "location": {
        "name": "Chaman",
        "country": "PK",
        "admin1": "Balochistan",
        "lat": 30.9210,
        "lon": 66.4597,
        "geo_precision": 1,
    },
    "actors": [
        {"name": "Afghan Taliban border forces", "type": "State forces", "role": "perpetrator"},
        {"name": "Frontier Corps Balochistan", "type": "State forces", "role": "target"},
    ],
    "fatalities": {"low": 0, "best": 0, "high": 1},
    "commitments": ["C1"],
    "accused_party": "AF",
    "description": (
        "Mortar rounds landed near two border posts east of the crossing shortly after 21:00 local time."
    ),
    "language": "en",
}


class LocationIn(Schema):
    name: str
    country: str = ""
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = Field(
        None, description="ACLED geo precision: 1 the place, 2 near it, 3 region only"
    )


class ActorIn(Schema):
    name: str
    type: str = Field("", description="ACLED actor type, e.g. 'State forces', 'Rebel group', 'Civilians'")
    role: Literal["perpetrator", "target", "other"] = "other"


class FatalitiesIn(Schema):
    low: int | None = None
    best: int | None = None
    high: int | None = None


class IncidentIn(Schema):
    title: str
    sub_event_type: str = Field(description="An ACLED sub-event type or a category of the agreement")
    event_type: str | None = Field(None, description="Optional; derived from sub_event_type")
    date: dt.date
    date_precision: Literal["day", "week", "month"] = "day"
    time: str | None = Field(
        None,
        description="Time of day on the agreement's clock (its timezone), HH:MM, when known",
        examples=["21:05"],
    )
    location: LocationIn
    actors: list[ActorIn] = Field([], max_length=MAX_ACTORS)
    fatalities: FatalitiesIn = FatalitiesIn()
    injured: FatalitiesIn = Field(FatalitiesIn(), description="People injured: low, best and high figures")
    commitments: list[str] = Field(
        [],
        max_length=MAX_COMMITMENTS,
        description="Ids of the commitments alleged breached (required for complaints)",
    )
    accused_party: str = Field("", description="Code of the party accused (required for complaints)")
    description: str = ""
    language: str = "en"


class ReportIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "agreement": "pak-afg-2025",
                    "draft": False,
                    "case": None,
                    "urgent": False,
                    "incident": EXAMPLE_INCIDENT,
                }
            ]
        }  # type: ignore[dict-item]
    )

    agreement: str
    draft: bool = Field(False, description="Keep as a draft (own side only, no case) until submitted")
    case: int | None = Field(None, description="Join this case instead of letting the same incident be found")
    urgent: bool = Field(False, description="Hotline: notify every mediator and the accused party at once")
    incident: IncidentIn


class SubmitIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"case": None}]})

    case: int | None = None


class FiledOut(Schema):
    id: int
    status: str
    case: int | None
    case_reference: str | None


class ReportOut(Schema):
    id: int
    agreement: str
    kind: str
    status: str
    filing_party: str
    filed_by: str | None
    case: dict[str, Any] | None
    created_at: str
    submitted_at: str | None
    urgent: bool = False
    urgent_notified_at: str | None = None
    incident: dict[str, Any]
    evidence: list[dict[str, Any]] = []
    protected_withheld: int | None = Field(
        None, description="protected evidence items withheld from you (with the evidence only)"
    )


def _filed(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "status": report.status,
        "case": report.case_id,
        "case_reference": report.case.reference if report.case_id else None,
    }


@router.post("", response={201: FiledOut}, summary="File a complaint (liaison) or an observation (monitor)")
def file_report(request: HttpRequest, payload: ReportIn) -> Status:
    report = actions.do_file_report(
        agreement_id=payload.agreement,
        incident=payload.incident.model_dump(mode="json"),
        draft=payload.draft,
        case_id=payload.case,
        urgent=payload.urgent,
        acting_user=request.auth,  # type: ignore[attr-defined]
    )
    return Status(201, _filed(report))


@router.get("", response=list[ReportOut], summary="Reports you may see, newest first")
def list_reports(
    request: HttpRequest,
    page: Query[Page],
    q: str = Query(
        "",
        max_length=200,
        description="Search: every word must begin a word of the report's title or place or of its case's "
        "reference",
    ),
) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    rows = reports_visible_to(user)
    if q:
        rows = search_reports(rows, q)
    rows = page.of(rows.select_related("case", "filed_by"))
    return [report_dict(r, user, with_evidence=False) for r in rows]


@router.get("/{report_id}", response=ReportOut, summary="One report with its evidence")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    out = report_dict(actions.get_visible_report(report_id, user), user)
    log_shown(user, out, via="api")
    return out


@router.post(
    "/{report_id}/submit",
    response=FiledOut,
    summary="Submit a draft: it opens or joins a case (the body is optional)",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"examples": {"auto": {"value": {"case": None}}}}}}
    },
)
def submit_report(request: HttpRequest, report_id: int, payload: SubmitIn | None = None) -> dict[str, Any]:
    report = actions.do_submit_report(
        report_id,
        case_id=payload.case if payload else None,
        acting_user=request.auth,  # type: ignore[attr-defined]
    )
    return _filed(report)


EVIDENCE_EXAMPLE = {
    "file": "(binary: the photograph, video, document…)",
    "description": "Photograph of the impact crater beside the northern post, taken the next morning",
    "obtained_how": "Taken by the post commander on a phone camera",
    "obtained_at": "2025-10-26T07:40:00+05:00",
    "obtained_from": "Post commander, northern post",
    "source_protected": "false",
    "reliability": "B",
    "credibility": "2",
}


class EvidenceFields(Schema):
    """The form fields of every evidence upload (reports, cases, replies), beside the ``file`` part."""

    url: str = Field("", description="a link, instead of a file")
    description: str = ""
    obtained_how: str = ""
    # A form field cannot be null, only absent: declared as an optional string, not "date-time or null".
    obtained_at: Annotated[Moment | None, WithJsonSchema({"type": "string", "format": "date-time"})] = Field(
        None, description="with a time zone"
    )
    obtained_from: str = Field("", description="who it came from")
    source_protected: bool = Field(
        False,
        description="protect the item: only the mediators and your side see it (file, name, description, "
        "provenance, grading); the other side sees that it exists and its redacted rendition, if any",
    )
    reliability: str = Field("F", description="Admiralty source reliability A-F")
    credibility: str = Field("6", description="Admiralty information credibility 1-6")

    def to_input(self, file: UploadedFile | None) -> EvidenceInput:
        return EvidenceInput(
            filename=(file.name or "") if file is not None else "",
            media_type=(file.content_type or "") if file is not None else "",
            url=self.url,
            description=self.description,
            obtained_how=self.obtained_how,
            obtained_at=self.obtained_at,
            obtained_from=self.obtained_from,
            source_protected=self.source_protected,
            reliability=self.reliability.strip().upper(),
            credibility=self.credibility.strip(),
        )


EVIDENCE_BODY = {
    "requestBody": {"content": {"multipart/form-data": {"examples": {"photo": {"value": EVIDENCE_EXAMPLE}}}}}
}


RECEIVED = "truce_received"  # on the request's UploadedFile: what receive_upload stored of it


def receive_upload(request: HttpRequest, user: Any, report_id: object = "", **_: Any) -> None:
    """Store the uploaded file before the ``Idempotency-Key``'s transaction opens (the fsyncs then hold
    no write lock), when every check that could refuse it passes; otherwise store nothing and let the
    operation answer the refusal. ``add_evidence`` finds the result on the file."""
    upload = request.FILES.get("file")
    if upload is None or not isinstance(report_id, (int, str)) or not str(report_id).isdigit():
        return
    try:
        fields = EvidenceFields.model_validate(request.POST.dict())
    except ValidationError:
        return
    try:
        received = actions.receive_evidence_file(
            int(report_id),
            upload=upload,  # type: ignore[arg-type]  # a file object, with its size
            evidence=fields.to_input(upload),  # type: ignore[arg-type]  # ninja's is Django's, checked
            acting_user=user,
        )
    except ActionError:
        return
    finally:
        upload.seek(0)
    setattr(upload, RECEIVED, received)


@router.post(
    "/{report_id}/evidence",
    response={201: dict[str, Any]},
    summary="Attach a file (multipart field 'file') or a link ('url') with its provenance and grading",
    openapi_extra=EVIDENCE_BODY,
)
@before_transaction(receive_upload)
def add_evidence(
    request: HttpRequest,
    report_id: int,
    fields: Form[EvidenceFields],
    file: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    user = request.auth  # type: ignore[attr-defined]
    evidence = actions.do_add_evidence(
        report_id,
        # The UploadedFile itself, not its .file: its size is known, so the daily limit refuses before
        # anything is written.
        upload=file,  # type: ignore[arg-type]
        evidence=fields.to_input(file),
        acting_user=user,
        received=getattr(file, RECEIVED, None),
    )
    return Status(201, evidence_dict(evidence, user))


def serve_file(opened: Any, evidence: Evidence, sha256: str, label: str) -> FileResponse:
    response = FileResponse(opened, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{label}-{evidence.pk}-{sha256[:12]}"'
    response["X-Content-SHA256"] = sha256
    return response


@router.get(
    "/{report_id}/evidence/{evidence_id}/content",
    summary="The original bytes of a file (protected items: mediators and the filing side only)",
    response=None,
)
def evidence_content(request: HttpRequest, report_id: int, evidence_id: int) -> FileResponse:
    user = request.auth  # type: ignore[attr-defined]
    report = actions.get_visible_report(report_id, user)
    evidence = Evidence.objects.filter(pk=evidence_id, report=report, kind="file").first()
    if evidence is None or not may_see_protected(user, evidence):
        raise NotFound(f"no file {evidence_id} on report {report_id}", field="evidence")
    log_download(user, evidence, via="api")
    return serve_file(evidence_store.open_original(evidence.sha256), evidence, evidence.sha256, "evidence")


class RenditionOut(Schema):
    """A redacted rendition (truce.reports.present.rendition_dict): a derived file, the original intact."""

    id: int
    sha256: str
    size: int
    media_type: str
    added_at: str
    content: str = Field(description="where to download it")


@router.post(
    "/{report_id}/evidence/{evidence_id}/rendition",
    response={201: RenditionOut},
    summary="Attach a redacted rendition of a protected item (multipart field 'file'; the filing side or "
    "a mediator); images are re-rendered without metadata",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "examples": {
                        "redacted": {"value": {"file": "(binary: the statement, names blacked out)"}}
                    }
                }
            }
        }
    },
)
def add_rendition(
    request: HttpRequest,
    report_id: int,
    evidence_id: int,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status:
    user = request.auth  # type: ignore[attr-defined]
    row = actions.do_add_rendition(
        report_id,
        evidence_id,
        upload=file.file,  # type: ignore[arg-type]
        media_type=file.content_type or "",
        acting_user=user,
    )
    return Status(201, rendition_dict(row.evidence))


@router.get(
    "/{report_id}/evidence/{evidence_id}/rendition",
    summary="The redacted rendition of a protected item (whoever sees the report)",
    response=None,
)
def rendition_content(request: HttpRequest, report_id: int, evidence_id: int) -> FileResponse:
    user = request.auth  # type: ignore[attr-defined]
    report = actions.get_visible_report(report_id, user)
    evidence = Evidence.objects.filter(pk=evidence_id, report=report, source_protected=True).first()
    rendition = None if evidence is None else latest_rendition(evidence)
    if evidence is None or rendition is None:
        raise NotFound(
            f"no redacted rendition of evidence {evidence_id} on report {report_id}", field="evidence"
        )
    opened = evidence_store.open_rendition(evidence.sha256, rendition.sha256)
    return serve_file(opened, evidence, rendition.sha256, "redacted")
