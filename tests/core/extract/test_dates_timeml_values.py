"""Quarters, halves, seasons and reference points as ISO-TimeML values, and the expressions that name a
date only when they stand alone: "a year earlier", "the year", "year-end", spelled-out years and
numeric datelines (MM/DD/YY, YYYYMMDD)."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import dates
from truce.core.extract.dates_periods import spelled_year
from truce.core.extract.document import DateMention

TUESDAY = dt.date(2025, 11, 4)
EARLY_FEBRUARY = dt.date(2026, 2, 3)


def value(expression: str, anchor: dt.date = TUESDAY, context: str = "") -> str | None:
    mention = dates.resolve(expression, anchor, context=context)
    return mention.value if mention else None


# --- quarters and halves --------------------------------------------------------------------------------


def test_a_quarter_without_year_is_the_latest_begun_by_the_publication_day() -> None:
    assert value("the third quarter") == "2025-Q3"
    assert value("fourth-quarter") == "2025-Q4"
    # In February the fourth quarter reported on is last year's.
    assert value("the fourth quarter", EARLY_FEBRUARY) == "2025-Q4"
    assert value("first quarter", EARLY_FEBRUARY) == "2026-Q1"


def test_a_quarter_in_a_future_clause_is_the_next_one_not_yet_ended() -> None:
    context = "The ministry said crossings will reopen in the first quarter."
    assert value("the first quarter", context=context) == "2026-Q1"
    # Without the future tense the first quarter of this year is meant.
    assert value("the first quarter", context="Crossings fell in the first quarter.") == "2025-Q1"


def test_a_quarter_names_its_year_in_words() -> None:
    assert value("the second quarter of last year") == "2024-Q2"
    assert value("the third quarter of next year") == "2026-Q3"
    assert value("the first quarter of 2024") == "2024-Q1"


def test_the_quarter_follows_the_tense_and_steps_from_the_current_one() -> None:
    assert value("the quarter", context="Trade across the border dropped 9% in the quarter.") == "2025-Q3"
    assert value("the quarter", context="Trade will rise in the quarter.") == "2025-Q4"
    assert value("this quarter") == "2025-Q4"
    assert value("last quarter") == "2025-Q3"
    assert value("next quarter", EARLY_FEBRUARY) == "2026-Q2"
    assert value("last quarter", EARLY_FEBRUARY) == "2025-Q4"
    assert value("the latest quarter") == "2025-Q3"


def test_the_year_ago_quarter_is_the_same_quarter_a_year_before() -> None:
    assert value("the year-ago quarter") == "2024-Q3"
    assert value("year-earlier") == "2024"


def test_halves_are_written_as_timeml_halves() -> None:
    assert value("the first half of 2024") == "2024-H1"
    assert value("the second half of next year") == "2026-H2"
    assert value("the first half") == "2025-H1"
    assert value("the second half", EARLY_FEBRUARY) == "2025-H2"
    assert value("H1 2026") == "2026-H1"
    half = dates.resolve("the second half of 2025", TUESDAY)
    assert half is not None and (half.low, half.high) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))


def test_a_half_with_its_year_is_found_in_running_text_but_a_bare_half_is_not() -> None:
    found = dates.find("Exports fell in the first half of 2025, officials said.", TUESDAY)
    assert [m.value for m in found] == ["2025-H1"]
    assert dates.find("The talks stalled in the first half of the session.", TUESDAY) == []


# --- seasons, weeks and reference points ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("this summer", "2025-SU"),
        ("last winter", "2024-WI"),
        ("spring 2026", "2026-SP"),
        ("last week", "2025-W44"),
        ("now", "PRESENT_REF"),
        ("the past", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        ("these days", "PRESENT_REF"),
        ("at the moment", "PRESENT_REF"),
        ("soon", "FUTURE_REF"),
        ("the near future", "FUTURE_REF"),
        ("formerly", "PAST_REF"),
    ],
)
def test_seasons_weeks_and_reference_points(expression: str, expected: str) -> None:
    assert value(expression) == expected


def test_reference_words_that_stand_alone_are_not_dates_in_running_text() -> None:
    found = dates.find("These days the border is calm and talks will resume soon; it is quiet now.", TUESDAY)
    assert [(m.text, m.value) for m in found] == [("now", "PRESENT_REF")]


# --- expressions that stand alone -----------------------------------------------------------------------


def test_an_offset_counts_from_the_date_the_text_last_spoke_of() -> None:
    assert value("a year earlier") == "2024"
    assert value("two months later") == "2026-01"
    assert value("three days before") == "2025-11-01"
    reference = DateMention(0, 4, "2019", "2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year", False)
    mention = dates.resolve("a year later", TUESDAY, reference=reference)
    assert mention is not None and mention.value == "2020"


def test_the_year_month_and_week_are_the_publication_days() -> None:
    assert value("the year") == "2025"
    assert value("the month") == "2025-11"
    assert value("the week") == "2025-W45"


def test_year_end_is_the_last_day_of_the_year() -> None:
    assert value("year-end") == "2025-12-31"
    assert value("year end", EARLY_FEBRUARY) == "2026-12-31"


@pytest.mark.parametrize(
    ("words", "year"),
    [
        ("nineteen ninety-eight", 1998),
        ("Nineteen Eighty", 1980),
        ("two thousand", 2000),
        ("two thousand and one", 2001),
        ("twenty twenty-five", 2025),
        ("nineteen oh five", 1905),
        ("twenty ten", 2010),
    ],
)
def test_spelled_out_years(words: str, year: int) -> None:
    assert spelled_year(words) == year
    assert value(words) == str(year)


def test_words_that_are_no_year_are_not_read_as_one() -> None:
    assert spelled_year("nineteen") is None
    assert spelled_year("twenty people") is None
    assert value("ninety-eight") is None


def test_numeric_datelines() -> None:
    assert value("20251103") == "2025-11-03"
    assert value("11/03/25") == "2025-11-03"  # month-first: the reading near the publication day
    assert value("03/11/25") == "2025-11-03"  # day-first alike
    assert value("12/31/98", dt.date(1999, 1, 4)) == "1998-12-31"
    assert value("20251399") is None
    assert value("31/31/25") is None


def test_an_eight_digit_number_in_running_text_is_not_a_date() -> None:
    assert dates.find("Case number 20251103 was filed on Monday.", TUESDAY)[0].text == "Monday"
