"""The pages fit the screen, wide and narrow. Screenshots go to $TRUCE_SCREENSHOTS (else the test's temporary
folder) so a person can look at them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import file_complaint_with_evidence

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
