"""`truce worker --once`: the background round marks overdue replies and reviews penalties once a day."""

from __future__ import annotations

import datetime as dt

from truce.cases.models import Case
from truce.cli.worker import one_round
from truce.core.clock import frozen


def test_one_round_marks_overdue_replies_and_reviews_each_agreement_once_a_day(cast):
    start = dt.datetime(2025, 10, 28, 4, 0, tzinfo=dt.UTC)
    with frozen(start) as clock:
        case = cast.api["pk"].file_report().json()["case"]
        cast.api["qa"].post(f"/api/v1/cases/{case}/admit")
        cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
        cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request")
        reviewed: dict[str, str] = {}
        assert not any("overdue" in line for line in one_round(reviewed))
        assert reviewed == {"pak-afg-2025": "2025-10-28", "south-sudan-2018": "2025-10-28"}  # local days
        clock.advance(days=3, minutes=1)
        done = one_round(reviewed)
        assert any(line.startswith("replies overdue: pak-afg-2025/") for line in done), done
        assert Case.objects.get(pk=case).reply_overdue_noted_at is not None
        assert not any("overdue" in line for line in one_round(reviewed))
