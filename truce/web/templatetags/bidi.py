"""``{{ text|isolate }}``: user-entered text (titles, names, places, file names, descriptions, quotes)
inside a ``<bdi>`` element, escaped. Without it a right-to-left override (U+202E) typed into a title
reverses what the page shows after it — "gpj.exe" for "exe.jpg", a date or a party code read backwards —
and Urdu, Pashto, Dari or Arabic text beside English numbers can reorder them. A builtin (settings
TEMPLATES), so templates use it without a ``{% load %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def isolate(value: Any) -> SafeString | str:
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
