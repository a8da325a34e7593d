"""Writing notifications: inbox rows and the e-mail task (truce.notifications.tasks), both in the caller's
transaction; ``truce worker`` sends the mail once it commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

from truce.accounts.models import Role, User
from truce.accounts.roles import is_mediator
from truce.core import clock
from truce.notifications.models import Notification
from truce.notifications.tasks import send_email


def notify(
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    case: Any = None,
    *,
    params: Mapping[str, Any] | None = None,
) -> list[Notification]:
    """Notify each active user once; returns the rows. Requires the caller's open transaction: the
    notifications exist if and only if the change they announce commits.

    A notice carries nothing its recipient may not see. The callers compose ``title`` and ``body`` from
    what every recipient may see (a case's title through truce.cases.present.case_summary, for each
    recipient); and a notice about a ``case`` never reaches a user who may not see that case — not even
    its reference — whatever the caller passed (the last guard, not the rule's only place).

    ``params`` fill the kind's words (truce.notifications.present.TEXTS), so the inbox reads the notice in
    each reader's language, and the e-mail goes out in the language each recipient chose
    (``User.language``), sent by ``truce worker`` (truce.notifications.tasks); ``title`` and ``body`` are
    the same notice in English, kept on the row and e-mailed to those who chose none."""
    now = clock.now()
    unique = {u.pk: u for u in users if u.is_active}
    if case is not None and unique:
        from truce.cases.visibility import cases_visible_to  # the cases app builds on this one

        # A case's mediators see it whole (truce.cases.visibility): only the others cost a query.
        unique = {
            pk: u
            for pk, u in unique.items()
            if is_mediator(u, case.agreement_id) or cases_visible_to(u).filter(pk=case.pk).exists()
        }
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user=u,
                kind=kind,
                title=title,
                body=body,
                params=dict(params or {}),
                case=case,
                created_at=now,
            )
            for u in unique.values()
        ]
    )
    by_language: dict[str, list[str]] = {}
    offered = {code for code, _name in settings.LANGUAGES}
    for u in unique.values():
        if u.email:
            language = u.language if params and u.language in offered else ""
            by_language.setdefault(language, []).append(u.email)
    for language, recipients in sorted(by_language.items()):
        subject, text = title, body
        if language:
            from truce.notifications.present import in_language  # present reads the apps built on this one

            subject, text = in_language(kind, dict(params or {}), language) or (title, body)
        # A row of the task queue, in this transaction: rolled back with it, or there for the worker.
        send_email.enqueue(recipients, subject, text)
    return rows


def mediators_of(agreement_id: str) -> list[User]:
    return list(User.objects.filter(agreement_id=agreement_id, role=Role.MEDIATOR, is_active=True))


def liaisons_of(agreement_id: str, party: str) -> list[User]:
    return list(
        User.objects.filter(agreement_id=agreement_id, role=Role.LIAISON, organisation=party, is_active=True)
    )


def participants_of(agreement_id: str) -> list[User]:
    """Who takes part in the mechanism's meetings: the mediators and every party's liaison officers (all
    of them see every meeting of their agreement, truce.meetings.visibility)."""
    return list(
        User.objects.filter(
            agreement_id=agreement_id, role__in=[Role.MEDIATOR, Role.LIAISON], is_active=True
        ).order_by("id")
    )


def notify_about(
    users: Iterable[Any], kind: str, params: Mapping[str, Any], case: Any = None
) -> list[Notification]:
    """notify() with a kind's words (truce.notifications.present.TEXTS) filled from ``params``: the
    inbox composes them in each reader's language; the row and the e-mail keep them in English."""
    from truce.notifications.present import in_english

    title, body = in_english(kind, dict(params))
    return notify(users, kind, title, body, case=case, params=params)
