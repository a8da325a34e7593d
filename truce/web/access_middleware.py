"""Enforces the route layer of truce.access for every page: the one place a page's roles are checked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from truce import access


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None:  # pragma: no cover - Django always resolves before process_view
            raise Http404("no such page")
        rule = access.page_rule(match.namespace, match.url_name)
        if rule is None and match.namespace == "api":
            # API operations are checked by the API itself (truce.api), which knows the operation
            # behind a path and its bearer token; an operation without a rule is refused there.
            return None
        if (
            rule is not None
            and rule.token_setting
            and access.bearer_matches(request.headers.get("Authorization", ""), rule.token_setting)
        ):
            return None
        verdict = access.decide(rule, request.user, kwargs, page=True)
        if verdict.status is None:
            return None
        if rule is not None and match.namespace != "api" and access.role_of(request.user) == access.ANONYMOUS:
            return redirect_to_login(request.get_full_path())
        if verdict.status == 403:
            raise PermissionDenied(verdict.message)
        raise Http404(verdict.message)
