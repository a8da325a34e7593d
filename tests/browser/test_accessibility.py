"""Keyboard use and the accessibility tree: skip link, labelled controls, landmarks, language, direction."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import file_complaint_with_evidence, tour

pytestmark = pytest.mark.browser

# Roles of controls a user operates; each must have an accessible name.
CONTROL_ROLES = {
    "textbox", "combobox", "listbox", "checkbox", "radio", "spinbutton", "button", "searchbox", "slider",
    "switch", "link", "menuitem",
}  # fmt: skip


def unnamed_controls(page):
    """Controls in Chromium's accessibility tree (as a screen reader gets it) that have no name."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    bad = []
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        if not ((node.get("name") or {}).get("value") or "").strip():
            bad.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
    return bad


def unlabelled_inputs(page):
    """Form controls with neither a <label for>, a wrapping <label>, nor an aria-label(ledby)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden')
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML)"""
    )


def check_structure(page, url):
    html = page.locator("html")
    assert html.get_attribute("lang"), f"{url}: <html> has no lang"
    assert html.get_attribute("dir") in {"ltr", "rtl"}, f"{url}: <html> has no dir"
    assert page.locator("h1").count() == 1, f"{url}: expected one h1, found {page.locator('h1').count()}"
    assert page.get_by_role("main").count() == 1, f"{url}: expected one main landmark"
    assert page.title().endswith("· Truce"), f"{url}: title {page.title()!r}"
    assert unlabelled_inputs(page) == [], url
    assert unnamed_controls(page) == [], url
    # Ids that aria-describedby points at must exist, or the help and errors are never read out.
    missing = page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
               el.getAttribute('aria-describedby').split(/\\s+/)
                 .filter(id => id && !document.getElementById(id)))"""
    )
    assert missing == [], f"{url}: aria-describedby points at missing ids {missing}"
    duplicates = page.evaluate(
        """() => { const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
                   return ids.filter((id, i) => ids.indexOf(id) !== i); }"""
    )
    assert duplicates == [], f"{url}: duplicate ids {duplicates}"


def test_login_page_has_landmarks_language_and_labelled_fields(page, cast):
    page.goto("/login/")
    check_structure(page, "/login/")


@pytest.mark.parametrize("role", ["pk", "af", "qa", "monitor", "observer"])
def test_every_page_has_landmarks_language_and_labelled_controls(page, login, cast, role):
    complaint = file_complaint_with_evidence(cast)
    login(role)
    for url in tour(complaint, role):
        assert page.goto(url).status == 200, url
        check_structure(page, url)


def test_report_form_with_errors_keeps_labels_and_landmarks(page, login):
    login("pk")
    page.goto("/reports/new/")
    page.get_by_role("button", name="File the report").click()
    expect(page.locator(".error").first).to_be_visible()
    check_structure(page, "/reports/new/ (with errors)")


def test_skip_link_is_first_visible_on_focus_and_moves_focus_into_main(page, login):
    login("pk")
    page.goto("/cases/")
    skip = page.get_by_role("link", name="Skip to content")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert (
        box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    )
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    # The next Tab lands inside main, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    expect(page.get_by_role("link", name="File a report")).to_be_focused()


def test_keyboard_alone_logs_in(page, cast):
    from tests.app.story import PASSWORD

    page.goto("/login/")
    # The user name field has focus on arrival; a keyboard user types, tabs and presses Enter.
    expect(page.get_by_label("User name")).to_be_focused()
    page.keyboard.type("af")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_report_form_can_be_completed_with_the_keyboard_in_reading_order(page, login):
    login("pk")
    page.goto("/reports/new/")
    order = []
    page.get_by_label("Title", exact=False).first.focus()
    for _ in range(80):
        order.append(page.evaluate("() => document.activeElement.name || document.activeElement.textContent"))
        if order[-1].strip() == "File the report":
            break
        page.keyboard.press("Tab")
    # Every field is reachable, in the order the form reads, and the submit button comes last.
    assert order[0] == "title"
    assert order[-1].strip() == "File the report"
    for name in (
        "sub_event_type",
        "date",
        "place",
        "lat",
        "lon",
        "actor-0-name",
        "actor-0-type",
        "actor-0-role",
        "accused_party",
        "commitments",
        "time",
        "injured_best",
        "urgent",
        "draft",
    ):
        assert name in order, f"{name} not reachable by Tab; order was {order}"
    assert order.index("date") < order.index("place") < order.index("lat") < order.index("accused_party")


@pytest.mark.parametrize("language,direction", [("ur", "rtl"), ("tr", "ltr")])
def test_browser_language_sets_lang_and_dir(browser, live_server, cast, language, direction):
    context = browser.new_context(base_url=live_server.url, locale=language, extra_http_headers={
        "Accept-Language": language})  # fmt: skip
    try:
        page = context.new_page()
        page.goto("/login/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", direction)
    finally:
        context.close()
