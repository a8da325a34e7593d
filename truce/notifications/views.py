"""The inbox page: each notice in the reader's language, whether what it asked is done, and read/unread
with a button per notice and one for all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from truce.errors import NotFound
from truce.notifications import actions
from truce.notifications.models import Notification
from truce.notifications.present import done_ids, shown

INBOX_SIZE = 200


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    rows = list(Notification.objects.filter(user=user).select_related("case")[:INBOX_SIZE])
    done = done_ids(rows, user)
    notices = []
    for n in rows:
        title, body = shown(n)
        notices.append(
            {"n": n, "title": title, "body": body, "done": n.pk in done, "read": n.read_at is not None}
        )
    unread = sum(1 for x in notices if not x["read"])
    return render(request, "truce/inbox.html", {"notices": notices, "unread": unread})


@login_required
@require_POST
def inbox_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        actions.do_mark_read(notification_id, acting_user=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect(f"{_inbox_url()}#notice-{notification_id}")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    actions.do_mark_all_read(acting_user=request.user)
    return redirect(_inbox_url())


def _inbox_url() -> str:
    from django.urls import reverse

    return reverse("inbox")
