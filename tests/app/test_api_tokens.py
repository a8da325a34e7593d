"""Finding 6 (tokens): API tokens expire, can be revoked and rotated, are shown once, act in one
agreement only, and keep their last use."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.app.story import ApiClient, signed_in
from truce.accounts.actions import do_issue_token, do_revoke_token, do_rotate_token
from truce.accounts.models import ApiToken, User
from truce.cli import main
from truce.core import clock
from truce.errors import ActionError, NotFound


def works(token: str) -> bool:
    status = ApiClient(token).get("/api/v1/cases").status_code
    assert status in (200, 401)
    return status == 200


def test_token_stops_working_when_it_expires(cast):
    token = do_issue_token(cast.pk, acting_user=None, expires_days=1)
    assert works(token)
    with clock.frozen(clock.now() + dt.timedelta(days=1, seconds=1)):
        assert not works(token)


def test_tokens_expire_after_ninety_days_by_default(cast):
    do_issue_token(cast.pk, acting_user=None)
    row = ApiToken.objects.filter(user=cast.pk).latest("id")
    assert row.expires_at - row.created_at == dt.timedelta(days=90)


def test_lifetime_out_of_range_is_refused_with_the_range(cast):
    with pytest.raises(ActionError, match="1 to 3650 days"):
        do_issue_token(cast.pk, acting_user=None, expires_days=0)


def test_revoked_token_answers_401(cast):
    token = do_issue_token(cast.pk, acting_user=None)
    row = ApiToken.objects.filter(user=cast.pk).latest("id")
    do_revoke_token(row.pk, acting_user=cast.pk)
    assert not works(token)


def test_rotation_gives_a_working_token_and_revokes_the_old_one_together(cast):
    old = do_issue_token(cast.pk, acting_user=None)
    row = ApiToken.objects.filter(user=cast.pk).latest("id")
    new, new_row = do_rotate_token(row.pk, acting_user=cast.pk)
    assert works(new) and not works(old)
    row.refresh_from_db()
    assert row.replaced_by_id == new_row.pk and row.revoked_at is not None
    with pytest.raises(ActionError, match="revoked or expired"):
        do_rotate_token(row.pk, acting_user=cast.pk)


def test_nobody_else_may_revoke_or_rotate_a_users_token(cast):
    do_issue_token(cast.pk, acting_user=None)
    row = ApiToken.objects.filter(user=cast.pk).latest("id")
    for name in ("af", "pk2", "qa", "monitor", "outsider"):
        with pytest.raises(NotFound):
            do_revoke_token(row.pk, acting_user=cast.users[name])
        with pytest.raises(NotFound):
            do_rotate_token(row.pk, acting_user=cast.users[name])
    assert signed_in(cast.af).post(f"/account/tokens/{row.pk}/revoke/").status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_token_of_a_user_moved_to_another_agreement_no_longer_acts(cast):
    token = do_issue_token(cast.pk, acting_user=None)
    User.objects.filter(pk=cast.pk.pk).update(agreement_id="south-sudan-2018")
    assert not works(token)


def test_liaisons_token_cannot_file_in_another_agreement(cast):
    filed = cast.api["outsider"].file_report(agreement="pak-afg-2025")
    assert filed.status_code in (403, 404)


def test_last_use_is_kept(cast):
    token = do_issue_token(cast.pk, acting_user=None)
    row = ApiToken.objects.filter(user=cast.pk).latest("id")
    assert row.last_used_at is None
    works(token)
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_token_page_creates_a_token_shown_once_lists_it_rotates_and_revokes(cast):
    client = signed_in(cast.pk)
    created = client.post("/account/tokens/", {"expires_days": "30"})
    token = re.search(rb'<code id="new-token">(truce_[\w-]+)</code>', created.content).group(1).decode()
    assert works(token)
    listing = client.get("/account/tokens/")
    assert token.encode() not in listing.content and token[:12].encode() in listing.content
    row = ApiToken.objects.get(prefix=token[:12])
    assert row.expires_at - row.created_at == dt.timedelta(days=30)
    rotated = client.post(f"/account/tokens/{row.pk}/rotate/")
    new = re.search(rb'<code id="new-token">(truce_[\w-]+)</code>', rotated.content).group(1).decode()
    assert works(new) and not works(token)
    new_row = ApiToken.objects.get(prefix=new[:12])
    client.post(f"/account/tokens/{new_row.pk}/revoke/")
    assert not works(new)


def test_cli_issues_lists_rotates_and_revokes_tokens(cast, capsys):
    assert main(["user", "token", "issue", "monitor", "--expires-days", "7"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert works(token)
    assert main(["user", "token", "list", "monitor"]) == 0
    listed = capsys.readouterr().out
    assert token[:12] in listed and "live" in listed and "pak-afg-2025" in listed
    assert main(["user", "token", "rotate", token[:12]]) == 0
    new = capsys.readouterr().out.strip().splitlines()[-1]
    assert works(new) and not works(token)
    assert main(["user", "token", "revoke", new[:12]]) == 0
    assert not works(new)


def test_cli_token_errors_go_to_stderr_with_a_non_zero_exit(cast, capsys):
    assert main(["user", "token", "revoke", "truce_nothere"]) != 0
    err = capsys.readouterr().err
    assert "no token with prefix" in err and "Traceback" not in err
    assert main(["user", "token", "issue", "nobody"]) != 0
    assert "no user named 'nobody'" in capsys.readouterr().err
    assert main(["user", "token", "issue", "pk", "--expires-days", "0"]) != 0
    assert "1 to 3650 days" in capsys.readouterr().err


def test_user_add_still_prints_the_token_alone_on_its_last_line(cast, capsys):
    assert (
        main(["user", "add", "pk3", "--role", "liaison", "--party", "PK", "--agreement", "pak-afg-2025"]) == 0
    )
    assert works(capsys.readouterr().out.strip().splitlines()[-1])
