"""Background tasks (truce.background): e-mail, feeds, checkpoints and bulletins are rows of the task
queue written in the action's own transaction, run by `truce worker`, tried again with backoff when they
fail, and visible to the operator when they wait too long or are given up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.app.flaky_mail import RefusesFirstBackend
from truce.background import queue
from truce.bulletins.models import Bulletin
from truce.cases.actions.replies import do_request_reply
from truce.cases.models import Case
from truce.cli import main
from truce.cli.worker import periodic_round
from truce.core.clock import frozen
from truce.instance import prepare_home
from truce.notifications.send import notify
from truce.notifications.tasks import MAIL_ATTEMPTS, send_email

TOKEN = "metrics-token-for-tests"


def _mails() -> DBTaskResult:
    return DBTaskResult.objects.filter(task_path=send_email.module_path)


def _case_awaiting_a_reply_request(cast) -> int:  # type: ignore[no-untyped-def]
    cast.af.email = "af-liaison@example.org"
    cast.af.save(update_fields=["email"])
    case = cast.api["pk"].file_report().json()["case"]
    cast.api["qa"].post(f"/api/v1/cases/{case}/admit")
    cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    return int(case)


def test_a_mail_the_server_refuses_once_is_tried_again_later_and_delivered(cast, settings):
    settings.EMAIL_BACKEND = "tests.app.flaky_mail.RefusesFirstBackend"
    settings.TRUCE_TASK_RETRY_SECONDS = 60
    RefusesFirstBackend.refused = 0
    cast.af.email = "af-liaison@example.org"
    cast.af.save(update_fields=["email"])
    with transaction.atomic():
        notify([cast.af], "reply_requested", "Reply due", "Please reply.")

    assert queue.drain() == [
        "task send_email failed: SMTPServerDisconnected (attempt 1 of 7, will try again)"
    ]
    assert mail.outbox == []
    retry = _mails().get(status=TaskResultStatus.READY)
    assert retry.args_kwargs == {
        "args": [["af-liaison@example.org"], "Reply due", "Please reply."],
        "kwargs": {"attempt": 2, "max_attempts": MAIL_ATTEMPTS},
    }
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 50 < wait <= 60  # backoff: not before the minute has passed
    assert queue.drain() == []  # not due yet
    assert queue.stats().deferred == 1 and queue.stats().waiting == 0

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - dt.timedelta(seconds=1))
    assert queue.drain() == ["e-mail sent to 1 recipient(s): Reply due"]
    assert [(m.to, m.subject) for m in mail.outbox] == [(["af-liaison@example.org"], "[Truce] Reply due")]
    failed = _mails().get(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert "the mail server went away" in failed.traceback
    stats = queue.stats()
    assert (stats.failed_attempts, stats.given_up, stats.waiting, stats.deferred) == (1, 0, 0, 0)


def test_a_mail_that_keeps_failing_is_given_up_after_its_attempts_and_shown(cast, settings, capsys):
    prepare_home()
    settings.TRUCE_METRICS_TOKEN = TOKEN
    settings.EMAIL_BACKEND = "tests.app.flaky_mail.RefusesAllBackend"
    settings.TRUCE_TASK_RETRY_SECONDS = 0  # every retry due at once, so one drain runs them all
    cast.af.email = "af-liaison@example.org"
    cast.af.save(update_fields=["email"])
    with transaction.atomic():
        notify([cast.af], "reply_requested", "Reply due", "Please reply.")
    lines = queue.drain()
    assert len(lines) == MAIL_ATTEMPTS
    assert lines[-1] == "task send_email failed: SMTPServerDisconnected (attempt 7 of 7, given up)"
    assert _mails().filter(status=TaskResultStatus.READY).count() == 0
    stats = queue.stats()
    assert (stats.failed_attempts, stats.given_up) == (MAIL_ATTEMPTS, 1)

    metrics = Client().get("/metrics", headers={"authorization": f"Bearer {TOKEN}"}).content.decode()
    assert "truce_tasks_given_up 1.0" in metrics
    assert f"truce_tasks_failed_attempts {float(MAIL_ATTEMPTS)}" in metrics
    main(["status"])
    out = capsys.readouterr().out
    assert "tasks given up (latest first):" in out
    assert "send_email" in out and "smtplib.SMTPServerDisconnected" in out and "(attempt 7 of 7)" in out


def test_a_rolled_back_action_enqueues_no_mail_and_a_committed_one_does(cast):
    case = _case_awaiting_a_reply_request(cast)
    queue.drain()
    before = DBTaskResult.objects.count()

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        do_request_reply(case, acting_user=cast.qa)
        assert _mails().filter(status=TaskResultStatus.READY).count() == 1  # written with the action
        raise Abandoned
    assert DBTaskResult.objects.count() == before
    assert Case.objects.get(pk=case).status != "awaiting_reply"

    do_request_reply(case, acting_user=cast.qa)
    queued = _mails().get(status=TaskResultStatus.READY)
    assert queued.args_kwargs["args"][0] == ["af-liaison@example.org"]
    assert mail.outbox == [] or all(m.to != ["af-liaison@example.org"] for m in mail.outbox)


def test_a_scheduled_bulletin_is_rendered_by_the_task_runner_not_in_the_overdue_reply_round(
    cast, settings, monkeypatch
):
    """The round marks the overdue reply and only enqueues the editions; their PDFs are made by the
    task runner (a thread of its own in `truce worker`, truce.background.queue.Runner)."""
    import truce.bulletins.tasks

    prepare_home()
    settings.TRUCE_BULLETIN_LANGUAGES = ["en"]
    rendered: list[str] = []
    publish = truce.bulletins.tasks.do_publish_bulletin

    def counted(request, *, acting_user):  # type: ignore[no-untyped-def]
        rendered.append(request.period)
        return publish(request, acting_user=acting_user)

    monkeypatch.setattr(truce.bulletins.tasks, "do_publish_bulletin", counted)
    with frozen(dt.datetime(2025, 11, 6, 4, 0, tzinfo=dt.UTC)) as clock:
        case = _case_awaiting_a_reply_request(cast)
        cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request")
        clock.advance(days=4)  # Monday 10 November: the reply is overdue, the week's bulletin due
        done = periodic_round({})
        assert any(line.startswith("replies overdue: pak-afg-2025/") for line in done), done
        assert Case.objects.get(pk=case).reply_overdue_noted_at is not None
        assert rendered == [] and not Bulletin.objects.exists()
        waiting = DBTaskResult.objects.filter(
            task_path="truce.bulletins.tasks.publish_scheduled", status=TaskResultStatus.READY
        )
        assert sorted(tuple(r["args"][:3]) for r in waiting.values_list("args_kwargs", flat=True)) == [
            ("pak-afg-2025", "day", "en"),
            ("pak-afg-2025", "week", "en"),
            ("south-sudan-2018", "day", "en"),
            ("south-sudan-2018", "week", "en"),
        ]
        periodic_round({})  # the next round asks again: still one task per edition
        assert waiting.count() == 4
        lines = queue.drain()
        assert sorted(rendered) == ["day", "day", "week", "week"]
        assert sum(line.startswith("bulletin published: ") for line in lines) == 4
        assert Bulletin.objects.count() == 4


def test_worker_once_runs_the_round_then_drains_every_due_task(cast, settings):
    prepare_home()
    settings.TRUCE_BULLETIN_LANGUAGES = ["none"]
    cast.af.email = "af-liaison@example.org"
    cast.af.save(update_fields=["email"])
    with transaction.atomic():
        notify([cast.af], "reply_requested", "Reply due", "Please reply.")
    assert queue.stats().waiting == 1
    assert main(["worker", "--once"]) == 0
    assert [m.to for m in mail.outbox] == [["af-liaison@example.org"]]
    stats = queue.stats()
    assert (stats.waiting, stats.running, stats.failed_attempts) == (0, 0, 0)
    # The round's own checkpoint task ran too.
    assert DBTaskResult.objects.filter(
        task_path="truce.record.tasks.sign_and_cosign", status=TaskResultStatus.SUCCESSFUL
    ).exists()


def test_healthz_fails_the_queue_when_the_oldest_due_task_waits_too_long(cast, settings):
    prepare_home()
    settings.TRUCE_TASK_LAG_SECONDS = 600
    settings.TRUCE_METRICS_TOKEN = TOKEN
    send_email.enqueue(["someone@example.org"], "Title", "Body")
    assert Client().get("/healthz").json()["failing"] == []
    # A retry put off to later is no lag: it is not due.
    send_email.using(run_after=timezone.now() + dt.timedelta(hours=2)).enqueue(["x@example.org"], "T", "B")
    DBTaskResult.objects.filter(args_kwargs__args__1="T").update(
        enqueued_at=timezone.now() - dt.timedelta(hours=3)
    )
    assert Client().get("/healthz").json()["failing"] == []
    DBTaskResult.objects.filter(args_kwargs__args__1="Title").update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=601)
    )
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["failing"] == ["tasks"]
    assert response.json()["checks"]["tasks"]["detail"].startswith(
        "the oldest background task due has waited 60"
    )
    metrics = Client().get("/metrics", headers={"authorization": f"Bearer {TOKEN}"}).content.decode()
    assert "truce_tasks_waiting 1.0" in metrics and "truce_tasks_deferred 1.0" in metrics
    assert "truce_tasks_lag_seconds 60" in metrics
    queue.drain()
    assert Client().get("/healthz").status_code == 200


def test_pruning_keeps_recent_and_failed_rows_and_drops_old_successful_ones(cast):
    send_email.enqueue([], "old", "")
    send_email.enqueue([], "new", "")
    queue.drain()
    DBTaskResult.objects.filter(args_kwargs__args__1="old").update(
        finished_at=timezone.now() - queue.KEEP_SUCCESSFUL - dt.timedelta(minutes=1)
    )
    assert queue.prune() == 1
    assert [r["args"][1] for r in DBTaskResult.objects.values_list("args_kwargs", flat=True)] == ["new"]


@pytest.mark.django_db(transaction=True)
def test_the_overdue_reply_round_goes_on_while_the_task_runner_renders_a_bulletin(
    settings, tmp_path, monkeypatch
):
    """`truce worker` itself: its task runner thread is held inside a bulletin's rendering while the next
    round marks a reply overdue."""
    import threading

    import truce.bulletins.tasks
    from tests.app.story import make_cast, needs_many_connections

    needs_many_connections()
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TRUCE_BULLETIN_LANGUAGES = ["en"]
    prepare_home()
    rendering, release = threading.Event(), threading.Event()
    publish = truce.bulletins.tasks.do_publish_bulletin

    def slow(request, *, acting_user):  # type: ignore[no-untyped-def]
        rendering.set()
        assert release.wait(120), "never released"
        return publish(request, acting_user=acting_user)

    monkeypatch.setattr(truce.bulletins.tasks, "do_publish_bulletin", slow)
    # Saturday 8 November 2025: Friday's daily edition is due.
    with frozen(dt.datetime(2025, 11, 8, 4, 0, tzinfo=dt.UTC)) as clock:
        cast = make_cast()
        case = _case_awaiting_a_reply_request(cast)
        cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request")
        runner = queue.Runner(interval=0.2)
        runner.start()
        try:
            periodic_round({})
            assert rendering.wait(120), "the runner never started the bulletin"
            clock.advance(days=3, minutes=1)  # the reply window closes
            done = periodic_round({})
            assert any(line.startswith("replies overdue: pak-afg-2025/") for line in done), done
            assert not release.is_set() and not Bulletin.objects.exists()  # still rendering
        finally:
            release.set()
            runner.stop(timeout=300)
        assert not runner.thread.is_alive()
        assert Bulletin.objects.filter(period="day", end=dt.date(2025, 11, 7)).exists()


def test_the_rounds_ask_for_a_periodic_task_once_while_it_waits_and_hourly_once_it_failed(cast):
    from truce.record.tasks import sign_and_cosign

    assert queue.enqueue_once(sign_and_cosign) is True
    assert queue.enqueue_once(sign_and_cosign) is False  # one waits already
    DBTaskResult.objects.update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert queue.enqueue_once(sign_and_cosign) is False  # failed five minutes ago
    DBTaskResult.objects.update(finished_at=timezone.now() - queue.FAILED_COOL_OFF - dt.timedelta(minutes=1))
    assert queue.enqueue_once(sign_and_cosign) is True
    send_email.enqueue(["a@example.org"], "T", "B")
    assert queue.enqueue_once(send_email, ["b@example.org"], "T", "B") is True  # other arguments
    assert queue.enqueue_once(send_email, ["a@example.org"], "T", "B") is False


def test_the_database_counts_given_up_tasks_as_each_rows_attempts_say(db):
    """stats() counts failed rows in one query; a row is given up when its attempt is its last, the first
    attempt's row taking its count from the task's definition (a task since removed: one attempt)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    rows = [  # (task path, kwargs, status, given up)
        (send_email.module_path, {}, TaskResultStatus.FAILED, False),
        (
            send_email.module_path,
            {"attempt": 3, "max_attempts": MAIL_ATTEMPTS},
            TaskResultStatus.FAILED,
            False,
        ),
        (
            send_email.module_path,
            {"attempt": MAIL_ATTEMPTS, "max_attempts": MAIL_ATTEMPTS},
            TaskResultStatus.FAILED,
            True,
        ),
        (send_email.module_path, {"attempt": 2, "max_attempts": 2}, TaskResultStatus.FAILED, True),
        (
            send_email.module_path,
            {"attempt": 9, "max_attempts": MAIL_ATTEMPTS},
            TaskResultStatus.SUCCESSFUL,
            False,
        ),
        ("truce.gone.tasks.removed", {}, TaskResultStatus.FAILED, True),
        ("truce.gone.tasks.removed", {"attempt": 2}, TaskResultStatus.FAILED, True),
        (send_email.module_path, {"attempt": 8}, TaskResultStatus.FAILED, True),
        (send_email.module_path, {"attempt": 2}, TaskResultStatus.FAILED, False),
    ]
    for path, kwargs, status, _ in rows:
        DBTaskResult.objects.create(
            task_path=path,
            args_kwargs={"args": [], "kwargs": kwargs},
            status=status,
            backend_name="default",
            run_after=now,
            finished_at=now,
            exception_class_path="builtins.RuntimeError",
            traceback="",
        )
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    by_row = sum(queue._attempts(row)[2] for row in failed)
    expected = sum(gone for _, _, status, gone in rows if status == TaskResultStatus.FAILED)
    assert by_row == expected == 5
    assert failed.count() == 8
    with CaptureQueriesContext(connection) as queries:
        assert queue._failed_counts() == (8, 5)
    assert len(queries.captured_queries) == 1
    stats = queue.stats()
    assert (stats.failed_attempts, stats.given_up) == (8, 5)
    assert len(queue.given_up()) == 5
