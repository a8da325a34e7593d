"""The server-rendered pages through Django's test client: each role's view, form errors beside their
fields, filing a complaint with evidence, 404 for what a user may not see, CSRF and login."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.app.story import PASSWORD, incident, record_size, signed_in
from truce.record.store import check_chain

PHOTO = b"\xff\xd8 a photograph of the crater"
ALL = ["qa", "tr", "pk", "pk2", "af", "monitor", "observer", "admin", "outsider"]
# Who sees Pakistan's submitted complaint against Afghanistan (DESIGN.md: mediators, both parties).
SEE_COMPLAINT = {"qa", "tr", "pk", "pk2", "af"}
FILERS = {"pk", "pk2", "af", "monitor", "outsider"}  # the outsider files in their own agreement


def form_data(**overrides):
    data = {
        "title": "Mortar fire on a border post near Chaman",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": "2025-10-25",
        "date_precision": "day",
        "place": "Chaman",
        "admin1": "Balochistan",
        "country": "PK",
        "lat": "30.921",
        "lon": "66.4597",
        "geo_precision": "1",
        "actor-TOTAL_FORMS": "3",
        "actor-INITIAL_FORMS": "0",
        "actor-0-name": "Afghan border forces",
        "actor-0-type": "State forces",
        "actor-0-role": "perpetrator",
        "fatalities_low": "1",
        "fatalities_best": "2",
        "fatalities_high": "2",
        "commitments": ["C1"],
        "accused_party": "AF",
        "description": "Three rounds landed beside the northern post.",
        "language": "en",
    }
    data.update(overrides)
    return data


def browser(cast, name):
    client = Client()
    signed_in(cast.users[name], client)
    return client


@pytest.fixture
def complaint(cast):
    filed = cast.api["pk"].file_report().json()
    source = {"obtained_from": "Commander of the northern post", "source_protected": "true"}
    cast.api["pk"].add_file(filed["id"], PHOTO, name="crater.jpg", **source)
    draft = (
        cast.api["pk"]
        .file_report(draft=True, incident=incident(title="Draft: drone over Angoor Adda"))
        .json()
    )
    return {"report": filed["id"], "case": filed["case"], "draft": draft["id"]}


def error_beside(html, name):
    """The error text in the same field wrapper as the control ``id_<name>`` (after it, before the next
    field), or None when that field shows no error."""
    control = html.find(f'id="id_{name}"')
    assert control >= 0, f"no control id_{name} on the page"
    following = html.find('class="field', control)
    block = html[control : following if following >= 0 else len(html)]
    match = re.search(rf'<div class="error" id="id_{name}_error" role="alert">(.*?)</div>', block, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else None


@pytest.mark.parametrize("name", ALL)
def test_each_role_gets_the_lists(cast, complaint, name):
    client = browser(cast, name)
    for url in ("/cases/", "/reports/"):
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        html = response.content.decode()
        assert html.count("<h1") == 1 and "<main" in html and 'lang="en"' in html and 'dir="ltr"' in html
        assert ("pak-afg-2025/0001" in html) == (name in SEE_COMPLAINT), (name, url)
        assert "Angoor Adda" not in html or name in {"pk", "pk2"}, (name, url)


@pytest.mark.parametrize("name", ALL)
def test_complaint_pages_render_for_those_who_see_it_and_404_for_everyone_else(cast, complaint, name):
    client = browser(cast, name)
    for url in (f"/cases/{complaint['case']}/", f"/reports/{complaint['report']}/"):
        response = client.get(url)
        if name in SEE_COMPLAINT:
            assert response.status_code == 200, (name, url)
            # The photograph is protected: the accused party does not even get its hash.
            shown = hashlib.sha256(PHOTO).hexdigest() in response.content.decode()
            assert shown is (name != "af"), (name, url)
        else:
            assert response.status_code == 404, (name, url)
            assert b"Mortar fire" not in response.content


@pytest.mark.parametrize("name", ALL)
def test_only_liaisons_and_monitors_get_the_report_form(cast, name):
    response = browser(cast, name).get("/reports/new/")
    assert response.status_code == (200 if name in FILERS else 404), name


def test_protected_source_is_shown_to_the_filing_party_only(cast, complaint):
    url = f"/reports/{complaint['report']}/"
    assert "Commander of the northern post" in browser(cast, "pk2").get(url).content.decode()
    seen_by_af = browser(cast, "af").get(url).content.decode()
    assert "Commander of the northern post" not in seen_by_af
    assert "crater.jpg" not in seen_by_af
    assert "1 protected item is withheld from you" in seen_by_af
    assert "Commander of the northern post" in browser(cast, "qa").get(url).content.decode()


def test_draft_is_404_outside_the_filing_party(cast, complaint):
    url = f"/reports/{complaint['draft']}/"
    assert browser(cast, "pk2").get(url).status_code == 200
    for name in ("af", "qa", "monitor", "outsider"):
        assert browser(cast, name).get(url).status_code == 404, name


def test_evidence_download_is_404_for_those_who_may_not_see_it(cast, complaint):
    evidence_id = cast.api["pk"].get(f"/api/v1/reports/{complaint['report']}").json()["evidence"][0]["id"]
    url = f"/reports/{complaint['report']}/evidence/{evidence_id}/download/"
    response = browser(cast, "pk2").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PHOTO
    assert browser(cast, "af").get(url).status_code == 404  # the photograph is protected
    assert browser(cast, "outsider").get(url).status_code == 404
    assert browser(cast, "observer").get(url).status_code == 404


def test_unknown_ids_are_404(cast):
    client = browser(cast, "qa")
    for url in ("/cases/999999/", "/reports/999999/", "/reports/999999/evidence/1/download/"):
        assert client.get(url).status_code == 404, url


def test_liaison_files_complaint_with_evidence_through_the_forms(cast):
    client = browser(cast, "pk")
    before = record_size()
    response = client.post("/reports/new/", form_data())
    assert response.status_code == 302
    report_url = response["Location"]
    assert re.fullmatch(r"/reports/\d+/", report_url)
    page = client.get(report_url).content.decode()
    assert "filed in case pak-afg-2025/0001" in page

    upload = SimpleUploadedFile("crater.jpg", PHOTO, content_type="image/jpeg")
    response = client.post(report_url + "evidence/", {"file": upload, "obtained_how": "Phone camera",
                                                     "reliability": "B", "credibility": "2"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(report_url).content.decode()
    assert hashlib.sha256(PHOTO).hexdigest() in page
    assert "Evidence added." in page
    assert "pak-afg-2025/0001" in client.get("/cases/").content.decode()
    assert record_size() == before + 2
    assert check_chain().ok


def test_future_date_and_latitude_95_are_shown_beside_their_fields_and_nothing_is_filed(cast):
    client = browser(cast, "pk")
    before = record_size()
    response = client.post("/reports/new/", form_data(date="2099-01-01", lat="95", title="Kept as typed"))
    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "date") and "future" in error_beside(html, "date").lower()
    assert error_beside(html, "lat") and "90" in error_beside(html, "lat")
    assert error_beside(html, "title") is None
    assert re.search(r'<input type="number" name="lat" value="95"[^>]*aria-invalid="true"', html)
    assert 'value="Kept as typed"' in html
    assert record_size() == before


def test_missing_required_fields_are_named_beside_each_field(cast):
    html = browser(cast, "pk").post("/reports/new/", {}).content.decode()
    for name in ("title", "date", "place"):
        assert error_beside(html, name) == "This field is required.", name


def test_evidence_form_errors_are_shown_and_nothing_is_added(cast, complaint):
    client = browser(cast, "pk")
    before = record_size()
    response = client.post(
        f"/reports/{complaint['report']}/evidence/", {"url": "not a link", "reliability": "Z"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_beside(html, "url") and error_beside(html, "reliability")
    assert record_size() == before


def test_accused_party_cannot_add_evidence_to_the_other_partys_complaint(cast, complaint):
    client = browser(cast, "af")
    before = record_size()
    upload = SimpleUploadedFile("fake.jpg", b"planted", content_type="image/jpeg")
    response = client.post(f"/reports/{complaint['report']}/evidence/",
                           {"file": upload, "reliability": "A", "credibility": "1"})  # fmt: skip
    assert response.status_code in {400, 403, 404}
    assert record_size() == before
    assert "Add evidence" not in client.get(f"/reports/{complaint['report']}/").content.decode()


def test_pages_need_a_login(cast, complaint):
    client = Client()
    for url in ("/cases/", f"/cases/{complaint['case']}/", "/reports/", "/reports/new/",
                f"/reports/{complaint['report']}/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/login/?next={url}"
    response = client.post(f"/reports/{complaint['report']}/evidence/", {"url": "https://example.org"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_and_logout_through_the_form(cast):
    client = Client()
    response = client.post("/login/", {"username": "pk", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/cases/").status_code == 200
    assert client.get("/logout/").status_code == 405  # logging out takes a POST, so a link cannot do it
    assert client.post("/logout/").status_code == 302
    assert client.get("/cases/").status_code == 302


def test_wrong_password_shows_an_error_and_no_session(cast):
    client = Client()
    response = client.post("/login/", {"username": "pk", "password": "wrong-password-here"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get("/cases/").status_code == 302


def test_forms_refuse_posts_without_a_csrf_token(cast, complaint):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "pk", "password": PASSWORD}).status_code == 403
    client.force_login(cast.pk)
    before = record_size()
    assert client.post("/reports/new/", form_data()).status_code == 403
    assert client.post(f"/reports/{complaint['draft']}/submit/").status_code == 403
    assert (
        client.post(f"/reports/{complaint['report']}/evidence/", {"url": "https://example.org"}).status_code
        == 403
    )
    assert record_size() == before
    # The forms carry the token, so a real browser's post goes through.
    html = client.get("/reports/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post("/reports/new/", {**form_data(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_pages_carry_security_headers(cast):
    response = browser(cast, "pk").get("/cases/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_submitting_a_draft_puts_it_in_a_case(cast, complaint):
    client = browser(cast, "pk2")
    response = client.post(f"/reports/{complaint['draft']}/submit/", follow=True)
    assert "submitted to case pak-afg-2025/0001" in response.content.decode()
    assert browser(cast, "af").get(f"/reports/{complaint['draft']}/").status_code == 200
    assert browser(cast, "outsider").post(f"/reports/{complaint['draft']}/submit/").status_code == 404
