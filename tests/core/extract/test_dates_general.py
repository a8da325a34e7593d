"""General date phrasings of news wires, resolved as TimeML writes them.

Each rule gets sentences written for it, and a sentence it must leave alone: the previous unit, parts of
the day named with "this"/"last", weeks, months and years counted from the date the text last spoke of,
the noun "day" annotated alone, edges of a period, decades and centuries, unnamed recent or coming spans,
a year-earlier comparison with a quarter, a quarter with its year before it, two-digit years.
"""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import dates
from truce.core.extract.document import DateMention

MONDAY = dt.date(1998, 10, 26)


def _value(expression: str, context: str = "", reference: DateMention | None = None) -> str | None:
    result = dates.resolve_result(
        expression, MONDAY, "en", context=context or expression, reference=reference
    )
    return result.value if result else None


def _ref(value: str, low: dt.date, high: dt.date, precision: str) -> DateMention:
    return DateMention(0, len(value), value, value, low, high, precision, True)  # type: ignore[arg-type]


DAY_REF = _ref("1995-05-10", dt.date(1995, 5, 10), dt.date(1995, 5, 10), "day")
MONTH_REF = _ref("1995-05", dt.date(1995, 5, 1), dt.date(1995, 5, 31), "month")
QUARTER_REF = _ref("1998-Q3", dt.date(1998, 7, 1), dt.date(1998, 9, 30), "month")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("the previous year", "1997"),
        ("the previous month", "1998-09"),
        ("the previous week", "1998-W43"),
        # "the past"/"the last" unit is the span up to the anchor, not the unit before
        ("the past year", "1998"),
        ("the past week", "1998-W44"),
    ],
)
def test_the_previous_unit_is_the_one_before(expression: str, value: str) -> None:
    assert _value(expression) == value


def test_this_morning_and_last_night_in_running_text() -> None:
    found = dates.find("Rebels shelled the market last night and the army answered this morning.", MONDAY)
    assert [(d.text, d.value, d.part_of_day) for d in found] == [
        ("last night", "1998-10-25", "night"),
        ("this morning", "1998-10-26", "morning"),
    ]
    assert _value("last evening") == "1998-10-25"
    assert _value("this afternoon") == "1998-10-26"
    # "this night" and "last morning" are not what wires write: left alone
    assert _value("last morning") is None


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("the following year", "1996"),
        ("the following month", "1995-06"),
        ("the following week", "1995-W20"),
        ("the same year", "1995"),
        ("that week", "1995-W19"),
        ("the week before", "1995-W18"),
        ("the month after", "1995-06"),
        ("the year before", "1994"),
        ("later in the day", "1995-05-10"),
        ("later in the year", "1995"),
    ],
)
def test_units_counted_from_the_date_last_spoken_of(expression: str, value: str) -> None:
    assert _value(expression, reference=DAY_REF) == value


def test_units_counted_need_a_date_to_count_from() -> None:
    assert _value("the following year") is None
    assert _value("that week") is None
    # a week is not counted from a month
    assert _value("the following week", reference=MONTH_REF) is None
    assert _value("the following month", reference=MONTH_REF) == "1995-06"
    # "later in the week" of a text that named no date yet is the anchor's week
    assert _value("later in the week") == "1998-W44"
    # without a reference "the year before" is still the year before the anchor
    assert _value("the year before") == "1997"


def test_the_noun_day_alone_is_the_day_spoken_of() -> None:
    sentence = "The minister called it a historic day for the country."
    assert _value("day", sentence, DAY_REF) == "1995-05-10"
    assert _value("a historic day", sentence, DAY_REF) == "1995-05-10"
    assert _value("day", sentence) == "1998-10-26"
    after = "Police said the suspects returned to the house the day after the fire."
    assert _value("day", after, DAY_REF) == "1995-05-11"
    before = "The suspects were seen near the house the day before the fire."
    assert _value("day", before, DAY_REF) == "1995-05-09"
    # the day after what, when no date was spoken of: nothing
    assert _value("day", after) is None
    # a duration or an ordinal is not the day spoken of
    assert _value("a day") is None
    assert _value("the whole day") is None
    assert _value("the first day") is None
    # a day is not counted from a month
    assert _value("day", after, MONTH_REF) is None


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("the end of the year", "1998"),
        ("the end of the month", "1998-10"),
        ("the beginning of next year", "1999"),
        ("by the end of 1998", "1998"),
        ("the rest of the year", "1998"),
        ("the middle of next week", "1998-W45"),
        ("the end of the war", None),
    ],
)
def test_the_edge_of_a_period_is_the_period(expression: str, value: str | None) -> None:
    assert _value(expression) == value


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("the '90s", "199X"),
        ("the mid-80s", "198X"),
        ("the nineties", "199X"),
        ("the early sixties", "196X"),
        ("the '20s", "192X"),
        ("this century", "19"),
        ("the next century", "20"),
        ("the 21st century", "20"),
        ("the nineteenth century", "18"),
    ],
)
def test_decades_without_century_and_centuries(expression: str, value: str) -> None:
    assert _value(expression) == value


def test_a_short_decade_is_the_latest_one_begun() -> None:
    later = dates.resolve_result("the '20s", dt.date(2025, 3, 1), "en")
    assert later is not None and later.value == "202X"


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("recent years", "PAST_REF"),
        ("in recent months", "PAST_REF"),
        ("recent days", "PAST_REF"),
        ("the coming months", "FUTURE_REF"),
        ("the next few years", "FUTURE_REF"),
        ("the years to come", "FUTURE_REF"),
        ("recent events", None),
    ],
)
def test_unnamed_recent_and_coming_spans(expression: str, value: str | None) -> None:
    assert _value(expression) == value


def test_unnamed_spans_are_not_dates_in_running_text() -> None:
    assert dates.find("Prices rose in recent years and will rise in the coming months.", MONDAY) == []


def test_a_year_earlier_after_a_quarter_is_that_quarter_a_year_before() -> None:
    sentence = "Net income rose to $5 million from $3 million a year earlier."
    assert _value("a year earlier", sentence, QUARTER_REF) == "1997-Q3"
    assert _value("two years earlier", sentence, QUARTER_REF) == "1996-Q3"
    assert _value("the year-ago period", sentence, QUARTER_REF) == "1997-Q3"
    # after a day, a year earlier stays a year
    assert _value("a year earlier", sentence, DAY_REF) == "1994"
    # a month earlier is not re-read from the quarter
    assert _value("a month earlier", sentence, QUARTER_REF) == "1998-06"


def test_a_quarter_with_its_year_before_it() -> None:
    found = dates.find("Sales in fiscal 1996's third quarter beat the 1995 fourth quarter.", MONDAY)
    assert [(d.text, d.value) for d in found] == [
        ("fiscal 1996's third quarter", "1996-Q3"),
        ("1995 fourth quarter", "1995-Q4"),
    ]


def test_a_bare_quarter_and_a_two_digit_year() -> None:
    assert _value("Q3") == "1998-Q3"
    assert _value("Q4", "Results for Q4 will be published in February.") == "1998-Q4"
    assert _value("'98") == "1998"
    assert _value("in '01") == "2001"
    assert _value("'45") == "1945"


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("Christmas Eve", "1998-12-24"),
        ("Good Friday", "1999-04-02"),
        ("Easter Monday", "1999-04-05"),
        ("the Fourth of July", "1998-07-04"),
        ("Memorial Day", "1998-05-25"),
        ("Labor Day", "1998-09-07"),
        ("Labour Day", "1998-05-01"),
        ("Halloween", "1998-10-31"),
        ("Veterans Day", "1998-11-11"),
        ("New Year's", "1999-01-01"),
        ("last Christmas", "1997-12-25"),
    ],
)
def test_holidays(expression: str, value: str) -> None:
    assert _value(expression) == value


def test_good_friday_is_not_the_last_friday_in_running_text() -> None:
    found = dates.find("Pilgrims gathered on Good Friday and again on Friday.", MONDAY)
    assert [(d.text, d.value) for d in found] == [("Good Friday", "1999-04-02"), ("Friday", "1998-10-23")]


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("two years from now", "2000"),
        ("10 days from now", "1998-11-05"),
        ("a year hence", "1999"),
        ("year's end", "1998-12-31"),
        ("last year-end", "1997-12-31"),
        ("this decade", "199X"),
        ("the next decade", "200X"),
        ("the previous decade", "198X"),
        ("the late 19th century", "18"),
    ],
)
def test_counted_from_now_year_ends_decades(expression: str, value: str) -> None:
    assert _value(expression) == value


def test_from_now_ignores_the_date_spoken_of() -> None:
    assert _value("two years from now", reference=DAY_REF) == "2000"
    assert _value("two years later", reference=DAY_REF) == "1997"


def test_a_half_or_quarter_of_a_named_year() -> None:
    found = dates.find("Sales fell in last year's fourth quarter and in 1996's second half.", MONDAY)
    assert [(d.text, d.value) for d in found] == [
        ("last year's fourth quarter", "1997-Q4"),
        ("1996's second half", "1996-H2"),
    ]
    assert _value("next year's first half") == "1999-H1"
    # "the first half" alone still dates nothing in running text
    assert dates.find("He scored twice in the first half.", MONDAY) == []
