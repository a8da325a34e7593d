"""Cases and their workflow over the API. Every write calls an action; every read goes through
truce.cases.present (which decides what of a case this user may see)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import FileResponse, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from truce.apitypes import MAX_LIMIT, MAX_OFFSET, Moment, Page
from truce.cases.actions import investigation, replies, workflow
from truce.cases.models import Case
from truce.cases.present import ReportsShown, case_reports, case_summaries, full_case
from truce.cases.search import search_cases
from truce.cases.visibility import cases_visible_to, sees_investigation, sees_reply
from truce.core.incident import MAX_IDS
from truce.errors import NotFound
from truce.reports import evidence_store
from truce.reports.access_log import log_download, log_shown
from truce.reports.api import EVIDENCE_BODY, EvidenceFields, ReportOut, serve_file
from truce.reports.models import Evidence
from truce.reports.present import evidence_dict, latest_rendition, report_dict
from truce.reports.visibility import may_see_protected
from truce.rulings.actions import do_draft_ruling
from truce.rulings.present import ruling_out

router = Router(tags=["cases"])

__all__ = ["case_summaries", "router"]


def _example(value: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [value]})  # type: ignore[dict-item]


class AccessOut(Schema):
    """One logged read of protected evidence (truce.reports.access_log.case_access_log)."""

    at: str = Field(description="when, RFC 3339")
    user: str
    role: str
    organisation: str
    evidence: int = Field(description="the evidence item's id")
    action: str = Field(description="view (its details were shown) or download (its content was served)")
    via: str = Field(description="api or page")


class CaseOut(Schema):
    id: int
    reference: str
    agreement: str
    title: str
    status: str
    opened_at: str
    incident: dict[str, Any]
    report_count: int
    reply_due_at: str | None = None
    published_at: str | None = None
    joined_into: int | None = None
    reports: list[dict[str, Any]] | None = None
    monitors: list[str] | None = None
    site_visits: list[dict[str, Any]] | None = None
    access_denials: list[dict[str, Any]] | None = None
    evidence: list[dict[str, Any]] | None = None
    replies: list[dict[str, Any]] | None = None
    rulings: list[dict[str, Any]] | None = None
    inadmissible_reason: str | None = None
    allowed: list[str] | None = None
    access_log: list[AccessOut] | None = Field(
        None, description="who viewed or downloaded the case's protected evidence (mediators only)"
    )


class CaseReportsPage(Schema):
    """Which of a case's reports ``GET /cases/{id}`` includes: a page of them, oldest first, as the list
    endpoints page (``report_count`` says how many there are)."""

    reports_limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"How many of its reports, 1–{MAX_LIMIT}")
    reports_offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many of its reports to skip")


def _visible_case(case_id: int, user: Any) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound(f"no case {case_id}", field="case")
    return case


def _reports_shown(case: Case, user: Any, limit: int, offset: int) -> ReportsShown:
    """Reports ``offset`` to ``offset + limit`` of case_reports; only offset 0 begins with the earliest."""
    rows = case_reports(case, user)
    return ReportsShown(list(rows[offset : offset + limit]), rows.count(), from_earliest=offset == 0)


def _full(case_id: int, user: Any, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    case = _visible_case(case_id, user)
    return full_case(case, user, reports=_reports_shown(case, user, limit, offset))


@router.get("", response=list[CaseOut], summary="Cases you may see, newest first")
def list_cases(
    request: HttpRequest,
    page: Query[Page],
    status: str = "",
    q: str = Query(
        "",
        max_length=200,
        description="Search: every word must begin a word of the case's title or place as you know them, "
        "or of its reference (e.g. `Chaman`, `pak-afg-2025/0012`)",
    ),
) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    rows = cases_visible_to(user)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = search_cases(rows, user, q)
    return case_summaries(user, page.of(rows))


@router.get("/{case_id}", response=CaseOut, summary="One case with everything of it you may see")
def get_case(request: HttpRequest, case_id: int, page: Query[CaseReportsPage]) -> dict[str, Any]:
    out = _full(case_id, request.auth, page.reports_limit, page.reports_offset)  # type: ignore[attr-defined]
    log_shown(request.auth, out, via="api")  # type: ignore[attr-defined]
    return out


@router.get(
    "/{case_id}/reports",
    response=list[ReportOut],
    summary="The reports of a case you may see, oldest first, with their evidence",
)
def list_case_reports(request: HttpRequest, case_id: int, page: Query[Page]) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    case = _visible_case(case_id, user)
    out = [report_dict(r, user) for r in page.of(case_reports(case, user))]
    for report in out:
        log_shown(user, report, via="api")
    return out


class ReasonIn(Schema):
    model_config = _example({"reason": "The incident predates the ceasefire's entry into force."})
    reason: str


class MonitorIn(Schema):
    model_config = _example({"monitor": "monitor"})
    monitor: str = Field(description="user name of a monitor of the agreement")


class VisitIn(Schema):
    model_config = _example(
        {
            "visited_at": "2025-10-27T10:30:00+05:00",
            "place": "Northern border post, Chaman",
            "findings": "Two fresh impact craters 40 m east of the post; fragments of 82 mm mortar rounds.",
            "lat": 30.93,
            "lon": 66.46,
        }
    )
    visited_at: Moment
    place: str
    findings: str
    lat: float | None = None
    lon: float | None = None


class DenialIn(Schema):
    model_config = _example(
        {
            "denied_by_party": "AF",
            "denied_at": "2025-10-27T14:00:00+04:30",
            "place": "Spin Boldak checkpoint",
            "denied_by": "Checkpoint commander",
            "description": "The team was turned back and told to return with written permission from Kabul.",
        }
    )
    denied_by_party: str
    denied_at: Moment
    place: str
    denied_by: str = ""
    description: str = ""


class ReplyIn(Schema):
    model_config = _example(
        {"text": "Our posts did not fire that night; the rounds came from positions we do not control."}
    )
    text: str


class ShareIn(Schema):
    model_config = _example({"party": "AF"})
    party: str = Field(description="code of the party the case is shown to (the accused party)")


class JoinIn(Schema):
    model_config = _example({"into": 1})
    into: int = Field(description="the case that remains; this case's reports move to it")


class SplitIn(Schema):
    model_config = _example({"reports": [2]})
    reports: list[int] = Field(max_length=MAX_IDS, description="reports of this case that move to a new case")


class RulingIn(Schema):
    model_config = _example(
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "perpetrator": "Afghan border forces at the Spin Boldak posts",
            "perpetrator_type": "State forces",
            "confidence": "fair",
            "reasons": "Craters and fragments found by the monitors match the complaint; "
            "the reply offered no account of the firing positions.",
            "evidence": [],
        }
    )
    outcome: str = Field(description="violation, no_violation, not_attributable or insufficient_evidence")
    confidence: str = Field(description="confirmed, fair, weak, contested or discounted")
    reasons: str
    commitment: str = ""
    responsible_party: str = ""
    perpetrator: str = ""
    perpetrator_type: str = ""
    evidence: list[int] = Field(
        [], max_length=MAX_IDS, description="ids of the case's evidence the ruling relies on"
    )


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.post("/{case_id}/admit", response=CaseOut, summary="Declare the case admissible (mediator)")
def admit(request: HttpRequest, case_id: int) -> dict[str, Any]:
    workflow.do_admit_case(case_id, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post("/{case_id}/inadmissible", response=CaseOut, summary="Declare the case inadmissible (mediator)")
def inadmissible(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    workflow.do_declare_inadmissible(case_id, reason=payload.reason, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post("/{case_id}/investigation", response=CaseOut, summary="Start the investigation (mediator)")
def start_investigation(request: HttpRequest, case_id: int) -> dict[str, Any]:
    investigation.do_start_investigation(case_id, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post("/{case_id}/monitors", response=CaseOut, summary="Assign a monitor (mediator)")
def assign_monitor(request: HttpRequest, case_id: int, payload: MonitorIn) -> dict[str, Any]:
    investigation.do_assign_monitor(case_id, monitor=payload.monitor, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post(
    "/{case_id}/visits", response={201: dict[str, Any]}, summary="Log a site visit (assigned monitor)"
)
def log_visit(request: HttpRequest, case_id: int, payload: VisitIn) -> Status:
    visit = investigation.do_log_site_visit(
        case_id,
        visited_at=payload.visited_at,
        place=payload.place,
        findings=payload.findings,
        lat=payload.lat,
        lon=payload.lon,
        acting_user=_user(request),
    )
    return Status(201, {"id": visit.pk, "case": case_id})


@router.post(
    "/{case_id}/access-denials",
    response={201: dict[str, Any]},
    summary="Record that access was denied (assigned monitor)",
)
def record_denial(request: HttpRequest, case_id: int, payload: DenialIn) -> Status:
    denial = investigation.do_record_access_denial(
        case_id,
        denied_by_party=payload.denied_by_party,
        denied_at=payload.denied_at,
        place=payload.place,
        denied_by=payload.denied_by,
        description=payload.description,
        acting_user=_user(request),
    )
    return Status(201, {"id": denial.pk, "case": case_id, "denied_by_party": denial.denied_by_party})


@router.post(
    "/{case_id}/evidence",
    response={201: dict[str, Any]},
    openapi_extra=EVIDENCE_BODY,
    summary="Add investigation evidence: a file or a link (assigned monitor, mediator)",
)
def add_case_evidence(
    request: HttpRequest,
    case_id: int,
    fields: Form[EvidenceFields],
    file: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    user = _user(request)
    row = investigation.do_add_case_evidence(
        case_id,
        upload=file.file if file is not None else None,  # type: ignore[arg-type]
        evidence=fields.to_input(file),
        acting_user=user,
    )
    return Status(201, evidence_dict(row, user))


@router.post(
    "/{case_id}/reply-request",
    response=CaseOut,
    summary="Put the case to the accused party: notify it and open the reply window (mediator)",
)
def request_reply(request: HttpRequest, case_id: int) -> dict[str, Any]:
    replies.do_request_reply(case_id, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post(
    "/{case_id}/share",
    response=CaseOut,
    summary="Show a case the monitors opened to the accused party, so it may be asked to reply "
    "(mediator; protected evidence stays withheld)",
)
def share(request: HttpRequest, case_id: int, payload: ShareIn) -> dict[str, Any]:
    replies.do_share_case(case_id, party=payload.party, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post(
    "/{case_id}/replies",
    response={201: dict[str, Any]},
    summary="Reply to the case (a liaison officer of the accused party, within the window)",
)
def submit_reply(request: HttpRequest, case_id: int, payload: ReplyIn) -> Status:
    reply = replies.do_submit_reply(case_id, text=payload.text, acting_user=_user(request))
    return Status(201, {"id": reply.pk, "case": case_id, "party": reply.party})


@router.post(
    "/{case_id}/replies/{reply_id}/evidence",
    response={201: dict[str, Any]},
    openapi_extra=EVIDENCE_BODY,
    summary="Counter-evidence for a reply (the replying party, within the window)",
)
def add_reply_evidence(
    request: HttpRequest,
    case_id: int,
    reply_id: int,
    fields: Form[EvidenceFields],
    file: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    user = _user(request)
    row = replies.do_add_reply_evidence(
        case_id,
        reply_id,
        upload=file.file if file is not None else None,  # type: ignore[arg-type]
        evidence=fields.to_input(file),
        acting_user=user,
    )
    return Status(201, evidence_dict(row, user))


@router.post("/{case_id}/rulings", response={201: dict[str, Any]}, summary="Draft a ruling (mediator)")
def draft_ruling(request: HttpRequest, case_id: int, payload: RulingIn) -> Status:
    user = _user(request)
    ruling = do_draft_ruling(
        case_id,
        outcome=payload.outcome,
        confidence=payload.confidence,
        reasons=payload.reasons,
        commitment=payload.commitment,
        responsible_party=payload.responsible_party,
        perpetrator=payload.perpetrator,
        perpetrator_type=payload.perpetrator_type,
        evidence=payload.evidence,
        acting_user=user,
    )
    return Status(201, ruling_out(ruling, user))


@router.post("/{case_id}/publish", response=CaseOut, summary="Publish the ruled case (mediator)")
def publish(request: HttpRequest, case_id: int) -> dict[str, Any]:
    workflow.do_publish_case(case_id, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post("/{case_id}/reopen", response=CaseOut, summary="Reopen for investigation (mediator)")
def reopen(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    workflow.do_reopen_case(case_id, reason=payload.reason, acting_user=_user(request))
    return _full(case_id, _user(request))


@router.post("/{case_id}/join", response=CaseOut, summary="Join this case into another one (mediator)")
def join(request: HttpRequest, case_id: int, payload: JoinIn) -> dict[str, Any]:
    target = workflow.do_join_cases(case_id, into=payload.into, acting_user=_user(request))
    return _full(target.pk, _user(request))


@router.post("/{case_id}/split", response={201: CaseOut}, summary="Move reports into a new case (mediator)")
def split(request: HttpRequest, case_id: int, payload: SplitIn) -> Status:
    new = workflow.do_split_case(case_id, reports=payload.reports, acting_user=_user(request))
    return Status(201, _full(new.pk, _user(request)))


def _case_file(user: Any, case_id: int, evidence_id: int) -> Evidence:
    """Investigation or reply evidence of a case, if ``user`` may see it whole, else NotFound."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is not None:
        row = Evidence.objects.filter(Q(case=case) | Q(reply__case=case), pk=evidence_id, kind="file").first()
        if row is not None and (
            (row.case_id and sees_investigation(user, case))
            or (row.reply_id and sees_reply(user, case, row.reply.party))  # type: ignore[union-attr]
        ):
            return row
    raise NotFound(f"no file {evidence_id} on case {case_id}", field="evidence")


@router.get(
    "/{case_id}/evidence/{evidence_id}/content",
    response=None,
    summary="The original bytes of investigation or reply evidence (protected items: mediators and the "
    "adding side only)",
)
def case_evidence_content(request: HttpRequest, case_id: int, evidence_id: int) -> FileResponse:
    user = _user(request)
    evidence = _case_file(user, case_id, evidence_id)
    if not may_see_protected(user, evidence):
        raise NotFound(f"no file {evidence_id} on case {case_id}", field="evidence")
    log_download(user, evidence, via="api")
    return serve_file(evidence_store.open_original(evidence.sha256), evidence, evidence.sha256, "evidence")


@router.get(
    "/{case_id}/evidence/{evidence_id}/rendition",
    response=None,
    summary="The redacted rendition of protected investigation or reply evidence",
)
def case_rendition_content(request: HttpRequest, case_id: int, evidence_id: int) -> FileResponse:
    evidence = _case_file(_user(request), case_id, evidence_id)
    rendition = latest_rendition(evidence) if evidence.source_protected else None
    if rendition is None:
        raise NotFound(f"no redacted rendition of evidence {evidence_id} on case {case_id}", field="evidence")
    opened = evidence_store.open_rendition(evidence.sha256, rendition.sha256)
    return serve_file(opened, evidence, rendition.sha256, "redacted")
