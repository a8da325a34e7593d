"""The dashboard in a real browser: the offline map draws the incidents, the filter form narrows them
through the URL, a marker (or a cluster, then a marker) opens the case, and nothing is logged as an error.
Screenshots at desktop and phone widths go to $TRUCE_SCREENSHOT_DIR (docs/screenshots when refreshing the
committed ones), else to the test's own folder."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.app.story import incident

pytestmark = pytest.mark.browser

PLACES = [  # name, country, lat, lon, accused, type, date
    ("Chaman", "PK", 30.921, 66.4597, "AF", "Shelling/artillery/missile attack", "2025-10-25"),
    ("Torkham", "PK", 34.1, 71.09, "AF", "Armed clash", "2025-10-27"),
    ("Angoor Adda", "PK", 32.55, 69.38, "AF", "Air/drone strike", "2025-10-29"),
    ("Bajaur", "PK", 34.78, 71.5, "AF", "Shelling/artillery/missile attack", "2025-11-02"),
    ("Spin Boldak", "AF", 31.0058, 66.3997, "PK", "Air/drone strike", "2025-10-26"),
    ("Khost", "AF", 33.34, 69.92, "PK", "Air/drone strike", "2025-10-28"),
    ("Kunar", "AF", 35.0, 71.3, "PK", "Shelling/artillery/missile attack", "2025-11-01"),
]


def seed(cast: Any) -> dict[str, int]:
    cases = {}
    for name, country, lat, lon, accused, sub, date in PLACES:
        filer = "pk" if accused == "AF" else "af"
        body = (
            cast.api[filer]
            .file_report(
                incident=incident(
                    title=f"{sub} reported at {name}",
                    sub_event_type=sub,
                    date=date,
                    accused_party=accused,
                    location={"name": name, "country": country, "lat": lat, "lon": lon, "geo_precision": 1},
                )
            )
            .json()
        )
        cases[name] = body["case"]
    # A few cases further along, so the markers show more than one status.
    qa = cast.api["qa"]
    for name in ("Torkham", "Khost"):
        assert qa.post(f"/api/v1/cases/{cases[name]}/admit").status_code == 200
    assert qa.post(f"/api/v1/cases/{cases['Kunar']}/admit").status_code == 200
    assert qa.post(f"/api/v1/cases/{cases['Kunar']}/monitors", {"monitor": "monitor"}).status_code == 200
    return cases


def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TRUCE_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def markers(page: Any) -> Any:
    return page.locator(".leaflet-marker-icon.marker")


def test_filter_the_map_then_open_a_case_from_its_marker(page, login, cast, problems, tmp_path):
    cases = seed(cast)
    page.set_viewport_size({"width": 1280, "height": 800})
    login("qa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("#map")).to_be_visible()
    # The base map is drawn from our own GeoJSON (no tiles): country shapes are SVG paths.
    expect(page.locator("#map .leaflet-basemap-pane path").first).to_be_attached()
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir(tmp_path) / "dashboard-desktop.png"), full_page=True)

    # Filter: incidents Pakistan is accused of, of one type. The URL keeps the choice.
    page.get_by_label("Party accused").select_option("PK")
    page.get_by_label("Event type").select_option("Explosions/Remote violence")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"party=PK"))
    expect(page).to_have_url(re.compile(r"event_type=Explosions"))
    listed = page.locator(".incident-list li")
    expect(listed).to_have_count(3)  # Spin Boldak, Khost and Kunar; no complaint against Afghanistan
    expect(page.locator(".incident-list")).not_to_contain_text("Chaman")

    # Open Khost's case from the map: zoom through clusters until its marker shows, then follow the popup.
    for _ in range(6):
        if markers(page).count() >= 3:
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(400)
    expect(markers(page)).to_have_count(3)
    page.locator('.leaflet-marker-icon.marker[title*="Khost"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Khost")
    popup.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/cases/{cases['Khost']}/$"))
    expect(page.locator("main")).to_contain_text("Khost")
    assert problems.all() == []


def test_the_dashboard_on_a_phone_keeps_the_map_and_the_list(page, login, cast, problems, tmp_path):
    seed(cast)
    page.set_viewport_size({"width": 360, "height": 740})
    login("pk")
    expect(page.locator("#map")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    # Nothing scrolls sideways at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(screenshot_dir(tmp_path) / "dashboard-phone.png"), full_page=True)
    assert problems.all() == []


def test_without_javascript_the_map_gives_way_to_the_list(browser, live_server, cast):
    from tests.app.story import PASSWORD

    seed(cast)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        # A context of its own (JavaScript off), so not the login fixture; a liaison, who needs no second
        # factor.
        page.goto("/login/")
        page.get_by_label("User name").fill("pk")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/$"))
        expect(page.locator("#map")).to_be_hidden()
        expect(page.locator(".incident-list li")).to_have_count(len(PLACES))  # its own and those against it
        page.locator(".incident-list a").first.click()
        expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    finally:
        context.close()


def test_the_map_speaks_the_readers_language_and_calendar(page, login, cast, problems):
    # Its words were English on every page, and its popups gave the day as a Gregorian ISO date to
    # readers who expect the Solar Hijri calendar.
    from django.utils import translation

    from truce.web.dashboard import map_words
    from truce.web.templatetags.truce_format import day_text
    from truce.web.words import incident_type

    seed(cast)
    cast.pk.language = "ps"
    cast.pk.save(update_fields=["language"])
    with translation.override("ps"):
        said = map_words()
        day = day_text("2025-10-25")
        explosions = incident_type("Explosions/Remote violence")
    assert said["attribution"] != "Natural Earth (public domain)" and "2025-10-25" in day != "2025-10-25"
    page.set_viewport_size({"width": 1280, "height": 800})
    login("pk")
    expect(page.locator("html")).to_have_attribute("lang", "ps")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(said["attribution"])
    cluster = page.locator(".marker-cluster").first
    expect(cluster).to_be_visible()
    expect(cluster.locator(".visually-hidden")).to_contain_text(said["incidentsHere"].split("{count}")[0])
    for _ in range(8):
        if page.locator('.leaflet-marker-icon.marker[title*="Chaman"]').count():
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(400)
    page.locator('.leaflet-marker-icon.marker[title*="Chaman"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(day)
    expect(popup).to_contain_text(explosions)  # the marker's ACLED event type
    expect(popup).not_to_contain_text("Explosions/Remote violence")
    assert problems.all() == []
