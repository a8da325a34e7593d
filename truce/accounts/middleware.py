"""Session rules every request passes: idle and absolute age, then the second factor.

Both sit after django-otp's OTPMiddleware and Django's AuthenticationMiddleware (settings.MIDDLEWARE).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import ngettext

from truce.accounts.actions import has_second_factor, needs_second_factor
from truce.core import clock

LAST_SEEN = "truce_last_seen"
STARTED = "truce_started"
# The last-seen stamp is rewritten at most this often, so a busy page does not save its session on
# every request; the idle limit is counted in minutes, so this costs no precision worth having.
_TOUCH_SECONDS = 60

# The pages of the sign-in flow: reachable before the second factor is verified.
SIGN_IN_FLOW = frozenset(
    {
        "login",
        "logout",
        "second-factor",
        "second-factor-setup",
        "password-reset",
        "password_reset_done",
        "password-reset-confirm",
        "password_reset_complete",
        "set-language",
    }
)


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"


class SessionAgeMiddleware:
    """Ends a session idle for TRUCE_SESSION_IDLE_MINUTES, or older than TRUCE_SESSION_MAX_HOURS, on the
    server side (the cookie's own expiry is the browser's to honour)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = clock.now().timestamp()
            started = request.session.get(STARTED)
            last_seen = request.session.get(LAST_SEEN)
            idle = settings.TRUCE_SESSION_IDLE_MINUTES * 60
            too_old = started is not None and now - started > settings.TRUCE_SESSION_MAX_HOURS * 3600
            if too_old or (last_seen is not None and now - last_seen > idle):
                logout(request)
                if too_old:
                    why = ngettext(
                        "You were signed in for more than %(count)d hour. For your safety the session "
                        "ended: please log in again.",
                        "You were signed in for more than %(count)d hours. For your safety the session "
                        "ended: please log in again.",
                        settings.TRUCE_SESSION_MAX_HOURS,
                    ) % {"count": settings.TRUCE_SESSION_MAX_HOURS}
                else:
                    why = ngettext(
                        "Nothing happened for more than %(count)d minute. For your safety the session "
                        "ended: please log in again.",
                        "Nothing happened for more than %(count)d minutes. For your safety the session "
                        "ended: please log in again.",
                        settings.TRUCE_SESSION_IDLE_MINUTES,
                    ) % {"count": settings.TRUCE_SESSION_IDLE_MINUTES}
                messages.info(request, why)
                return HttpResponseRedirect(_login_url(request))
            if started is None:
                request.session[STARTED] = now
            if last_seen is None or now - last_seen >= _TOUCH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A mediator or admin who has given their password but not yet their second factor reaches only the
    sign-in flow: every other URL sends them to the code page (or to set one up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user  # OTPMiddleware gave it is_verified()
        verified = not needs_second_factor(user) or user.is_verified()
        if not verified and not self._in_flow(request):
            name = "second-factor" if has_second_factor(user) else "second-factor-setup"
            return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _in_flow(request: HttpRequest) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in SIGN_IN_FLOW
