"""Protected evidence is withheld whole from everyone but the mediators and its filing side; the other
side sees that it exists and, where the filer gave one, a redacted rendition; every read of protected
content is logged for the mediators."""

from __future__ import annotations

import io

from PIL import Image

from tests.app.story import incident, signed_in
from truce.instance import prepare_home
from truce.record.export import export_bundle
from truce.reports import evidence_store
from truce.reports.models import EvidenceAccess, EvidenceRendition

WITNESS = {
    "name": "statement-of-ahmad-khan.pdf",
    "description": "Statement of Ahmad Khan, shopkeeper at the northern post",
    "obtained_how": "Interviewed by our officer at his shop",
    "obtained_from": "Ahmad Khan",
    "source_protected": "true",
}


def _protected_complaint(cast):
    complaint = cast.api["pk"].file_report().json()
    evidence = cast.api["pk"].add_file(complaint["id"], b"I, Ahmad Khan, saw the rounds land.", **WITNESS)
    assert evidence.status_code == 201, evidence.content
    return complaint, evidence.json()


def _page(user):
    return signed_in(user)


def _rendition(cast, who, report_id, evidence_id, content, name="redacted.txt", content_type="text/plain"):
    upload = io.BytesIO(content)
    upload.name = name
    return cast.api[who].upload(
        f"/api/v1/reports/{report_id}/evidence/{evidence_id}/rendition", {"file": upload}
    )


def test_accused_party_learns_only_that_a_protected_item_exists(cast):
    complaint, evidence = _protected_complaint(cast)
    seen = cast.api["af"].get(f"/api/v1/reports/{complaint['id']}").json()
    item = seen["evidence"][0]
    assert item["withheld"] is True and item["protected"] is True
    text = str(seen)
    for secret in ("Ahmad Khan", "statement-of", "Interviewed", evidence["sha256"]):
        assert secret not in text
    assert seen["protected_withheld"] == 1
    page = _page(cast.af).get(f"/reports/{complaint['id']}/")
    assert page.status_code == 200
    assert b"Ahmad Khan" not in page.content and b"1 protected item" in page.content


def test_accused_party_cannot_download_protected_evidence_by_api_or_page(cast):
    complaint, evidence = _protected_complaint(cast)
    url = f"/api/v1/reports/{complaint['id']}/evidence/{evidence['id']}/content"
    assert cast.api["af"].get(url).status_code == 404
    download = f"/reports/{complaint['id']}/evidence/{evidence['id']}/download/"
    assert _page(cast.af).get(download).status_code == 404
    # The filing side and the mediators still read it.
    assert cast.api["pk2"].get(url).status_code == 200
    assert cast.api["qa"].get(url).status_code == 200
    assert _page(cast.pk2).get(download).status_code == 200


def test_filing_side_and_mediators_see_every_detail_of_protected_evidence(cast):
    complaint, _ = _protected_complaint(cast)
    for who in ("pk2", "qa"):
        item = cast.api[who].get(f"/api/v1/reports/{complaint['id']}").json()["evidence"][0]
        assert item["withheld"] is False
        assert item["description"] == WITNESS["description"]
        assert item["provenance"]["obtained_from"] == "Ahmad Khan"


def test_redacted_rendition_reaches_the_other_side_and_the_original_stays_intact(cast):
    complaint, evidence = _protected_complaint(cast)
    made = _rendition(cast, "pk", complaint["id"], evidence["id"], b"I, [withheld], saw the rounds land.")
    assert made.status_code == 201, made.content
    rendition = made.json()
    item = cast.api["af"].get(f"/api/v1/reports/{complaint['id']}").json()["evidence"][0]
    assert item["withheld"] is True
    assert item["rendition"]["sha256"] == rendition["sha256"] != evidence["sha256"]
    got = cast.api["af"].get(item["rendition"]["content"])
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"I, [withheld], saw the rounds land."
    assert evidence_store.verify(evidence["sha256"])
    assert evidence_store.rendition_path(evidence["sha256"], rendition["sha256"]).exists()
    assert not evidence_store.original_path(rendition["sha256"]).exists()


def test_only_the_filing_side_or_a_mediator_adds_a_rendition(cast):
    complaint, evidence = _protected_complaint(cast)
    assert _rendition(cast, "af", complaint["id"], evidence["id"], b"x").status_code == 403
    assert _rendition(cast, "monitor", complaint["id"], evidence["id"], b"x").status_code == 404


def test_image_rendition_is_re_rendered_without_exif_or_gps(cast):
    complaint, evidence = _protected_complaint(cast)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 55.0, 15.0), 3: "E", 4: (66.0, 27.0, 35.0)}  # GPS
    source = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(source, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(source.getvalue())).getexif().get_ifd(0x8825)
    made = _rendition(
        cast, "pk", complaint["id"], evidence["id"], source.getvalue(), "face-blurred.jpg", "image/jpeg"
    )
    assert made.status_code == 201, made.content
    got = cast.api["af"].get(made.json()["content"])
    out = Image.open(io.BytesIO(b"".join(got.streaming_content)))
    assert out.size == (16, 16)
    assert not out.getexif().get_ifd(0x8825)
    assert len(out.getexif()) == 0
    assert "exif" not in out.info


def test_protected_counter_evidence_is_withheld_from_observers_and_the_other_party_once_published(cast):
    api = cast.api
    case_id = api["pk"].file_report().json()["case"]
    api["qa"].post(f"/api/v1/cases/{case_id}/admit")
    api["qa"].post(f"/api/v1/cases/{case_id}/monitors", {"monitor": "monitor"})
    assert api["qa"].post(f"/api/v1/cases/{case_id}/reply-request").status_code == 200
    reply = api["af"].post(f"/api/v1/cases/{case_id}/replies", {"text": "We did not fire."}).json()
    upload = io.BytesIO(b"Statement of our post commander, Major Gul")
    upload.name = "major-gul.txt"
    counter = api["af"].upload(
        f"/api/v1/cases/{case_id}/replies/{reply['id']}/evidence",
        {"file": upload, "description": "Major Gul's account", "source_protected": "true"},
    )
    assert counter.status_code == 201, counter.content
    ruling = (
        api["qa"]
        .post(
            f"/api/v1/cases/{case_id}/rulings",
            {"outcome": "insufficient_evidence", "confidence": "weak", "reasons": "Accounts conflict."},
        )
        .json()
    )
    api["qa"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    api["tr"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    content = f"/api/v1/cases/{case_id}/evidence/{counter.json()['id']}/content"
    for who in ("observer", "pk"):
        seen = api[who].get(f"/api/v1/cases/{case_id}").json()
        assert seen["status"] == "published"
        assert "Gul" not in str(seen)
        assert seen["replies"][0]["evidence"][0]["withheld"] is True
        assert api[who].get(content).status_code == 404
    assert api["af"].get(content).status_code == 200
    assert api["qa"].get(content).status_code == 200


def test_a_liaisons_download_is_logged_and_only_mediators_see_the_log(cast):
    complaint, evidence = _protected_complaint(cast)
    got = cast.api["pk2"].get(f"/api/v1/reports/{complaint['id']}/evidence/{evidence['id']}/content")
    assert got.status_code == 200
    row = EvidenceAccess.objects.get(evidence_id=evidence["id"], action="download")
    assert row.user == cast.pk2
    case_id = complaint["case"]
    log = cast.api["qa"].get(f"/api/v1/cases/{case_id}").json()["access_log"]
    assert {"user": "pk2", "evidence": evidence["id"], "action": "download"}.items() <= log[-1].items()
    for who in ("pk", "pk2", "af", "monitor"):
        assert not cast.api[who].get(f"/api/v1/cases/{case_id}").json().get("access_log")
    page = _page(cast.qa).get(f"/cases/{case_id}/")
    assert b"Access to protected evidence" in page.content
    assert b"Access to protected evidence" not in _page(cast.pk).get(f"/cases/{case_id}/").content


def test_unprotected_evidence_reads_are_not_logged(cast):
    complaint = cast.api["pk"].file_report(incident=incident(title="Open photo")).json()
    evidence = cast.api["pk"].add_file(complaint["id"]).json()
    cast.api["af"].get(f"/api/v1/reports/{complaint['id']}/evidence/{evidence['id']}/content")
    assert not EvidenceAccess.objects.exists()


def test_the_accused_partys_record_bundle_opens_nothing_of_protected_evidence(cast, tmp_path):
    prepare_home()  # the record's signing key, for the bundle's checkpoint
    complaint, evidence = _protected_complaint(cast)
    rendition = _rendition(cast, "pk", complaint["id"], evidence["id"], b"[withheld]").json()
    out = tmp_path / "af"
    export_bundle(out, party="AF", agreement="pak-afg-2025")
    everything = b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())
    assert incident()["title"].encode() in everything  # the complaint itself is AF's to read
    for secret in ("Ahmad Khan", "statement-of", evidence["sha256"], rendition["sha256"]):
        assert secret.encode() not in everything, secret


def test_the_report_page_takes_a_rendition_and_the_other_side_downloads_it_there(cast):
    complaint, evidence = _protected_complaint(cast)
    report_page = f"/reports/{complaint['id']}/"
    own = _page(cast.pk2)
    assert b"Redacted rendition for the other side" in own.get(report_page).content
    upload = io.BytesIO(b"I, [withheld], saw it.")
    upload.name = "redacted.txt"
    posted = own.post(
        f"/reports/{complaint['id']}/evidence/{evidence['id']}/rendition/add/", {"file": upload}
    )
    assert posted.status_code == 302
    accused = _page(cast.af)
    page = accused.get(report_page).content
    assert b"redacted rendition" in page and b"Redacted rendition for the other side" not in page
    got = accused.get(f"/reports/{complaint['id']}/evidence/{evidence['id']}/rendition/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"I, [withheld], saw it."
    refused = accused.post(
        f"/reports/{complaint['id']}/evidence/{evidence['id']}/rendition/add/", {"file": upload}
    )
    assert refused.status_code == 302 and EvidenceRendition.objects.count() == 1
