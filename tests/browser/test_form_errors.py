"""A bad report form comes back with each error beside its field and everything typed still there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import field, fill_complaint

pytestmark = pytest.mark.browser


def error_beside(page, name):
    """The error block inside the same .field wrapper as the control ``id_<name>``."""
    return page.locator(f".field:has(#id_{name}) .error")


def test_future_date_and_latitude_off_the_globe_are_shown_beside_their_fields(page, login):
    login("pk")
    fill_complaint(page, title="Shelling reported near Torkham", date="2099-01-01", lat="95")
    page.get_by_role("button", name="File the report").click()

    expect(page).to_have_url(re.compile(r"/reports/new/$"))
    expect(error_beside(page, "date")).to_be_visible()
    expect(error_beside(page, "date")).to_contain_text(re.compile("future", re.I))
    expect(error_beside(page, "lat")).to_be_visible()
    expect(error_beside(page, "lat")).to_contain_text("90")
    # Fields without a problem carry no error.
    expect(error_beside(page, "title")).to_have_count(0)
    expect(error_beside(page, "lon")).to_have_count(0)

    # The error is tied to its control for assistive technology.
    expect(field(page, "Day")).to_have_attribute("aria-invalid", "true")
    described = field(page, "Latitude").get_attribute("aria-describedby").split()
    assert "id_lat_error" in described
    assert "id_lat_helptext" in described
    for ref in described:
        expect(page.locator(f"#{ref}")).to_have_count(1)

    # What was typed is kept.
    expect(field(page, "Title")).to_have_value("Shelling reported near Torkham")
    expect(field(page, "Day")).to_have_value("2099-01-01")
    expect(field(page, "Latitude")).to_have_value("95")
    expect(field(page, "Longitude")).to_have_value("66.4597")
    expect(page.locator("#id_actor-0-name")).to_have_value("Afghan border forces")
    expect(page.locator("#id_actor-0-type")).to_have_value("State forces")
    expect(field(page, "Party accused")).to_have_value("AF")
    expect(page.get_by_label(re.compile(r"\bC1 — "))).to_be_checked()

    # Nothing was filed.
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.locator("main")).to_contain_text("No reports you may see yet.")


def test_missing_required_fields_are_named_and_the_form_can_then_be_corrected(page, login):
    login("pk")
    page.goto("/reports/new/")
    page.get_by_role("button", name="File the report").click()
    expect(error_beside(page, "title")).to_contain_text("required")
    expect(error_beside(page, "date")).to_contain_text("required")
    expect(error_beside(page, "place")).to_contain_text("required")

    fill_complaint(page, fresh=False)
    page.get_by_role("button", name="File the report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("filed in case")


def test_evidence_without_file_or_link_is_refused_beside_the_form(page, login, cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    login("pk")
    page.goto(f"/reports/{report_id}/")
    field(page, "How it was obtained").fill("Handed over at the post")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(field(page, "How it was obtained")).to_have_value("Handed over at the post")
    expect(page.locator("ul.evidence")).to_have_count(0)
