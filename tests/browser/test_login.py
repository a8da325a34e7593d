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
