"""Bulletins (truce bulletin, POST/GET /api/v1/bulletins, /bulletins/) hold what their edition's readers may
see and nothing else; publishing one appends its SHA-256 to the record; only the mediators publish, and a
party's edition is read by that party's liaison officers and the mediators only."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from tests.app.story import incident
from truce.bulletins.actions import Request, produce
from truce.bulletins.models import Bulletin
from truce.cli import main
from truce.instance import prepare_home
from truce.record.models import Entry
from truce.record.store import check_chain

LANGUAGES = ("en", "ur", "ps", "fa", "tr", "ar")
PROTECTED = "Statement of the informant at the northern post"
PROTECTED_SOURCE = "Informant near the post"
HIDDEN_TITLE = "Gunfire heard at Torkham"
OPEN_TITLE = "Drone strike on a village near Spin Boldak"
DRAFT_REASONS = "Draft finding not yet signed: the rounds came from the eastern ridge."
DENIAL_NOTE = "Team turned back at the fence by the commander of the far post."
DENIAL_PLACE = "Crossing opposite Kharlachi"
RULING = {
    "outcome": "violation",
    "commitment": "C1",
    "responsible_party": "AF",
    "confidence": "fair",
    "reasons": "Craters and fragments match mortar rounds fired from the west.",
}
REPLY = "We deny it: no unit of ours fired that night."


@pytest.fixture
def scene(cast):
    """A published case of Pakistan's complaint (a protected item, Afghanistan's reply, a ruling in force,
    a penalty proposed, an access denial by Afghanistan), Afghanistan's complaint against Pakistan with a
    draft ruling, and a monitor's observation no party sees."""
    prepare_home()  # the record's key: publishing signs a checkpoint
    api = cast.api
    filed = api["pk"].file_report().json()
    added = api["pk"].add_file(
        filed["id"],
        b"informant statement",
        source_protected="true",
        description=PROTECTED,
        obtained_from=PROTECTED_SOURCE,
        name="protected.jpg",
    )
    assert added.status_code == 201, added.content
    published = filed["case"]
    api["qa"].post(f"/api/v1/cases/{published}/admit")
    api["qa"].post(f"/api/v1/cases/{published}/monitors", {"monitor": "monitor"})
    denial = api["monitor"].post(
        f"/api/v1/cases/{published}/access-denials",
        {
            "denied_by_party": "AF",
            "denied_at": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat(),
            "place": DENIAL_PLACE,
            "denied_by": "Far post",
            "description": DENIAL_NOTE,
        },
    )
    assert denial.status_code == 201, denial.content
    api["qa"].post(f"/api/v1/cases/{published}/reply-request")
    api["af"].post(f"/api/v1/cases/{published}/replies", {"text": REPLY})
    ruling = api["qa"].post(f"/api/v1/cases/{published}/rulings", RULING).json()
    api["qa"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    api["tr"].post(f"/api/v1/rulings/{ruling['id']}/signatures")
    if api["qa"].get(f"/api/v1/cases/{published}").json()["status"] != "published":
        assert api["qa"].post(f"/api/v1/cases/{published}/publish").status_code == 200
    ledger = api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()
    assert ledger["penalties"], "the ruling proposed no penalty for the scene to hide"
    against_pk = incident(
        title=OPEN_TITLE,
        sub_event_type="Air/drone strike",
        accused_party="PK",
        date=dt.date.today().isoformat(),
        location={"name": "Spin Boldak", "country": "AF", "lat": 31.0, "lon": 66.4, "geo_precision": 1},
    )
    open_case = api["af"].file_report(incident=against_pk).json()["case"]
    api["qa"].post(f"/api/v1/cases/{open_case}/admit")
    api["qa"].post(f"/api/v1/cases/{open_case}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{open_case}/reply-request")
    api["pk"].post(f"/api/v1/cases/{open_case}/replies", {"text": "Not us."})
    draft = api["qa"].post(
        f"/api/v1/cases/{open_case}/rulings", {**RULING, "responsible_party": "PK", "reasons": DRAFT_REASONS}
    )
    assert draft.status_code == 201, draft.content
    hidden = incident(
        title=HIDDEN_TITLE,
        sub_event_type="Armed clash",
        accused_party="",
        commitments=[],
        date=dt.date.today().isoformat(),
        location={"name": "Torkham", "country": "PK", "lat": 34.1, "lon": 71.09, "geo_precision": 1},
    )
    assert api["monitor"].file_report(incident=hidden).status_code == 201
    return {
        "cast": cast,
        "api": api,
        "ruling": ruling,
        "penalty": ledger["penalties"][0]["measure"],
        "open": open_case,
    }


def _text(data: bytes, fmt: str) -> str:
    if fmt == "html":
        return data.decode("utf-8")
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _bulletin(edition: str, language: str, fmt: str, party: str = "", period: str = "week") -> str:
    _, rendered = produce(Request("pak-afg-2025", period, edition, language, fmt, party=party))
    return _text(rendered.data, fmt)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_protected_or_confidential_field_appears_in_a_public_bulletin(scene, language, fmt):
    text = _bulletin("public", language, fmt)
    secrets = [
        PROTECTED,  # protected evidence
        PROTECTED_SOURCE,
        "protected.jpg",
        HIDDEN_TITLE,  # an observation no party sees
        OPEN_TITLE,  # a case not published
        DRAFT_REASONS,  # a ruling not signed
        scene["penalty"],  # penalties: the ledger's readers only
        DENIAL_NOTE,  # the monitors' account of an access denial
        DENIAL_PLACE,
    ]
    for secret in secrets:
        assert secret not in text, (secret, language, fmt)
    # The published ruling is there (PDF text extraction breaks right-to-left lines: its figures remain).
    assert scene["ruling"]["reference"].split("/")[-1] in text


def test_a_public_bulletin_cites_the_published_ruling_with_the_reply_beside_it(scene):
    text = _bulletin("public", "en", "html")
    assert scene["ruling"]["reference"] in text
    assert RULING["reasons"] in text and REPLY in text
    entry = Entry.objects.filter(type="RulingSigned", subject=f"ruling:{scene['ruling']['id']}").last()
    assert entry is not None and f">{entry.index}</code>" in text


def test_a_partys_edition_omits_what_only_the_other_party_and_the_mediators_see(scene):
    pk = _bulletin("party", "en", "html", party="PK")
    af = _bulletin("party", "en", "html", party="AF")
    for text in (pk, af):
        assert HIDDEN_TITLE not in text and DRAFT_REASONS not in text and PROTECTED not in text
        assert DENIAL_NOTE not in text
    # Afghanistan's penalty and access denial are on its ledger: in its edition, not in Pakistan's.
    assert scene["penalty"] in af and scene["penalty"] not in pk
    assert "Access denials" in af
    # Both see the complaint against Pakistan (filed by one, accused the other).
    assert OPEN_TITLE in pk and OPEN_TITLE in af


def test_the_confidential_edition_holds_the_mediators_view(scene):
    text = _bulletin("confidential", "en", "html")
    assert HIDDEN_TITLE in text and OPEN_TITLE in text and DENIAL_NOTE in text and scene["penalty"] in text
    # Drafts are never cited: only rulings in force.
    assert DRAFT_REASONS not in text and PROTECTED not in text


def test_urdu_and_arabic_bulletins_read_right_to_left(scene):
    for language in ("ur", "ar", "fa", "ps"):
        assert 'dir="rtl"' in _bulletin("public", language, "html")
    assert 'dir="ltr"' in _bulletin("public", "tr", "html")
    # English text in a right-to-left bulletin keeps its own direction (WeasyPrint does not guess a <bdi>'s).
    assert f'<bdi dir="ltr">{RULING["reasons"]}</bdi>' in _bulletin("public", "ur", "html")


def test_publishing_appends_the_files_sha256_to_the_record_and_the_record_verifies(scene):
    api = scene["api"]
    response = api["qa"].post(
        "/api/v1/bulletins",
        {
            "agreement": "pak-afg-2025",
            "period": "week",
            "edition": "public",
            "language": "en",
            "format": "pdf",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    data = b"".join([api["anonymous"].get(body["file"]).content])
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == body["sha256"]
    entry = Entry.objects.get(index=body["record_index"])
    leaf = json.loads(entry.leaf)
    assert entry.type == "BulletinPublished" and leaf["data"]["sha256"] == body["sha256"]
    assert leaf["data"]["edition"] == "public" and leaf["data"]["period"] == "week"
    assert body["checkpoint_size"] is not None and body["checkpoint_size"] <= entry.index
    assert check_chain().ok
    listed = api["anonymous"].get("/api/v1/bulletins").json()
    assert [b["sha256"] for b in listed] == [body["sha256"]]
    page = api["anonymous"].client.get("/bulletins/")
    assert page.status_code == 200 and body["sha256"] in page.content.decode()


def test_a_party_edition_is_veiled_in_the_record_and_read_only_by_that_party_and_the_mediators(scene):
    api = scene["api"]
    response = api["qa"].post(
        "/api/v1/bulletins",
        {
            "agreement": "pak-afg-2025",
            "period": "day",
            "edition": "party",
            "party": "AF",
            "language": "ps",
            "format": "html",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert json.loads(Entry.objects.get(index=body["record_index"]).leaf)["type"] == "Veiled"
    for actor in ("af", "qa", "tr"):
        assert api[actor].get(body["file"]).status_code == 200, actor
    for actor in ("pk", "monitor", "observer", "admin", "outsider", "anonymous"):
        assert api[actor].get(body["file"]).status_code == 404, actor
        assert body["sha256"] not in api[actor].get("/api/v1/bulletins").content.decode(), actor
        assert api[actor].client.get(f"/bulletins/{body['id']}/file/").status_code in (302, 404), actor


@pytest.mark.parametrize("actor", ["pk", "af", "monitor", "observer", "admin", "outsider", "anonymous"])
def test_only_the_agreements_mediators_publish(scene, actor):
    api = scene["api"]
    response = api[actor].post(
        "/api/v1/bulletins",
        {
            "agreement": "pak-afg-2025",
            "period": "week",
            "edition": "public",
            "language": "en",
            "format": "html",
        },
    )
    assert response.status_code in (401, 403, 404), (actor, response.status_code)
    assert not Bulletin.objects.exists()


def test_a_spot_bulletin_of_a_case_the_edition_cannot_see_is_refused_as_missing(scene, tmp_path, capsys):
    out = tmp_path / "spot.html"
    args = [
        "bulletin",
        "--agreement",
        "pak-afg-2025",
        "--period",
        "spot",
        "--case",
        str(scene["open"]),
        "--lang",
        "en",
        "--format",
        "html",
        "--out",
        str(out),
    ]
    assert main([*args, "--public"]) == 1
    assert f"no case {scene['open']}" in capsys.readouterr().err and not out.exists()
    assert main(args) == 0
    assert OPEN_TITLE in out.read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "week", "--lang", "de"], "not one of the agreement's"),
        (["--period", "spot"], "give its id"),
        (["--period", "week", "--party", "XX"], "not a party of"),
        (["--period", "week", "--as-of", "2025-01-01"], "before the agreement came into force"),
        (["--period", "week", "--as-of", "2099-01-01"], "after today"),
        (["--period", "week", "--as-of", "yesterday"], "not a date"),
    ],
)
def test_bad_requests_are_refused_saying_why(cast, tmp_path, capsys, args, message):
    base = {"--lang": "en"}
    argv = ["bulletin", "--agreement", "pak-afg-2025", "--format", "html", "--out", str(tmp_path / "b.html")]
    argv += args + (["--lang", base["--lang"]] if "--lang" not in args else [])
    assert main(argv) != 0
    assert message in capsys.readouterr().err
