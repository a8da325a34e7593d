"""The REST API under /api/v1/: one NinjaAPI, a router per app, one error shape for every failure.

Errors are JSON ``{"message": ..., "field": ..., "problems": [{"field", "message"}]}``; invisible objects
answer 404 exactly like missing ones.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from truce import access
from truce.accounts.actions import find_live_token, note_token_used
from truce.errors import ActionError, TooManyRequests


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``truce user add`` (or the token page)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # Unknown, expired, revoked, deactivated or out-of-agreement tokens all answer 401 alike. The access
        # check (_enforce_access_policy) has usually looked this token up already.
        cached = getattr(request, "_truce_bearer", None)
        row = cached[1] if cached is not None and cached[0] == token else find_live_token(token)
        if row is None:
            return None
        note_token_used(row)
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="Truce API",
    version="1",
    description=(
        "The API of a ceasefire monitoring and verification mechanism. Authenticate with "
        "`Authorization: Bearer <token>`; tokens come from `truce user add`. Objects you may not see "
        "answer 404, exactly like objects that do not exist."
    ),
    urls_namespace="api",
    auth=[BearerToken()],
)


def _error(
    request: HttpRequest,
    status: int,
    message: str,
    field: str | None = None,
    problems: list[dict[str, str]] | None = None,
) -> HttpResponse:
    body = {
        "message": message,
        "field": field,
        "problems": problems
        if problems is not None
        else ([{"field": field, "message": message}] if field else []),
    }
    return api.create_response(request, body, status=status)


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja locations start with the source and the parameter name ("body", "payload", ...).
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "form", "file"):
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in ("payload", "data", "form"):
            parts = parts[1:]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


@api.exception_handler(ActionError)
def on_action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
    body = exc.to_json()
    response = api.create_response(request, body, status=exc.status)
    if isinstance(exc, TooManyRequests):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        field = _field_of(error.get("loc", ()))
        message = str(error.get("msg", "is not valid"))
        if error.get("type") == "missing":
            message = "is required"
        problems.append({"field": field, "message": message})
    first = problems[0] if problems else {"field": "body", "message": "is not valid"}
    return _error(request, 422, f"{first['field']}: {first['message']}", first["field"], problems)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request, 401, "authentication required: send Authorization: Bearer <token>", "Authorization"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        try:
            json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as parse_error:
            message = f"the request body is not valid JSON: {parse_error}"
        return _error(request, 400, message, "body")
    return _error(request, exc.status_code, message)


def _register_routers() -> None:
    from truce.agreements.api import router as agreements
    from truce.cases.api import router as cases
    from truce.meetings.api import router as meetings
    from truce.notifications.api import router as inbox
    from truce.penalties.api import router as penalties
    from truce.record.api import router as record
    from truce.reports.api import router as reports
    from truce.rulings.api import router as rulings
    from truce.sources.api import router as sources

    api.add_router("/agreements", agreements)
    api.add_router("/reports", reports)
    api.add_router("/cases", cases)
    api.add_router("/rulings", rulings)
    api.add_router("/penalties", penalties)
    api.add_router("/inbox", inbox)
    api.add_router("/record", record)
    api.add_router("/meetings", meetings)
    api.add_router("", sources)  # /leads and /articles


def _bearer_user(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    row = find_live_token(token.strip())
    request._truce_bearer = (token.strip(), row)  # type: ignore[attr-defined]
    return row.user if row is not None else None


def _agreement_named(request: HttpRequest) -> str | None:
    """The agreement a JSON write names in its body (filing, scheduling), which decides between "not
    yours" (404) and "not your role" (403) for routes about no single object."""
    if request.method != "POST" or request.content_type != "application/json":
        return None
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    named = body.get("agreement") if isinstance(body, dict) else None
    return named if isinstance(named, str) else None


def _enforce_access_policy(run: Any) -> Any:
    """Wraps each operation's ``run`` (before authentication and validation, so a refused caller learns
    nothing from validation errors) with the route and object check of truce.access, keyed by the
    operation id of the OpenAPI schema. Operations without a rule are refused (fail closed)."""
    operation = run.__self__
    operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
    public = not operation.auth_callbacks

    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        rule = access.OPERATIONS.get(operation_id)
        user = _bearer_user(request)
        if user is None and not public and rule is not None:
            return run(request, *args, **kwargs)  # ninja answers 401 with its challenge
        named = _agreement_named(request) if rule is not None and rule.obj is None else None
        verdict = access.decide(
            rule, user, {**kwargs, "agreement_id": named} if named else kwargs, page=False
        )
        if verdict.status is not None:
            return _error(request, verdict.status, verdict.message, verdict.field)
        return run(request, *args, **kwargs)

    return checked


_register_routers()
api.add_decorator(_enforce_access_policy, mode="view")
