"""Writing notifications: inbox rows now (in the caller's transaction), e-mail once it commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from truce.accounts.models import Role, User
from truce.accounts.roles import is_mediator
from truce.core import clock
from truce.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(
    users: Iterable[Any], kind: str, title: str, body: str = "", case: Any = None
) -> list[Notification]:
    """Notify each active user once; returns the rows. Requires the caller's open transaction: the
    notifications exist if and only if the change they announce commits.

    A notice carries nothing its recipient may not see. The callers compose ``title`` and ``body`` from
    what every recipient may see (a case's title through truce.cases.present.case_summary, for each
    recipient); and a notice about a ``case`` never reaches a user who may not see that case — not even
    its reference — whatever the caller passed (the last guard, not the rule's only place)."""
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
            Notification(user=u, kind=kind, title=title, body=body, case=case, created_at=now)
            for u in unique.values()
        ]
    )
    recipients = [u.email for u in unique.values() if u.email]
    if recipients:
        transaction.on_commit(lambda: _email(recipients, title, body))
    return rows


def _email(recipients: list[str], title: str, body: str) -> None:
    try:
        send_mail(f"[Truce] {title}", body or title, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:
        log.exception("could not e-mail %d recipient(s) about %r", len(recipients), title)


def mediators_of(agreement_id: str) -> list[User]:
    return list(User.objects.filter(agreement_id=agreement_id, role=Role.MEDIATOR, is_active=True))


def liaisons_of(agreement_id: str, party: str) -> list[User]:
    return list(
        User.objects.filter(agreement_id=agreement_id, role=Role.LIAISON, organisation=party, is_active=True)
    )
