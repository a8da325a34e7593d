"""Who a user is in an agreement. Every permission and visibility rule is written with these."""

from __future__ import annotations

from typing import Any

from truce.accounts.models import Role


def _serves(user: Any, agreement_id: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.agreement_id == agreement_id)


def is_mediator(user: Any, agreement_id: str) -> bool:
    return _serves(user, agreement_id) and user.role == Role.MEDIATOR


def is_monitor(user: Any, agreement_id: str) -> bool:
    return _serves(user, agreement_id) and user.role == Role.MONITOR


def liaison_party(user: Any, agreement_id: str) -> str | None:
    """The party a liaison officer speaks for in this agreement, or None for anyone else."""
    if _serves(user, agreement_id) and user.role == Role.LIAISON and user.organisation:
        return str(user.organisation)
    return None


def is_admin(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.ADMIN)
