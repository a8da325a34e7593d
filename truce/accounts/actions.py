"""Users and tokens. ``acting_user=None`` means the operator at the server's console (the CLI)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from truce.accounts.events import (
    SecondFactorEnrolled,
    SecondFactorReset,
    TokenIssued,
    TokenRevoked,
    TokenRotated,
    UserAdded,
    UserDeactivated,
    UserReactivated,
)
from truce.accounts.models import ApiToken, Role, User, token_digest
from truce.accounts.roles import is_admin
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.core import clock
from truce.errors import ActionError, Forbidden, NotFound
from truce.notifications.models import Kind
from truce.notifications.send import mediators_of, notify_about
from truce.record.store import append

# Roles that act inside one agreement; observers and admins may be instance-wide.
_BOUND_ROLES = {Role.MEDIATOR, Role.MONITOR, Role.LIAISON}
# A role named inside a refusal ("a monitor serves one agreement"): its code in English, a word elsewhere.
ROLE_WORDS: dict[str, Any] = {
    Role.MEDIATOR: pgettext_lazy("role inside a sentence", "mediator"),
    Role.MONITOR: pgettext_lazy("role inside a sentence", "monitor"),
    Role.LIAISON: pgettext_lazy("role inside a sentence", "liaison"),
    Role.OBSERVER: pgettext_lazy("role inside a sentence", "observer"),
    Role.ADMIN: pgettext_lazy("role inside a sentence", "admin"),
}


def _check_operator(acting_user: Any) -> None:
    if acting_user is not None and not is_admin(acting_user):
        raise Forbidden(gettext_lazy("only an administrator may manage users"))


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
        raise ActionError(
            gettext_lazy("unknown role %(role)s; expected one of %(roles)s"),
            params={"role": repr(role), "roles": ", ".join(Role.values)},
            field="role",
        )
    username = username.strip()
    if not username or len(username) > 150 or not all(c.isalnum() or c in "@.+-_" for c in username):
        raise ActionError(gettext_lazy("a user name is 1-150 letters, digits or @.+-_"), field="username")
    organisation = organisation.strip().upper()
    agreement_row = None
    if agreement_id:
        agreement_row = Agreement.objects.filter(pk=agreement_id).first()
        if agreement_row is None:
            known = ", ".join(Agreement.objects.values_list("id", flat=True)) or gettext_lazy(
                "none loaded yet"
            )
            raise ActionError(
                gettext_lazy("no agreement %(agreement)s (loaded: %(known)s)"),
                params={"agreement": repr(agreement_id), "known": known},
                field="agreement",
            )
    if role in _BOUND_ROLES and agreement_row is None:
        only = list(Agreement.objects.values_list("id", flat=True)[:2])
        if len(only) != 1:
            raise ActionError(
                gettext_lazy("a %(role)s serves one agreement: name it with --agreement"),
                params={"role": ROLE_WORDS[Role(role)]},
                field="agreement",
            )
        agreement_row = Agreement.objects.get(pk=only[0])
    if role == Role.LIAISON or role == Role.MEDIATOR:
        assert agreement_row is not None
        parsed = registry.parsed(agreement_row)
        if role == Role.LIAISON:
            allowed = [p.code for p in parsed.parties]
            what = gettext_lazy("party")
        else:
            allowed = [m.code for m in parsed.mediators] + ([parsed.mission.code] if parsed.mission else [])
            what = gettext_lazy("mediator (or mission)")
        if organisation not in allowed:
            raise ActionError(
                gettext_lazy(
                    "a %(role)s needs the %(what)s code they serve, one of %(codes)s (--party CODE)"
                ),
                params={"role": ROLE_WORDS[Role(role)], "what": what, "codes": ", ".join(allowed)},
                field="party",
            )
    elif organisation:
        raise ActionError(
            gettext_lazy("a %(role)s has no party or mediator; drop --party"),
            params={"role": ROLE_WORDS[Role(role)]},
            field="party",
        )
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
            # Separation of duties: whoever creates an account, the mediators of the agreement it serves
            # learn of it (of every agreement, for an admin, who manages all of them), so an operator
            # cannot quietly give anyone, themself included, a role.
            if agreement_row is not None:
                told = mediators_of(agreement_row.pk)
            elif role == Role.ADMIN:
                told = list(User.objects.filter(role=Role.MEDIATOR, is_active=True))
            else:
                told = []
            said: dict[str, str] = {"username": username, "role": role}
            if agreement_row is None:
                said["form"] = "added-instance"
            elif organisation:
                said.update(form="added", agreement=agreement_row.pk, organisation=organisation)
            else:
                said.update(form="added-alone", agreement=agreement_row.pk)
            notify_about(told, Kind.ACCOUNT_CHANGED, said)
    except IntegrityError as exc:
        raise ActionError(
            gettext_lazy("a user named %(username)s already exists"),
            params={"username": repr(username)},
            field="username",
        ) from exc
    return user


ROLES_WITH_SECOND_FACTOR = frozenset({Role.MEDIATOR, Role.ADMIN})
RECOVERY_CODES = 10


def needs_second_factor(user: Any) -> bool:
    """Mediators sign rulings and admins manage accounts: a stolen password alone must not be enough."""
    return bool(user and user.is_authenticated and user.role in ROLES_WITH_SECOND_FACTOR)


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _user_for_operator(user_id: int, acting_user: Any) -> User:
    _check_operator(acting_user)
    found = User.objects.filter(pk=user_id).first()
    if found is None:
        raise NotFound(gettext_lazy("no user %(user)s"), params={"user": user_id})
    return found


def end_sessions(user: User) -> int:
    """Delete every live session of ``user``; returns how many. Sessions are stored encoded, so this reads
    each live one: fine for the few hundred officers of a mechanism, and only deactivation needs it."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def do_deactivate_user(user_id: int, *, acting_user: Any) -> User:
    """Stop a user at once: no login, their sessions end and their tokens are revoked (not deleted: the
    list keeps what existed). Reactivation does not bring the tokens back."""
    user = _user_for_operator(user_id, acting_user)
    if acting_user is not None and acting_user.pk == user.pk:
        raise ActionError(
            gettext_lazy("you cannot deactivate your own account; ask another administrator"), field="user"
        )
    if not user.is_active:
        raise ActionError(
            gettext_lazy("%(username)s is already deactivated"),
            params={"username": user.username},
            field="user",
        )
    with transaction.atomic():
        now = clock.now()
        user.is_active = False
        user.save(update_fields=["is_active"])
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        ended = end_sessions(user)
        append(
            UserDeactivated(user=user.pk, sessions_ended=ended, tokens_revoked=revoked),
            agreement=user.agreement_id,
            actor=acting_user,
        )
        _tell_mediators(user, "deactivated")
    return user


def do_reactivate_user(user_id: int, *, acting_user: Any) -> User:
    user = _user_for_operator(user_id, acting_user)
    if user.is_active:
        raise ActionError(
            gettext_lazy("%(username)s is already active"), params={"username": user.username}, field="user"
        )
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        append(UserReactivated(user=user.pk), agreement=user.agreement_id, actor=acting_user)
        _tell_mediators(user, "reactivated")
    return user


def _tell_mediators(user: User, change: str) -> None:
    """Account changes in an agreement reach its mediators (separation of duties: the admin acts in view).
    ``change`` is the notice's form: "deactivated" or "reactivated"."""
    if user.agreement_id:
        notify_about(
            mediators_of(user.agreement_id),
            Kind.ACCOUNT_CHANGED,
            {"form": change, "username": user.username, "role": user.role},
        )


def _enrolled(user: User, codes: list[str], acting_user: Any) -> None:
    """Replace ``user``'s recovery codes with ``codes`` and record the enrolment; the caller has made the
    authenticator, in the same transaction."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    append(SecondFactorEnrolled(user=user.pk), agreement=user.agreement_id, actor=acting_user)


def new_totp_key() -> str:
    """A fresh 20-byte TOTP secret, hex as django-otp stores it."""
    return secrets.token_hex(20)


def do_enrol_second_factor(
    user: User, *, key: str, code: str, acting_user: Any
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator app holding ``key`` with one of its codes; returns the device and the
    recovery codes, which are shown once and kept only by django-otp's static device."""
    if acting_user is None or acting_user.pk != user.pk:
        raise Forbidden(gettext_lazy("only the user may enrol their own second factor"))
    if has_second_factor(user):
        raise ActionError(
            gettext_lazy("a second factor is already set up; an administrator can reset it"), field="code"
        )
    device = TOTPDevice(user=user, name="authenticator", key=key, confirmed=True)
    # Checked here rather than with device.verify_token(), which saves the device when a code is wrong.
    check = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and check.verify(int(code), device.tolerance)):
        raise ActionError(
            gettext_lazy("that code does not match: type the 6 digits your authenticator app shows now"),
            field="code",
        )
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    device.last_t = check.t()  # this code is now used up
    with transaction.atomic():
        device.save()
        _enrolled(user, codes, acting_user)
    return device, codes


def do_provision_second_factor(user: User, *, acting_user: Any, codes: int = RECOVERY_CODES) -> list[str]:
    """The console sets up an authenticator and recovery codes for a user who has none (the demo's
    mediators and admin, so that someone running ``make run`` can log in); returns the codes. Never from
    the web: an admin who could make devices for others would hold half of their sign-in."""
    if acting_user is not None:
        raise Forbidden(gettext_lazy("a second factor is set up by its user, or at the server's console"))
    if has_second_factor(user):
        raise ActionError(
            gettext_lazy("%(username)s already has a second factor"),
            params={"username": user.username},
            field="user",
        )
    tokens = [StaticToken.random_token() for _ in range(codes)]
    with transaction.atomic():
        TOTPDevice.objects.create(user=user, name="authenticator", key=new_totp_key(), confirmed=True)
        _enrolled(user, tokens, acting_user)
    return tokens


def do_reset_second_factor(user_id: int, *, acting_user: Any) -> User:
    """Remove a user's authenticator and recovery codes (lost phone); they enrol again at next login."""
    user = _user_for_operator(user_id, acting_user)
    if acting_user is not None and acting_user.pk == user.pk:
        raise ActionError(
            gettext_lazy("you cannot reset your own second factor; ask another administrator"), field="user"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        end_sessions(user)
        append(SecondFactorReset(user=user.pk), agreement=user.agreement_id, actor=acting_user)
        _tell_mediators(user, f"Second factor of {user.username!r} ({user.role}) reset")
    return user


def token_lifetime(expires_days: int | None) -> dt.timedelta:
    """The lifetime ``expires_days`` asks for (None: TRUCE_TOKEN_DAYS), or ActionError if out of range."""
    days = settings.TRUCE_TOKEN_DAYS if expires_days is None else expires_days
    if not 1 <= days <= 3650:
        raise ActionError(
            gettext_lazy("a token lives 1 to 3650 days; pick --expires-days in that range"),
            field="expires_days",
        )
    return dt.timedelta(days=days)


def _new_token(user: User, lifetime: dt.timedelta) -> tuple[str, ApiToken]:
    token = "truce_" + secrets.token_urlsafe(32)
    now = clock.now()
    row = ApiToken.objects.create(
        user=user,
        digest=token_digest(token),
        prefix=token[:12],
        agreement_id=user.agreement_id,
        created_at=now,
        expires_at=now + lifetime,
    )
    return token, row


def do_issue_token(user: User, *, acting_user: Any, expires_days: int | None = None) -> str:
    """Issue an API token for ``user`` and return it; only its digest is kept, so it is shown once. The
    token acts in the user's agreement only and expires after ``expires_days`` (default
    TRUCE_TOKEN_DAYS)."""
    if acting_user is not None and acting_user != user:
        _check_operator(acting_user)
    if not user.is_active:
        raise ActionError(
            gettext_lazy("%(username)s is deactivated; reactivate them first"),
            params={"username": user.username},
            field="user",
        )
    lifetime = token_lifetime(expires_days)
    with transaction.atomic():
        token, row = _new_token(user, lifetime)
        append(TokenIssued(user=user.pk, token=row.pk), agreement=user.agreement_id, actor=acting_user)
    return token


def may_manage_token(acting_user: Any, token: ApiToken) -> bool:
    """Its owner, an admin, or the console (``acting_user`` None). truce.access asks the same before a
    token page runs, so the route and the action cannot disagree."""
    return acting_user is None or is_admin(acting_user) or token.user_id == acting_user.pk


def _token_for(token_id: int, acting_user: Any) -> ApiToken:
    """The token if ``acting_user`` may manage it (see may_manage_token); else 404."""
    row = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if row is None or not may_manage_token(acting_user, row):
        raise NotFound(gettext_lazy("no token %(token)s"), params={"token": token_id})
    return row


def do_revoke_token(token_id: int, *, acting_user: Any) -> ApiToken:
    row = _token_for(token_id, acting_user)
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().get(pk=row.pk)
        if row.revoked_at is not None:
            raise ActionError(
                gettext_lazy("token %(prefix)s… was already revoked"),
                params={"prefix": row.prefix},
                field="token",
            )
        row.revoked_at = clock.now()
        row.save(update_fields=["revoked_at"])
        append(TokenRevoked(user=row.user_id, token=row.pk), agreement=row.agreement_id, actor=acting_user)
    return row


def do_rotate_token(
    token_id: int, *, acting_user: Any, expires_days: int | None = None
) -> tuple[str, ApiToken]:
    """Replace a live token: the new one (returned, shown once) and the old one's revocation commit
    together, so there is never a moment with both or neither."""
    row = _token_for(token_id, acting_user)
    if not row.user.is_active:
        raise ActionError(
            gettext_lazy("%(username)s is deactivated; reactivate them first"),
            params={"username": row.user.username},
            field="user",
        )
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().select_related("user").get(pk=row.pk)
        now = clock.now()
        if not row.is_live(now):
            raise ActionError(
                gettext_lazy("token %(prefix)s… is revoked or expired; issue a new one instead"),
                params={"prefix": row.prefix},
                field="token",
            )
        token, new = _new_token(row.user, token_lifetime(expires_days))
        row.revoked_at = now
        row.replaced_by = new
        row.save(update_fields=["revoked_at", "replaced_by"])
        append(
            TokenRotated(user=row.user_id, token=row.pk, replaced_by=new.pk),
            agreement=row.agreement_id,
            actor=acting_user,
        )
    return token, new


def find_live_token(token: str) -> ApiToken | None:
    """The live token row for a bearer token, or None: unknown, revoked, expired, of a deactivated user, or
    issued for another agreement than the one its user now serves. Reads only; never writes."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None or not row.is_live(clock.now()) or row.agreement_id != row.user.agreement_id:
        return None
    return row


def note_token_used(row: ApiToken) -> None:
    """Keep the last-used time to the minute. Bookkeeping, not a change anyone acts on: no record event
    (one per request would flood the record), and one write a minute at most per token."""
    now = clock.now()
    if row.last_used_at is None or now - row.last_used_at >= dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now


def language_codes() -> list[str]:
    """The interface languages an instance offers (settings.LANGUAGES), in menu order."""
    return [code for code, _name in settings.LANGUAGES]


def do_set_language(user: User, language: str, *, acting_user: Any) -> User:
    """Remember ``language`` as ``user``'s interface language. Only the user chooses their own; the
    preference is no fact of the mechanism, so nothing is recorded."""
    if acting_user is None or acting_user.pk != user.pk:
        raise Forbidden(gettext_lazy("only the user chooses their own interface language"))
    if language not in language_codes():
        raise ActionError(
            gettext_lazy("unknown language %(language)s; one of: %(languages)s"),
            params={"language": repr(language), "languages": ", ".join(language_codes())},
            field="language",
        )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
