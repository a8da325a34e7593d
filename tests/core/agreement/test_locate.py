"""The line locator maps TOML key paths to lines without a TOML library's help."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.agreement.locate import locate

SOURCE = '''\
# comment with = and [brackets]
[agreement]
id = "x" # trailing
title = """multi
line = "not a key"
"""
"quoted key" = 'literal # not a comment'

[[party]]
code = "PK"

[[party]]
code = "AF"
extra = { a = 1, b.c = "}", d = [1, 2] }

[[commitment]]
covers = [
  "A",  # comment
  "B, with comma",
]
nested.dotted = 3

[[commitment.sub]]
x = 1

[[commitment]]
[[commitment.sub]]
x = 2
'''


def test_paths_map_to_their_lines():
    lines = locate(SOURCE).lines
    assert lines[("agreement",)] == 2
    assert lines[("agreement", "id")] == 3
    assert lines[("agreement", "title")] == 4
    assert ("agreement", "line") not in lines  # inside a multi-line string
    assert lines[("agreement", "quoted key")] == 7
    assert lines[("party", 0)] == 9
    assert lines[("party", 1, "code")] == 13
    assert lines[("party", 1, "extra", "b", "c")] == 14
    assert lines[("party", 1, "extra", "d", 1)] == 14
    assert lines[("commitment", 0, "covers", 0)] == 18
    assert lines[("commitment", 0, "covers", 1)] == 19
    assert lines[("commitment", 0, "nested", "dotted")] == 21
    assert lines[("commitment", 0, "sub", 0, "x")] == 24
    assert lines[("commitment", 1, "sub", 0, "x")] == 28


def test_missing_paths_fall_back_to_the_enclosing_table():
    locator = locate(SOURCE)
    assert locator.line(("party", 1, "name")) == 12
    assert locator.line(("procedure", "reply_window_hours")) is None


def test_text_it_cannot_follow_keeps_what_was_found():
    locator = locate('[agreement]\nid = "x"\ntitle = "unterminated\n[[party]]\n')
    assert locator.lines[("agreement", "id")] == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    locate(text)
