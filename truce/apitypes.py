"""Types every API router shares: the error shape, pagination, moments and storable text.

They live apart from ``truce/api.py`` because that module imports every router, and the routers need
these types.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from ninja import Schema
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

# Lists answer at most this many items a request (the ``limit`` every list endpoint takes).
MAX_LIMIT = 200
# Offsets beyond this are refused rather than handed to the database: a 20-digit OFFSET overflows
# SQLite's and PostgreSQL's 64-bit integers (a server error), and no list here is a billion long.
MAX_OFFSET = 1_000_000_000
# Record indexes and sizes are 64-bit in the database (truce.record.models.Entry.index).
MAX_INDEX = 2**62

# Moments are stored in UTC (and compared, rendered and sealed in the record as RFC 3339): a time whose
# UTC value falls outside these years cannot be stored, and none belongs to a ceasefire's paperwork.
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)

# NUL cannot be stored in PostgreSQL text, and a lone surrogate cannot be encoded as UTF-8 (the record's
# canonical JSON, the database and every response need UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class ProblemOut(Schema):
    field: str = Field(description="The field, as a path into the request: 'incident.location.lat'")
    message: str = Field(description="What was wrong with it and what to do")


class ErrorOut(Schema):
    """The body of every error response."""

    message: str = Field(description="What was wrong and what to do, naming the field where there is one")
    field: str | None = Field(description="The first field at fault, or null when no one field is")
    problems: list[ProblemOut] = Field(description="Every problem found, each with its field")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, or None when it can."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return "contains a NUL character (\\u0000), which text may not hold; remove it"
    return (
        f"contains a lone surrogate (\\u{ord(char):04x}), which is not a character; "
        "send the text as valid UTF-8"
    )


def moment_problem(value: dt.datetime) -> str | None:
    """Why the aware or naive datetime ``value`` cannot be stored, or None when it can. A naive value is
    left to the caller (each says which zone to add)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return None
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        return (
            f"{value.isoformat()} is outside the years {EARLIEST.year}–{LATEST.year - 1} (in UTC); "
            "check the year"
        )
    return None


def validate_storable_moment(value: dt.datetime | None) -> None:
    """The same check for a form's DateTimeField (``validators=[validate_storable_moment]``): the error
    shows beside the field."""
    problem = moment_problem(value) if value is not None else None
    if problem:
        raise DjangoValidationError(problem, code="calendar")


# The error type of a value the schema allows but that cannot be stored: truce.api answers it with 400
# (a refused value), not 422 (a wrong type), since a client following the schema can send it.
REFUSED_VALUE = "refused_value"


def _storable_moment(value: dt.datetime) -> dt.datetime:
    problem = moment_problem(value)
    if problem:
        raise PydanticCustomError(REFUSED_VALUE, problem)
    return value


# A date and time from a client: refused (400, naming the field: REFUSED_VALUE) when it cannot be stored.
Moment = Annotated[dt.datetime, AfterValidator(_storable_moment)]


class Page(Schema):
    """``limit`` and ``offset`` of every list endpoint."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"How many items, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip")

    def of(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows[self.offset : self.offset + self.limit]


def error_body(
    message: str, field: str | None = None, problems: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    """The one error shape of the API (ErrorOut): the message, the field it names, every problem."""
    if problems is None:
        problems = [{"field": field, "message": message}] if field else []
    return {"message": message, "field": field, "problems": problems}
