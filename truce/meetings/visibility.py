"""Which meetings, agenda items and decisions a user may see. Every read path filters through here.

- mediator: every meeting of their agreement, its whole agenda and every decision;
- liaison and monitor: every meeting of their agreement, but of its agenda only the cases they may see
  (truce.cases.visibility) and only the decisions on those cases;
- observer, admin, anyone of another agreement: nothing (404, as for what does not exist).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from truce.accounts.models import Role
from truce.cases.visibility import cases_visible_to
from truce.meetings.models import AgendaItem, Decision, Meeting

SEES_MEETINGS = (Role.MEDIATOR, Role.LIAISON, Role.MONITOR)


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    if not (user and user.is_authenticated and user.is_active and user.agreement_id):
        return Meeting.objects.none()
    if user.role not in SEES_MEETINGS:
        return Meeting.objects.none()
    return Meeting.objects.filter(agreement_id=user.agreement_id)


def agenda_visible_to(user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items whose case ``user`` may see, in agenda order. Requires ``meeting``
    to be one ``user`` may see (meetings_visible_to)."""
    items = AgendaItem.objects.filter(meeting=meeting).select_related("case").order_by("position")
    if user.role == Role.MEDIATOR:
        return items
    return items.filter(case__in=cases_visible_to(user).filter(agreement_id=meeting.agreement_id))


def decisions_visible_to(user: Any, meeting: Meeting) -> QuerySet[Decision]:
    """Decisions on the agenda cases ``user`` may see; the others are withheld, not marked."""
    visible_items = agenda_visible_to(user, meeting).values("id")
    return (
        Decision.objects.filter(meeting=meeting, agenda_item__in=visible_items)
        .select_related("agenda_item", "superseded_by")
        .order_by("recorded_at", "id")
    )
