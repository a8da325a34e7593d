"""``{% form_token %}``: a fresh one-time token for a write form (truce.idempotency.forms)."""

from __future__ import annotations

import secrets

from django import template

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return secrets.token_urlsafe(24)
