"""How a user's inbox reads: each notice with whether what it asked of them is already done.

Notices are never edited (they are written by the action that caused them); whether one still needs the
reader is worked out when the inbox is read, from the rows that say so, so a reply request stops saying
"due" the moment the reply is in, and a ruling to sign the moment it is signed or in force.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from truce.accounts.models import Role
from truce.cases.models import CaseStatus, Reply
from truce.notifications.models import Kind, Notification
from truce.penalties.words import reasons_words
from truce.rulings.models import Ruling, RulingStatus, Signature
from truce.web.templatetags.truce_format import (
    GREGORIAN,
    SOLAR_HIJRI,
    current_calendar,
    current_zone,
    day_text,
    reset_viewer_clock,
    set_viewer_clock,
)

# The words of each kind of notice: composed when the notice is read, in the reader's language (the
# catalogues translate these msgids); %(name)s are the notice's params. A kind said in more than one way
# keys its other forms as "kind/form", the form named by the notice's "form" param. Notices stored
# without params (written before their kind had words here) show the English title and body they were
# stored with. gettext_noop is called by its own name: makemessages looks for that name, and an alias
# (`as N_`) left every one of these out of the catalogues. A penalty's measure is the agreement's own
# words, kept as they are; its reasons are written in the reader's language from the data stored with
# the notice (``reasons_detail``; notices stored without it show the engine's English text).
TEXTS: dict[str, tuple[str, str]] = {
    Kind.NEW_COMPLAINT: (
        gettext_noop("Case %(case)s: new complaint by %(party)s against %(accused)s"),
        gettext_noop("%(summary)s (%(place)s, %(date)s). Decide whether it is admissible."),
    ),
    Kind.LEAD_OPENED_CASE: (
        gettext_noop("Case %(case)s opened from open sources"),
        gettext_noop(
            "%(summary)s (%(place)s, %(date)s). Review the lead's report and decide whether it is admissible."
        ),
    ),
    Kind.PENALTY_CONFIRMED: (
        gettext_noop("Penalty %(penalty)s against %(party)s confirmed: %(measure)s"),
        "%(reasons)s",
    ),
    Kind.MEETING_SCHEDULED: (
        gettext_noop("Meeting %(meeting)s scheduled for %(when)s (%(zone)s)"),
        gettext_noop("Place: %(place)s. %(title)s"),
    ),
    Kind.MEETING_CANCELLED: (
        gettext_noop("Meeting %(meeting)s of %(when)s (%(zone)s) is cancelled"),
        gettext_noop("Reason: %(reason)s"),
    ),
    Kind.REPLY_REQUESTED: (
        gettext_noop("Case %(case)s: your reply is due by %(due)s (%(zone)s)"),
        gettext_noop(
            "%(summary)s. Reply with your account and any counter-evidence before the window closes."
        ),
    ),
    Kind.REPLY_RECEIVED: (gettext_noop("Case %(case)s: %(party)s has replied"), ""),
    Kind.REPLY_OVERDUE: (
        gettext_noop("Case %(case)s: %(party)s did not reply in time"),
        gettext_noop("The reply window has closed; the ruling may be drafted."),
    ),
    Kind.ASSIGNED: (gettext_noop("You are assigned to case %(case)s"), "%(summary)s"),
    Kind.RULING_TO_SIGN: (gettext_noop("Ruling R%(number)s on case %(case)s awaits your signature"), ""),
    Kind.RULING_IN_FORCE: (gettext_noop("Ruling R%(number)s on case %(case)s is in force"), ""),
    Kind.PENALTY_PROPOSED: (gettext_noop("Penalty proposed against %(party)s: %(measure)s"), "%(reasons)s"),
    Kind.CASE_SHARED: (gettext_noop("Case %(case)s has been shared with %(party)s"), "%(summary)s."),
    f"{Kind.CASE_SHARED}/due": (
        gettext_noop("Case %(case)s has been shared with %(party)s"),
        gettext_noop("%(summary)s. Your reply is due by %(due)s (%(zone)s)."),
    ),
    Kind.POSSIBLE_SAME_INCIDENT: (
        gettext_noop("Case %(case)s may be the same incident as case %(other)s"),
        gettext_noop(
            "A report filed by %(party)s matched case %(other)s, which its filer cannot see, so it opened "
            "its own case. Join the two cases if they are one incident."
        ),
    ),
    f"{Kind.POSSIBLE_SAME_INCIDENT}/monitor": (
        gettext_noop("Case %(case)s may be the same incident as case %(other)s"),
        gettext_noop(
            "A report filed by a monitor matched case %(other)s, which its filer cannot see, so it opened "
            "its own case. Join the two cases if they are one incident."
        ),
    ),
    Kind.URGENT_REPORT: (
        gettext_noop("URGENT: %(summary)s (%(place)s, %(date)s)"),
        gettext_noop("Filed by %(party)s; case %(case)s. %(description)s"),
    ),
    f"{Kind.URGENT_REPORT}/monitor": (
        gettext_noop("URGENT: %(summary)s (%(place)s, %(date)s)"),
        gettext_noop("Filed by a monitor; case %(case)s. %(description)s"),
    ),
    f"{Kind.ACCOUNT_CHANGED}/added": (
        gettext_noop("New account %(username)s: %(role)s of %(organisation)s"),
        gettext_noop(
            "The account was created in %(agreement)s. If you did not expect it, ask the operator why."
        ),
    ),
    f"{Kind.ACCOUNT_CHANGED}/added-alone": (
        gettext_noop("New account %(username)s: %(role)s"),
        gettext_noop(
            "The account was created in %(agreement)s. If you did not expect it, ask the operator why."
        ),
    ),
    f"{Kind.ACCOUNT_CHANGED}/added-instance": (
        gettext_noop("New account %(username)s: %(role)s"),
        gettext_noop(
            "The account was created for the whole instance. If you did not expect it, ask the operator why."
        ),
    ),
    f"{Kind.ACCOUNT_CHANGED}/deactivated": (
        gettext_noop("Account %(username)s (%(role)s) deactivated"),
        "",
    ),
    f"{Kind.ACCOUNT_CHANGED}/reactivated": (
        gettext_noop("Account %(username)s (%(role)s) reactivated"),
        "",
    ),
}

# Params that hold a code the reader should see as a word, and the choices that word it.
_WORDED: dict[str, type[models.TextChoices]] = {"role": Role}
# Params that hold a day ("2025-10-25") or a time on the agreement's clock ("2025-10-31 09:00"): written
# in the reader's calendar (Solar Hijri for Dari and Pashto readers by default) by the pages' own date
# filters (truce_format), so a notice and the page it leads to write a day alike.
_DATED = ("date", "due", "when")
_DAY_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?")


def _worded(params: dict[str, Any]) -> dict[str, Any]:
    shown_params = dict(params)
    for name, choices in _WORDED.items():
        # A code the choices no longer know is shown as it is.
        if name in shown_params and shown_params[name] in choices.values:
            shown_params[name] = str(choices(shown_params[name]).label)
    if "reasons_detail" in shown_params:  # a penalty's reasons, from the data stored with the notice
        shown_params["reasons"] = reasons_words(
            shown_params["reasons_detail"], str(params.get("reasons", ""))
        )
    if current_calendar() == SOLAR_HIJRI:
        for name in _DATED:
            found = _DAY_TIME.fullmatch(str(shown_params.get(name, "")))
            if found:
                day = day_text(found.group(1))  # the Solar Hijri day, the Gregorian one after it
                shown_params[name] = f"{day}, {found.group(2)}" if found.group(2) else day
    return shown_params


def compose(kind: str, params: dict[str, Any] | None, title: str = "", body: str = "") -> tuple[str, str]:
    """A notice's title and body in the active language: from its kind's words (its form's, when
    ``params`` name one) and ``params`` when it has them, else the stored English ``title`` and ``body``
    (notices written before their kind had params)."""
    if not params:
        return title, body
    words = TEXTS.get(f"{kind}/{params['form']}" if "form" in params else kind)
    if words is None:
        return title, body
    values = _worded(params)
    try:
        return gettext(words[0]) % values, (gettext(words[1]) % values if words[1] else "")
    except (KeyError, TypeError, ValueError):  # a catalogue entry that lost a placeholder
        return title, body


def in_english(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """The notice in English and the Gregorian calendar, whatever the acting user reads in: what its row
    keeps for readers of older releases and e-mails to a recipient who chose no language."""
    tokens = set_viewer_clock(current_zone(), GREGORIAN)
    try:
        with translation.override("en"):
            return compose(kind, params)
    finally:
        reset_viewer_clock(tokens)


def in_language(kind: str, params: dict[str, Any], language: str) -> tuple[str, str] | None:
    """The notice in ``language`` and that language's default calendar, for a recipient's e-mail; None
    when the kind has no words for these params."""
    tokens = set_viewer_clock(current_zone(), None)
    try:
        with translation.override(language):
            title, body = compose(kind, params)
    finally:
        reset_viewer_clock(tokens)
    return (title, body) if title else None


def shown(notice: Notification) -> tuple[str, str]:
    return compose(notice.kind, notice.params, notice.title, notice.body)


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
