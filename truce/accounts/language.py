"""The interface language: from the browser until the user chooses one, then the user's choice, kept in
the language cookie and, once signed in, on the user (``User.language``) so it follows them to another
browser. The API is untouched: it answers machine values, which are not translated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from truce.accounts.actions import do_set_language, language_codes


def _cookie_language(request: HttpRequest) -> str:
    return request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")


def _remember_in_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )


class UserLanguageMiddleware:
    """After LocaleMiddleware (which read the cookie, then Accept-Language) and authentication: a signed-in
    user's own choice overrides both, and the cookie is brought in line so that the pages after log-out
    stay in the same language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        chosen = _users_choice(user)
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        # Read again after the view: the language menu may just have changed the choice, and the cookie it
        # set must not be overwritten with the language the request began in.
        chosen = _users_choice(user)
        if chosen and _cookie_language(request) != chosen and not request.path.startswith("/api/"):
            _remember_in_cookie(response, chosen)
        return response


def _users_choice(user: Any) -> str:
    if user is not None and user.is_authenticated and user.language in language_codes():
        return str(user.language)
    return ""


def remember_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At log-in, a user who never chose a language keeps the one they chose before signing in (the cookie),
    so that the choice made on the login page is not lost. A choice already on the user wins."""
    if request is None or user.language:
        return
    language = _cookie_language(request)
    if language in language_codes():
        do_set_language(user, language, acting_user=user)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language menu on every page posts here: Django's set_language sets the cookie and sends the
    visitor back to ``next``; a signed-in user's choice is also kept on the user."""
    language = request.POST.get("language", "")
    if language not in language_codes():
        messages.error(
            request,
            gettext("There is no interface language “%(code)s”. Choose one of the menu.")
            % {"code": language},
        )
        return HttpResponseRedirect(_safe_next(request))
    user: Any = request.user
    if user.is_authenticated:
        do_set_language(user, language, acting_user=user)
    translation.activate(language)
    return django_set_language(request)


def _safe_next(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/"


class UserLanguagePasswordResetForm(PasswordResetForm):
    """The reset e-mail goes out in the language its reader chose (``User.language``), whatever the
    language of the browser that asked for it; the browser's own for a user who never chose."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        user = args[2]["user"] if len(args) > 2 else kwargs["context"]["user"]
        with translation.override(user.language or translation.get_language()):
            super().send_mail(*args, **kwargs)
