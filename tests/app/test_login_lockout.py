"""Finding 5: wrong passwords were never throttled (50 in 16 s, then the right one logged in)."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from tests.app.story import PASSWORD, signed_in
from truce.cli import main


def attempt(client: Client, name: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": name, "password": password})


def test_eleventh_attempt_after_ten_wrong_passwords_is_refused_even_with_the_right_one(cast):
    client = Client()
    for _ in range(9):
        assert attempt(client, "pk", "wrong-password-guess").status_code == 200
    attempt(client, "pk", "wrong-password-guess")
    response = attempt(client, "pk", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/cases/").status_code == 302


def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(cast):
    client = Client()
    for _ in range(50):
        attempt(client, "af", "guess")
    assert attempt(client, "af", PASSWORD).status_code == 429
    assert client.get("/reports/").status_code == 302


def test_lockout_page_says_what_happened_and_when_to_try_again(cast):
    client = Client()
    for _ in range(10):
        attempt(client, "pk", "guess")
    page = attempt(client, "pk", PASSWORD).content.decode()
    assert "10 wrong passwords in a row" in page
    assert "“pk”" in page
    assert "Try again after 15 minutes" in page and "UTC" in page


def test_lockout_ends_after_the_cool_off(cast):
    client = Client()
    for _ in range(10):
        attempt(client, "pk", "guess")
    assert attempt(client, "pk", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert attempt(client, "pk", PASSWORD).status_code == 302


def test_lockout_of_one_name_leaves_other_officers_at_the_same_address_alone(cast):
    for _ in range(10):
        attempt(Client(), "pk", "guess")
    assert attempt(Client(), "af", PASSWORD).status_code == 302


def test_a_success_resets_the_count_so_only_wrong_passwords_in_a_row_count(cast):
    client = Client()
    for _ in range(9):
        attempt(client, "pk", "guess")
    assert attempt(client, "pk", PASSWORD).status_code == 302
    other = Client()
    for _ in range(5):
        attempt(other, "pk", "guess")
    assert attempt(other, "pk", PASSWORD).status_code == 302


def test_admin_sees_the_failed_attempts_and_no_one_else_does(cast):
    for _ in range(3):
        attempt(Client(), "pk", "guess")
    assert AccessFailureLog.objects.filter(username="pk").count() == 3
    page = signed_in(cast.admin).get("/account/failed-logins/")
    assert page.status_code == 200 and page.content.count(b"<td>pk</td>") >= 3
    for name in ("qa", "pk", "monitor", "observer"):
        assert signed_in(cast.users[name]).get("/account/failed-logins/").status_code == 404


def test_cli_lists_failed_attempts(cast, capsys):
    attempt(Client(), "pk", "guess")
    assert main(["user", "failures"]) == 0
    out = capsys.readouterr().out
    assert "pk" in out and "127.0.0.1" in out
