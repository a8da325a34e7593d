"""Logging in and out through the pages, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_liaison_logs_in_sees_who_they_are_and_logs_out(page, login):
    login("pk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator(".who")).to_contain_text("pk")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login/")
    # The session is gone: a page that needs a login sends the browser back to the login form.
    page.goto("/cases/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/cases/$"))


def test_wrong_password_is_refused_with_a_message_and_no_session(page, cast):
    page.goto("/login/")
    page.get_by_label("User name").fill("pk")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/reports/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/reports/$"))


def test_login_returns_to_the_page_first_asked_for(page, cast):
    from tests.app.story import PASSWORD

    page.goto("/reports/")
    page.get_by_label("User name").fill("af")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")


def test_mediator_gives_password_then_authenticator_code(page, cast):
    from tests.app.story import PASSWORD, totp_code

    page.goto("/cases/")
    page.get_by_label("User name").fill("qa")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Second factor")
    page.goto("/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Second factor")
    page.get_by_label("Code").fill(totp_code(cast.qa))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/reports/$"))


def test_mediator_without_authenticator_enrols_with_a_qr_code_and_sees_recovery_codes(page, cast, problems):
    import base64

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.app.story import PASSWORD

    TOTPDevice.objects.filter(user=cast.tr).delete()
    page.goto("/login/")
    page.get_by_label("User name").fill("tr")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    qr = page.get_by_role("img", name="QR code holding your authenticator secret")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them; continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert problems.all() == []


def test_eleven_wrong_passwords_show_the_lockout_page(page, cast):
    from tests.app.story import PASSWORD

    for _ in range(10):
        page.goto("/login/")
        page.get_by_label("User name").fill("pk")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    page.goto("/login/")
    page.get_by_label("User name").fill("pk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Login paused")
    expect(page.get_by_role("alert")).to_contain_text("Try again after 15 minutes")
