"""A liaison files a complaint with a file through the pages and finds it again: SHA-256 and case."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import field, fill_complaint

pytestmark = pytest.mark.browser

PHOTO = b"\xff\xd8\xff\xe0 a photograph of the crater beside the northern post"


def test_liaison_files_complaint_with_a_file_and_sees_its_hash_and_case(page, login, tmp_path):
    login("pk")
    page.get_by_role("link", name="File a report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("File a complaint (PK)")
    fill_complaint(page)
    page.get_by_role("button", name="File the report").click()

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("filed in case pak-afg-2025/0001")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mortar fire on a border post near Chaman")

    photo = tmp_path / "crater.jpg"
    photo.write_bytes(PHOTO)
    field(page, "File").set_input_files(str(photo))
    field(page, "How it was obtained").fill("Phone camera of the post commander")
    field(page, "From whom").fill("Commander of the northern post")
    page.get_by_label(re.compile("Protect this item")).check()
    field(page, "Source reliability").select_option("B")
    field(page, "Information credibility").select_option("2")
    page.get_by_role("button", name="Add evidence").click()

    expect(page.get_by_role("status")).to_contain_text("Evidence added.")
    evidence = page.locator("ul.evidence li")
    expect(evidence).to_have_count(1)
    expect(evidence.locator("code")).to_have_text(hashlib.sha256(PHOTO).hexdigest())
    expect(evidence.get_by_role("link", name="crater.jpg")).to_be_visible()
    # The filing side sees its own protected source, marked as protected.
    expect(evidence).to_contain_text("Commander of the northern post (protected)")

    page.get_by_role("link", name="Cases", exact=True).click()
    row = page.get_by_role("row").filter(has_text="pak-afg-2025/0001")
    expect(row).to_contain_text("Mortar fire on a border post near Chaman")
    expect(row).to_contain_text("AF")
    row.get_by_role("link", name="pak-afg-2025/0001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "pak-afg-2025/0001: Mortar fire on a border post near Chaman"
    )
    expect(page.locator("ul.evidence code")).to_have_text(hashlib.sha256(PHOTO).hexdigest())


def test_downloaded_evidence_is_the_uploaded_file_byte_for_byte(page, login, tmp_path):
    login("pk")
    fill_complaint(page)
    page.get_by_role("button", name="File the report").click()
    photo = tmp_path / "crater.jpg"
    photo.write_bytes(PHOTO)
    field(page, "File").set_input_files(str(photo))
    page.get_by_role("button", name="Add evidence").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="crater.jpg").click()
    assert info.value.path().read_bytes() == PHOTO


def test_draft_is_saved_without_a_case_and_joins_one_when_submitted(page, login):
    login("pk")
    fill_complaint(page, title="Drone seen over Angoor Adda")
    page.get_by_label(re.compile("Save as a draft")).check()
    page.get_by_role("button", name="File the report").click()
    expect(page.get_by_role("status")).to_contain_text("Draft report")
    expect(page.get_by_text("In case")).to_have_count(0)
    page.get_by_role("button", name="Submit this draft").click()
    expect(page.get_by_role("status")).to_contain_text("submitted to case pak-afg-2025/0001")
    expect(page.get_by_role("button", name="Submit this draft")).to_have_count(0)
