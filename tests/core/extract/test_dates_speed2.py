"""The date rules' second round of shortcuts find what the plain searches find.

- A rule's ``core`` (a part every match holds) is searched in the lower-cased sentence first; a rule of
  the "year" family runs only where a year's digits stand.
- Case-insensitive patterns (the rules, the tense markers, the anaphora and dated-report patterns) run as
  case-sensitive twins on the lower-cased text when that text is case-safe.
- The tense markers of a clause are the past-tense words and -ed verbs of two whole-word patterns.

Each is compared with the plain search, on texts built from the words the rules read, in several cases
and with the case-folding characters İ ı ſ K.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.extract import dates, sentences
from truce.core.extract.document import Document
from truce.core.extract.eventtype import case_safe

ANCHOR = dt.date(2025, 10, 14)

_WORDS = """
January Jan Jan. February Feb March Mar. Mar April Apr May June Jun July Jul August Aug September Sept Sept.
Sep October Oct Oct. November Nov December Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Sunday's 1 3 12 3rd 21st 12th 31 2025 1999 1990s 1990's 2020s 15/10/2025 3.4.2024 2025-10-12 12-14 Q3
first quarter third-quarter first half second half of next year H1 H2
the of week of night of morning afternoon evening night early mid late mid-
mid-2021 early-2024 post-1959 pre-2019 last next this coming past previous current this coming this past
week weeks month months year years weekend decade days ago a few several two earlier later in on by since
until till from during before after to and or through that same day following the day after a day later
that year that month Easter Christmas Thanksgiving election day new year's eve spring summer fall winter
now currently at present the future recently yesterday today tonight tomorrow said says told was were
will would shall 'll be been is are expected scheduled planned intended due set going deadline
postponed to held met killed United need speed spEed hundred planning 4 p.m. 10:30 a.m. EST report
reported according statement published issued dated fiscal Good Friday Labor Day labour day Halloween
Valentine's Day Fourth of July Memorial Day May Day eve , . ; : ! ? “ ” '' `` \n - – 's
İ ı ſ K Σ Tueſday ſeptember Frıday İn
"""
_VOCAB = [*sorted(set(_WORDS.split())), "\n", "the week of", "the night of", "will be", "the next day"]
_SHAPE = st.sampled_from([str, str.upper, str.title, str.lower])
_PIECE = st.tuples(_SHAPE, st.sampled_from(_VOCAB)).map(lambda t: t[0](t[1]))
_GLUE = st.sampled_from([" ", " ", " ", "", "\n", ", ", ". "])
_TEXT = st.lists(st.tuples(_PIECE, _GLUE), max_size=18).map(lambda items: "".join(p + g for p, g in items))

# Sentences each rule matches, so that every shortcut is seen to keep a real match.
_EXAMPLES = [
    "It was signed on 2025-10-12 in Kabul.",
    "Dated 15/10/2025 and 3.4.2024.",
    "Talks open the week of Oct. 20 in Doha.",
    "Clashes on the night of October 11-12, 2025 and on Monday, Oct. 26.",
    "Clashes on the 11th to 12th of October and on 3 Nov 2024.",
    "Exports fell in September, 2024 and in Mar. 2023.",
    "Profits rose in the third quarter of 2024 and in Q2 2025.",
    "Profits rose in fiscal 2024's third quarter and in the 2023 fourth quarter.",
    "Shelling began last night and went on this morning and last evening.",
    "Sales fell in last year's first half and in 1996's second half.",
    "Shops close on Good Friday, Labor Day, Halloween and the Fourth of July.",
    "Exports fell in the first half of 2024, the second half and H1 2025.",
    "Fighting resumed last spring and in the winter of 2019.",
    "They met last Monday, the day before this coming Friday night.",
    "At 4 p.m. EST Tuesday and on Wednesday's vote, not on Sunday.",
    "The day after tomorrow, yesterday evening and tonight.",
    "This past week, the current month, next year and the weekend.",
    "Over the weekend, and earlier this month, late this year.",
    "Some three weeks ago and a few days ago, almost two decades ago.",
    "In the early 1990s and the 2020s.",
    "Last Christmas and on Election Day, new year's eve, in Easter week.",
    "In early March, late May and since November.",
    "In 2019 and since 1999.",
    "By mid-2021 and early-2024, the post-1959 order.",
    "It is now calm and currently quiet, at present.",
    "These days it is calm; right now talks resume soon, at the moment as formerly.",
]


def _plain_plan() -> list[tuple[dates._Rule, str, None]]:
    return [(dataclasses.replace(rule, core=None), family, None) for rule, family, _ in dates._PLAN]


@pytest.fixture()
def plain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every shortcut of this round off: the rules, markers and patterns run as written."""
    with monkeypatch.context() as m:
        m.setattr(dates, "_PLAN", _plain_plan())
        for name in ("_FUTURE_LOWER", "_PAST_WORDS_LOWER", "_ANAPHORA_IN_LOWER", "_OLDER_REPORT_LOWER"):
            m.setattr(dates, name, None)
        yield


def _cores_hold(text: str) -> None:
    lower = text.lower()
    for rule, family, _ in dates._PLAN:
        if not rule.pattern.search(text):
            continue
        if family == "year":
            assert dates._YEAR_DIGITS.search(text), (rule.pattern.pattern, text)
        if rule.core is not None and case_safe(text):
            assert rule.core.search(lower), (rule.core.pattern, text)


def _twins_hold(text: str) -> None:
    if not case_safe(text):
        return
    lower = text.lower()
    for rule, _, twin in dates._PLAN:
        if twin is None:
            continue
        plain = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        fast = [(m.span(), m.groupdict()) for m in dates._twin_matches(rule.pattern, twin, text, lower)]
        assert fast == plain, (rule.pattern.pattern, text)


def test_every_rule_matches_its_example_and_the_shortcuts_keep_it() -> None:
    matched = set()
    for text in _EXAMPLES:
        _cores_hold(text)
        _twins_hold(text)
        matched |= {i for i, (rule, _, _) in enumerate(dates._PLAN) if rule.pattern.search(text)}
    assert matched == set(range(len(dates._PLAN)))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_cores_and_twins_keep_every_match(text: str) -> None:
    _cores_hold(text)
    _twins_hold(text)


# The tense markers as one pattern, as they were written before the split.
_PAST_AS_ONE = re.compile(
    r"\b(?i:was|were|had|did|said|told|killed|died|ago|earlier|previous|began|started|ended|since|saw|"
    r"took|met|held|made|gave|came|went|fought|struck|hit|shot)\b"
    r"|\b(?!(?:need|indeed|hundred|red|bed|speed|seed|feed|shed|breed|greed|wed)\b)[a-z]\w*ed\b"
)


def _plain_nearest(
    context: str, start: int, end: int, lo: int, hi: int, skip: re.Pattern[str] | None
) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for pattern, tense in ((dates._FUTURE, "future"), (_PAST_AS_ONE, "past")):
        for m in pattern.finditer(context, lo, hi):
            if m.start() < end and m.end() > start:
                continue
            if skip is not None and skip.fullmatch(m.group(0)):
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end + 1
            found = tense
            if m.end() <= start and dates._INTENT.fullmatch(m.group(0)):
                found = "future"
            if best is None or distance < best[0]:
                best = (distance, found, m.group(0))
    return (best[1], best[2]) if best else None


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.data())
def test_markers_are_those_one_pattern_finds_in_the_clause(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    markers = dates._Markers(text)
    for skip in (None, dates._NOT_FOR_DEADLINE):
        assert markers.nearest(start, end, lo, hi, skip) == _plain_nearest(text, start, end, lo, hi, skip)


def _annotated(text: str) -> list[tuple[object, ...]]:
    doc = Document(text=text, published=ANCHOR)
    sentences.annotate(doc)
    dates.annotate(doc)
    return [dataclasses.astuple(d) for d in doc.dates]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_dates_found_are_those_of_the_plain_searches(text: str) -> None:
    fast = _annotated(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_PLAN", _plain_plan())
        for name in ("_FUTURE_LOWER", "_PAST_WORDS_LOWER", "_ANAPHORA_IN_LOWER", "_OLDER_REPORT_LOWER"):
            m.setattr(dates, name, None)
        plain = _annotated(text)
    assert fast == plain


@pytest.mark.usefixtures("plain")
def test_the_plain_searches_are_what_the_comparison_runs() -> None:
    assert all(twin is None and rule.core is None for rule, _, twin in dates._PLAN)
    assert dates._Markers("It was held on Monday.").future is dates._FUTURE


def test_examples_with_anaphora_and_dated_reports() -> None:
    text = (
        "Talks opened on Oct. 11. The next day, officials said on October 9 that the truce held. "
        "Later that year the ministry announced in September that it planned to meet on Thursday."
    )
    fast = _annotated(text)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "_PLAN", _plain_plan())
        for name in ("_FUTURE_LOWER", "_PAST_WORDS_LOWER", "_ANAPHORA_IN_LOWER", "_OLDER_REPORT_LOWER"):
            m.setattr(dates, name, None)
        assert _annotated(text) == fast
    assert any(d[2] == "The next day" for d in fast)


def test_a_range_in_upper_case_reads_alike_in_lower_case() -> None:
    # The rule twins lower-case the letters of the patterns, "[A-Z]" (a time zone after a clock time) too.
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert re.findall("[A-Z]", everything, re.I) == re.findall("[a-z]", everything, re.I)


def test_the_shortcuts_apply_where_the_time_goes() -> None:
    # A pattern that lost its shortcut would still be right, only slow: this keeps the speed-up honest.
    caseless = [rule for rule in dates._RULES if rule.pattern.flags & re.IGNORECASE]
    assert all(twin is not None for rule, _, twin in dates._PLAN if rule in caseless)
    assert sum(rule.core is not None for rule in dates._RULES) >= 14
    for name in ("_FUTURE_LOWER", "_PAST_WORDS_LOWER", "_ANAPHORA_IN_LOWER", "_OLDER_REPORT_LOWER"):
        assert getattr(dates, name) is not None
