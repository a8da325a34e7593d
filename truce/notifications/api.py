from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from truce.apitypes import Page
from truce.core import clock
from truce.notifications.models import Notification
from truce.notifications.present import done_ids

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
    done: bool = Field(
        description="what the notice asked of you is done: the reply is in, the ruling signed or in force, "
        "or the case settled (notices are never edited; this is read from the case)"
    )


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
def inbox(request: HttpRequest, page: Query[Page]) -> list[dict[str, Any]]:
    user = request.auth  # type: ignore[attr-defined]
    rows = list(page.of(Notification.objects.filter(user=user).select_related("case")))
    done = done_ids(rows, user)
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "created_at": clock.rfc3339(n.created_at),
            "case": None if n.case is None else {"id": n.case.pk, "reference": n.case.reference},
            "done": n.pk in done,
        }
        for n in rows
    ]
