from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from truce.apitypes import Page
from truce.core import clock
from truce.notifications import actions
from truce.notifications.models import Notification
from truce.notifications.present import done_ids, shown

router = Router(tags=["inbox"])


class NotificationCaseOut(Schema):
    id: int
    reference: str


class NotificationOut(Schema):
    id: int
    kind: str
    title: str = Field(description="in the language of the request (Accept-Language) where the notice allows")
    body: str
    created_at: str
    case: NotificationCaseOut | None
    done: bool = Field(
        description="what the notice asked of you is done: the reply is in, the ruling signed or in force, "
        "or the case settled (notices are never edited; this is read from the case)"
    )
    read: bool = Field(False, description="you marked it read (POST /inbox/{id}/read or /inbox/read)")
    read_at: str | None = None


class MarkedOut(Schema):
    marked: int = Field(description="how many notices were unread and are now read")
    unread: int = Field(description="unread notices left")


def _out(n: Notification, done: set[int]) -> dict[str, Any]:
    title, body = shown(n)
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": title,
        "body": body,
        "created_at": clock.rfc3339(n.created_at),
        "case": None if n.case is None else {"id": n.case.pk, "reference": n.case.reference},
        "done": n.pk in done,
        "read": n.read_at is not None,
        "read_at": None if n.read_at is None else clock.rfc3339(n.read_at),
    }


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
def inbox(request: HttpRequest, page: Query[Page]) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    rows = list(page.of(Notification.objects.filter(user=user).select_related("case")))
    done = done_ids(rows, user)
    return [_out(n, done) for n in rows]


@router.post(
    "/{notification_id}/read",
    response=NotificationOut,
    summary="Mark one of your notifications read",
    openapi_extra={"requestBody": {"content": {"application/json": {"examples": {"read": {"value": {}}}}}}},
)
def mark_read(request: HttpRequest, notification_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    notice = actions.do_mark_read(notification_id, acting_user=user)
    return _out(notice, done_ids([notice], user))


@router.post(
    "/read",
    response=MarkedOut,
    summary="Mark all your notifications read",
)
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    user = request.auth  # type: ignore[attr-defined]
    marked = actions.do_mark_all_read(acting_user=user)
    return {"marked": marked, "unread": actions.unread_count(user)}
