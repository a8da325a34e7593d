"""Logs: every request has an id (the proxy's when well formed), echoed in the response and carried by
every line logged while it runs; one access line per request; JSON lines with TRUCE_LOG_FORMAT=json;
command and worker lines carry a run id; and no password, token or query string ever reaches the log."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import logging.config
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.app.story import PASSWORD, log_in
from truce.cli import main
from truce.core.clock import frozen
from truce.instance import prepare_home
from truce.logs import ContextFilter, JsonFormatter, TextFormatter, logging_config, run_context

HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """What the JSON handler of settings.LOGGING writes, captured: the same filter and formatter."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield out
    finally:
        root.removeHandler(handler)


def lines(out: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def access_lines(out: io.StringIO) -> list[dict]:
    return [line for line in lines(out) if line["logger"] == "truce.access"]


def test_a_well_formed_proxy_request_id_is_kept_and_echoed(db, json_log):
    offered = "3f2c1a9e-5b7d-4c1e-9a2b-0c1d2e3f4a5b"
    response = Client().get("/healthz", headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] == offered
    (line,) = access_lines(json_log)
    assert line["request_id"] == offered


@pytest.mark.parametrize(
    "offered",
    ["has spaces in it", "x" * 129, "abc", 'quote"injection12', "line\nbreak1234", "ünïcödé-1234"],
)
def test_a_malformed_or_overlong_request_id_is_replaced_by_a_new_one(db, offered, json_log):
    response = Client().get("/healthz", headers={"X-Request-ID": offered})
    assert HEX32.fullmatch(response["X-Request-ID"])
    assert offered not in json_log.getvalue()


def test_a_request_without_an_id_gets_a_uuid4_hex_and_each_request_its_own(db):
    client = Client()
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
    assert HEX32.fullmatch(first) and HEX32.fullmatch(second) and first != second


def test_every_line_logged_during_a_request_carries_its_id(cast, json_log):
    # Django's own warning for a 404 is logged inside the request, by a logger Truce does not own.
    response = Client().get("/no-such-page/", headers={"X-Request-ID": "req-404-abcdef"})
    assert response.status_code == 404
    during = [line for line in lines(json_log) if line["logger"] == "django.request"]
    assert during and all(line["request_id"] == "req-404-abcdef" for line in during)
    # Outside a request the id is "-", not the last request's.
    logging.getLogger("truce.test").warning("after the request")
    assert lines(json_log)[-1]["request_id"] == "-"


def test_one_access_line_per_request_with_its_fields_and_without_the_query_string(cast, json_log):
    cast.api["pk"].get("/api/v1/cases?limit=5&secret=query-value-xyz")
    (line,) = access_lines(json_log)
    assert line["method"] == "GET" and line["path"] == "/api/v1/cases" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] == cast.pk.pk
    assert HEX32.fullmatch(line["request_id"])
    assert {"time", "level", "logger", "message"} <= set(line)
    assert "query-value-xyz" not in json_log.getvalue() and "limit=5" not in json_log.getvalue()


def test_an_anonymous_request_logs_no_user(db, json_log):
    Client().get("/healthz")
    assert access_lines(json_log)[0]["user_id"] is None


def test_a_password_posted_to_the_login_form_never_reaches_the_log(cast, json_log):
    secret = "Wrong-Pa55word-never-logged"
    client = Client()
    client.post("/login/?next=/cases/%3Ftoken%3Dnext-secret", {"username": "pk", "password": secret})
    log_in(client, cast.pk)  # the right password too
    client.get("/")
    text = json_log.getvalue()
    assert secret not in text and PASSWORD not in text and "next-secret" not in text
    posts = [line for line in access_lines(json_log) if line["method"] == "POST"]
    assert [line["path"] for line in posts] == ["/login/", "/login/"]
    assert access_lines(json_log)[-1]["user_id"] == cast.pk.pk


def test_a_bearer_token_never_reaches_the_log(cast, json_log):
    token = cast.api["af"].headers["Authorization"].split()[1]
    cast.api["af"].get("/api/v1/cases")
    Client().get("/api/v1/cases", headers={"Authorization": "Bearer not-a-real-token-abcdef"})
    text = json_log.getvalue()
    assert token not in text and "not-a-real-token-abcdef" not in text
    assert [line["status"] for line in access_lines(json_log)] == [200, 401]


def test_a_password_reset_links_token_is_masked_in_the_access_line(cast, json_log):
    uid = urlsafe_base64_encode(force_bytes(cast.pk.pk))
    token = default_token_generator.make_token(cast.pk)
    Client().get(f"/password-reset/{uid}/{token}/")
    (line,) = access_lines(json_log)
    assert token not in json_log.getvalue()
    assert line["path"] == f"/password-reset/{uid}/…/"


def test_the_worker_logs_each_round_under_a_run_id_of_its_own(cast, json_log):
    prepare_home()  # the record's key, as `truce init` makes it: the round signs a checkpoint
    start = dt.datetime(2025, 10, 28, 4, 0, tzinfo=dt.UTC)
    with frozen(start) as clock:
        case = cast.api["pk"].file_report().json()["case"]
        cast.api["qa"].post(f"/api/v1/cases/{case}/admit")
        cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
        cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request")
        clock.advance(days=3, minutes=1)
        assert main(["worker", "--once"]) == 0
        assert main(["worker", "--once"]) == 0
    worker = [line for line in lines(json_log) if line["logger"] == "truce.worker"]
    overdue = [line for line in worker if line["message"].startswith("replies overdue: pak-afg-2025/")]
    assert len(overdue) == 1, lines(json_log)
    assert overdue[0]["run"] == "worker round" and HEX32.fullmatch(overdue[0]["run_id"])
    assert overdue[0]["request_id"] == "-"
    signed = [line for line in worker if line["message"].startswith("checkpoint signed")]
    assert signed and all(line["run"] == "worker round" for line in signed)


def test_a_commands_lines_carry_its_name_and_run_id_and_a_nested_run_gives_it_back(json_log):
    from truce.cli import _run_name, build_parser

    parser, _modules = build_parser()
    assert _run_name(parser.parse_args(["record", "checkpoint"])) == "record checkpoint"
    assert _run_name(parser.parse_args(["worker", "--once"])) == "worker"
    log = logging.getLogger("truce.test")
    with run_context("record checkpoint") as outer:
        log.warning("in the command")
        with run_context("worker round") as inner:
            log.warning("in a round")
        log.warning("back in the command")
    log.warning("after it")
    got = [(line["run"], line["run_id"]) for line in lines(json_log)]
    assert got == [
        ("record checkpoint", outer),
        ("worker round", inner),
        ("record checkpoint", outer),
        ("-", "-"),
    ]
    assert outer != inner and HEX32.fullmatch(outer)


def test_the_text_format_names_the_request_id(db):
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(ContextFilter())
    handler.setFormatter(TextFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    try:
        Client().get("/healthz?x=hidden-value", headers={"X-Request-ID": "text-format-id-1"})
    finally:
        logging.getLogger().removeHandler(handler)
    (line,) = [line for line in out.getvalue().splitlines() if "truce.access" in line]
    assert re.match(
        r"INFO truce.access: GET /healthz \d{3} \d+\.\d ms user=- \[request=text-format-id-1\]$", line
    )
    assert "hidden-value" not in out.getvalue()


def test_truce_log_format_json_makes_the_console_handler_write_json(db, capsys):
    logging.config.dictConfig(logging_config("json", "WARNING", access=True))
    try:
        Client().get("/healthz", headers={"X-Request-ID": "console-json-id"})
    finally:
        logging.config.dictConfig(settings.LOGGING)
    (line,) = [json.loads(x) for x in capsys.readouterr().err.splitlines() if "truce.access" in x]
    assert line["request_id"] == "console-json-id" and line["path"] == "/healthz"


def test_truce_access_log_0_turns_the_access_lines_off(db, capsys):
    logging.config.dictConfig(logging_config("json", "WARNING", access=False))
    try:
        Client().get("/healthz")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    assert "truce.access" not in capsys.readouterr().err


def test_an_unknown_log_format_is_refused_by_name():
    env = {**os.environ, "TRUCE_LOG_FORMAT": "yaml", "DJANGO_SETTINGS_MODULE": "truce.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "TRUCE_LOG_FORMAT must be text or json, not 'yaml'" in result.stderr
