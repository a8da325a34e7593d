"""Sessions end after TRUCE_SESSION_IDLE_MINUTES without a request, and TRUCE_SESSION_MAX_HOURS after
login whatever happens (the project's clock is frozen and moved)."""

from __future__ import annotations

import datetime as dt

from tests.app.story import signed_in
from truce.core import clock

START = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def test_session_idle_for_more_than_thirty_minutes_is_sent_to_the_login_page(cast):
    with clock.frozen(START) as now:
        client = signed_in(cast.pk)
        assert client.get("/cases/").status_code == 200
        now.advance(minutes=31)
        response = client.get("/cases/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=%2Fcases%2F"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert b"Nothing happened for more than 30 minutes" in page.content


def test_activity_keeps_the_session_alive(cast):
    with clock.frozen(START) as now:
        client = signed_in(cast.pk)
        for _ in range(6):
            assert client.get("/cases/").status_code == 200
            now.advance(minutes=20)
        assert client.get("/reports/").status_code == 200


def test_session_ends_after_twelve_hours_however_active(cast):
    with clock.frozen(START) as now:
        client = signed_in(cast.qa)
        assert client.get("/cases/").status_code == 200
        for _ in range(40):
            now.advance(minutes=20)
            if client.get("/cases/").status_code != 200:
                break
        assert now() - START > dt.timedelta(hours=12)
        assert now() - START <= dt.timedelta(hours=12, minutes=20)
        assert client.get("/cases/").status_code == 302


def test_idle_limit_is_a_setting(cast, settings):
    settings.TRUCE_SESSION_IDLE_MINUTES = 5
    with clock.frozen(START) as now:
        client = signed_in(cast.pk)
        assert client.get("/cases/").status_code == 200
        now.advance(minutes=6)
        assert client.get("/cases/").status_code == 302
