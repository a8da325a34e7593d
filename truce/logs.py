"""Logs an operator can ship and search: every line made while a request runs carries its request id, every
line of a ``truce`` command or a worker round carries that run's id, and ``TRUCE_LOG_FORMAT=json`` writes
one JSON object per line (python-json-logger) instead of text.

What a log line may hold is decided here and nowhere else: the access line names the method, the path
(never the query string; a password-reset link's token is masked), the status, the duration and the user's
id. Bodies, query strings, headers and tokens are never logged, and Django's ``request`` attribute (whose
repr carries the query string) is dropped from JSON lines. ``tests/app/test_logs.py`` tries to make a
password, a token and a query string reach the log.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

if TYPE_CHECKING:  # no Django at import: the offline commands (truce witness, extract) use run_context
    from django.http import HttpRequest, HttpResponse

# What the lines carry beside their message; "-" when not inside a request / a run.
_request_id: ContextVar[str] = ContextVar("truce_request_id", default="-")
_run_id: ContextVar[str] = ContextVar("truce_run_id", default="-")
_run: ContextVar[str] = ContextVar("truce_run", default="-")

access_log = logging.getLogger("truce.access")

# A proxy's id is kept when it is a plain token of letters, digits and . _ : - (a UUID, a hex id, AWS's
# Root=… ids lose nothing worth keeping); anything else — spaces, quotes, newlines that could forge a log
# line, or more than 128 characters — is replaced by our own.
REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def new_id() -> str:
    return uuid.uuid4().hex


def well_formed(value: str | None) -> bool:
    return bool(value) and _WELL_FORMED.fullmatch(value or "") is not None


def current_request_id() -> str:
    return _request_id.get()


@contextlib.contextmanager
def run_context(run: str, run_id: str | None = None) -> Iterator[str]:
    """Every line logged inside carries ``run`` (e.g. ``worker`` or ``record checkpoint``) and a run id."""
    rid = run_id or new_id()
    run_token, id_token = _run.set(run), _run_id.set(rid)
    try:
        yield rid
    finally:
        _run.reset(run_token)
        _run_id.reset(id_token)


class ContextFilter(logging.Filter):
    """Puts the request id and the run id on every record; attached to the handlers in settings.LOGGING,
    so third-party loggers' lines (Django's, gunicorn's) carry them too."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.run_id = _run_id.get()
        record.run = _run.get()
        return True


class TextFormatter(logging.Formatter):
    """The human-readable default (``make run``): the ids only where there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = []
        request_id, run_id = getattr(record, "request_id", "-"), getattr(record, "run_id", "-")
        if request_id != "-":
            ids.append(f"request={request_id}")
        if run_id != "-":
            ids.append(f"{getattr(record, 'run', 'run')}={run_id}")
        return f"{line} [{' '.join(ids)}]" if ids else line


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: ``time``, ``level``, ``logger``, ``message``, ``request_id``, ``run``,
    ``run_id``, and the access line's fields. Django's ``request`` object is never serialised: its repr
    holds the query string."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"})
        kwargs.setdefault("timestamp", False)
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s", *args, **kwargs)
        self.reserved_attrs = set(self.reserved_attrs) | {"request", "status_code"}

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = time.gmtime(record.created)
        return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{int(record.msecs):03d}Z"


def logging_config(fmt: str, level: str, access: bool) -> dict[str, Any]:
    """settings.LOGGING: ``fmt`` is "text" or "json"; ``access`` turns the one-line-per-request log on."""
    if fmt not in ("text", "json"):
        raise ValueError(f"TRUCE_LOG_FORMAT must be text or json, not {fmt!r}")
    formatter: dict[str, Any] = (
        {"()": "truce.logs.JsonFormatter"}
        if fmt == "json"
        else {"()": "truce.logs.TextFormatter", "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "truce.logs.ContextFilter"}},
        "formatters": {"truce": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": "truce"}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Its own level, so the access lines are written whatever TRUCE_LOG_LEVEL keeps of the rest.
            "truce.access": {"level": "INFO" if access else "CRITICAL"},
            "truce.worker": {"level": "INFO"},
        },
    }


def _logged_path(request: HttpRequest) -> str:
    """The path without its query string; the secret part of a password-reset link masked (Django's
    reset view redirects away from it at once, but the first request names it)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and "token" in match.kwargs:
        return request.path.replace(str(match.kwargs["token"]), "…")
    return request.path


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, without a query of its own: the session's user only when something in
    the request already loaded it (every page that checks access does), a bearer token's user as set."""
    from django.utils.functional import SimpleLazyObject, empty

    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:  # type: ignore[attr-defined]
        return None
    return user.pk if user is not None and user.is_authenticated else None


class RequestIdMiddleware:
    """First in MIDDLEWARE: gives the request its id (the proxy's ``X-Request-ID`` when well formed, else
    a new uuid4 hex), echoes it in the response, and writes the access line when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER)
        request_id = offered if offered is not None and well_formed(offered) else new_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        # Not reset when this returns: Django logs a 4xx or 5xx answer ("Not Found: …") after the
        # middleware, so the id stays until the server closes the response.
        _request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        response._resource_closers.append(_end_of_request)  # type: ignore[attr-defined]
        user_id = _user_id(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        path = _logged_path(request)
        access_log.info(
            "%s %s %s %.1f ms user=%s",
            request.method,
            path,
            response.status_code,
            duration_ms,
            user_id if user_id is not None else "-",
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response


def _end_of_request() -> None:
    """Lines logged in this thread after the response is closed belong to no request."""
    _request_id.set("-")
