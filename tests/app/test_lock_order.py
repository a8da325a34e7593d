"""The order of the write locks (truce.cases.locking): an agreement's cases lock, then the record's lock.
Taking them the other way round is refused at once, in the tests, rather than found as a deadlock under
load on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import transaction

from truce.cases.actions.workflow import do_join_cases
from truce.cases.locking import holds_cases_lock, lock_cases
from truce.errors import NotFound
from truce.record.store import holds_head, lock_head


@pytest.mark.django_db
def test_the_cases_lock_after_the_records_lock_is_refused(cast):
    with transaction.atomic():
        lock_head()
        assert holds_head()
        with pytest.raises(RuntimeError, match="lock order"):
            lock_cases("pak-afg-2025")
        assert not holds_cases_lock("pak-afg-2025")


@pytest.mark.django_db
def test_the_cases_lock_then_the_records_lock_is_the_order(cast):
    with transaction.atomic():
        lock_cases("pak-afg-2025")
        lock_head()
        assert holds_cases_lock("pak-afg-2025") and holds_head()
        lock_cases("pak-afg-2025")  # held already: nothing to take, nothing refused
        with pytest.raises(RuntimeError, match="south-sudan-2018"):
            lock_cases("south-sudan-2018")  # another agreement's, after the record's lock


@pytest.mark.django_db(transaction=True)
def test_the_locks_end_with_the_transaction(cast):
    with transaction.atomic():
        lock_head()
    with transaction.atomic():
        assert not holds_head()
        lock_cases("pak-afg-2025")  # a new transaction starts with no lock
        assert holds_cases_lock("pak-afg-2025")
    with transaction.atomic():
        assert not holds_cases_lock("pak-afg-2025")


@pytest.mark.django_db
def test_a_rolled_back_savepoint_gives_its_locks_up(cast):
    with transaction.atomic():
        try:
            with transaction.atomic():
                lock_head()
                raise ValueError("refused")
        except ValueError:
            pass
        assert not holds_head()
        lock_cases("pak-afg-2025")


@pytest.mark.django_db(transaction=True)
def test_the_locks_need_a_transaction(cast):
    with pytest.raises(RuntimeError, match="transaction"):
        lock_cases("pak-afg-2025")


@pytest.mark.django_db
def test_joining_cases_of_two_agreements_is_refused_not_a_lock_error(cast):
    """A join takes both agreements' cases locks before the record's, so a case of another agreement is
    refused as not found (the mediator cannot see it), not with a lock order error."""
    ours = cast.api["pk"].file_report().json()["case"]
    filed = cast.api["outsider"].file_report(
        agreement="south-sudan-2018",
        incident={
            "title": "Shelling near Malakal",
            "sub_event_type": "Shelling/artillery/missile attack",
            "date": "2025-10-25",
            "date_precision": "day",
            "location": {"name": "Malakal", "country": "SS", "lat": 9.53, "lon": 31.66, "geo_precision": 1},
            "actors": [{"name": "Unknown", "type": "State forces", "role": "perpetrator"}],
            "fatalities": {"low": 0, "best": 0, "high": 0},
            "commitments": ["PC1"],
            "accused_party": "TGONU",
            "description": "Rounds landed.",
            "language": "en",
        },
    )
    assert filed.status_code == 201, filed.content
    theirs = filed.json()["case"]
    with pytest.raises(NotFound):
        do_join_cases(ours, into=theirs, acting_user=cast.qa)
    with pytest.raises(NotFound):
        do_join_cases(theirs, into=ours, acting_user=cast.qa)
