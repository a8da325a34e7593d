"""A second click on a form's button sends nothing (the script disables it once the form is sent), and a
form sent twice all the same makes one report (its one-time token)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import fill_complaint

pytestmark = pytest.mark.browser


def test_a_second_click_sends_nothing_and_the_report_is_filed_once(page, login, problems):
    from truce.reports.models import Report

    login("pk")
    page.get_by_role("link", name="File a report").click()
    fill_complaint(page)
    button = page.get_by_role("button", name="File the report")
    # The answer opens in another tab, so that this page, with its button, stays to be clicked again.
    page.locator("form", has=button).evaluate("form => { form.target = '_blank'; }")
    posts: list[str] = []
    page.context.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    with page.context.expect_page() as opened:
        button.click()
    answer = opened.value
    answer.wait_for_url(re.compile(r"/reports/\d+/$"))
    expect(button).to_be_disabled()
    button.click(force=True, no_wait_after=True)
    page.wait_for_timeout(500)
    assert len(posts) == 1, posts
    assert Report.objects.count() == 1
    assert problems.all() == []


def test_a_form_sent_again_with_its_token_files_one_report(page, login):
    from truce.reports.models import Report

    login("pk")
    page.get_by_role("link", name="File a report").click()
    fill_complaint(page)
    form = page.locator("form", has=page.get_by_role("button", name="File the report"))
    form.evaluate("form => { form.target = '_blank'; }")
    with page.context.expect_page() as first:
        form.evaluate("form => form.submit()")  # submit() skips the submit event, and so the script
    first.value.wait_for_url(re.compile(r"/reports/\d+/$"))
    with page.context.expect_page() as second:
        form.evaluate("form => form.submit()")
    second.value.wait_for_url(first.value.url)
    expect(second.value.get_by_role("status")).to_contain_text("This form was already sent")
    assert Report.objects.count() == 1
