"""Property tests of the agreement parser on generated TOML: documents of any shape, and the valid
agreement with whole tables replaced by generated ones. Checking never raises; every problem names the
file, a line inside it (or none) and says what was wrong; and a file that passes parses the same twice."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truce.core.agreement.load import parse_agreement

from .conftest import SQUARE, VALID

KEYS = st.sampled_from(
    [
        "id",
        "title",
        "code",
        "name",
        "covers",
        "when",
        "measure",
        "in_force",
        "timezone",
        "languages",
        "reply_window_hours",
        "ruling_quorum",
        "geometry",
        "points",
        "x",
        "ключ",
        "\u0000",
    ]
)
SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.sampled_from(["PK", "AF", "QA", "C1", "Asia/Karachi", "each-mediator", "points_30d >= 3", "en"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
TABLE = st.dictionaries(KEYS, VALUES, max_size=5)
SECTIONS = st.sampled_from(["agreement", "party", "mediator", "commitment", "procedure", "zone", "penalty"])


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan" if v != v else ("inf" if v == float("inf") else "-inf" if v == float("-inf") else repr(v))
        )
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v)  # JSON string escapes are TOML basic-string escapes
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return str(v)


def _table(header: str, table: dict[str, Any]) -> str:
    return header + "\n" + "".join(f"{json.dumps(k)} = {_value(v)}\n" for k, v in table.items())


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agreement")
    (folder / "zones").mkdir()
    (folder / "zones" / "border.geojson").write_text(json.dumps(SQUARE), encoding="utf-8")
    return folder


def _check(text: str, base) -> None:
    agreement, problems = parse_agreement(text, file="a.toml", base=base)
    assert (agreement is None) == bool(problems)
    lines = text.count("\n") + 1
    for problem in problems:
        assert problem.file == "a.toml"
        assert problem.line is None or 1 <= problem.line <= lines, problem
        assert problem.message.strip(), problem
    if agreement is not None:
        again, _ = parse_agreement(text, file="a.toml", base=base)
        assert again == agreement


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SECTIONS, st.booleans(), TABLE), max_size=6))
def test_any_toml_document_is_checked_without_raising(base, sections):
    text = "".join(_table(f"[[{name}]]" if many else f"[{name}]", t) for name, many, t in sections)
    # A repeated [table] is a TOML syntax error: still a document the checker answers with a problem.
    _check(text, base)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(section=SECTIONS, table=TABLE)
def test_the_valid_agreement_with_a_table_replaced_is_checked_without_raising(base, section, table):
    blocks = VALID.split("\n\n")
    kept = [b for b in blocks if not b.lstrip().startswith((f"[{section}]", f"[[{section}]]"))]
    many = section not in ("agreement", "procedure")
    _check("\n\n".join([*kept, _table(f"[[{section}]]" if many else f"[{section}]", table)]), base)
