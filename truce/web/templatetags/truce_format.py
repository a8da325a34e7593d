"""Display helpers for pages. The API and the record keep RFC 3339 UTC timestamps; people read them
shorter, still in UTC (the agreement's zone is named beside deadlines where it matters)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def when(value: str | None) -> SafeString | str:
    """``2025-10-26T07:40:00.123456Z`` → ``<time datetime="…">2025-10-26 07:40 UTC</time>``."""
    if not value:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    text = moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return format_html('<time datetime="{}">{}</time>', value, text)
