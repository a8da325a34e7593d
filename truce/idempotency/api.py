"""``Idempotency-Key`` on every API write (draft-ietf-httpapi-idempotency-key-header).

A write sent with the header runs in one transaction that first inserts the key's row
(:class:`IdempotentRequest`, unique per principal, key, method and path) and then runs the operation; a
2xx answer is stored in that row before the commit, any other answer rolls the whole transaction back
(the action changed nothing, and now the key is free again). So a committed change always has its key
and its answer, and a key never outlives a change that was not made.

- A retry with the same key and the same request (SHA-256 of the content type, the query string and the
  body; for multipart bodies, of the fields and of each file's name, type and bytes, since clients pick a
  new boundary each time) answers the stored status and body with ``Idempotent-Replayed: true``, and runs
  nothing.
- The same key with another request answers 422 naming the key, and runs nothing.
- Two requests with one key at once: the second waits for the first to commit (PostgreSQL holds its
  insert on the unique index; SQLite's IMMEDIATE transactions queue at BEGIN), then replays its answer.
- An operation's slow work that needs no lock (storing an upload's file, with its fsyncs) can run before
  the transaction opens, so that other writers do not wait on it (on SQLite the transaction holds the
  database's one write lock from BEGIN): its view names a ``prepare`` with :func:`before_transaction`. The
  operation then checks everything again inside the transaction.
- Keys are scoped per authenticated user: another user's identical key is another key. Requests without
  a live token are left to the operation (which answers 401); the header is not read for them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from truce.apitypes import error_body
from truce.idempotency.models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY = 255
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PREPARE = "truce_before_transaction"

Prepare = Callable[..., None]


def before_transaction(prepare: Prepare) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark an API view (below its router decorator): ``prepare(request, user, **path_parameters)`` runs
    before the ``Idempotency-Key``'s transaction opens, once the key is known to be new. It may only read
    the database and do what a refusal inside the transaction would not regret (a content-addressed file
    is harmless unreferenced); it leaves what it did on the request's objects for the view, and says
    nothing to the client: a refusal is answered by the operation itself, inside the transaction."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        setattr(view, PREPARE, prepare)
        return view

    return mark


def key_problem(value: str) -> str | None:
    """Why ``value`` cannot be an Idempotency-Key, or None when it can."""
    if not 1 <= len(value) <= MAX_KEY or any(not " " <= ch <= "~" for ch in value):
        return (
            f"{HEADER} must be 1–{MAX_KEY} printable ASCII characters (space to ~); "
            "send a fresh random value, such as a UUID, for each new request"
        )
    return None


def fingerprint(request: HttpRequest) -> str:
    """SHA-256 of what makes two requests the same request."""
    digest = hashlib.sha256()
    digest.update(f"{request.content_type}\0{request.META.get('QUERY_STRING', '')}\0".encode())
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            for value in values:
                digest.update(f"field\0{name}\0{value}\0".encode("utf-8", "surrogatepass"))
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"file\0{name}\0{upload.name}\0{upload.content_type}\0".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _json(status: int, message: str) -> HttpResponse:
    body = json.dumps(error_body(message, HEADER))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _replay(row: IdempotentRequest, sent: str) -> HttpResponse:
    if row.fingerprint != sent:
        return _json(
            422,
            f"{HEADER} {row.key!r} was already used for another request to {row.method} {row.path}; "
            "send a new key for a new request",
        )
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type or None)
    if row.location:
        response["Location"] = row.location
    response[REPLAYED] = "true"
    return response


def _find(user: Any, key: str, request: HttpRequest) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(
        principal=user, key=key, method=request.method, path=request.path
    ).first()


def guard(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an operation's ``run`` (after the access check, before authentication and validation)."""
    view = getattr(getattr(run, "__self__", None), "view_func", None)  # run is a ninja Operation's
    prepare: Prepare | None = getattr(view, PREPARE, None)

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in WRITES or "HTTP_IDEMPOTENCY_KEY" not in request.META:
            return run(request, *args, **kwargs)
        cached = getattr(request, "_truce_bearer", None)
        user = cached[1].user if cached is not None and cached[1] is not None else None
        if user is None:
            return run(request, *args, **kwargs)  # 401 from the operation's authentication
        key = request.headers.get(HEADER, "")
        problem = key_problem(key)
        if problem:
            return _json(400, problem)
        try:
            sent = fingerprint(request)
        except (SuspiciousOperation, MultiPartParserError):
            # A body over the size limit or a broken upload: the operation answers it (413, 400).
            return run(request, *args, **kwargs)
        found = _find(user, key, request)
        if found is not None:
            return _replay(found, sent)
        if prepare is not None:
            prepare(request, user, *args, **kwargs)
        try:
            with transaction.atomic():
                row = IdempotentRequest.objects.create(
                    principal=user, key=key, method=request.method, path=request.path, fingerprint=sent
                )
                response = run(request, *args, **kwargs)
                if not 200 <= response.status_code < 300:
                    # Nothing to replay: a refusal changed nothing, and the key stays free.
                    transaction.set_rollback(True)
                    return response
                if response.streaming:
                    row.delete()  # no answer to keep (no write streams one); the write stands
                    return response
                row.status = response.status_code
                row.content_type = response.get("Content-Type", "")
                row.location = response.get("Location", "")
                row.body = response.content
                row.save(update_fields=["status", "content_type", "location", "body"])
                return response
        except IntegrityError:
            # Another request with this key committed first (we waited for it): answer as it did.
            found = _find(user, key, request)
            if found is None:
                raise
            return _replay(found, sent)

    return guarded
