"""Figures never flip: under a right-to-left language a toll of 2 / 2 / 3 still reads 2, 2, 3 from left
to right (unisolated, the bidi algorithm shows it as 3 / 2 / 2), and the header's calendar switch works
without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.app.story import incident

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_toll_reads_left_to_right_on_a_right_to_left_case_page(page, login, cast, live_server, language):
    filed = cast.api["pk"].file_report(incident=incident(fatalities={"low": 2, "best": 2, "high": 3})).json()
    login("af")  # in English, whose labels the log-in helper finds; then the page language changes
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"/cases/{filed['case']}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    figures = page.locator("section.report .toll .figure")
    expect(figures).to_have_count(3)
    boxes = [figures.nth(i).bounding_box() for i in range(3)]
    texts = [figures.nth(i).inner_text() for i in range(3)]
    assert texts == ["2", "2", "3"]
    # Left to right on screen: each figure starts where the one before it ended, or further right.
    xs = [box["x"] for box in boxes if box is not None]
    assert len(xs) == 3 and xs[0] < xs[1] < xs[2], xs
    # The case reference in the heading is one isolate too, read as written.
    expect(page.get_by_role("heading", level=1).locator(".figure")).to_have_text("pak-afg-2025/0001")


def test_calendar_switch_is_remembered_across_pages(page, login, cast):
    filed = cast.api["pk"].file_report().json()
    login("af")
    page.goto(f"/cases/{filed['case']}/")
    when = page.locator('section.report time[datetime="2025-10-25"]')
    expect(when).to_have_text("2025-10-25")
    page.get_by_label("Calendar").select_option("solar_hijri")
    page.get_by_role("button", name="Show dates").click()
    # Back on the same page, now in Solar Hijri; the Gregorian day stays in the title.
    expect(when).to_have_text("3 Aqrab 1404")
    assert when.get_attribute("title") == "2025-10-25"
    page.goto("/cases/")
    expect(page.locator("table time").first).to_have_text("3 Aqrab 1404")
