"""Once the mechanism's mandate has ended (the agreement's mandate_until, on its own clock), every page says
so: filing and ruling stay possible, since a renewal may be coming and the record must keep what arrives,
but nobody acts as if the mandate ran on."""

from __future__ import annotations

import datetime as dt

from tests.app.story import signed_in
from truce.core import clock

NOTICE = "mandate under this agreement ended on"


def test_pages_say_the_mandate_ended_once_it_has(cast):
    # pak-afg-2025's mandate runs to 2026-04-30 (Asia/Karachi).
    with clock.frozen(dt.datetime(2026, 4, 30, 18, 0, tzinfo=dt.UTC)):  # 23:00 in Karachi: still the 30th
        assert NOTICE not in signed_in(cast.pk).get("/reports/new/").content.decode()
    with clock.frozen(dt.datetime(2026, 4, 30, 19, 30, tzinfo=dt.UTC)):  # 00:30 on 1 May in Karachi
        for user, path in ((cast.pk, "/reports/new/"), (cast.qa, "/cases/"), (cast.monitor, "/")):
            page = signed_in(user).get(path).content.decode()
            assert NOTICE in page and "2026-04-30" in page, (user, path)


def test_no_notice_within_the_mandate_or_without_an_agreement(cast):
    with clock.frozen(dt.datetime(2025, 11, 1, 9, 0, tzinfo=dt.UTC)):
        assert NOTICE not in signed_in(cast.qa).get("/cases/").content.decode()
    with clock.frozen(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)):
        assert NOTICE not in signed_in(cast.observer).get("/cases/").content.decode()
