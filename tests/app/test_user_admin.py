"""Finding 6 (users): deactivation ends sessions and tokens at once; the admin's pages manage accounts
and nothing else (separation of duties)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.app.story import PASSWORD, record_size, signed_in
from truce.accounts import actions
from truce.accounts.models import ApiToken, User
from truce.cli import main
from truce.errors import ActionError, Forbidden
from truce.notifications.models import Notification
from truce.record.models import Entry

EVERYONE_BUT_ADMIN = ["qa", "tr", "pk", "af", "monitor", "observer", "outsider"]


def last_event() -> str:
    return Entry.objects.order_by("-index").first().type


def test_deactivated_liaisons_token_answers_401_and_session_goes_to_login(cast):
    session = signed_in(cast.pk)
    assert session.get("/cases/").status_code == 200
    assert cast.api["pk"].get("/api/v1/cases").status_code == 200
    admin = signed_in(cast.admin)
    admin.post(f"/account/users/{cast.pk.pk}/deactivate/")
    assert cast.api["pk"].get("/api/v1/cases").status_code == 401
    response = session.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert last_event() == "UserDeactivated"
    assert not ApiToken.objects.filter(user=cast.pk, revoked_at__isnull=True).exists()
    assert Client().post("/login/", {"username": "pk", "password": PASSWORD}).status_code == 200


def test_reactivated_user_logs_in_again_but_old_tokens_stay_revoked(cast):
    actions.do_deactivate_user(cast.af.pk, acting_user=cast.admin)
    actions.do_reactivate_user(cast.af.pk, acting_user=cast.admin)
    assert Client().post("/login/", {"username": "af", "password": PASSWORD}).status_code == 302
    assert cast.api["af"].get("/api/v1/cases").status_code == 401


def test_cli_deactivates_and_activates(cast, capsys):
    assert main(["user", "deactivate", "monitor"]) == 0
    assert cast.api["monitor"].get("/api/v1/cases").status_code == 401
    assert main(["user", "deactivate", "monitor"]) != 0
    assert "already deactivated" in capsys.readouterr().err
    assert main(["user", "activate", "monitor"]) == 0
    assert User.objects.get(username="monitor").is_active
    assert main(["user", "deactivate", "nobody"]) != 0
    assert "no user named 'nobody'" in capsys.readouterr().err


@pytest.mark.parametrize("name", EVERYONE_BUT_ADMIN)
def test_only_the_admin_opens_the_account_pages(cast, name):
    client = signed_in(cast.users[name])
    for path in ("/account/users/", f"/account/users/{cast.pk.pk}/tokens/", "/account/failed-logins/"):
        assert client.get(path).status_code == 404
    for verb in ("deactivate", "reactivate", "reset-second-factor"):
        assert client.post(f"/account/users/{cast.pk.pk}/{verb}/").status_code == 404
    assert client.post("/account/users/", {"username": "x1", "role": "admin"}).status_code == 404
    assert User.objects.get(pk=cast.pk.pk).is_active and not User.objects.filter(username="x1").exists()


@pytest.mark.parametrize("name", EVERYONE_BUT_ADMIN)
def test_no_one_but_an_admin_can_call_the_account_actions(cast, name):
    someone = cast.users[name]
    for act in (actions.do_deactivate_user, actions.do_reactivate_user, actions.do_reset_second_factor):
        with pytest.raises(Forbidden):
            act(cast.monitor.pk, acting_user=someone)
    with pytest.raises(Forbidden):
        actions.do_add_user("x2", role="mediator", organisation="QA", acting_user=someone)


def test_admin_adds_a_user_who_chooses_their_own_password_through_a_link(cast):
    before = record_size()
    admin = signed_in(cast.admin)
    form = {
        "username": "qa2",
        "email": "qa2@example.org",
        "role": "mediator",
        "organisation": "QA",
        "agreement": "pak-afg-2025",
    }
    response = admin.post("/account/users/", form)
    assert response.status_code == 302
    new = User.objects.get(username="qa2")
    assert not new.has_usable_password()
    assert record_size() == before + 1 and last_event() == "UserAdded"
    message = next(m for m in mail.outbox if m.to == ["qa2@example.org"])
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)
    client = Client()
    page = client.get(link, follow=True)
    chosen = "the-new-mediators-password"
    client.post(page.redirect_chain[-1][0], {"new_password1": chosen, "new_password2": chosen})
    new.refresh_from_db()
    assert new.check_password(chosen)
    # The admin's page never carried it.
    assert chosen.encode() not in admin.get("/account/users/").content


def test_mediators_are_told_of_every_new_account_in_their_agreement(cast):
    actions.do_add_user(
        "qa3", role="mediator", organisation="QA", agreement_id="pak-afg-2025", acting_user=cast.admin
    )
    for name in ("qa", "tr"):
        titles = list(Notification.objects.filter(user=cast.users[name]).values_list("title", flat=True))
        assert "New account qa3: Mediator of QA" in titles
    assert not Notification.objects.filter(user=cast.outsider, title__contains="qa3").exists()


def test_mediators_of_every_agreement_are_told_of_a_new_admin(cast):
    actions.do_add_user("admin2", role="admin", acting_user=cast.admin)
    for name in ("qa", "tr"):
        assert Notification.objects.filter(
            user=cast.users[name], title="New account admin2: Administrator"
        ).exists()


def test_admin_add_form_errors_say_what_was_wrong(cast):
    response = signed_in(cast.admin).post(
        "/account/users/",
        {"username": "x3", "role": "liaison", "organisation": "ZZ", "agreement": "pak-afg-2025"},
    )
    assert response.status_code == 400
    assert b"needs the party code they serve, one of PK, AF" in response.content


def test_admin_cannot_deactivate_or_reset_themself(cast):
    with pytest.raises(ActionError, match="ask another administrator"):
        actions.do_deactivate_user(cast.admin.pk, acting_user=cast.admin)
    with pytest.raises(ActionError, match="ask another administrator"):
        actions.do_reset_second_factor(cast.admin.pk, acting_user=cast.admin)


def test_admin_has_no_page_to_change_a_role(cast):
    admin = signed_in(cast.admin)
    for verb in ("role", "make-mediator", "edit", "set-password"):
        assert admin.post(f"/account/users/{cast.admin.pk}/{verb}/", {"role": "mediator"}).status_code == 404
    assert User.objects.get(pk=cast.admin.pk).role == "admin"


def test_admin_pages_show_no_case_content(cast):
    filed = cast.api["pk"].file_report().json()
    admin = signed_in(cast.admin)
    for path in ("/account/users/", f"/account/users/{cast.pk.pk}/tokens/", "/account/failed-logins/"):
        page = admin.get(path).content
        assert b"Mortar fire" not in page and b"Chaman" not in page
    assert admin.get(f"/cases/{filed['case']}/").status_code == 404


def test_admin_resets_a_mediators_second_factor_and_they_enrol_again(cast):
    admin = signed_in(cast.admin)
    admin.post(f"/account/users/{cast.tr.pk}/reset-second-factor/")
    assert not TOTPDevice.objects.filter(user=cast.tr).exists()
    assert last_event() == "SecondFactorReset"
    client = Client()
    client.post("/login/", {"username": "tr", "password": PASSWORD})
    assert client.get("/cases/")["Location"].startswith("/account/second-factor/setup/")


def test_admin_revokes_a_users_token_from_the_users_page(cast):
    row = ApiToken.objects.filter(user=cast.af).latest("id")
    admin = signed_in(cast.admin)
    listing = admin.get(f"/account/users/{cast.af.pk}/tokens/")
    assert row.prefix.encode() in listing.content
    admin.post(f"/account/tokens/{row.pk}/revoke/", {"back": f"/account/users/{cast.af.pk}/tokens/"})
    assert cast.api["af"].get("/api/v1/cases").status_code == 401


def test_users_page_costs_the_same_queries_however_many_users_and_tokens(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = signed_in(cast.admin)
    admin.get("/account/users/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get("/account/users/").status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        user = actions.do_add_user(f"extra{n}", role="observer", acting_user=cast.admin)
        actions.do_issue_token(user, acting_user=cast.admin)
    assert queries() == before
