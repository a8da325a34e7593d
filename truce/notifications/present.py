"""How a user's inbox reads: each notice with whether what it asked of them is already done.

Notices are never edited (they are written by the action that caused them); whether one still needs the
reader is worked out when the inbox is read, from the rows that say so, so a reply request stops saying
"due" the moment the reply is in, and a ruling to sign the moment it is signed or in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from truce.cases.models import CaseStatus, Reply
from truce.notifications.models import Kind, Notification
from truce.rulings.models import Ruling, RulingStatus, Signature

# A case in one of these states asks nothing more of anyone.
_SETTLED = {CaseStatus.RULED, CaseStatus.PUBLISHED, CaseStatus.INADMISSIBLE, CaseStatus.JOINED}
_ASKS_A_REPLY = {Kind.REPLY_REQUESTED, Kind.REPLY_OVERDUE, Kind.CASE_SHARED}


def done_ids(notifications: Sequence[Notification], user: Any) -> set[int]:
    """The ids of ``notifications`` (the user's own, with ``case`` selected) whose request is met: a reply
    asked of the user's party that the party has given (or a case that is settled), a ruling to sign that
    the user has signed or that is no longer awaiting signatures. Two queries, however many notices."""
    reply_cases = {n.case_id for n in notifications if n.kind in _ASKS_A_REPLY and n.case_id}
    sign_cases = {n.case_id for n in notifications if n.kind == Kind.RULING_TO_SIGN and n.case_id}
    replied: set[int] = set()
    if reply_cases and user.organisation:
        replied = set(
            Reply.objects.filter(case_id__in=reply_cases, party=user.organisation).values_list(
                "case_id", flat=True
            )
        )
    # A case still asks for this user's signature while one of its rulings awaits signatures and this user
    # has not signed it.
    awaiting: set[int] = set()
    if sign_cases:
        drafts = Ruling.objects.filter(case_id__in=sign_cases, status=RulingStatus.DRAFT).exclude(
            pk__in=Signature.objects.filter(officer=user).values("ruling_id")
        )
        awaiting = set(drafts.values_list("case_id", flat=True))
    done = set()
    for n in notifications:
        settled = n.case is not None and n.case.status in _SETTLED
        if (n.kind in _ASKS_A_REPLY and (n.case_id in replied or settled)) or (
            n.kind == Kind.RULING_TO_SIGN and n.case_id not in awaiting
        ):
            done.add(n.pk)
    return done
