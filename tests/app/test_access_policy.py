"""The one access policy (truce/access.py) is what pages and the API obey: a route without a rule is refused
to everyone, and a caller refused by role or by visibility learns nothing from the body they sent."""

from __future__ import annotations

from django.test import Client

from tests.app.story import PASSWORD, log_in, signed_in
from truce import access
from truce.accounts.actions import ROLES_WITH_SECOND_FACTOR, do_issue_token
from truce.accounts.models import ApiToken


def test_a_page_without_a_rule_is_refused_even_to_a_mediator(cast, monkeypatch):
    client = Client()
    log_in(client, cast.qa)
    assert client.get("/cases/").status_code == 200
    monkeypatch.delitem(access.PAGES, "case-list")
    assert client.get("/cases/").status_code == 404


def test_an_operation_without_a_rule_is_refused_even_to_a_mediator(cast, monkeypatch):
    assert cast.api["qa"].get("/api/v1/cases").status_code == 200
    monkeypatch.delitem(access.OPERATIONS, "truce_cases_api_list_cases")
    response = cast.api["qa"].get("/api/v1/cases")
    assert response.status_code == 404
    assert "no access rule" in response.json()["message"]


def test_a_caller_who_cannot_see_the_case_gets_404_before_the_body_is_read(cast):
    case = cast.api["pk"].file_report().json()["case"]
    for who in ("observer", "admin", "outsider", "monitor"):
        response = cast.api[who].post(f"/api/v1/cases/{case}/inadmissible", {"no": "such field"})
        assert response.status_code == 404, (who, response.content)
        assert response.json()["message"] == f"no case {case}"


def test_a_role_that_may_not_act_on_a_case_it_sees_gets_403_naming_who_may(cast):
    case = cast.api["pk"].file_report().json()["case"]
    response = cast.api["af"].post(f"/api/v1/cases/{case}/admit")
    assert response.status_code == 403
    assert response.json()["message"] == "a liaison may not do this; ask one of: mediator"


def test_anonymous_page_visitors_are_sent_to_log_in_and_api_callers_are_asked_for_a_token(cast):
    case = cast.api["pk"].file_report().json()["case"]
    page = Client().get(f"/cases/{case}/")
    assert page.status_code == 302 and page["Location"] == f"/login/?next=/cases/{case}/"
    assert cast.api["anonymous"].get(f"/api/v1/cases/{case}").status_code == 401


def test_every_rule_names_only_known_roles_and_object_kinds():
    for key, rule in {**access.PAGES, **access.OPERATIONS}.items():
        assert rule.roles <= access.EVERYONE, key
        assert rule.obj is None or rule.obj in access.OBJECTS, key


def test_the_second_factor_pages_open_to_exactly_the_roles_that_must_give_one():
    assert {role.value for role in ROLES_WITH_SECOND_FACTOR} == access.SECOND_FACTOR


def test_the_admin_may_revoke_a_users_token_but_not_rotate_it_and_see_the_new_one(cast):
    do_issue_token(cast.pk, acting_user=cast.pk)
    token = ApiToken.objects.filter(user=cast.pk).latest("pk")
    admin = signed_in(cast.admin)
    rotated = admin.post(f"/account/tokens/{token.pk}/rotate/")
    assert rotated.status_code == 404 and b"truce_" not in rotated.content
    assert not ApiToken.objects.filter(replaced_by__isnull=False).exists()
    assert admin.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_unverified_mediator_reaches_the_code_page_and_no_other(cast):
    client = Client()
    assert client.post("/login/", {"username": "qa", "password": PASSWORD}).status_code == 302
    assert client.get("/account/second-factor/").status_code == 200
    refused = client.get("/account/tokens/")
    assert refused.status_code == 302 and refused["Location"].startswith("/account/second-factor/")


def test_a_refused_callers_body_too_deep_or_too_big_is_still_a_plain_refusal(cast, settings):
    # The policy peeks at a refused write's body for the agreement it names (truce.api._agreement_named);
    # a body the strict parser would refuse must not turn that peek into a server error.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    observer = cast.api["observer"]
    for body in ("[" * 100_000 + "]" * 100_000, '{"agreement": "' + "x" * 20_000 + '"}'):
        response = observer.client.post(
            "/api/v1/reports", data=body, content_type="application/json", headers=observer.headers
        )
        assert response.status_code == 404, response.content
        assert response.json()["message"] == "no agreement"
