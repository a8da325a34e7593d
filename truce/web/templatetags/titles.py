"""Words a page shows for what the code keeps as identifiers, in the active interface language.

``{{ commitment|title_here }}``: an agreement's or a commitment's title in the active language when the
agreement file gives it (``title_translations``), else its title as written.

``{{ case.status|word:"case" }}``: the label of a status, outcome or verb (a TextChoices value, such as
``under_investigation``) instead of its code name; a value the kind does not know is shown as it is.

``{{ case.sub_event_type|incident_type }}``, ``{{ actor.type|actor_type }}``: ACLED's names in the reader's
words (truce.web.words); an agreement's own category as written.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from truce.accounts.models import Role
from truce.cases.models import CaseStatus, CaseTransition
from truce.meetings.models import MeetingKind, MeetingStatus
from truce.penalties.models import PenaltyStatus
from truce.reports.models import AccessAction, DatePrecision, ReportKind, ReportStatus
from truce.rulings.models import Confidence, Outcome, RulingStatus
from truce.sources.models import LeadStatus
from truce.web.words import actor_type, incident_type

register = template.Library()
register.filter("incident_type", incident_type)
register.filter("actor_type", actor_type)


class ActorRole(models.TextChoices):
    """An actor's part in an incident, in the filing form's words (truce.web.forms.ROLE_CHOICES)."""

    PERPETRATOR = "perpetrator", _("Carried it out")
    TARGET = "target", _("Was targeted")
    OTHER = "other", _("Other part in it")


KINDS: dict[str, type[models.TextChoices]] = {
    "case": CaseStatus,
    "step": CaseTransition,
    "ruling": RulingStatus,
    "outcome": Outcome,
    "confidence": Confidence,
    "meeting": MeetingStatus,
    "meeting_kind": MeetingKind,
    "penalty": PenaltyStatus,
    "report": ReportStatus,
    "report_kind": ReportKind,
    "precision": DatePrecision,
    "actor_role": ActorRole,
    "lead": LeadStatus,
    "role": Role,
    "access": AccessAction,
}


@register.filter
def title_here(item: Any) -> str:
    title_in = getattr(item, "title_in", None)
    if title_in is None:
        return str(getattr(item, "title", item))
    return str(title_in(get_language() or "en"))


@register.filter
def word(value: Any, kind: str) -> str:
    choices = KINDS[kind]  # a kind no page should name: fail loudly in tests, not quietly on a page
    try:
        return str(choices(str(value)).label)
    except ValueError:
        return str(value)


@register.filter
def words(values: Any, kind: str) -> list[str]:
    """Each of ``values`` as ``word`` shows it, for a list (``{{ case.allowed|words:"step"|join:", " }}``)."""
    return [word(value, kind) for value in values or ()]
