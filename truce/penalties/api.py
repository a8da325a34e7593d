from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from truce.accounts.roles import is_mediator, liaison_party
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.errors import NotFound
from truce.penalties.actions import do_confirm_penalty, do_decline_penalty, do_review_penalties
from truce.penalties.ledger import ledger

router = Router(tags=["penalties"])


def may_see_ledger(user: Any, agreement_id: str, party: str) -> bool:
    """Mediators see every party's ledger; a party's liaison officers see their own."""
    return is_mediator(user, agreement_id) or liaison_party(user, agreement_id) == party


def _checked(user: Any, agreement_id: str, party: str) -> None:
    row = Agreement.objects.filter(pk=agreement_id).first()
    if (
        row is None
        or registry.parsed(row).party(party) is None
        or not may_see_ledger(user, agreement_id, party)
    ):
        raise NotFound(f"no ledger for {party!r} in {agreement_id!r}", field="party")


@router.get(
    "/ledger/{agreement_id}/{party}",
    response=dict[str, Any],
    summary="A party's ledger: violations, points over windows, access denials, penalties",
)
def get_ledger(request: HttpRequest, agreement_id: str, party: str) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    _checked(user, agreement_id, party)
    return ledger(agreement_id, party)


class PenaltyDecisionIn(Schema):
    # Named apart from truce.meetings.api.DecisionIn: the OpenAPI components are keyed by class name, and
    # one would silently replace the other in the schema.
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "Agreed at the joint commission of 4 November."}]}  # type: ignore[dict-item]
    )
    reason: str


class PenaltyStatusOut(Schema):
    id: int
    reference: str
    status: str
    confirmed_by: list[str] = Field(
        description="the bodies whose officers confirmed it; it is confirmed when they meet the agreement's "
        "quorum (with each-mediator: one officer of every mediator)"
    )


def _status(penalty: Any) -> dict[str, Any]:
    return {
        "id": penalty.pk,
        "reference": penalty.reference,
        "status": penalty.status,
        "confirmed_by": [c.body for c in penalty.confirmations.all()],
    }


class ReviewOut(Schema):
    proposed: list[str] = Field(description="References of the penalties the schedule proposed now")


@router.post(
    "/{penalty_id}/confirmation",
    response=PenaltyStatusOut,
    summary="Confirm a proposed penalty (mediator); it is confirmed once the agreement's quorum has",
)
def confirm(request: HttpRequest, penalty_id: int, payload: PenaltyDecisionIn) -> dict[str, Any]:
    penalty = do_confirm_penalty(penalty_id, reason=payload.reason, acting_user=request.auth)  # type: ignore[attr-defined]
    return _status(penalty)


@router.post(
    "/{penalty_id}/decline", response=PenaltyStatusOut, summary="Decline a proposed penalty (mediator)"
)
def decline(request: HttpRequest, penalty_id: int, payload: PenaltyDecisionIn) -> dict[str, Any]:
    penalty = do_decline_penalty(penalty_id, reason=payload.reason, acting_user=request.auth)  # type: ignore[attr-defined]
    return _status(penalty)


@router.post(
    "/review/{agreement_id}/{party}",
    response=ReviewOut,
    summary="Run the penalty schedule for a party now (mediator; the worker does it daily)",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": {"now": {"value": {}}}}}}},
)
def review(request: HttpRequest, agreement_id: str, party: str) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    _checked(user, agreement_id, party)
    created = do_review_penalties(agreement_id, party, acting_user=user)
    return {"proposed": [p.reference for p in created]}
