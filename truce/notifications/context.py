"""The menu's unread count (settings.TEMPLATES lists this)."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest

from truce.notifications.actions import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``unread_notices``: how many of the viewer's notices are unread. Read lazily: a page whose menu
    shows no Inbox link (observers, the admin, anonymous visitors) costs no query for it; one that does,
    one."""
    user: Any = getattr(request, "user", None)
    if not (user is not None and user.is_authenticated):
        return {"unread_notices": 0}
    # A template calls a callable when it reads it; cached so that a second read costs nothing more.
    return {"unread_notices": functools.cache(lambda: unread_count(user))}
