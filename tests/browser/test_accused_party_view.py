"""The accused party's liaison sees the complaint against their party, never its protected evidence."""

from __future__ import annotations

import hashlib

import pytest
from playwright.sync_api import expect

from tests.app.story import incident

pytestmark = pytest.mark.browser

PHOTO = b"\xff\xd8 a photograph of the crater"


@pytest.fixture
def complaint(cast):
    """Pakistan's complaint against Afghanistan with a protected-source photograph, and a Pakistani draft."""
    filed = cast.api["pk"].file_report().json()
    source = {"obtained_from": "Commander of the northern post", "source_protected": "true"}
    cast.api["pk"].add_file(filed["id"], PHOTO, name="crater.jpg", obtained_how="Phone camera", **source)
    draft_incident = incident(title="Draft: drone over Angoor Adda")
    draft = cast.api["pk"].file_report(draft=True, incident=draft_incident).json()
    return {"report": filed["id"], "case": filed["case"], "draft": draft["id"]}


def test_accused_liaison_sees_the_complaint_but_not_its_protected_evidence_or_officer(page, login, complaint):
    login("af")
    page.get_by_role("link", name="Cases", exact=True).click()  # log-in lands on the dashboard
    row = page.get_by_role("row").filter(has_text="pak-afg-2025/0001")
    expect(row).to_contain_text("Mortar fire on a border post near Chaman")
    row.get_by_role("link", name="pak-afg-2025/0001").click()

    report = page.locator("section.report")
    expect(report).to_have_count(1)
    # The protected photograph is withheld whole: not its hash, name or source, only that it exists.
    expect(report.locator("ul.evidence code")).to_have_count(0)
    expect(report).to_contain_text("1 protected item is withheld from you.")
    expect(report.locator("ul.evidence")).to_contain_text("Protected item")
    expect(page.locator("main")).not_to_contain_text(hashlib.sha256(PHOTO).hexdigest())
    expect(page.locator("main")).not_to_contain_text("crater.jpg")
    expect(page.locator("main")).not_to_contain_text("Commander of the northern post")
    expect(page.locator("main")).not_to_contain_text(" — pk,")  # the filing officer's name stays hidden

    # Nor can the accused side add evidence to the other party's complaint.
    page.goto(f"/reports/{complaint['report']}/")
    expect(page.get_by_role("heading", name="Add evidence")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Commander of the northern post")


def test_accused_liaison_never_sees_the_other_partys_draft(page, login, complaint):
    login("af")
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.locator("main")).to_contain_text("Mortar fire on a border post near Chaman")
    expect(page.locator("main")).not_to_contain_text("Angoor Adda")
    response = page.goto(f"/reports/{complaint['draft']}/")
    assert response.status == 404


def test_filing_side_sees_its_own_protected_source(page, login, complaint):
    login("pk2")
    page.goto(f"/reports/{complaint['report']}/")
    expect(page.locator("ul.evidence")).to_contain_text("Commander of the northern post (protected)")
    expect(page.locator("dl.facts")).to_contain_text("PK — pk,")


def test_outsider_gets_404_for_the_case_and_an_empty_list(page, login, complaint):
    login("outsider")
    expect(page.locator("main")).to_contain_text("No cases you may see yet.")
    assert page.goto(f"/cases/{complaint['case']}/").status == 404
    assert page.goto(f"/reports/{complaint['report']}/").status == 404
