"""Every page loads without console errors, script errors, CSP violations or failed sub-resources."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import file_complaint_with_evidence, tour

pytestmark = pytest.mark.browser

# Records violations in the page itself as well: a console message is not the only way Chromium reports them.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
"""


def visit(page, url, failed):
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: HTTP {response and response.status}"
    page.wait_for_load_state("load")
    violations = page.evaluate("() => window.__cspViolations")
    assert violations == [], f"{url}: CSP violations {violations}"
    assert failed == [], f"{url}: failed sub-resources {failed}"


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH_CSP)
    failed: list[str] = []

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("response", on_response)

    def on_request_failed(request):
        # ERR_ABORTED is the browser dropping a late request (the icon) when the test moves to the next page;
        # a blocked or broken resource fails with ERR_BLOCKED_BY_CSP, ERR_CONNECTION_* and the like.
        if request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.failure} {request.url}")

    page.on("requestfailed", on_request_failed)
    return page, failed


def test_login_page_is_clean(watched, problems, cast):
    page, failed = watched
    visit(page, "/login/", failed)
    assert problems.all() == []
    # Browsers fetch the icon on their own schedule; check it is there rather than hope it was asked for.
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200


@pytest.mark.parametrize("role", ["pk", "af", "qa", "monitor", "observer", "admin"])
def test_every_page_of_the_story_is_clean_for_each_role(watched, problems, login, cast, role):
    page, failed = watched
    complaint = file_complaint_with_evidence(cast)
    login(role)
    for url in tour(complaint, role):
        visit(page, url, failed)
    assert problems.all() == []


def test_form_errors_and_not_found_pages_are_clean(watched, problems, login):
    page, failed = watched
    login("pk")
    visit(page, "/reports/new/", failed)
    page.get_by_role("button", name="File the report").click()
    expect(page.locator(".error").first).to_be_visible()
    response = page.goto("/cases/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    assert page.evaluate("() => window.__cspViolations") == []
    assert failed == []
    # The 404 itself is the one console message a browser always prints for an error status.
    assert [p for p in problems.all() if "404" not in p] == []


def test_pages_carry_the_content_security_policy(page, login):
    login("pk")
    response = page.goto("/cases/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "'unsafe-inline'" not in csp
