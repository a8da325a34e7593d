"""Mediators acting on one meeting at once: agenda positions never collide, a meeting is closed once and
a decision superseded once, and the record stays one gapless chain. Real threads, each with its own
database connection (PostgreSQL or file SQLite)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections

from tests.app.story import incident, make_cast, needs_many_connections
from truce.errors import ActionError
from truce.meetings import actions
from truce.meetings.models import AgendaItem, Decision, Meeting
from truce.record.models import Entry, Head
from truce.record.store import check_chain
from truce.reports.actions import do_file_report

# In the past, so the meeting has begun and may be decided and closed at once.
HELD_AT = dt.datetime(2025, 11, 6, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def cast(settings, tmp_path):  # type: ignore[no-untyped-def]
    needs_many_connections()
    # A transactional test ends by emptying every table, the record's head row (made by a migration)
    # included; the tests here run one after another, so each puts it back.
    Head.objects.get_or_create(id=1)
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_cast()


def _race(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results.append(work(i))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def _meeting(cast: Any) -> Meeting:
    return actions.do_schedule_meeting(
        agreement_id="pak-afg-2025",
        kind="technical",
        scheduled_for=HELD_AT,
        place="Torkham",
        acting_user=cast.qa,
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_agenda_additions_take_distinct_positions(cast):
    cases = [
        do_file_report(
            agreement_id="pak-afg-2025",
            acting_user=cast.pk,
            incident=incident(location={"name": f"Post {i}", "lat": 30 + i * 0.5, "lon": 66.0}),
        ).case_id
        for i in range(6)
    ]
    assert len(set(cases)) == 6
    meeting = _meeting(cast)
    start = Entry.objects.count()
    mediators = [cast.qa, cast.tr]
    _, errors = _race(
        6, lambda i: actions.do_add_case_to_agenda(meeting.pk, case_id=cases[i], acting_user=mediators[i % 2])
    )
    assert not errors, errors
    assert sorted(AgendaItem.objects.filter(meeting=meeting).values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    assert Entry.objects.count() == start + 6
    assert check_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_meeting_closed_by_several_mediators_at_once_is_held_once(cast):
    meeting = _meeting(cast)
    start = Entry.objects.count()
    mediators = [cast.qa, cast.tr]
    results, errors = _race(
        4,
        lambda i: actions.do_close_meeting(
            meeting.pk,
            attendance=[f"Delegation {i}"],
            next_meeting_at=HELD_AT + dt.timedelta(days=14),
            schedule_next=True,
            acting_user=mediators[i % 2],
        ),
    )
    assert len(results) == 1, (results, errors)
    assert len(errors) == 3 and all(isinstance(e, ActionError) and "already held" in str(e) for e in errors)
    assert Meeting.objects.count() == 2  # the meeting and the one its closing scheduled
    assert list(Entry.objects.filter(index__gte=start).values_list("type", flat=True)) == ["MeetingHeld"]
    assert check_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_decision_is_superseded_once_under_concurrent_corrections(cast):
    case = do_file_report(agreement_id="pak-afg-2025", acting_user=cast.pk, incident=incident()).case_id
    meeting = _meeting(cast)
    actions.do_add_case_to_agenda(meeting.pk, case_id=case, acting_user=cast.qa)
    first = actions.do_record_decision(meeting.pk, case_id=case, text="First.", acting_user=cast.qa)
    mediators = [cast.qa, cast.tr]
    results, errors = _race(
        4,
        lambda i: actions.do_record_decision(
            meeting.pk,
            case_id=case,
            text=f"Correction {i}.",
            supersedes_id=first.pk,
            acting_user=mediators[i % 2],
        ),
    )
    assert len(results) == 1, (results, errors)
    assert all(isinstance(e, ActionError) and e.field == "supersedes" for e in errors), errors
    assert Decision.objects.filter(supersedes=first).count() == 1
    assert check_chain().ok
