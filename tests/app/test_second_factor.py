"""Mediators and admins log in with a password and a second factor (TOTP, or a recovery code)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.app.story import PASSWORD, record_size, signed_in, totp_code
from truce.accounts.middleware import SIGN_IN_FLOW
from truce.record.models import Entry


def password_only(name: str) -> Client:
    """A client that has given the right password through the login page, and nothing more."""
    client = Client()
    response = client.post("/login/", {"username": name, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def _every_url() -> list[tuple[str, str | None]]:
    """Every route of the site with its placeholders filled, and its name."""
    found: list[tuple[str, str | None]] = []

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                path = re.sub(r"<int:[^>]+>", "1", route)
                path = re.sub(r"<(str:)?[^>]+>", "x", path)
                path = path.lstrip("^").rstrip("$").replace("\\Z", "")
                found.append(("/" + path, p.name))

    walk(get_resolver().url_patterns, "")
    return found


def test_mediator_with_only_a_password_reaches_no_page_outside_the_sign_in_flow(cast):
    client = password_only("qa")
    checked = 0
    for path, name in _every_url():
        if name in SIGN_IN_FLOW or "(?P" in path:
            continue
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (path, response.status_code)
            assert response["Location"].startswith("/account/second-factor/"), path
        checked += 1
    assert checked > 30


def test_admin_with_only_a_password_is_sent_to_the_code_page(cast):
    client = password_only("admin")
    response = client.get("/account/users/")
    assert response.status_code == 302
    assert response["Location"] == "/account/second-factor/?next=%2Faccount%2Fusers%2F"


def test_liaison_needs_no_second_factor(cast):
    client = password_only("pk")
    assert client.get("/cases/").status_code == 200


def test_mediator_logs_in_with_password_and_authenticator_code(cast):
    client = password_only("qa")
    response = client.post("/account/second-factor/", {"code": totp_code(cast.qa), "next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_wrong_code_is_refused_with_a_message_and_no_access(cast):
    client = password_only("qa")
    wrong = "000000" if totp_code(cast.qa) != "000000" else "111111"
    response = client.post("/account/second-factor/", {"code": wrong})
    assert response.status_code == 200
    assert b"That code was not accepted" in response.content
    assert client.get("/cases/").status_code == 302


def test_a_code_cannot_be_used_twice(cast):
    code = totp_code(cast.qa)
    first = password_only("qa")
    assert first.post("/account/second-factor/", {"code": code})["Location"] == "/"
    second = password_only("qa")
    assert second.post("/account/second-factor/", {"code": code}).status_code == 200
    assert second.get("/cases/").status_code == 302


def test_mediator_without_a_device_enrols_sees_recovery_codes_once_and_can_use_one(cast):
    TOTPDevice.objects.filter(user=cast.tr).delete()
    client = password_only("tr")
    assert client.get("/cases/")["Location"].startswith("/account/second-factor/setup/")
    page = client.get("/account/second-factor/setup/")
    assert page.status_code == 200
    # The QR code is an inline SVG image (the CSP allows data: images, no inline script or style).
    assert b'src="data:image/svg+xml' in page.content
    secret = re.search(rb'<code id="secret">([A-Z2-7 ]+)</code>', page.content).group(1).replace(b" ", b"")
    import base64

    key = base64.b32decode(secret)
    before = record_size()
    done = client.post("/account/second-factor/setup/", {"code": f"{totp(key):06d}", "next": "/cases/"})
    assert done.status_code == 200
    codes = re.findall(rb"<li><code>([a-z0-9]+)</code></li>", done.content)
    assert len(codes) == 10
    assert Entry.objects.order_by("-index").first().type == "SecondFactorEnrolled"
    assert record_size() == before + 1
    assert client.get("/cases/").status_code == 200
    # Shown once: the setup page now sends the enrolled user on, without the codes.
    again = client.get("/account/second-factor/setup/")
    assert again.status_code == 302 and codes[0] not in again.content
    # A recovery code works once instead of the app.
    other = password_only("tr")
    assert other.post("/account/second-factor/", {"code": codes[0].decode()})["Location"] == "/"
    third = password_only("tr")
    assert third.post("/account/second-factor/", {"code": codes[0].decode()}).status_code == 200
    assert StaticToken.objects.filter(device__user=cast.tr).count() == 9


def test_enrolment_with_a_wrong_code_says_so_and_creates_nothing(cast):
    TOTPDevice.objects.filter(user=cast.tr).delete()
    client = password_only("tr")
    client.get("/account/second-factor/setup/")
    response = client.post("/account/second-factor/setup/", {"code": "12"})
    assert b"that code does not match" in response.content
    assert not TOTPDevice.objects.filter(user=cast.tr).exists()


def test_liaison_cannot_open_the_enrolment_page_to_create_a_device(cast):
    client = signed_in(cast.pk)
    # Not a page for a role that gives no second factor (truce.access): 404, like any page not theirs.
    assert client.get("/account/second-factor/setup/").status_code == 404
    assert client.post("/account/second-factor/setup/", {"code": "123456"}).status_code == 404
    assert not TOTPDevice.objects.filter(user=cast.pk).exists()


@pytest.mark.parametrize("name", ["qa", "admin"])
def test_verified_session_reaches_pages(cast, name):
    client = signed_in(cast.users[name])
    assert client.get("/cases/").status_code == 200
