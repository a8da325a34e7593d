"""Pages of the sign-in flow (second factor, lockout), a user's own API tokens, and the operator's user
administration. Thin: they write only through truce.accounts.actions."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from typing import Any
from urllib.parse import quote

import segno
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from truce.accounts import actions
from truce.accounts.models import ApiToken, Role, User
from truce.accounts.roles import is_admin
from truce.agreements.models import Agreement
from truce.core import clock
from truce.errors import ActionError

_SETUP_KEY = "truce_totp_setup_key"


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


# ---- second factor ---------------------------------------------------------------------------------


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The code page: a code from the authenticator app, or one of the recovery codes."""
    user: Any = request.user
    if not actions.needs_second_factor(user) or user.is_verified():
        return redirect(_next_url(request))
    if not actions.has_second_factor(user):
        return redirect(f"{reverse('second-factor-setup')}?next={quote(_next_url(request))}")
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").strip().replace(" ", "")
        device = match_token(user, code) if code else None
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        error = _(
            "That code was not accepted. Type the 6 digits your authenticator app shows now, or one of "
            "your recovery codes; after several wrong codes, wait a little before the next try."
        )
    return render(request, "accounts/second_factor.html", {"error": error, "next": _next_url(request)})


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: the QR code and the secret in text; confirming with a code shows the recovery codes
    once, in this response only."""
    user: Any = request.user
    if not actions.needs_second_factor(user) or actions.has_second_factor(user):
        return redirect(_next_url(request))
    key = request.session.get(_SETUP_KEY) or actions.new_totp_key()
    request.session[_SETUP_KEY] = key
    error = ""
    if request.method == "POST":
        try:
            device, codes = actions.do_enrol_second_factor(
                user, key=key, code=request.POST.get("code", ""), acting_user=user
            )
        except ActionError as exc:
            error = exc.words()
        else:
            del request.session[_SETUP_KEY]
            otp_login(request, device)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
    device = TOTPDevice(user=user, key=key)
    url = device.config_url
    secret = b32encode(device.bin_key).decode("ascii")
    context = {
        "qr": segno.make(url, error="m").svg_data_uri(scale=5, border=2),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "error": error,
        "next": _next_url(request),
    }
    return render(request, "accounts/second_factor_setup.html", context)


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """axes' lockout answer (settings.AXES_LOCKOUT_CALLABLE): what happened and when to try again."""
    minutes = settings.TRUCE_LOCKOUT_MINUTES
    until = clock.now() + dt.timedelta(minutes=minutes)
    context = {
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "failures": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        "until": until,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


# ---- a user's own API tokens ------------------------------------------------------------------------


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    shown = None
    if request.method == "POST":
        try:
            days = request.POST.get("expires_days") or None
            shown = actions.do_issue_token(user, acting_user=user, expires_days=int(days) if days else None)
        except ValueError:
            messages.error(request, _("The lifetime is a whole number of days, e.g. 90."))
        except ActionError as exc:
            messages.error(request, exc.words())
    return _tokens_page(request, user, shown)


def _tokens_page(request: HttpRequest, owner: Any, shown: str | None) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=owner).order_by("-created_at", "-id")
    context = {
        "tokens": tokens,
        "shown": shown,
        "now": clock.now(),
        "default_days": settings.TRUCE_TOKEN_DAYS,
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        row = actions.do_revoke_token(token_id, acting_user=request.user)
    except ActionError as exc:
        if exc.status == 404:
            raise Http404(exc.words()) from exc
        messages.error(request, exc.words())
    else:
        messages.success(
            request, _("Token %(prefix)s… revoked: it no longer works.") % {"prefix": row.prefix}
        )
    back = request.POST.get("back", "")
    safe = back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if safe else "token-list")


@login_required
@require_POST
def token_rotate(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        shown, _replaced = actions.do_rotate_token(token_id, acting_user=request.user)
    except ActionError as exc:
        if exc.status == 404:
            raise Http404(exc.words()) from exc
        messages.error(request, exc.words())
        return redirect("token-list")
    messages.success(request, _("Token rotated: the old one no longer works. Copy the new one now."))
    return _tokens_page(request, request.user, shown)


# ---- the operator's pages ---------------------------------------------------------------------------


def _admin_only(request: HttpRequest) -> None:
    # Others get the same 404 as a page that does not exist: the admin pages do not advertise themselves.
    if not is_admin(request.user):
        raise Http404("no such page")


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """Accounts only: names, roles, state, second factor, tokens; nothing of any case."""
    _admin_only(request)
    now = clock.now()
    live = Q(tokens__revoked_at__isnull=True) & (
        Q(tokens__expires_at__isnull=True) | Q(tokens__expires_at__gt=now)
    )
    users = User.objects.order_by("username").annotate(
        live_tokens=Count("tokens", filter=live),
        has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
    )
    context = {
        "users": users,
        "roles": Role.choices,
        "agreements": Agreement.objects.order_by("pk").values_list("pk", flat=True),
        "second_factor_roles": sorted(actions.ROLES_WITH_SECOND_FACTOR),
        "form": request.POST if request.method == "POST" else {},
    }
    if request.method == "POST":
        try:
            created = actions.do_add_user(
                request.POST.get("username", ""),
                role=request.POST.get("role", ""),
                organisation=request.POST.get("organisation", ""),
                agreement_id=request.POST.get("agreement") or None,
                email=request.POST.get("email", "").strip(),
                password=None,
                acting_user=request.user,
            )
        except ActionError as exc:
            context["error"] = exc.words()
            return render(request, "accounts/user_list.html", context, status=400)
        if created.email:
            send_set_password_link(request, created)
            messages.success(
                request,
                _("%(username)s added; a link to choose their password went to %(email)s.")
                % {"username": created.username, "email": created.email},
            )
        else:
            messages.success(
                request,
                _("%(username)s added without e-mail: they cannot log in yet.")
                % {"username": created.username},
            )
        return redirect("user-list")
    return render(request, "accounts/user_list.html", context)


def send_set_password_link(request: HttpRequest, user: User) -> None:
    """The new user chooses their own password through Django's reset page: the admin never knows it."""
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    link = request.build_absolute_uri(path)
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    # In the new user's language if the operator set one, else the instance's default: not the admin's.
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = (
            _("An account named %(username)s (%(role)s) was created for you on Truce.")
            % {"username": user.username, "role": user.get_role_display()}
            + "\n\n"
            + ngettext(
                "Choose your password here (the link works once, for %(hours)d hour):",
                "Choose your password here (the link works once, for %(hours)d hours):",
                hours,
            )
            % {"hours": hours}
            + f"\n{link}\n"
        )
        subject = _("[Truce] Your new account")
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@login_required
@require_POST
def user_act(request: HttpRequest, user_id: int, verb: str) -> HttpResponse:
    _admin_only(request)
    todo = {
        "deactivate": (
            actions.do_deactivate_user,
            gettext_lazy("%(username)s deactivated: their sessions and tokens ended."),
        ),
        "reactivate": (
            actions.do_reactivate_user,
            gettext_lazy("%(username)s reactivated; they need a new API token."),
        ),
        "reset-second-factor": (
            actions.do_reset_second_factor,
            gettext_lazy("%(username)s sets up a new second factor at next login."),
        ),
    }
    if verb not in todo:
        raise Http404("no such action")
    act, done = todo[verb]
    try:
        user = act(user_id, acting_user=request.user)
    except ActionError as exc:
        if exc.status == 404:
            raise Http404(exc.words()) from exc
        messages.error(request, exc.words())
    else:
        messages.success(request, str(done) % {"username": user.username})
    return redirect("user-list")


@login_required
def user_tokens(request: HttpRequest, user_id: int) -> HttpResponse:
    """A user's tokens, for the operator to revoke (never to see: only prefixes exist)."""
    _admin_only(request)
    owner = User.objects.filter(pk=user_id).first()
    if owner is None:
        raise Http404("no such user")
    tokens = ApiToken.objects.filter(user=owner).order_by("-created_at", "-id")
    return render(
        request, "accounts/user_tokens.html", {"owner": owner, "tokens": tokens, "now": clock.now()}
    )


@login_required
def failed_logins(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    context = {
        "failures": AccessFailureLog.objects.order_by("-attempt_time")[:200],
        "counters": AccessAttempt.objects.order_by("-attempt_time")[:200],
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": settings.TRUCE_LOCKOUT_MINUTES,
    }
    return render(request, "accounts/failed_logins.html", context)
