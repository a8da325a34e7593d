from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from truce.apitypes import Page
from truce.core import clock
from truce.notifications.models import Notification

router = Router(tags=["inbox"])


class NotificationCaseOut(Schema):
    id: int
    reference: str


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    created_at: str
    case: NotificationCaseOut | None


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
def inbox(request: HttpRequest, page: Query[Page]) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    rows = page.of(Notification.objects.filter(user=user).select_related("case"))
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "created_at": clock.rfc3339(n.created_at),
            "case": None if n.case is None else {"id": n.case.pk, "reference": n.case.reference},
        }
        for n in rows
    ]
