"""Response headers every page carries."""

from __future__ import annotations

from collections.abc import Callable

from django.http import FileResponse, HttpRequest, HttpResponse

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
