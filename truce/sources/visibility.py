"""Who may see leads and articles: the mediators and the monitors of the lead's agreement. Liaison
officers, observers, admins and anyone of another agreement see none (a lead is unverified talk about a
party; it reaches the parties only as a case). Every read path filters through here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from truce.accounts.roles import is_mediator, is_monitor
from truce.sources.models import Article, Lead


def may_triage(user: Any, agreement_id: str) -> bool:
    return is_mediator(user, agreement_id) or is_monitor(user, agreement_id)


def leads_visible_to(user: Any) -> QuerySet[Lead]:
    agreement_id = getattr(user, "agreement_id", None)
    if not agreement_id or not may_triage(user, agreement_id):
        return Lead.objects.none()
    return Lead.objects.filter(agreement_id=agreement_id)


def articles_visible_to(user: Any) -> QuerySet[Article]:
    agreement_id = getattr(user, "agreement_id", None)
    if not agreement_id or not may_triage(user, agreement_id):
        return Article.objects.none()
    return Article.objects.filter(agreement_id=agreement_id)
