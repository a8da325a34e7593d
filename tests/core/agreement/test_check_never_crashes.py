"""Whatever is wrong with a file, checking it returns problems: it never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.agreement.load import parse_agreement
from truce.core.agreement.model import Agreement

from .conftest import SQUARE, VALID

LINES = VALID.splitlines()
KEY_LINES = [i for i, line in enumerate(LINES) if " = " in line]
VALUES = [
    "1",
    "-1",
    '""',
    '"x"',
    "[]",
    "{}",
    "true",
    "2025-01-01",
    "2025-01-01T10:00:00Z",
    "1.5",
    '[1, "a"]',
    "{ a = 1 }",
    '["Armed clash", "Armed clash"]',
    "[[1]]",
    '"\\u0000"',
    "nan",
    "inf",
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agreement")
    (folder / "zones").mkdir()
    (folder / "zones" / "border.geojson").write_text(json.dumps(SQUARE), encoding="utf-8")
    return folder


def _check(text: str, base) -> None:
    agreement, problems = parse_agreement(text, file="a.toml", base=base)
    assert (agreement is None) == bool(problems)
    assert agreement is None or isinstance(agreement, Agreement)
    for problem in problems:
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, len(LINES) - 1), max_size=6))
def test_deleting_lines_never_crashes(base, deleted):
    _check("\n".join(line for i, line in enumerate(LINES) if i not in deleted) + "\n", base)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(KEY_LINES), st.sampled_from(VALUES), max_size=4))
def test_replacing_values_with_other_types_never_crashes(base, replaced):
    lines = list(LINES)
    for index, value in replaced.items():
        lines[index] = lines[index].split(" = ", 1)[0] + " = " + value
    _check("\n".join(lines) + "\n", base)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(base, text):
    _check(text, base)
