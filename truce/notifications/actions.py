"""Marking inbox notices read: the only write paths for a notice after it is sent.

Reading one's own inbox changes nothing of the mechanism's work, so these append no record event: the
record holds what the mechanism did, not who opened which notice (the notices themselves are not in it
either; the acts that caused them are).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from truce.core import clock
from truce.errors import NotFound
from truce.notifications.models import Notification


def do_mark_read(notification_id: int, *, acting_user: Any) -> Notification:
    """Mark one of ``acting_user``'s own notices read (again is a no-op). Another user's notice is
    NotFound, like one that does not exist."""
    with transaction.atomic():
        notice = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, user_id=acting_user.pk)
            .first()
        )
        if notice is None:
            raise NotFound(
                gettext_lazy("no notice %(notice)s in your inbox"),
                params={"notice": notification_id},
                field="notification",
            )
        if notice.read_at is None:
            notice.read_at = clock.now()
            notice.save(update_fields=["read_at"])
    return notice


def do_mark_all_read(*, acting_user: Any) -> int:
    """Mark every unread notice of ``acting_user`` read; returns how many were unread."""
    with transaction.atomic():
        return Notification.objects.filter(user_id=acting_user.pk, read_at__isnull=True).update(
            read_at=clock.now()
        )


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
