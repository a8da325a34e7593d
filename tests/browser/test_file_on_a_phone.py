"""On a phone-sized screen (360×740) a liaison files a complaint, placing it with a tap on the map, and
adds a photograph through the upload with its progress bar."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import field

pytestmark = pytest.mark.browser

PHOTO = b"\xff\xd8\xff\xe0 a photograph of the crater beside the northern post" * 2000


def test_a_complaint_filed_on_a_phone_with_the_map_picker_and_a_photograph(page, login, tmp_path, problems):
    page.set_viewport_size({"width": 360, "height": 740})
    login("pk")
    page.goto("/reports/new/")
    field(page, "Title").fill("Mortar fire on a border post near Chaman")
    field(page, "Type of incident").select_option("Shelling/artillery/missile attack")
    field(page, "Day").fill("2025-10-25")
    field(page, "Time of day").fill("21:05")
    field(page, "Place name").fill("Chaman")

    # The map shows once its script runs; a tap fills latitude and longitude, a drag of the marker moves them.
    picker = page.locator("#place-map")
    expect(picker).to_be_visible()
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    assert box is not None and box["width"] <= 360
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat, lon = field(page, "Latitude"), field(page, "Longitude")
    expect(lat).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
    first = (float(lat.input_value()), float(lon.input_value()))
    assert 20 < first[0] < 40 and 55 < first[1] < 80, first  # the map opens on the border region
    marker = page.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    mbox = marker.bounding_box()
    assert mbox is not None
    page.mouse.move(mbox["x"] + mbox["width"] / 2, mbox["y"] + mbox["height"] - 2)
    page.mouse.down()
    page.mouse.move(mbox["x"] + mbox["width"] / 2 + 40, mbox["y"] + mbox["height"] - 2 + 30, steps=8)
    page.mouse.up()
    expect(lon).not_to_have_value(str(first[1]))
    dragged = (float(lat.input_value()), float(lon.input_value()))
    assert dragged[1] > first[1] and dragged[0] < first[0], (first, dragged)

    page.locator("#id_actor-0-name").fill("Afghan border forces")
    page.locator("#id_actor-0-type").select_option("State forces")
    page.get_by_role("button", name="Add another actor").click()
    page.locator("#id_actor-3-name").fill("Frontier Corps")
    page.locator("#id_actor-3-role").select_option("target")
    field(page, "Injured — best estimate").fill("4")
    field(page, "Party accused").select_option("AF")
    page.get_by_label(re.compile(r"\bC1 — ")).check()
    page.get_by_role("button", name="File the report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_role("status").first).to_contain_text("filed in case pak-afg-2025/0001")

    photo = tmp_path / "crater.jpg"
    photo.write_bytes(PHOTO)
    field(page, "File").set_input_files(str(photo))
    progress = page.locator("progress.upload")
    expect(progress).to_be_hidden()
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("status").first).to_contain_text("Evidence added.")
    expect(page.locator("ul.evidence code")).to_have_text(hashlib.sha256(PHOTO).hexdigest())
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))

    from truce.reports.models import Report

    report = Report.objects.get()
    assert report.incident_time.strftime("%H:%M") == "21:05"
    assert (float(report.lat), float(report.lon)) == pytest.approx(dragged, abs=1e-6)
    assert [a["name"] for a in report.actors] == ["Afghan border forces", "Frontier Corps"]
    assert report.injured_best == 4
    assert not problems.csp_violations and not problems.page_errors, problems.all()
