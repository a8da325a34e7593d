"""How a meeting looks to one user: the one place agenda cases and decisions they may not see are left
out. The API returns these dicts; the pages render them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.cases.models import Case
from truce.cases.present import case_summaries
from truce.core import clock
from truce.meetings.models import Decision, Meeting
from truce.meetings.visibility import agenda_visible_to, decisions_visible_to


def _local(moment: dt.datetime | None, meeting: Meeting) -> str | None:
    """The moment in the agreement's time zone, ISO 8601 with its offset (what the parties read)."""
    if moment is None:
        return None
    return moment.astimezone(registry.parsed(meeting.agreement).tz).isoformat(timespec="minutes")


def meeting_dict(meeting: Meeting) -> dict[str, Any]:
    """The meeting itself, without agenda: the same for everyone who may see it. Requires
    ``meeting.agreement`` loaded (select_related) when listing, to keep one query per page."""
    return {
        "id": meeting.pk,
        "reference": meeting.reference,
        "agreement": meeting.agreement_id,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "title": meeting.title,
        "scheduled_for": clock.rfc3339(meeting.scheduled_for),
        "scheduled_for_local": _local(meeting.scheduled_for, meeting),
        "place": meeting.place,
        "status": meeting.status,
        "attendance": list(meeting.attendance),
        "next_meeting_at": None
        if meeting.next_meeting_at is None
        else clock.rfc3339(meeting.next_meeting_at),
        "next_meeting_at_local": _local(meeting.next_meeting_at, meeting),
        "next_meeting": meeting.next_meeting_id,
        "closed_at": None if meeting.closed_at is None else clock.rfc3339(meeting.closed_at),
        "cancelled_at": None if meeting.cancelled_at is None else clock.rfc3339(meeting.cancelled_at),
        "cancel_reason": meeting.cancel_reason,
    }


def decision_dict(decision: Decision, user: Any, case: Any) -> dict[str, Any]:
    superseded_by = getattr(decision, "superseded_by", None)
    return {
        "id": decision.pk,
        "case": {"id": case.pk, "reference": case.reference},
        "text": decision.text,
        "supersedes": decision.supersedes_id,
        "superseded_by": None if superseded_by is None else superseded_by.pk,
        "current": superseded_by is None,
        "recorded_at": clock.rfc3339(decision.recorded_at),
        # The officer is known to the mediators; the parties see that the mechanism decided.
        "recorded_by": decision.recorded_by.username
        if is_mediator(user, decision.meeting.agreement_id)
        else None,
    }


def meeting_detail_dict(meeting: Meeting, user: Any) -> dict[str, Any]:
    """The meeting with the agenda cases ``user`` may see, each with its decisions.

    An item's ``position`` counts the items this user sees (1, 2, 3…): a gap would reveal that a case
    they may not see is on the agenda. Mediators see every item, so theirs are the agenda's own.
    """
    out = meeting_dict(meeting)
    items = list(agenda_visible_to(user, meeting))
    decisions: dict[int, list[Decision]] = {}
    for decision in decisions_visible_to(user, meeting).select_related("recorded_by", "meeting"):
        decisions.setdefault(decision.agenda_item_id, []).append(decision)
    summaries = {
        s["id"]: s for s in case_summaries(user, Case.objects.filter(pk__in=[i.case_id for i in items]))
    }
    out["agenda"] = [
        {
            "position": n,
            "item": item.pk,
            "case": {
                "id": item.case.pk,
                "reference": item.case.reference,
                # The title as this user may read it (truce.cases.present.case_summary).
                "title": summaries[item.case_id]["title"],
                "status": item.case.status,
                "accused_party": item.case.accused_party,
            },
            "added_at": clock.rfc3339(item.added_at),
            "decisions": [decision_dict(d, user, item.case) for d in decisions.get(item.pk, [])],
        }
        for n, item in enumerate(items, start=1)
    ]
    return out
