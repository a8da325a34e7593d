"""Date rules added for the TimeML evaluation: parts of the day, deadlines in past-tense sentences,
years with a hyphenated modifier, and a bare day number that shares the month before it."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import dates
from truce.core.extract.datevalues import weekday_near

TUESDAY = dt.date(2025, 11, 4)
MONDAY = dt.date(2025, 11, 3)
SATURDAY = dt.date(2025, 11, 8)


def value(expression: str, anchor: dt.date = TUESDAY, context: str = "") -> str | None:
    mention = dates.resolve(expression, anchor, context=context)
    return mention.value if mention else None


# --- part of the day ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected_value", "expected_part"),
    [
        ("Sunday night", "2025-11-02", "night"),
        ("Monday morning", "2025-11-03", "morning"),
        ("Saturday evening", "2025-11-01", "evening"),
        ("Friday afternoon", "2025-10-31", "afternoon"),
        ("last Sunday night", "2025-11-02", "night"),
        ("tonight", "2025-11-04", "night"),
        ("yesterday morning", "2025-11-03", "morning"),
        ("tomorrow night", "2025-11-05", "night"),
        ("the night of October 11-12", "2025-10-11", "night"),
        ("the morning of Oct. 20", "2025-10-20", "morning"),
        ("Sunday", "2025-11-02", None),
        ("today", "2025-11-04", None),
        ("yesterday", "2025-11-03", None),
        ("October 12", "2025-10-12", None),
    ],
)
def test_part_of_day_is_kept_beside_a_plain_iso_value(
    expression: str, expected_value: str, expected_part: str | None
) -> None:
    result = dates.resolve_result(expression, TUESDAY)
    assert result is not None
    assert (result.value, result.part) == (expected_value, expected_part)
    dt.date.fromisoformat(result.value)  # the value stays an ISO day


def test_part_of_day_from_anaphora() -> None:
    focus = dates.resolve("October 11", TUESDAY)
    assert focus is not None
    morning = dates.resolve_result("the next morning", TUESDAY, reference=focus)
    assert morning is not None and (morning.value, morning.part) == ("2025-10-12", "morning")
    night = dates.resolve_result("that night", TUESDAY, reference=focus)
    assert night is not None and (night.value, night.part) == ("2025-10-11", "night")
    day = dates.resolve_result("the next day", TUESDAY, reference=focus)
    assert day is not None and (day.value, day.part) == ("2025-10-12", None)


def test_resolve_and_resolve_result_agree() -> None:
    for expression in ("Sunday night", "tonight", "post-1999", "the 1990s", "last month"):
        mention = dates.resolve(expression, TUESDAY)
        result = dates.resolve_result(expression, TUESDAY)
        assert mention is not None and result is not None
        assert (mention.value, mention.low, mention.high) == (result.value, result.low, result.high)


def test_yesterday_morning_in_running_text_is_one_mention_with_a_plain_day() -> None:
    found = dates.find("Gunmen fired on the checkpoint yesterday morning, the police said.", TUESDAY)
    assert [(d.text, d.value) for d in found] == [("yesterday morning", "2025-11-03")]


# --- deadlines ------------------------------------------------------------------------------------------


def test_deadline_set_in_a_past_tense_sentence_is_the_nearest_such_day() -> None:
    # Written on a Saturday: the Friday set as the deadline is the day before, not the Friday ahead.
    context = (
        "The tribunal had ruled that the detainees must be freed, and set Friday as the deadline for "
        "their release."
    )
    assert value("Friday", SATURDAY, context) == "2025-11-07"
    # Written on a Monday: last Friday is three days back, the next one four days ahead.
    context = "The council had ruled for the families and set Friday as the deadline for the payments."
    assert value("Friday", MONDAY, context) == "2025-10-31"
    # Written on a Tuesday: the coming Friday is the nearer one.
    assert value("Friday", TUESDAY, context) == "2025-11-07"


def test_deadline_alone_still_points_forward() -> None:
    context = "Friday is the deadline for the militia to hand over its heavy weapons."
    assert value("Friday", SATURDAY, context) == "2025-11-14"


def test_reporting_verb_does_not_turn_a_deadline_into_the_past() -> None:
    context = "The mediators said the deadline for the handover of the prisoners is Friday."
    assert value("Friday", SATURDAY, context) == "2025-11-14"


def test_a_past_verb_right_at_the_weekday_still_decides() -> None:
    context = "The deadline for the withdrawal expired Friday without a single unit moving."
    assert value("Friday", TUESDAY, context) == "2025-10-31"


def test_nearest_weekday() -> None:
    assert weekday_near(4, MONDAY, "near") == dt.date(2025, 10, 31)
    assert weekday_near(4, TUESDAY, "near") == dt.date(2025, 11, 7)
    assert weekday_near(1, TUESDAY, "near") == TUESDAY


# --- years with a hyphenated modifier -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [("post-1959", "1959"), ("pre-2001", "2001"), ("mid-2021", "2021"), ("early-2024", "2024")],
)
def test_hyphenated_modifier_before_a_year_gives_the_year(expression: str, expected: str) -> None:
    assert value(expression) == expected


def test_pre_and_post_are_bounds_in_running_text_but_mid_is_a_date() -> None:
    found = dates.find("The post-2019 cabinet fell in mid-2023 after months of protests.", TUESDAY)
    assert [(d.text, d.value) for d in found] == [("mid-2023", "2023")]


# --- a day number sharing the month before it -----------------------------------------------------------


def test_bare_day_number_takes_the_month_of_the_date_before_it() -> None:
    context = "A signing ceremony will be held at the summit on April 24 and 25 in Ankara."
    assert value("25", context=context) == "2026-04-25"
    context = "Negotiators met in Doha on March 2, 3 and 4, officials said."
    assert value("4", context=context) == "2025-03-04"


def test_bare_number_without_a_month_before_it_stays_unresolved() -> None:
    assert value("25", context="The court jailed 25 men on April 24.") is None
    assert value("25") is None
