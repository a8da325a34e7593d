"""The pages fit the screen, wide and narrow. Screenshots go to $TRUCE_SCREENSHOTS (else the test's temporary
folder) so a person can look at them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import file_complaint_with_evidence, open_as, scene

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("TRUCE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", SIZES)
def test_case_list_report_form_and_report_fit_the_screen(page, login, cast, shots, size):
    complaint = file_complaint_with_evidence(cast)
    page.set_viewport_size(SIZES[size])
    login("pk")
    for name, url in [
        ("case-list", "/cases/"),
        ("report-form", "/reports/new/"),
        ("report", f"/reports/{complaint['report']}/"),
    ]:
        page.goto(url)
        path = shots / f"{name}-{size}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} at {size}: the page scrolls sideways by {overflow}px"
    page.goto("/reports/new/")
    page.get_by_role("button", name="File the report").click()
    page.screenshot(path=str(shots / f"report-form-errors-{size}.png"), full_page=True)
    assert (
        page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


NARROW = {"width": 360, "height": 740}
# Every table that is wider than its column must sit in a scroll region with a name and a visible cue.
TABLES_WITHOUT_CUE = """() => [...document.querySelectorAll('main table')].filter(table => {
    const region = table.closest('.scroll');
    if (!region) return table.scrollWidth > table.parentElement.clientWidth + 1;
    const named = region.getAttribute('role') === 'region'
        && (region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'));
    const cue = document.getElementById(region.getAttribute('aria-describedby') || '-');
    return !(named && region.tabIndex === 0 && cue && cue.textContent.trim() && cue.checkVisibility());
}).map(table => table.outerHTML.slice(0, 200))"""


def test_no_page_scrolls_sideways_at_360_px(browser, live_server, cast, shots):
    ids = scene(cast)
    lead, meeting = f"/leads/{ids['lead']}/", f"/meetings/{ids['meeting']}/"
    case, report = f"/cases/{ids['case']}/", f"/reports/{ids['report']}/"
    tours = {
        "qa": ["/", "/ledger/pak-afg-2025/AF/", "/leads/", lead, "/cases/", case, report, "/meetings/",
               meeting, f"{meeting}dossier/", "/record/", "/inbox/"],
        "af": ["/", "/ledger/pak-afg-2025/AF/", "/cases/", case, report, "/inbox/", "/record/"],
        "pk": ["/", "/cases/", case, report, "/reports/", "/reports/new/", "/inbox/", "/meetings/", meeting],
        "admin": ["/", "/account/users/", "/account/failed-logins/", "/account/tokens/"],
    }  # fmt: skip
    problems = []
    for role, urls in tours.items():
        page = open_as(browser, live_server.url, cast.users[role], viewport=NARROW, locale="en-GB")
        try:
            for url in urls:
                assert page.goto(url).status == 200, url
                name = f"{role}{url}".strip("/").replace("/", "-")
                page.screenshot(path=str(shots / f"{name}-360.png"), full_page=True)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    wide = page.evaluate(
                        """() => [...document.querySelectorAll('body *')]
                            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                            .slice(-3).map(el => el.outerHTML.slice(0, 160))"""
                    )
                    problems.append(f"{role} {url}: scrolls sideways by {overflow}px; widest: {wide}")
                for table in page.evaluate(TABLES_WITHOUT_CUE):
                    problems.append(f"{role} {url}: table wider than the page without a cue: {table}")
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)
