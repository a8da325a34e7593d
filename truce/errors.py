"""Errors that actions raise and every interface (API, pages, CLI) turns into a clear answer.

A message is given either as plain English or as a sentence marked for translation
(``gettext_lazy("… %(name)s …")``) with its ``params``. ``message`` is always the English sentence: the
API, the CLI and the logs answer in English (docs/languages.md). ``words()`` is the same sentence in the
active language, which pages show (truce/web/views.py ``_add_problems``, ``messages.error``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

Params = Mapping[str, Any]


def _compose(template: Any, params: Params | None) -> str:
    """``template`` in the active language with ``params`` put in (each param as text in that language too,
    so that a lazy word among them follows the reader)."""
    text = str(template)
    if params is None:
        return text
    return text % {name: str(value) for name, value in params.items()}


def _english(template: Any, params: Params | None) -> str:
    if isinstance(template, str) and params is None:
        return template
    from django.utils import translation

    with translation.override("en"):
        return _compose(template, params)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    # The sentence as marked for translation and its values, when it was given so; ``message`` is English.
    template: Any = dataclass_field(default=None, compare=False, repr=False)
    params: Params | None = dataclass_field(default=None, compare=False, repr=False)

    @classmethod
    def marked(cls, field: str, template: Any, params: Params | None = None) -> FieldProblem:
        return cls(field, _english(template, params), template, params)

    def words(self) -> str:
        """The problem in the active language (English when it was not marked for translation)."""
        return self.message if self.template is None else _compose(self.template, self.params)

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class _InWords:
    """A problem standing as a value inside another sentence: its words in the language that sentence is
    composed in (English for ``message``, the reader's for ``words()``)."""

    def __init__(self, problem: FieldProblem) -> None:
        self.problem = problem

    def __str__(self) -> str:
        return self.problem.words()


class ActionError(Exception):
    """The request was understood but cannot be carried out as asked. Nothing was changed."""

    status = 400

    def __init__(
        self,
        message: Any,
        *,
        params: Params | None = None,
        field: str | None = None,
        problems: Sequence[FieldProblem] = (),
    ) -> None:
        english = _english(message, params)
        super().__init__(english)
        self.message = english
        self.template = message
        self.params = params
        self.field = field or (problems[0].field if problems else None)
        self.problems = list(problems) or ([FieldProblem(field, english, message, params)] if field else [])

    @classmethod
    def of_problems(cls, problems: Sequence[FieldProblem]) -> ActionError:
        """Every problem of a refused input, the first one naming its field as the message.
        Requires at least one problem."""
        first = problems[0]
        return cls(
            "%(field)s: %(problem)s",
            params={"field": first.field, "problem": _InWords(first)},
            problems=problems,
        )

    def words(self) -> str:
        """The message in the active language, for pages; ``message`` stays English for the API and logs."""
        return _compose(self.template, self.params)

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

    def __init__(
        self, message: Any, *, retry_after: int, params: Params | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, params=params, field=field)
        self.retry_after = max(1, retry_after)
