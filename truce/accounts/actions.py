"""Users and tokens. ``acting_user=None`` means the operator at the server's console (the CLI)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from truce.accounts.events import TokenIssued, UserAdded
from truce.accounts.models import ApiToken, Role, User, token_digest
from truce.accounts.roles import is_admin
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.core import clock
from truce.errors import ActionError, Forbidden
from truce.record.store import append

# Roles that act inside one agreement; observers and admins may be instance-wide.
_BOUND_ROLES = {Role.MEDIATOR, Role.MONITOR, Role.LIAISON}


def _check_operator(acting_user: Any) -> None:
    if acting_user is not None and not is_admin(acting_user):
        raise Forbidden("only an administrator may manage users")


def do_add_user(
    username: str,
    *,
    role: str,
    organisation: str = "",
    agreement_id: str | None = None,
    password: str | None = None,
    email: str = "",
    acting_user: Any,
) -> User:
    """Create a user. Liaisons name their party, mediators their mediating state (or the monitoring
    mission), and both, like monitors, the agreement they serve."""
    _check_operator(acting_user)
    if role not in Role.values:
        raise ActionError(f"unknown role {role!r}; expected one of {', '.join(Role.values)}", field="role")
    username = username.strip()
    if not username or len(username) > 150 or not all(c.isalnum() or c in "@.+-_" for c in username):
        raise ActionError("a user name is 1-150 letters, digits or @.+-_", field="username")
    organisation = organisation.strip().upper()
    agreement_row = None
    if agreement_id:
        agreement_row = Agreement.objects.filter(pk=agreement_id).first()
        if agreement_row is None:
            known = ", ".join(Agreement.objects.values_list("id", flat=True)) or "none loaded yet"
            raise ActionError(f"no agreement {agreement_id!r} (loaded: {known})", field="agreement")
    if role in _BOUND_ROLES and agreement_row is None:
        only = list(Agreement.objects.values_list("id", flat=True)[:2])
        if len(only) != 1:
            raise ActionError(f"a {role} serves one agreement: name it with --agreement", field="agreement")
        agreement_row = Agreement.objects.get(pk=only[0])
    if role == Role.LIAISON or role == Role.MEDIATOR:
        assert agreement_row is not None
        parsed = registry.parsed(agreement_row)
        if role == Role.LIAISON:
            allowed = [p.code for p in parsed.parties]
            what = "party"
        else:
            allowed = [m.code for m in parsed.mediators] + ([parsed.mission.code] if parsed.mission else [])
            what = "mediator (or mission)"
        if organisation not in allowed:
            raise ActionError(
                f"a {role} needs the {what} code they serve, one of {', '.join(allowed)} (--party CODE)",
                field="party",
            )
    elif organisation:
        raise ActionError(f"a {role} has no party or mediator; drop --party", field="party")
    if password is not None:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise ActionError(" ".join(exc.messages), field="password") from exc
    try:
        with transaction.atomic():
            user = User(
                username=username,
                role=role,
                organisation=organisation,
                agreement=agreement_row,
                email=email,
                date_joined=clock.now(),
            )
            if password is None:
                user.set_unusable_password()
            else:
                user.set_password(password)
            user.save()
            append(
                UserAdded(
                    user=user.pk,
                    role=role,
                    organisation=organisation,
                    agreement=agreement_row.pk if agreement_row else "",
                    username=username,
                ),
                agreement=agreement_row.pk if agreement_row else None,
                actor=acting_user,
            )
    except IntegrityError as exc:
        raise ActionError(f"a user named {username!r} already exists", field="username") from exc
    return user


def do_issue_token(user: User, *, acting_user: Any) -> str:
    """Issue an API token for ``user`` and return it; only its digest is kept, so it is shown once."""
    if acting_user is not None and acting_user != user:
        _check_operator(acting_user)
    token = "truce_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user, digest=token_digest(token), prefix=token[:12], created_at=clock.now()
        )
        append(TokenIssued(user=user.pk, token=row.pk), agreement=user.agreement_id, actor=acting_user)
    return token


def authenticate_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None. Reads only; never writes."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return row.user if row else None
