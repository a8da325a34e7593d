from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from truce.cases.visibility import cases_visible_to, sees_rulings
from truce.errors import NotFound
from truce.rulings.actions import do_sign_ruling
from truce.rulings.models import Ruling, RulingStatus
from truce.rulings.present import ruling_out

router = Router(tags=["rulings"])


def _visible_ruling(ruling_id: int, user: Any) -> Ruling:
    ruling = Ruling.objects.select_related("case").filter(pk=ruling_id).first()
    if ruling is None or not cases_visible_to(user).filter(pk=ruling.case_id).exists():
        raise NotFound(f"no ruling {ruling_id}", field="ruling")
    drafts = ruling.status == RulingStatus.DRAFT
    if not sees_rulings(user, ruling.case, drafts=drafts):
        raise NotFound(f"no ruling {ruling_id}", field="ruling")
    return ruling


@router.get("/{ruling_id}", response=dict[str, Any], summary="A ruling (drafts: mediators only)")
def get_ruling(request: HttpRequest, ruling_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    return ruling_out(_visible_ruling(ruling_id, user), user)


@router.post(
    "/{ruling_id}/signatures",
    response=dict[str, Any],
    summary="Sign a draft ruling for your mediating state; the quorum's last signature puts it in force",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": {"sign": {"value": {}}}}}}},
)
def sign(request: HttpRequest, ruling_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    ruling = do_sign_ruling(ruling_id, acting_user=user)
    ruling.refresh_from_db()
    return ruling_out(ruling, user)
