"""The bulletin pages: a mediator publishes from the form and the public list shows the hash; a bad form
says what was wrong; anyone may read the public list; the footer's ruling index verifies with
`truce record verify-proof`."""

from __future__ import annotations

import json
import re

import pytest

from tests.app.story import signed_in
from truce.bulletins.models import Bulletin
from truce.cli import main
from truce.instance import prepare_home
from truce.record.checkpoints import latest_checkpoint, log_vkey
from truce.record.models import Entry
from truce.rulings.models import Ruling

RULING = {
    "outcome": "violation",
    "commitment": "C1",
    "responsible_party": "AF",
    "confidence": "fair",
    "reasons": "Craters and fragments match mortar rounds fired from the west.",
}


@pytest.fixture
def long_sessions(settings):
    settings.TRUCE_SESSION_IDLE_MINUTES = 60 * 24 * 365
    settings.TRUCE_SESSION_MAX_HOURS = 24 * 365


@pytest.fixture
def ruled(cast):
    prepare_home()
    api = cast.api
    case = api["pk"].file_report().json()["case"]
    api["qa"].post(f"/api/v1/cases/{case}/admit")
    api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{case}/reply-request")
    api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "We deny it."})
    ruling = api["qa"].post(f"/api/v1/cases/{case}/rulings", RULING).json()
    api["qa"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    api["tr"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    if api["qa"].get(f"/api/v1/cases/{case}").json()["status"] != "published":
        assert api["qa"].post(f"/api/v1/cases/{case}/publish").status_code == 200
    return cast


FORM = {"period": "week", "edition": "public", "party": "", "language": "en", "fmt": "html", "as_of": ""}


def test_a_mediator_publishes_from_the_form_and_the_public_list_shows_its_hash(ruled, long_sessions):
    qa = signed_in(ruled.qa)
    assert "Produce and publish a bulletin" in qa.get("/bulletins/").content.decode()
    response = qa.post("/bulletins/new/", FORM)
    assert response.status_code == 302 and response["Location"] == "/bulletins/", response.content.decode()
    bulletin = Bulletin.objects.get()
    assert (bulletin.edition, bulletin.published_by) == ("public", ruled.qa)
    listed = ruled.api["anonymous"].client.get("/bulletins/").content.decode()
    assert bulletin.sha256 in listed and f"/bulletins/{bulletin.pk}/file/" in listed


def test_a_party_edition_without_its_party_is_refused_on_the_form_saying_why(ruled, long_sessions):
    qa = signed_in(ruled.qa)
    response = qa.post("/bulletins/new/", {**FORM, "edition": "party"})
    assert response.status_code == 200
    assert "names the party" in response.content.decode()
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize("actor", ["pk", "monitor", "observer"])
def test_only_mediators_have_the_form(ruled, long_sessions, actor):
    client = signed_in(ruled.users[actor])
    assert client.get("/bulletins/new/").status_code == 404
    assert client.post("/bulletins/new/", FORM).status_code == 404
    assert "Produce and publish" not in client.get("/bulletins/").content.decode()
    assert not Bulletin.objects.exists()


def test_the_footer_names_the_signed_checkpoint_and_each_rulings_index_verifies(ruled, tmp_path):
    api = ruled.api
    body = (
        api["qa"]
        .post(
            "/api/v1/bulletins",
            {
                "agreement": "pak-afg-2025",
                "period": "week",
                "edition": "public",
                "language": "en",
                "format": "html",
            },
        )
        .json()
    )
    text = api["anonymous"].get(body["file"]).content.decode()
    checkpoint = latest_checkpoint()
    assert checkpoint is not None and body["checkpoint_size"] <= checkpoint.size
    assert f"size {body['checkpoint_size']}, root hash" in text
    ruling = Ruling.objects.get()
    row = re.search(
        rf"{re.escape(ruling.reference)}</bdi></td><td class=\"n\"><code dir=\"ltr\">(\d+)</code>", text
    )
    assert row is not None, "the footer gives the ruling's record index"
    proof = api["anonymous"].get(f"/api/v1/record/tlog-proof?index={row.group(1)}")
    assert proof.status_code == 200, proof.content
    path = tmp_path / "proof.txt"
    path.write_bytes(proof.content)
    assert main(["record", "verify-proof", str(path), "--key", log_vkey()]) == 0
    # The index is the signature that put the ruling in force, not any entry.
    entry = Entry.objects.get(index=int(row.group(1)))
    assert (entry.type, entry.subject) == ("RulingSigned", f"ruling:{ruling.pk}")
    assert json.loads(entry.leaf)["data"]["in_force"] is True


def test_the_list_reads_the_same_number_of_queries_whatever_the_number_of_bulletins(ruled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api, client = ruled.api, ruled.api["anonymous"].client
    body = {
        "agreement": "pak-afg-2025",
        "period": "day",
        "edition": "public",
        "language": "en",
        "format": "html",
    }

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/bulletins/").status_code == 200
        return len(captured)

    assert api["qa"].post("/api/v1/bulletins", body).status_code == 201
    one = queries()
    for language in ("ur", "ps", "fa"):
        assert api["qa"].post("/api/v1/bulletins", {**body, "language": language}).status_code == 201
    assert queries() == one
