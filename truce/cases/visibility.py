"""Which cases a user may see: those holding at least one report the user may see. A case page then
lists only the visible reports (truce.reports.visibility), never the rest."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from truce.accounts.models import Role
from truce.cases.models import Case
from truce.reports.visibility import reports_visible_to


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not (user and user.is_authenticated and user.is_active and user.agreement_id):
        return Case.objects.none()
    if user.role == Role.MEDIATOR:
        return Case.objects.filter(agreement_id=user.agreement_id)
    visible = reports_visible_to(user).filter(case__isnull=False).values("case_id")
    return Case.objects.filter(id__in=visible)
