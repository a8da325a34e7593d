"""Date resolution against the publication day: each phrasing the resolver handles, and its traps."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import dates, sentences
from truce.core.extract.document import Document

TUESDAY = dt.date(2025, 11, 4)  # the anchor: a Tuesday


def value(expression: str, anchor: dt.date = TUESDAY, context: str = "") -> str | None:
    mention = dates.resolve(expression, anchor, context=context)
    return mention.value if mention else None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("October 12, 2025", "2025-10-12"),
        ("12 October 2025", "2025-10-12"),
        ("Oct. 12", "2025-10-12"),
        ("the 12th of October", "2025-10-12"),
        ("2025-10-12", "2025-10-12"),
        ("12/10/2025", "2025-10-12"),
        ("October 2025", "2025-10"),
        ("2021", "2021"),
        ("the 1990s", "199X"),
        ("Friday, Oct. 24", "2025-10-24"),
    ],
)
def test_written_out_dates_are_taken_as_written(expression: str, expected: str) -> None:
    assert value(expression) == expected


def test_month_day_without_year_takes_the_occurrence_nearest_the_anchor() -> None:
    assert value("December 20") == "2025-12-20"
    assert value("January 5", anchor=dt.date(2025, 12, 28)) == "2026-01-05"
    assert value("December 30", anchor=dt.date(2026, 1, 3)) == "2025-12-30"


def test_future_clause_sends_month_day_forward_within_reach() -> None:
    # Five months back is nearer than seven months ahead, but "will be held" points forward.
    context = "The next round will be held on June 2 in Doha."
    assert value("June 2", context=context) == "2026-06-02"


def test_weekday_defaults_to_the_last_such_day_including_the_anchor() -> None:
    assert value("Tuesday") == "2025-11-04"
    assert value("Monday") == "2025-11-03"
    assert value("Wednesday") == "2025-10-29"


def test_weekday_in_future_clause_is_the_next_such_day() -> None:
    assert value("Thursday", context="The delegations will meet on Thursday in Istanbul.") == "2025-11-06"
    assert value("Friday", context="Talks are scheduled for Friday.") == "2025-11-07"


def test_reporting_verb_before_weekday_dates_the_saying() -> None:
    context = "The minister said Monday that troops will withdraw."
    assert value("Monday", context=context) == "2025-11-03"


def test_fronted_weekday_takes_the_tense_of_the_main_clause() -> None:
    assert value("Thursday", context="On Thursday, the mediators plan to publish the text.") == "2025-11-06"


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        # The planning is past, the day it names is ahead.
        ("The delegation planned to fly to Doha on Thursday.", "2025-11-06"),
        ("Farmers planned a march on the capital on Saturday.", "2025-11-08"),
        ("The monitors intended to visit the crossing on Thursday.", "2025-11-06"),
        # A date before "planned" dates the planning itself.
        ("On Thursday, the council planned to release the prisoners.", "2025-10-30"),
        ("On Thursday the envoy cut short a long-planned tour.", "2025-10-30"),
    ],
)
def test_planned_points_forward_only_to_a_date_after_it(context: str, expected: str) -> None:
    assert value("Thursday" if "Thursday" in context else "Saturday", context=context) == expected


def test_auxiliary_of_a_future_phrase_is_not_read_as_past() -> None:
    context = "Unions called a strike for Friday and were planning to block the bridge."
    assert value("Friday", context=context) == "2025-11-07"
    # "was about to" looks back from a past moment: the day stays in the past.
    assert value("Thursday", context="Police seized him Thursday as he was about to board a bus.") == (
        "2025-10-30"
    )


def test_typewriter_quotes_close_the_quoted_clause() -> None:
    # The reporting verb after the closing quote belongs to another clause than the quoted "will".
    context = "``The convoy will cross the border at first light (6 a.m. Friday),'' the governor said."
    assert value("6 a.m. Friday", context=context) == "2025-11-07T06:00"


def test_clause_without_tense_takes_the_nearest_tense_of_its_sentence() -> None:
    context = "The envoy is due to spend two hours in Kabul, her last stop Thursday morning, then fly home."
    assert value("Thursday morning", context=context) == "2025-11-06"
    context = "Police found that looting had spread, between February 3 and October 9 alone, to nine towns."
    assert value("February 3", context=context) == "2025-02-03"


def test_possessive_weekday_is_past() -> None:
    assert value("Wednesday", context="They will appeal Wednesday's ruling.") == "2025-10-29"


def test_deadline_by_points_forward() -> None:
    assert value("Nov. 10", context="Officials said the crossing had to reopen by Nov. 10.") == "2025-11-10"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("yesterday", "2025-11-03"),
        ("today", "2025-11-04"),
        ("tonight", "2025-11-04"),
        ("tomorrow", "2025-11-05"),
        ("the day before yesterday", "2025-11-02"),
        ("last week", "2025-W44"),
        ("this week", "2025-W45"),
        ("next week", "2025-W46"),
        ("the past week", "2025-W45"),
        ("last month", "2025-10"),
        ("this month", "2025-11"),
        ("next month", "2025-12"),
        ("earlier this month", "2025-11"),
        ("last year", "2024"),
        ("next year", "2026"),
        ("three days ago", "2025-11-01"),
        ("two months ago", "2025-09"),
        ("a decade ago", "2015"),
        ("last Friday", "2025-10-31"),
        ("next Monday", "2025-11-10"),
        ("last October", "2025-10"),
        ("late October", "2025-10"),
        ("now", "PRESENT_REF"),
    ],
)
def test_relative_expressions(expression: str, expected: str) -> None:
    assert value(expression) == expected


def test_last_month_name_is_its_latest_occurrence_before_the_anchor() -> None:
    assert value("last October", anchor=dt.date(2026, 2, 1)) == "2025-10"
    assert value("last December", anchor=dt.date(2025, 12, 15)) == "2024-12"


def test_week_values_follow_iso_weeks_across_the_year_end() -> None:
    assert value("this week", anchor=dt.date(2025, 12, 31)) == "2026-W01"


def test_seasons_and_quarters() -> None:
    assert value("last fall", anchor=dt.date(1999, 4, 10)) == "1998-FA"
    assert value("this summer", anchor=dt.date(2025, 7, 1)) == "2025-SU"
    assert value("last winter", anchor=dt.date(2025, 4, 1)) == "2024-WI"
    assert value("the second quarter of 2025") == "2025-Q2"
    winter = dates.resolve("winter 2024", TUESDAY)
    assert winter and (winter.low, winter.high) == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))


def test_movable_holidays() -> None:
    assert value("Thanksgiving", anchor=dt.date(2025, 12, 1)) == "2025-11-27"
    assert value("Easter", anchor=dt.date(2025, 4, 1)) == "2025-04-20"


def test_night_range_keeps_both_days() -> None:
    mention = dates.resolve("the night of October 11-12", TUESDAY)
    assert mention is not None
    assert (mention.value, mention.low, mention.high) == (
        "2025-10-11",
        dt.date(2025, 10, 11),
        dt.date(2025, 10, 12),
    )
    assert mention.precision == "day"


def test_range_across_months() -> None:
    mention = dates.resolve("October 30 to November 2", TUESDAY)
    assert mention and (mention.low, mention.high) == (dt.date(2025, 10, 30), dt.date(2025, 11, 2))


def test_month_precision_gives_whole_month_range() -> None:
    mention = dates.resolve("last month", TUESDAY)
    assert mention and (mention.low, mention.high, mention.precision) == (
        dt.date(2025, 10, 1),
        dt.date(2025, 10, 31),
        "month",
    )


def test_impossible_dates_are_not_invented() -> None:
    assert value("February 30, 2025") is None
    assert value("the talks") is None


def test_anaphora_resolves_against_the_last_date_spoken_of() -> None:
    focus = dates.resolve("October 11", TUESDAY)
    assert focus is not None
    assert (m := dates.resolve("the next day", TUESDAY, reference=focus)) and m.value == "2025-10-12"
    assert (m := dates.resolve("that same day", TUESDAY, reference=focus)) and m.value == "2025-10-11"
    assert dates.resolve("the next day", TUESDAY) is None


def _annotated(text: str, published: dt.date = TUESDAY) -> Document:
    doc = Document(text=text, published=published, language="en")
    sentences.annotate(doc)
    dates.annotate(doc)
    return doc


def test_annotate_flags_future_dates_and_keeps_offsets() -> None:
    text = (
        "Pakistani troops clashed with fighters on October 12. A new round of talks will open on November 6."
    )
    doc = _annotated(text)
    assert [(d.value, d.future) for d in doc.dates] == [("2025-10-12", False), ("2025-11-06", True)]
    for d in doc.dates:
        assert text[d.start : d.end] == d.text


def test_this_month_after_a_last_month_passage_is_background_and_re_anchored() -> None:
    text = (
        "Last month, the two governments agreed to extend the truce, the mediators said.\n\n"
        "The neighbours have fought their worst battles in years, with raids this month closing the "
        "crossings."
    )
    doc = _annotated(text)
    this_month = next(d for d in doc.dates if d.text == "this month")
    assert this_month.value == "2025-10"
    assert this_month.background
    assert not this_month.future


def test_this_month_without_an_earlier_passage_is_the_current_month() -> None:
    doc = _annotated("Shelling this month has emptied three villages near the border.")
    assert [(d.value, d.background) for d in doc.dates] == [("2025-11", False)]


def test_re_anchoring_does_not_reach_beyond_the_next_sentence() -> None:
    text = (
        "Last month, officials met in Doha. They agreed on a truce. Observers arrived later. "
        "Fighting resumed this month."
    )
    doc = _annotated(text)
    assert next(d for d in doc.dates if d.text == "this month").value == "2025-11"


def test_annotate_resolves_that_day_in_running_text() -> None:
    doc = _annotated(
        "Militants attacked a post in Kurram on October 20. The next day, the army sealed the road."
    )
    assert [d.value for d in doc.dates] == ["2025-10-20", "2025-10-21"]


def test_that_day_after_a_date_on_the_publication_day_is_the_publication_day() -> None:
    doc = _annotated(
        "Rockets hit a market on October 28. Talks opened in Doha on Tuesday. Later that day, the envoys "
        "signed a truce."
    )
    assert [d.value for d in doc.dates] == ["2025-10-28", "2025-11-04", "2025-11-04"]


def test_that_day_after_today_is_today() -> None:
    doc = _annotated(
        "A convoy was ambushed on October 30. Shelling resumed today. Earlier that day, two died."
    )
    assert doc.dates[-1].text == "Earlier that day"
    assert doc.dates[-1].value == "2025-11-04"


def test_part_of_day_is_not_part_of_the_value() -> None:
    # The value stays an ISO 8601 day that date.fromisoformat reads; "night" does not widen the day either.
    for expression in ("Sunday night", "Monday morning", "Saturday evening", "tonight"):
        mention = dates.resolve(expression, TUESDAY)
        assert mention is not None
        assert dt.date.fromisoformat(mention.value) == mention.low == mention.high


def test_words_that_look_like_dates_are_not_dates_in_running_text() -> None:
    doc = _annotated(
        "The current government may march on; future meetings were discussed by 2,021 delegates."
    )
    assert doc.dates == []


def test_document_without_publication_day_gets_no_dates() -> None:
    doc = Document(text="Clashes erupted on Tuesday.", published=None)
    sentences.annotate(doc)
    dates.annotate(doc)
    assert doc.dates == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In a report published on October 20, the agency said fighting this month had displaced many.",
            ("2025-10", True),
        ),
        ("Police said on October 30 that attacks this month had killed 30 people.", ("2025-10", True)),
        # The statement is dated, but from this week: the reading does not change, so no background flag.
        ("The ministry said on Monday that raids this week had killed four militants.", ("2025-W45", False)),
        # A date that is not the statement's own date does not move the vantage point.
        ("Officials said the October 12 clash was the worst this month.", ("2025-11", False)),
    ],
)
def test_dated_statements_re_anchor_this_period(text: str, expected: tuple[str, bool]) -> None:
    doc = _annotated(text)
    this = next(d for d in doc.dates if d.text.startswith("this"))
    assert (this.value, this.background) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("Talks resume on Tueſday.", "2025-11-11"), ("FRİDAY talks", "2025-11-07"), ("on Frıday", "2025-11-07")],
)
def test_letters_that_case_fold_onto_ascii_are_read_like_their_ascii_letter(text: str, value: str) -> None:
    # The case-insensitive rules accept "ſ", "İ", "ı"; the weekday table used to raise KeyError on them.
    anchor = dt.date(2025, 11, 12)
    plain = text.replace("ſ", "s").replace("İ", "I").replace("ı", "i")
    found, expected = dates.find(text, anchor), dates.find(plain, anchor)
    assert [(m.start, m.end, m.value) for m in found] == [(m.start, m.end, m.value) for m in expected]
    assert found[0].value == value and found[0].text != expected[0].text  # the text's own letters kept
