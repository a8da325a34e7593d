"""Scheduled bulletins: each `truce worker` round publishes the public daily edition of yesterday and, after
a Sunday, the weekly one, once each, whatever the number of rounds."""

from __future__ import annotations

import datetime as dt

from truce.bulletins.models import Bulletin
from truce.cli.worker import one_round
from truce.core.clock import frozen
from truce.instance import prepare_home
from truce.record.models import Entry


def test_the_worker_publishes_each_days_and_each_weeks_public_edition_once(cast, settings):
    prepare_home()
    settings.TRUCE_BULLETIN_LANGUAGES = ["en", "ur"]
    # Monday 10 November 2025, 09:00 in Karachi: yesterday was Sunday, the end of a week.
    with frozen(dt.datetime(2025, 11, 10, 4, 0, tzinfo=dt.UTC)) as clock:
        done = one_round({})
        pak = Bulletin.objects.filter(agreement_id="pak-afg-2025")
        assert sorted(pak.values_list("period", "language", "edition", "end")) == [
            ("day", "en", "public", dt.date(2025, 11, 9)),
            ("day", "ur", "public", dt.date(2025, 11, 9)),
            ("week", "en", "public", dt.date(2025, 11, 9)),
            ("week", "ur", "public", dt.date(2025, 11, 9)),
        ]
        assert pak.get(period="week", language="en").start == dt.date(2025, 11, 3)
        assert sum(line.startswith("bulletin published: pak-afg-2025/") for line in done) == 4
        for bulletin in pak:
            assert Entry.objects.get(index=bulletin.record_index).type == "BulletinPublished"
        before = Bulletin.objects.count()
        assert not any(line.startswith("bulletin published") for line in one_round({}))
        assert Bulletin.objects.count() == before
        clock.advance(days=1)
        one_round({})
        tuesday = pak.filter(end=dt.date(2025, 11, 10))
        assert sorted(tuesday.values_list("period", "language")) == [("day", "en"), ("day", "ur")]


def test_no_scheduled_bulletins_when_the_operator_turns_them_off(cast, settings):
    prepare_home()
    settings.TRUCE_BULLETIN_LANGUAGES = ["none"]
    with frozen(dt.datetime(2025, 11, 10, 4, 0, tzinfo=dt.UTC)):
        one_round({})
    assert not Bulletin.objects.exists()
