"""Refuses, before any view runs, text that cannot be stored: a NUL character or a lone surrogate in the
URL path, the query string or a submitted form. PostgreSQL refuses NUL in text, even in a comparison, as
a server error; the pages and the API's path parameters hand such values to queries as they come."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from truce.apitypes import error_body, text_problem


def _problem(request: HttpRequest) -> tuple[str, str] | None:
    """(field, message) for the first unstorable value of ``request``, or None."""
    problem = text_problem(request.path)
    if problem:
        return "path", f"the address {problem}"
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if text_problem(key):
                return "parameters", f"a field name {text_problem(key)}"
            for value in values:
                problem = text_problem(value) if isinstance(value, str) else None
                if problem:
                    return key, f"{key} {problem}"
    return None


class RefuseUnstorableTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = _problem(request)
        if found is None:
            return self.get_response(request)
        field, message = found
        if request.path.startswith("/api/"):
            # The API's error shape (truce/api.py), without routing through a view.
            body = error_body(message, field)
            return HttpResponse(json.dumps(body), status=400, content_type="application/json; charset=utf-8")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
