"""Many officers filing at once: every filing lands, the record stays one gapless chain, and case
numbers never collide. Real threads, each with its own database connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from tests.app.story import incident, make_cast, needs_many_connections
from truce.cases.models import Case
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.reports.actions import do_file_report
from truce.reports.models import Report


@pytest.mark.django_db(transaction=True)
def test_parallel_filings_keep_the_chain_and_case_numbers(settings, tmp_path):
    needs_many_connections()
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cast = make_cast()
    start = Entry.objects.count()
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def file(i: int) -> None:
        try:
            barrier.wait()
            user = cast.pk if i % 2 else cast.af
            # Places 50+ km apart: each filing opens its own case, so numbering is contended.
            where = {"name": f"Post {i}", "lat": 30 + i * 0.5, "lon": 66.0}
            do_file_report(
                agreement_id="pak-afg-2025",
                acting_user=user,
                incident=incident(accused_party="AF" if i % 2 else "PK", location=where),
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert Report.objects.count() == 8
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 9))
    assert Entry.objects.count() == start + 8
    result = check_chain()
    assert result.ok, result
