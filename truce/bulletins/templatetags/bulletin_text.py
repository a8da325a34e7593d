"""``{{ text|isolate_dir }}``: user-entered text in a bulletin, isolated (as ``isolate`` does on the pages)
with its own direction written out: ``<bdi dir="ltr">`` or ``<bdi dir="rtl">`` by its first strong
character. Browsers give a ``<bdi>`` without ``dir`` the direction of its text, but WeasyPrint gives it the
page's, so an English ruling in an Urdu bulletin would have its full stop and its line ends on the wrong
side of the PDF."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def direction(text: str) -> str | None:
    """``ltr`` or ``rtl`` by the first strongly directional character of ``text``; None if it has none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


@register.filter
def isolate_dir(value: Any) -> SafeString | str:
    if value is None or value == "":
        return ""
    found = direction(str(value))
    if found is None:
        return format_html("<bdi>{}</bdi>", value)
    return format_html('<bdi dir="{}">{}</bdi>', found, value)
