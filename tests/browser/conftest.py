"""Real-browser tests: Playwright's Python API driving Debian's Chromium (never Playwright's own download).

One browser per session, a fresh context (cookies, storage) per test. The whole folder is skipped, with the
reason, when /usr/bin/chromium is absent (install it with ``apt-get install -y chromium``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach update and sync servers (the machines are
# offline).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from a thread with a
# running loop unless told that this is deliberate (the ORM calls here are the test's own set-up).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install -y chromium)"
    skip = pytest.mark.skip(reason=reason)
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # launch() gives the browser a fresh temporary user-data dir of its own and removes it on close
    # (Playwright refuses --user-data-dir in args; a persistent context would have no Browser to share).
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageProblems:
    """What the browser complained about while a test ran: console errors, CSP violations, failed loads."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.console_errors + self.csp_violations + self.page_errors


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(
    browser: Any, live_server: Any, django_db_serialized_rollback: None, problems: PageProblems
) -> Iterator[Any]:
    """A page in a fresh context whose relative URLs go to the live server.

    live_server needs a transactional database, whose flush after each test would also wipe rows that
    migrations create (the record's head row); the serialized rollback puts them back.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    pg = context.new_page()

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            csp = "Content Security Policy" in msg.text
            (problems.csp_violations if csp else problems.console_errors).append(f"{pg.url}: {msg.text}")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: problems.page_errors.append(f"{pg.url}: {exc}"))
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def cast(cast: Any, django_db_serialized_rollback: None) -> Any:
    """The app tests' cast, in the transactional database live_server needs (see ``page``)."""
    return cast


@pytest.fixture
def login(page: Any, cast: Any) -> Any:
    """``login("pk")`` logs a member of the cast in through the login form, and for mediators and the
    admin through the second-factor page with their authenticator's current code."""
    from tests.app.story import PASSWORD, totp_code
    from truce.accounts.actions import needs_second_factor

    def log_in(name: str) -> Any:
        page.goto("/login/")
        page.get_by_label("User name").fill(name)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        if needs_second_factor(cast.users[name]):
            page.wait_for_url("**/account/second-factor/**")
            page.get_by_label("Code").fill(totp_code(cast.users[name]))
            page.get_by_role("button", name="Verify").click()
        # Log-in lands on the dashboard (truce.web.dashboard), the home page.
        page.wait_for_url(lambda url: urlparse(url).path == "/")
        return page

    return log_in
