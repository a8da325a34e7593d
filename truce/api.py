"""The REST API under /api/v1/: one NinjaAPI, a router per app, one error shape for every failure.

Errors are JSON ``{"message": ..., "field": ..., "problems": [{"field", "message"}]}``; invisible objects
answer 404 exactly like missing ones.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.params.models import BodyModel, FileModel, FormModel, PathModel
from ninja.parser import Parser
from ninja.security import HttpBearer

from truce import access
from truce.accounts.actions import find_live_token, note_token_used
from truce.apitypes import REFUSED_VALUE, ErrorOut, error_body, text_problem
from truce.errors import ActionError, TooManyRequests
from truce.idempotency import api as idempotency

# No request body of this API nests deeper than a handful of levels; a body nested hundreds deep is an
# attack on the parser or on whatever walks the data after it (pydantic, the canonical JSON encoder).
MAX_DEPTH = 32


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


def _refuse_unstorable(data: Any) -> None:
    """Raise ActionError (400, naming the field) at the first string that cannot be stored, or when the
    data nests deeper than MAX_DEPTH. Iterative, so that no depth can exhaust the stack."""
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ActionError(
                f"the request body is nested too deep (more than {MAX_DEPTH} levels); "
                "send the fields as the schema shows them",
                field="body",
            )
        if isinstance(value, dict):
            for key, item in value.items():
                problem = text_problem(key)
                if problem:
                    # The key itself cannot appear in the answer (it may not be encodable): name its parent.
                    where = path or "body"
                    raise ActionError(f"{where}: a field name {problem}", field=where)
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            problem = text_problem(value)
            if problem:
                raise ActionError(f"{path or 'body'}: {problem}", field=path or "body")


class StrictParser(Parser):
    """JSON bodies, refusing what cannot be stored before any view runs: NUL characters and lone
    surrogates in any text (PostgreSQL and UTF-8 refuse them, as a server error if they get that far) and
    absurdly deep nesting. Query strings, form fields and the address are checked for every request,
    pages and API alike, by truce.middleware.RefuseUnstorableTextMiddleware."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body)
        except RecursionError as exc:
            raise ActionError(
                f"the request body is nested too deep (more than {MAX_DEPTH} levels); "
                "send the fields as the schema shows them",
                field="body",
            ) from exc
        _refuse_unstorable(data)
        return data


# Statuses an operation can answer beyond what its parameters, body and authentication imply (see
# TruceSchema.responses), keyed by the view's module and name.
EXTRA_ERRORS: dict[str, tuple[int, ...]] = {
    # No checkpoint signed yet (truce.record.api._latest).
    "truce.record.api.checkpoint": (404,),
    "truce.record.api.inclusion": (404,),
    "truce.record.api.consistency": (404,),
    "truce.record.api.tlog_proof": (404,),
    # An agreement the caller names (?agreement=) or imports into that is not there or not theirs.
    "truce.exports.api.export_kind": (404,),
    "truce.exports.api.get_stats": (404,),
    "truce.exports.api.import_acled": (404,),
    # The instance has no record key yet (truce init makes it).
    "truce.record.api.record": (503,),
}

_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def error_statuses(operation: Operation) -> set[int]:
    """Every error status ``operation`` can answer, derived from what it takes so that a new endpoint
    declares them without anyone remembering to."""
    statuses: set[int] = set()
    models = [m for m in operation.models if m.model_fields]
    if models:
        # 400: a value the action refuses, unstorable text, malformed JSON; 422: wrong types or ranges.
        statuses |= {400, 422}
    if any(issubclass(m, PathModel | BodyModel | FormModel) for m in models):
        # The object named in the path or the body (an agreement, a case, a monitor) does not exist, or
        # the caller may not see it.
        statuses.add(404)
    if any(issubclass(m, BodyModel | FileModel | FormModel) for m in models):
        statuses.add(413)  # a file over the evidence size limit, a body over DATA_UPLOAD_MAX_MEMORY_SIZE
    if operation.auth_callbacks:
        statuses |= {401, 403}
        if _WRITES & set(operation.methods):
            statuses.add(429)  # writes are rate-limited per user
    if _WRITES & set(operation.methods):
        # 400: a malformed Idempotency-Key; 422: a key already used for another request.
        statuses |= {400, 422}
    view = operation.view_func
    statuses.update(EXTRA_ERRORS.get(f"{view.__module__}.{view.__name__}", ()))
    return statuses


class TruceSchema(OpenAPISchema):
    """ninja's schema, with every error status each operation can answer declared with the error shape,
    so that clients generated from it handle them."""

    def operation_parameters(self, operation: Operation) -> list[dict[str, Any]]:
        parameters = super().operation_parameters(operation)
        if _WRITES & set(operation.methods):
            parameters.append(IDEMPOTENCY_PARAMETER)
        return parameters

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        # ninja wraps each response model in a schema with one field, "response", and unwraps it here.
        model = operation._create_response_model(ErrorOut)
        assert model is not None
        # Typed for parameter models, but ninja's own responses() hands it response models the same way.
        error_schema = self._create_schema_from_model(  # type: ignore[type-var]
            model, by_alias=True, mode="serialization"
        )[0]
        for status in sorted(error_statuses(operation)):
            result.setdefault(
                status,
                {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {self.api.renderer.media_type: {"schema": error_schema}},
                },
            )
        return dict(sorted(result.items()))


IDEMPOTENCY_PARAMETER: dict[str, Any] = {
    "in": "header",
    "name": idempotency.HEADER,
    "required": False,
    "description": (
        "A value unique to this request (a UUID), so that it may be retried safely: a retry with the same "
        "key and body answers the first success again, with Idempotent-Replayed: true, and changes "
        "nothing; the same key with another body answers 422. Kept at least 24 hours."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": idempotency.MAX_KEY, "pattern": "^[ -~]+$"},
}


ERROR_DESCRIPTIONS = {
    400: "The request cannot be carried out as asked (a refused value, malformed JSON); nothing changed",
    401: "Not authenticated: send Authorization: Bearer <token>",
    403: "You may see this object but not do this to it",
    404: "It does not exist, or you may not see it (the two answer alike)",
    409: "It changed meanwhile; read it again and retry",
    413: "A file over the evidence size limit, or a request body over the request size limit",
    422: "Wrong types, values out of range or missing fields, or an Idempotency-Key already used for "
    "another request",
    429: "Too many requests; wait as Retry-After says",
    503: "The instance is not ready (no record key yet)",
}


class TruceAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TruceSchema(api=self, path_prefix=path_prefix)


api = TruceAPI(
    title="Truce API",
    version="1",
    description=(
        "The API of a ceasefire monitoring and verification mechanism. Authenticate with "
        "`Authorization: Bearer <token>`; tokens come from `truce user add`. Objects you may not see "
        "answer 404, exactly like objects that do not exist."
    ),
    urls_namespace="api",
    auth=[BearerToken()],
    parser=StrictParser(),
)


def _error(
    request: HttpRequest,
    status: int,
    message: str,
    field: str | None = None,
    problems: list[dict[str, str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, error_body(message, field, problems), status=status)


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
    refused = exc.errors and all(e.get("type") == REFUSED_VALUE for e in exc.errors)
    return _error(
        request, 400 if refused else 422, f"{first['field']}: {first['message']}", first["field"], problems
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request, 401, "authentication required: send Authorization: Bearer <token>", "Authorization"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django's own answer would be an HTML 400 page; clients read the error shape.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"the request body is over {limit:,} bytes; send files as multipart uploads, not inside JSON"
    return _error(request, 413, message, "body")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ActionError):  # StrictParser's refusal, wrapped by ninja
        return on_action_error(request, exc.__cause__)
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
    from truce.bulletins.api import router as bulletins
    from truce.cases.api import router as cases
    from truce.exports.api import router as exports
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
    api.add_router("", exports)  # /exports, /imports and /stats
    api.add_router("/bulletins", bulletins)


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
    except (ValueError, UnicodeDecodeError, RecursionError, RequestDataTooBig):
        # Only a peek: the operation's own parser (StrictParser, on_body_too_big) answers a body too
        # big, too deep or broken with the error that says so.
        return None
    named = body.get("agreement") if isinstance(body, dict) else None
    return named if isinstance(named, str) else None


def _enforce_access_policy(run: Any) -> Any:
    """Wraps each operation's ``run`` (before authentication and validation, so a refused caller learns
    nothing from validation errors) with the route and object check of truce.access, keyed by the
    operation id of the OpenAPI schema. Operations without a rule are refused (fail closed)."""
    operation = run.__self__
    # Inside the check: a replay is answered only to whoever may still use the route.
    run = idempotency.guard(run)
    operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
    public = not operation.auth_callbacks

    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        rule = access.OPERATIONS.get(operation_id)
        user = _bearer_user(request)
        if user is None and not public and rule is not None:
            return run(request, *args, **kwargs)  # ninja answers 401 with its challenge
        # The body is read here only to word a refusal (see _agreement_named): not for who may pass.
        refused = rule is not None and rule.obj is None and access.role_of(user) not in rule.roles
        named = _agreement_named(request) if refused else None
        verdict = access.decide(
            rule, user, {**kwargs, "agreement_id": named} if named else kwargs, page=False
        )
        if verdict.status is not None:
            return _error(request, verdict.status, verdict.message, verdict.field)
        return run(request, *args, **kwargs)

    return checked


_register_routers()
api.add_decorator(_enforce_access_policy, mode="view")
