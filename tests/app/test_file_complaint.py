"""The foundation's story through the API: a complaint with evidence, seen by each role as it should be."""

from __future__ import annotations

import hashlib

from tests.app.story import incident, record_size
from truce.record.store import check_chain


def test_liaison_files_complaint_and_gets_report_and_case(cast):
    response = cast.api["pk"].file_report()
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["case"] is not None
    assert body["case_reference"] == "pak-afg-2025/0001"


def test_whole_story_complaint_with_evidence_seen_by_each_role(cast):
    before = record_size()
    filed = cast.api["pk"].file_report().json()
    report_id, case_id = filed["id"], filed["case"]

    photo = b"\xff\xd8 a photograph of the crater"
    upload = cast.api["pk"].add_file(
        report_id, photo, obtained_from="Post commander", source_protected="true", obtained_how="Phone camera"
    )
    assert upload.status_code == 201, upload.content
    evidence = upload.json()
    assert evidence["sha256"] == hashlib.sha256(photo).hexdigest()
    assert evidence["provenance"]["obtained_from"] == "Post commander"  # the filing side sees its source

    draft = (
        cast.api["pk"]
        .file_report(draft=True, incident=incident(title="Draft: drone over Angoor Adda"))
        .json()
    )
    assert draft["case"] is None

    # A mediator sees the complaint in its case, with the protected source (mediators see everything).
    case = cast.api["qa"].get(f"/api/v1/cases/{case_id}").json()
    assert [r["id"] for r in case["reports"]] == [report_id]
    assert case["reports"][0]["evidence"][0]["provenance"]["obtained_from"] == "Post commander"
    assert cast.api["qa"].get(f"/api/v1/reports/{draft['id']}").status_code == 404

    # The accused party sees the complaint against it, but not the source, the officer, or the draft.
    seen_by_af = cast.api["af"].get(f"/api/v1/reports/{report_id}").json()
    assert seen_by_af["incident"]["accused_party"] == "AF"
    # The protected photograph is withheld whole: Afghanistan learns only that it exists.
    assert seen_by_af["evidence"][0]["withheld"] is True and seen_by_af["evidence"][0]["protected"] is True
    assert seen_by_af["evidence"][0]["provenance"] is None and seen_by_af["evidence"][0]["sha256"] is None
    assert seen_by_af["filed_by"] is None
    assert cast.api["af"].get(f"/api/v1/reports/{draft['id']}").status_code == 404
    assert draft["id"] not in [r["id"] for r in cast.api["af"].get("/api/v1/reports").json()]

    # Outsiders, observers and the operator see nothing of it: 404, as if it did not exist.
    for name in ("outsider", "observer", "admin"):
        assert cast.api[name].get(f"/api/v1/reports/{report_id}").status_code == 404, name
        assert cast.api[name].get(f"/api/v1/cases/{case_id}").status_code == 404, name
        assert cast.api[name].get("/api/v1/cases").json() == [], name
    assert cast.api["anonymous"].get(f"/api/v1/reports/{report_id}").status_code == 401

    # Every step is in the record: complaint, evidence, draft — and the chain verifies.
    assert record_size() == before + 3
    assert check_chain().ok


def test_evidence_content_downloads_byte_for_byte_for_those_who_see_it(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    evidence = cast.api["pk"].add_file(report_id, b"the original bytes").json()
    response = cast.api["af"].get(evidence["content"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"the original bytes"
    assert cast.api["outsider"].get(evidence["content"]).status_code == 404


def test_link_evidence_is_hashed_by_its_text(cast):
    report_id = cast.api["pk"].file_report().json()["id"]
    url = "https://example.org/statement/2025-10-26"
    response = cast.api["pk"].upload(f"/api/v1/reports/{report_id}/evidence", {"url": url})
    assert response.status_code == 201, response.content
    assert response.json()["sha256"] == hashlib.sha256(url.encode()).hexdigest()
