"""Response headers every page carries."""

from __future__ import annotations

from collections.abc import Callable

from django.http import FileResponse, HttpRequest, HttpResponse

from truce.web.context import viewer_agreement
from truce.web.templatetags import truce_format

# Everything is served from our own origin (the machines are offline: no CDN, no tile server).
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The API's interactive docs page (ninja's Swagger UI) needs its inline start-up script.
        if not request.path.startswith("/api/v1/docs"):
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if _confidential(request, response):
            # Nothing a signed-in user sees, no API answer and no download may stay in a browser's or a
            # proxy's cache, where the next user of a shared field laptop could read it back.
            response["Cache-Control"] = "no-store"
        return response


def _confidential(request: HttpRequest, response: HttpResponse) -> bool:
    """Static files never get here (WhiteNoise answers them first) and keep their caching."""
    if request.path.startswith("/api/"):
        return True
    if isinstance(response, FileResponse) or response.get("Content-Disposition", "").startswith("attachment"):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


CALENDAR_SESSION_KEY = "calendar"


class ViewerClockMiddleware:
    """Dates on pages read on the viewer's agreement's clock (its time zone; UTC for whoever serves
    none) and in the calendar they chose (``CALENDAR_SESSION_KEY`` in the session, set by
    truce.web.calendar_views), else their language's (truce.web.templatetags.truce_format)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        agreement = viewer_agreement(user)
        zone = agreement.tz if agreement is not None else truce_format.UTC
        session = getattr(request, "session", None)
        chosen = session.get(CALENDAR_SESSION_KEY) if session is not None else None
        tokens = truce_format.set_viewer_clock(zone, chosen)
        try:
            return self.get_response(request)
        finally:
            truce_format.reset_viewer_clock(tokens)
