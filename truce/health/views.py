"""``/healthz`` (public: whether the instance can work, nothing of its cases) and ``/metrics`` (for a
Prometheus scraper holding ``TRUCE_METRICS_TOKEN``; docs/security.md says why a token of its own)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from truce import access
from truce.health.checks import run_checks
from truce.health.metrics import CONTENT_TYPE, exposition


@never_cache
@require_safe  # GET, and HEAD: many load balancers probe with HEAD and read only the status
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, else 503; the body names each check and what failed."""
    checks = run_checks()
    failing = [c.name for c in checks if not c.ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
    }
    return JsonResponse(body, status=503 if failing else 200)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    # truce.access let the request through on the token already; checked again so that the view is safe
    # wherever it is mounted.
    if not access.bearer_matches(request.headers.get("Authorization", ""), "TRUCE_METRICS_TOKEN"):
        raise Http404("no such page")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE)
