from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.errors import NotFound

router = Router(tags=["agreements"])


class CodeName(Schema):
    code: str
    name: str


class CommitmentOut(Schema):
    id: str
    title: str
    covers: list[str]


class AgreementOut(Schema):
    id: str
    title: str
    in_force: str
    mandate_until: str | None
    timezone: str
    languages: list[str]
    parties: list[CodeName]
    mediators: list[CodeName]
    mission: CodeName | None
    commitments: list[CommitmentOut]
    reply_window_hours: int
    digest: str


def _out(row: Agreement) -> dict[str, Any]:
    a = registry.parsed(row)
    return {
        "id": a.id,
        "title": a.title,
        "in_force": a.in_force.isoformat(),
        "mandate_until": a.mandate_until.isoformat() if a.mandate_until else None,
        "timezone": a.timezone,
        "languages": list(a.languages),
        "parties": [{"code": p.code, "name": p.name} for p in a.parties],
        "mediators": [{"code": m.code, "name": m.name} for m in a.mediators],
        "mission": {"code": a.mission.code, "name": a.mission.name} if a.mission else None,
        "commitments": [{"id": c.id, "title": c.title, "covers": list(c.covers)} for c in a.commitments],
        "reply_window_hours": a.procedure.reply_window_hours,
        "digest": row.digest,
    }


@router.get("", response=list[AgreementOut], auth=None, summary="Agreements this instance monitors")
def list_agreements(request: HttpRequest) -> list[dict[str, Any]]:
    """Agreements are public documents: anyone may read them."""
    return [_out(row) for row in Agreement.objects.all()]


@router.get("/{agreement_id}", response=AgreementOut, auth=None, summary="One agreement")
def get_agreement(request: HttpRequest, agreement_id: str) -> dict[str, Any]:
    row = Agreement.objects.filter(pk=agreement_id).first()
    if row is None:
        raise NotFound(f"no agreement {agreement_id!r}", field="agreement")
    return _out(row)
