"""/healthz, /metrics and `truce status`: healthy and failing instances, who may read the metrics, and that
neither route shows anything of a case."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.app.story import incident, signed_in
from truce.cli import main
from truce.core.clock import frozen
from truce.health import heartbeat
from truce.instance import prepare_home

TOKEN = "scraper-token-" + "s" * 32
KARACHI = ZoneInfo("Asia/Karachi")
# What a complaint says that neither route may repeat.
CONTENT = ("Shelling beside the Torkham crossing", "Torkham", "Rounds fell near the customs shed.")


@pytest.fixture
def instance(cast, settings):  # type: ignore[no-untyped-def]
    prepare_home()  # the record's key and the evidence store, as `truce init` makes them
    settings.TRUCE_METRICS_TOKEN = TOKEN
    return cast


def _complaint(cast):  # type: ignore[no-untyped-def]
    filed = cast.api["pk"].file_report(
        incident=incident(
            title=CONTENT[0],
            location={"name": CONTENT[1], "country": "PK", "lat": 34.1, "lon": 71.1, "geo_precision": 1},
            description=CONTENT[2],
        )
    )
    assert filed.status_code == 201, filed.content
    return filed.json()["case"]


def _scrape(token: str | None = TOKEN, client: Client | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return (client or Client()).get("/metrics", headers=headers)


def test_a_healthy_instance_answers_200_with_every_check_and_no_case_content(instance):
    _complaint(instance)
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "record_signer", "worker", "tasks", "evidence_storage"}
    assert all(check["ok"] for check in body["checks"].values())
    text = response.content.decode()
    assert not any(word in text for word in (*CONTENT, "PK", "AF", "pak-afg"))


def test_a_load_balancers_head_probe_gets_the_status_without_a_body(instance, settings):
    assert Client().head("/healthz").status_code == 200
    settings.TRUCE_HEALTH_MIN_FREE_MB = 10**12  # no disk has that much free
    failing = Client().head("/healthz")
    assert failing.status_code == 503 and failing.content == b""


def test_an_unwritable_evidence_store_fails_healthz_naming_it(instance, settings):
    incoming = settings.TRUCE_HOME / "evidence" / "incoming"
    for leftover in incoming.iterdir():
        leftover.unlink()
    incoming.rmdir()
    # A file where the folder should be: refused even to root, as a read-only mount would be.
    incoming.write_text("not a folder")
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["failing"] == ["evidence_storage"]
    assert "not writable" in body["checks"]["evidence_storage"]["detail"]
    assert str(settings.TRUCE_HOME) not in response.content.decode()  # no path to the public


def test_too_little_free_space_for_evidence_fails_healthz(instance, settings):
    settings.TRUCE_HEALTH_MIN_FREE_MB = 1024**4  # an exabyte: no disk here has it
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["evidence_storage"]
    assert "free space" in response.json()["checks"]["evidence_storage"]["detail"]


def test_a_missing_signing_key_fails_healthz_naming_it(instance, settings):
    (settings.TRUCE_HOME / "keys" / "log.key").unlink()
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["record_signer"]


def test_a_worker_that_stopped_fails_healthz_and_one_that_runs_passes(instance):
    assert main(["worker", "--once", "--interval", "60"]) == 0
    assert heartbeat.path().is_file()
    assert Client().get("/healthz").json()["checks"]["worker"]["ok"] is True
    with frozen(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


def test_metrics_need_the_scrapers_token_whoever_asks(instance):
    # Without it, a page like any other no role may see: anonymous callers are sent to log in.
    assert _scrape(None).status_code == 302
    assert _scrape("wrong").status_code == 302
    # A signed-in mediator or the admin, with their own credentials, is no scraper.
    assert signed_in(instance.qa).get("/metrics").status_code == 404
    assert signed_in(instance.admin).get("/metrics").status_code == 404
    # A user's API token is not the scraper's: the page sees an anonymous caller.
    assert instance.api["qa"].get("/metrics").status_code == 302
    assert _scrape().status_code == 200


def test_metrics_serve_no_one_when_no_token_is_configured(instance, settings):
    settings.TRUCE_METRICS_TOKEN = ""
    assert _scrape("").status_code == 302
    assert Client().get("/metrics", headers={"Authorization": "Bearer "}).status_code == 302
    assert signed_in(instance.admin).get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_metrics_count_filings_overdue_replies_and_the_record_without_case_content(instance):
    requested = dt.datetime(2025, 10, 28, 9, 0, tzinfo=KARACHI)
    with frozen(requested) as clock:
        case = _complaint(instance)
        instance.api["pk"].file_report()
        instance.api["qa"].post(f"/api/v1/cases/{case}/admit")
        instance.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
        assert instance.api["qa"].post(f"/api/v1/cases/{case}/reply-request").status_code == 200
        before = _scrape().content.decode()
        clock.advance(hours=73)
        after = _scrape().content.decode()
    assert _scrape().headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert 'truce_reports_filed_total{agreement="pak-afg-2025",kind="complaint"} 2.0' in after
    assert "truce_replies_overdue{" not in before
    assert 'truce_replies_overdue{agreement="pak-afg-2025"} 1.0' in after
    assert "truce_record_entries " in after and "truce_record_unsigned_entries " in after
    assert 'truce_health_ok{check="database"} 1.0' in after
    assert not any(word in after for word in CONTENT)
    assert '"PK"' not in after and '"AF"' not in after  # no party as a label


def test_metrics_show_checkpoint_age_and_each_witnesss_lag(instance, settings, tmp_path):
    from tests.app.test_record_world import load_witnessed_agreement, start_witness
    from truce.record.checkpoints import log_signer, log_vkey, sign_checkpoint_now

    witness = start_witness(tmp_path, "witness.pk.example/truce", log_signer().name, log_vkey())
    try:
        load_witnessed_agreement(tmp_path, [witness], quorum=1)
        _complaint(instance)
        assert sign_checkpoint_now(force=True) is not None
        text = _scrape().content.decode()
    finally:
        witness.server.shutdown()
        witness.server.server_close()
    assert "truce_checkpoint_age_seconds " in text
    lag = [line for line in text.splitlines() if line.startswith("truce_witness_lag_entries{")]
    assert lag and lag[0].startswith('truce_witness_lag_entries{witness="witness.pk.example/truce"}')
    assert float(lag[0].split()[-1]) > 0  # it has cosigned nothing yet


def test_truce_status_prints_the_checks_and_the_metrics(instance, capsys):
    _complaint(instance)
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "database: ok" in out and "evidence_storage: ok" in out
    assert "truce_reports_filed_total (agreement=pak-afg-2025, kind=complaint): 1" in out
    assert not any(word in out for word in CONTENT)
    assert main(["status", "--format", "prometheus"]) == 0
    assert 'truce_health_ok{check="record_signer"} 1.0' in capsys.readouterr().out


def test_truce_status_exits_1_naming_what_fails(instance, settings, capsys):
    os.unlink(settings.TRUCE_HOME / "keys" / "log.key")
    assert main(["status"]) == 1
    captured = capsys.readouterr()
    assert "record_signer: FAILING" in captured.out
    assert "failing: record_signer" in captured.err and "Traceback" not in captured.err


def test_an_unreadable_heartbeat_fails_the_worker_check(instance):
    heartbeat.path().write_text("{not json")
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["failing"] == ["worker"]


def test_truce_status_without_a_database_says_so_and_no_traceback(tmp_path):
    import subprocess
    import sys

    from tests.app.story import REPO

    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCE_") and k != "DATABASE_URL"}
    env |= {"TRUCE_HOME": str(tmp_path / "home"), "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing"}
    done = subprocess.run(
        [sys.executable, "-m", "truce", "status"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert (
        "database: FAILING" in done.stdout and "metrics: none (the database does not answer)" in done.stdout
    )
    assert "failing: database" in done.stderr and "Traceback" not in done.stderr
