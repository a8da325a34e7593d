"""``{{ commitment|title_here }}``: an agreement's or a commitment's title in the active interface
language when the agreement file gives it (``title_translations``), else its title as written."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def title_here(item: Any) -> str:
    title_in = getattr(item, "title_in", None)
    if title_in is None:
        return str(getattr(item, "title", item))
    return str(title_in(get_language() or "en"))
