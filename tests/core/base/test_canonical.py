from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truce.core.canonical import CanonicalError, canonical_bytes, canonical_json


def test_keys_sorted_no_whitespace_utf8_literal():
    assert canonical_json({"b": 1, "a": [True, None, "é"]}) == '{"a":[true,null,"é"],"b":1}'


def test_keys_sort_by_utf16_code_units_not_code_points():
    # U+FB01 sorts after U+1F600 by code point, but before it in UTF-16 (surrogates are 0xD83D...).
    assert canonical_json({"\U0001f600": 1, "\ufb01": 2}) == '{"\U0001f600":1,"\ufb01":2}'


def test_control_characters_escaped_as_json_requires():
    assert canonical_json('a\nb\u0001"\\/') == '"a\\nb\\u0001\\"\\\\/"'


@pytest.mark.parametrize("bad", [1.5, float("nan"), {1: "x"}, 2**60, "\ud800", object()])
def test_values_without_a_canonical_form_are_refused(bad):
    with pytest.raises(CanonicalError):
        canonical_json(bad)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_canonical_form_round_trips_and_is_a_fixed_point(value):
    encoded = canonical_bytes(value)
    assert json.loads(encoded) == value
    assert canonical_bytes(json.loads(encoded)) == encoded
