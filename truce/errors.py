"""Errors that actions raise and every interface (API, pages, CLI) turns into a clear answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ActionError(Exception):
    """The request was understood but cannot be carried out as asked. Nothing was changed."""

    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, problems: Sequence[FieldProblem] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field or (problems[0].field if problems else None)
        self.problems = list(problems) or ([FieldProblem(field, message)] if field else [])

    def to_json(self) -> dict[str, object]:
        return {
            "message": self.message,
            "field": self.field,
            "problems": [p.to_json() for p in self.problems],
        }


class NotFound(ActionError):
    """The object does not exist *or the user may not see it*: both answer the same, so that existence
    itself does not leak (an outsider probing ids learns nothing)."""

    status = 404


class Forbidden(ActionError):
    """The user may see the object but not do this to it."""

    status = 403


class TooLarge(ActionError):
    status = 413


class TooManyRequests(ActionError):
    """A per-user limit (filings, uploads, bytes) is reached; ``retry_after`` says in how many seconds the
    oldest counted item leaves the window, which the API sends as ``Retry-After``."""

    status = 429

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = max(1, retry_after)
