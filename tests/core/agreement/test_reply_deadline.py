"""The reply window is counted on the agreement's local clock, across midnight and DST changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from truce.core.agreement import load_agreement

from .conftest import VALID, replace

UTC = dt.UTC
NEW_YORK = ZoneInfo("America/New_York")
KARACHI = ZoneInfo("Asia/Karachi")


def agreement_in(write_agreement, zone: str, hours: int = 72):
    text = replace(VALID, '"Asia/Karachi"', f'"{zone}"')
    return load_agreement(
        write_agreement(replace(text, "reply_window_hours = 72", f"reply_window_hours = {hours}"))
    )


def test_deadline_across_midnight_in_karachi(write_agreement):
    a = agreement_in(write_agreement, "Asia/Karachi", hours=6)
    # 20:30 UTC is 01:30 the next day in Karachi (UTC+5)
    deadline = a.reply_deadline(dt.datetime(2025, 10, 20, 20, 30, tzinfo=UTC))
    assert deadline == dt.datetime(2025, 10, 21, 7, 30, tzinfo=KARACHI)
    assert deadline.utcoffset() == dt.timedelta(hours=5)
    assert deadline.date() == dt.date(2025, 10, 21)


def test_deadline_starting_just_before_midnight_local_lands_on_the_local_day(write_agreement):
    a = agreement_in(write_agreement, "Asia/Karachi", hours=72)
    deadline = a.reply_deadline(dt.datetime(2025, 10, 19, 23, 59, tzinfo=KARACHI))
    assert (deadline.date(), deadline.hour, deadline.minute) == (dt.date(2025, 10, 22), 23, 59)


def test_deadline_across_spring_forward_keeps_the_local_time(write_agreement):
    a = agreement_in(write_agreement, "America/New_York", hours=72)
    start = dt.datetime(2025, 3, 7, 12, 0, tzinfo=NEW_YORK)  # EST; clocks go forward on 9 March
    deadline = a.reply_deadline(start)
    assert deadline.replace(tzinfo=None) == dt.datetime(2025, 3, 10, 12, 0)
    assert deadline.utcoffset() == dt.timedelta(hours=-4)
    assert deadline.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=71)  # an hour skipped


def test_deadline_across_fall_back_keeps_the_local_time(write_agreement):
    a = agreement_in(write_agreement, "America/New_York", hours=48)
    start = dt.datetime(2025, 11, 1, 9, 0, tzinfo=NEW_YORK)  # EDT; clocks go back on 2 November
    deadline = a.reply_deadline(start)
    assert deadline.replace(tzinfo=None) == dt.datetime(2025, 11, 3, 9, 0)
    assert deadline.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=49)


def test_deadline_in_the_skipped_hour_moves_past_the_gap(write_agreement):
    a = agreement_in(write_agreement, "America/New_York", hours=24)
    deadline = a.reply_deadline(dt.datetime(2025, 3, 8, 2, 30, tzinfo=NEW_YORK))
    assert deadline.replace(tzinfo=None) == dt.datetime(2025, 3, 9, 3, 30)
    assert deadline.utcoffset() == dt.timedelta(hours=-4)


def test_deadline_is_the_same_instant_whatever_zone_the_start_is_given_in(write_agreement):
    a = agreement_in(write_agreement, "America/New_York", hours=72)
    instant = dt.datetime(2025, 3, 7, 17, 0, tzinfo=UTC)
    assert a.reply_deadline(instant) == a.reply_deadline(instant.astimezone(KARACHI))
    assert a.reply_deadline(instant).tzinfo == NEW_YORK


def test_naive_start_is_refused(write_agreement):
    a = agreement_in(write_agreement, "Asia/Karachi")
    with pytest.raises(ValueError, match="aware datetime"):
        a.reply_deadline(dt.datetime(2025, 10, 20, 12, 0))
