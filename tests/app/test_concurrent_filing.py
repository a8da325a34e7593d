"""Many officers filing at once: every filing lands, the record stays one gapless chain, and case
numbers never collide. Real threads, each with its own database connection."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import pytest
from django.db import connections

from tests.app.story import incident, make_cast, needs_many_connections
from truce.cases.actions.replies import do_share_case
from truce.cases.actions.workflow import do_admit_case
from truce.cases.models import Case, CaseSummary
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.reports.actions import do_add_evidence, do_file_report
from truce.reports.evidence_intake import EvidenceInput
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


def _race(jobs: list[Callable[[], object]]) -> list[BaseException]:
    """Run ``jobs`` at once, each in its own thread with its own connection; the errors they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer is still waiting after 120 s"
    return errors


@pytest.mark.django_db(transaction=True)
def test_placement_and_case_actions_at_once_open_one_case_per_incident_and_never_deadlock(settings, tmp_path):
    """Filings place reports under their agreement's cases lock and take the record's lock only at the
    append, while mediators' case actions take the cases lock, then the record's, then the case's row
    (truce.cases.locking). Racing both on the same cases must neither deadlock (PostgreSQL would abort
    one of them with "deadlock detected") nor open two cases for one incident."""
    needs_many_connections()
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cast = make_cast()
    kurram = {"name": "Kurram", "country": "PK", "admin1": "Khyber Pakhtunkhwa", "lat": 33.73, "lon": 70.1}
    torkham = {"name": "Torkham", "country": "PK", "admin1": "Khyber Pakhtunkhwa", "lat": 34.1, "lon": 71.09}
    for day in (24, 27, 30):
        date = f"2025-10-{day}"
        # A monitor's observation: its case is hidden from the parties until a mediator shares it.
        seen = do_file_report(
            agreement_id="pak-afg-2025",
            acting_user=cast.monitor,
            incident=incident(date=date, location=kurram),
        )
        assert seen.case is not None
        watched = seen.case.pk
        cases_before = Case.objects.count()
        start = Entry.objects.count()
        file = functools.partial(do_file_report, agreement_id="pak-afg-2025")
        jobs: list[Callable[[], object]] = [
            # The same incident again, four times: each joins the watched case while the mediators act on it.
            *(
                functools.partial(file, acting_user=u, incident=incident(date=date, location=kurram))
                for u in (cast.monitor, cast.monitor2, cast.monitor, cast.monitor2)
            ),
            # A new incident filed four times at once: one case opens, the other three join it.
            *(
                functools.partial(file, acting_user=u, incident=incident(date=date, location=torkham))
                for u in (cast.pk, cast.pk2, cast.pk, cast.pk2)
            ),
            functools.partial(do_admit_case, watched, acting_user=cast.qa),
            functools.partial(do_share_case, watched, party="PK", acting_user=cast.tr),
            functools.partial(
                do_add_evidence,
                seen.pk,
                evidence=EvidenceInput(url="https://example.org/a"),
                acting_user=cast.monitor,
            ),
        ]
        errors = _race(jobs)
        assert not errors, errors
        # One new case (the Torkham incident); the four observations joined the watched case.
        assert Case.objects.count() == cases_before + 1
        placed = set(
            Report.objects.filter(place="Torkham", incident_date=date).values_list("case", flat=True)
        )
        assert len(placed) == 1
        assert Report.objects.filter(case_id=watched).count() == 5
        assert Case.objects.get(pk=watched).status == "admissible"
        # Shared with PK before or after the joins: either way PK's summary of it is stored.
        assert CaseSummary.objects.filter(case_id=watched, party="PK").exists()
        assert Entry.objects.count() == start + len(jobs)
        result = check_chain()
        assert result.ok, result
