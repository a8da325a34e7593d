"""Leads and articles over the API: ``/api/v1/leads`` and ``/api/v1/articles/{id}``. Only the
agreement's mediators and monitors see them; everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from truce.apitypes import Page
from truce.core.incident import MAX_COMMITMENTS
from truce.errors import ActionError, NotFound
from truce.reports import evidence_store
from truce.sources import actions
from truce.sources.models import LeadStatus
from truce.sources.present import article_dict, lead_detail_dict, lead_dict
from truce.sources.visibility import articles_visible_to, leads_visible_to

router = Router(tags=["open sources"])

EXAMPLE_ACCEPT: dict[str, Any] = {
    "case": None,
    "title": "Mortar fire on Frontier Corps posts near Chaman",
    "date": None,
    "commitments": ["C1"],
    "accused_party": "",
}
EXAMPLE_DISMISS: dict[str, Any] = {
    "reason": "The articles describe a clash inside Kandahar between Taliban units, not a cross-border act."
}


class AcceptIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_ACCEPT]})  # type: ignore[dict-item]

    case: int | None = Field(None, description="Join this case; default: the same incident, else a new case")
    title: str = Field("", description="The report's title; default: the incident type and place")
    date: dt.date | None = Field(None, description="The incident's day, required when the sources give none")
    commitments: list[str] = Field(
        [], max_length=MAX_COMMITMENTS, description="Ids of the commitments the incident may breach"
    )
    accused_party: str = Field("", description="Code of a party, only if the sources say who is responsible")


class DismissIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_DISMISS]})  # type: ignore[dict-item]

    reason: str = Field(description="Why this is not an incident to verify (kept in the record, sealed)")


class LeadDateOut(Schema):
    low: str | None
    high: str | None
    conflict: bool = Field(description="The sources' days lie further apart than a day: accept with a date")


class LeadLocationOut(Schema):
    name: str
    country: str
    admin1: str
    admin2: str = Field(description="The district, when the gazetteer knows it (border places); else empty")
    lat: float | None
    lon: float | None
    geo_precision: int | None


class LeadActorOut(Schema):
    name: str
    type: str


class FiguresOut(Schema):
    low: int | None
    best: int | None
    high: int | None


class LeadSourceOut(Schema):
    article: int
    outlet: str
    title: str
    url: str
    published: str | None
    fatalities: FiguresOut
    claims: list[str]
    # The extractor's date of the event as this source gives it (truce extract's JSON "date"), or null;
    # "from_publication" is true when it is the publication day, the text giving none.
    date: dict[str, str | bool | None] | None
    place: str | None
    evidence: list[str]


class LeadOut(Schema):
    id: int
    agreement: str
    status: str
    raised_at: str
    updated_at: str
    kind: str
    event_type: str
    sub_event_type: str
    date: LeadDateOut
    location: LeadLocationOut
    actors: list[LeadActorOut]
    fatalities: FiguresOut
    independent_sources: int
    confidence: float
    suggested_cases: list[int]
    dismissed_reason: str
    triaged_at: str | None
    report: int | None
    case: int | None
    sources: list[LeadSourceOut] = []


@router.get("/leads", response=list[LeadOut], summary="Leads of your agreement, most recently updated first")
def list_leads(request: HttpRequest, page: Query[Page], status: str | None = None) -> list[dict[str, Any]]:
    rows = leads_visible_to(request.auth)  # type: ignore[attr-defined]
    if status:
        if status not in LeadStatus.values:
            raise ActionError(f"{status!r} is not a lead status (open, accepted, dismissed)", field="status")
        rows = rows.filter(status=status)
    return [lead_dict(lead) for lead in page.of(rows)]


@router.get(
    "/leads/{lead_id}", response=LeadOut, summary="One lead with its sources and figures side by side"
)
def get_lead(request: HttpRequest, lead_id: int) -> dict[str, Any]:
    return lead_detail_dict(actions.get_visible_lead(lead_id, request.auth))  # type: ignore[attr-defined]


@router.post(
    "/leads/{lead_id}/accept",
    response=LeadOut,
    summary="Accept a lead: a report of kind lead, with the articles as evidence, opens or joins a case",
)
def accept_lead(request: HttpRequest, lead_id: int, payload: AcceptIn) -> dict[str, Any]:
    lead = actions.do_accept_lead(
        lead_id,
        case_id=payload.case,
        title=payload.title,
        date=payload.date,
        commitments=payload.commitments,
        accused_party=payload.accused_party,
        acting_user=request.auth,  # type: ignore[attr-defined]
    )
    return lead_detail_dict(lead)


@router.post("/leads/{lead_id}/dismiss", response=LeadOut, summary="Dismiss a lead, with the reason")
def dismiss_lead(request: HttpRequest, lead_id: int, payload: DismissIn) -> dict[str, Any]:
    lead = actions.do_dismiss_lead(lead_id, reason=payload.reason, acting_user=request.auth)  # type: ignore[attr-defined]
    return lead_detail_dict(lead)


def _article(article_id: int, user: Any) -> Any:
    article = articles_visible_to(user).filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"no article {article_id}", field="article")
    return article


@router.get(
    "/articles/{article_id}", response=dict[str, Any], summary="One stored article and its extraction"
)
def get_article(request: HttpRequest, article_id: int) -> dict[str, Any]:
    return article_dict(_article(article_id, request.auth))  # type: ignore[attr-defined]


@router.get("/articles/{article_id}/content", response=None, summary="The article's bytes as fetched")
def article_content(request: HttpRequest, article_id: int) -> FileResponse:
    article = _article(article_id, request.auth)  # type: ignore[attr-defined]
    response = FileResponse(
        evidence_store.open_original(article.sha256), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}-{article.sha256[:12]}"'
    response["X-Content-SHA256"] = article.sha256
    return response
