"""The case page's record entries, checked in the browser by our own script (truce/web/static/truce/verify.js)
against the log key the page pins: a true answer verifies; a proof with one hash changed, or a checkpoint
whose signature is changed, fails with a message saying so. The script's hashing, proof folding and
signature checks are also run on the published vectors (docs/record-vectors/vectors.json).

Screenshots go to $TRUCE_SCREENSHOT_DIR (else the test's temporary folder), as in test_dashboard_map.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_dashboard_map import screenshot_dir
from tests.conftest import REPO
from truce.instance import prepare_home
from truce.record.checkpoints import log_vkey, sign_checkpoint_now
from truce.record.models import Entry
from truce.record.tree import drop_cached_tree

pytestmark = pytest.mark.browser

VECTORS = json.loads((REPO / "docs" / "record-vectors" / "vectors.json").read_text(encoding="utf-8"))


@pytest.fixture
def signed_case(cast: Any) -> Iterator[dict[str, Any]]:
    """Pakistan's complaint with evidence, admitted by the mediators, under a signed checkpoint."""
    prepare_home()
    drop_cached_tree()
    filed = cast.api["pk"].file_report().json()
    added = cast.api["pk"].add_file(
        filed["id"], b"a photograph", name="crater.jpg", obtained_how="Phone camera"
    )
    assert added.status_code == 201, added.content
    assert cast.api["qa"].post(f"/api/v1/cases/{filed['case']}/admit").status_code == 200
    checkpoint = sign_checkpoint_now(force=True)
    assert checkpoint is not None
    yield {"case": filed["case"], "report": filed["id"], "size": checkpoint.size}
    drop_cached_tree()


def entry_rows(page: Any) -> Any:
    return page.locator("#record tbody tr")


def verify(page: Any, row: Any) -> Any:
    row.get_by_role("button", name="Verify").click()
    result = row.locator(".verify-result")
    expect(result).not_to_have_text("")
    expect(result).not_to_have_text("Checking…")
    return result


def test_verify_an_entry_in_the_browser(page, login, signed_case, problems, tmp_path):
    login("pk")
    page.goto(f"/cases/{signed_case['case']}/")
    section = page.locator("#record")
    expect(section.get_by_role("heading", name="Record")).to_be_visible()
    assert section.get_attribute("data-log-vkey") == log_vkey()
    expect(section).to_contain_text(log_vkey())
    # The complaint's entries: the report filed (its incident sealed), its evidence, the case admitted.
    expect(entry_rows(page).filter(has_text="Report filed")).to_have_count(1)
    expect(entry_rows(page).filter(has_text="Case admitted")).to_have_count(1)
    expect(page.locator("#record .verify-result[aria-live=polite]").first).to_be_attached()

    filed = entry_rows(page).filter(has_text="Report filed")
    result = verify(page, filed)
    expect(result).to_have_class("verify-result verified")
    size = signed_case["size"]
    origin = log_vkey().split("+")[0]
    expect(result).to_contain_text(
        f"Included in the record at size {size}, checkpoint signed by {origin} on "
    )
    expect(result).to_contain_text("The agreement lists no witnesses")
    expect(result).to_contain_text("the entry proves their commitments, not the hidden content")
    page.screenshot(path=str(screenshot_dir(tmp_path) / "record-verify.png"), full_page=True)
    assert problems.all() == []


def test_a_changed_proof_hash_fails(page, login, signed_case, problems, tmp_path):
    def tamper(route: Any) -> None:
        text = route.fetch().text()
        head, _, checkpoint = text.partition("\n\n")
        lines = head.split("\n")
        assert len(lines) > 3, "the proof needs a hash to change"
        flipped = bytearray(base64.b64decode(lines[3]))
        flipped[0] ^= 1
        lines[3] = base64.b64encode(bytes(flipped)).decode()
        route.fulfill(body="\n".join(lines) + "\n\n" + checkpoint, content_type="text/plain; charset=utf-8")

    login("pk")
    page.goto(f"/cases/{signed_case['case']}/")
    page.route("**/api/v1/record/tlog-proof?*", tamper)
    result = verify(page, entry_rows(page).filter(has_text="Case admitted"))
    expect(result).to_have_class("verify-result failed")
    expect(result).to_have_text(
        "Not verified: the proof does not lead to the signed root: the server's answer is not consistent."
    )
    page.screenshot(path=str(screenshot_dir(tmp_path) / "record-verify-tampered.png"), full_page=True)
    assert problems.all() == []


def test_a_changed_checkpoint_signature_fails(page, login, signed_case, problems):
    def tamper(route: Any) -> None:
        text = route.fetch().text()
        body, _, line = text.rstrip("\n").rpartition("\n")
        dash, name, sig = line.split(" ")
        raw = bytearray(base64.b64decode(sig))
        raw[-1] ^= 1  # one bit of the Ed25519 signature
        line = f"{dash} {name} {base64.b64encode(bytes(raw)).decode()}"
        route.fulfill(body=f"{body}\n{line}\n", content_type="text/plain; charset=utf-8")

    login("pk")
    page.goto(f"/cases/{signed_case['case']}/")
    page.route("**/api/v1/record/tlog-proof?*", tamper)
    result = verify(page, entry_rows(page).filter(has_text="Report filed"))
    expect(result).to_have_class("verify-result failed")
    origin = log_vkey().split("+")[0]
    expect(result).to_have_text(f"Not verified: the checkpoint is not signed by the pinned log key {origin}.")
    assert problems.all() == []


def test_an_entry_after_the_checkpoint_says_so_and_links_its_proof(page, login, signed_case, cast):
    """Entries no checkpoint covers yet have no Verify button; covered ones link their proofs, which the
    page still offers without the script."""
    assert cast.api["qa"].post(f"/api/v1/cases/{signed_case['case']}/investigation").status_code == 200
    login("pk")
    page.goto(f"/cases/{signed_case['case']}/")
    late = entry_rows(page).filter(has_text="Investigation started")
    expect(late).to_contain_text("not yet covered by a signed checkpoint")
    expect(late.get_by_role("button", name="Verify")).to_have_count(0)
    index = Entry.objects.filter(subject=f"case:{signed_case['case']}", type="CaseAdmitted").get().index
    admitted = entry_rows(page).filter(has_text="Case admitted")
    expect(admitted.get_by_role("link", name="proof (JSON)")).to_have_attribute(
        "href", f"/api/v1/record/proof/inclusion?index={index}"
    )
    expect(admitted.get_by_role("link", name="proof file")).to_have_attribute(
        "href", f"/api/v1/record/tlog-proof?index={index}"
    )


def test_the_script_agrees_with_the_published_vectors(page, login, signed_case, problems):
    """verify.js's leaf hash, proof folding and Ed25519 checks, run in the page on the vectors that
    tests/core/record/test_record_vectors.py rebuilds from the Python implementation."""
    login("pk")
    page.goto(f"/cases/{signed_case['case']}/")
    got = page.evaluate(
        """async (v) => {
            const m = await import("/static/truce/verify.js");
            const hex = (s) => Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));
            const leaf = await m.leafHash(new TextEncoder().encode(v.entry.leaf_input));
            const inc = v.tree.inclusion;
            const root = await m.rootFromInclusion(inc.index, inc.size, hex(v.tree.leaf_hashes[inc.index]),
                inc.proof.map(hex));
            const wrong = await m.rootFromInclusion(inc.index, inc.size, hex(v.tree.leaf_hashes[0]),
                inc.proof.map(hex));
            const logKey = await m.parseVkey(v.keys.log.vkey);
            const witness = await m.parseVkey(v.cosignature.witness_vkey);
            const note = m.splitNote(v.checkpoint.signed_by_log + v.cosignature.line);
            const forged = m.splitNote(v.checkpoint.signed_by_log.replace("\\n3\\n", "\\n4\\n"));
            const cosigned = await m.cosigners(note, [witness]);
            return {
                leaf: m.toHex(leaf),
                root: m.toHex(root),
                wrong: m.toHex(wrong),
                signed: await m.logSigned(note, logKey),
                forged: await m.logSigned(forged, logKey),
                cosigners: cosigned.map((c) => [c.name, c.time.getTime() / 1000]),
            };
        }""",
        VECTORS,
    )
    assert got["leaf"] == VECTORS["entry"]["leaf_hash"]
    assert got["root"] == VECTORS["tree"]["roots"]["3"]
    assert got["wrong"] != VECTORS["tree"]["roots"]["3"]
    assert got["signed"] is True
    assert got["forged"] is False
    name = VECTORS["cosignature"]["witness_vkey"].split("+")[0]
    assert got["cosigners"] == [[name, VECTORS["cosignature"]["timestamp"]]]
    assert problems.all() == []


@pytest.fixture
def witnessed_case(cast: Any, tmp_path: Any, settings: Any) -> Iterator[dict[str, Any]]:
    """The same complaint, in an agreement that lists the log key (record_key) and two witnesses serving on
    127.0.0.1 with a quorum of two, both of which cosigned the latest checkpoint.

    The stored agreement text is amended in place (an instance refuses to load a new text under a loaded
    id); registry.parsed reads the text anew because its digest changes."""
    from tests.app.test_record_world import start_witness
    from truce.agreements.models import Agreement
    from truce.record.checkpoints import log_signer
    from truce.record.witnesses import collect_cosignatures

    prepare_home()
    drop_cached_tree()
    origin, vkey = log_signer().name, log_vkey()
    witnesses = [start_witness(tmp_path, f"witness.{p}.example/truce", origin, vkey) for p in ("pk", "qa")]
    settings.TRUCE_WITNESS_URLS = ",".join(f"{w.name}={w.url}" for w in witnesses)
    row = Agreement.objects.get(pk="pak-afg-2025")
    source = row.source.replace('id = "pak-afg-2025"\n', f'id = "pak-afg-2025"\nrecord_key = "{vkey}"\n', 1)
    source = source.replace("[procedure]\n", "[procedure]\nwitness_quorum = 2\n", 1)
    for n, w in enumerate(witnesses):
        source += f'\n[[witness]]\nname = "Witness {n + 1}"\nkey = "{w.vkey}"\n'
    row.source, row.digest = source, hashlib.sha256(source.encode()).hexdigest()
    row.save()
    filed = cast.api["pk"].file_report().json()
    checkpoint = sign_checkpoint_now(force=True)
    assert checkpoint is not None
    collect_cosignatures()
    yield {"case": filed["case"], "size": checkpoint.size, "witnesses": [w.name for w in witnesses]}
    for w in witnesses:
        w.server.shutdown()
        w.server.server_close()
    drop_cached_tree()


def test_cosignatures_are_counted_against_the_agreements_witnesses(page, login, witnessed_case, problems):
    login("pk")
    page.goto(f"/cases/{witnessed_case['case']}/")
    expect(page.locator("#record")).to_contain_text("(the record_key the agreement lists)")
    result = verify(page, entry_rows(page).filter(has_text="Report filed"))
    expect(result).to_have_class("verify-result verified")
    expect(result).to_contain_text(f"Included in the record at size {witnessed_case['size']}")
    expect(result).to_contain_text("Cosigned by 2 of the agreement's witnesses, quorum 2: ")
    for name in witnessed_case["witnesses"]:
        expect(result).to_contain_text(name)
    expect(result).not_to_contain_text("the one this server publishes")

    def drop_one_cosignature(route: Any) -> None:
        text = route.fetch().text()
        route.fulfill(
            body=text[: text.rstrip("\n").rfind("\n") + 1], content_type="text/plain; charset=utf-8"
        )

    page.route("**/api/v1/record/tlog-proof?*", drop_one_cosignature)
    result = verify(page, entry_rows(page).filter(has_text="Report filed"))
    expect(result).to_have_class("verify-result unverified")
    expect(result).to_contain_text("Cosigned by 1 of the agreement's witnesses, quorum 2: ")
    expect(result).to_contain_text("The quorum is not met yet")
    assert problems.all() == []


def test_the_result_is_said_in_the_readers_language_and_calendar(page, login, signed_case, cast, problems):
    # verify.js said most of its failures, and every time, in English and in the Gregorian calendar.
    import datetime as dt

    from django.utils import translation

    from truce.core.extract import calendars
    from truce.web.record_entries import verify_words

    cast.pk.language = "ps"
    cast.pk.save(update_fields=["language"])
    with translation.override("ps"):
        said = verify_words()
    login("pk")
    page.goto(f"/cases/{signed_case['case']}/")
    expect(page.locator("html")).to_have_attribute("lang", "ps")

    def ask(event_type: str) -> Any:
        row = page.locator(f'#record tbody tr[data-type="{event_type}"]')
        row.locator("button.verify").click()
        result = row.locator(".verify-result")
        expect(result).to_have_class(re.compile(r"verify-result (verified|unverified|failed)"))
        return result

    result = ask("ReportFiled")
    expect(result).to_have_class("verify-result verified")
    expect(result).to_contain_text(said["noWitnesses"])
    # The checkpoint's time in the Solar Hijri year, not as an ISO date.
    today = dt.datetime.now(dt.UTC).date()
    expect(result).to_contain_text(str(calendars.gregorian_to_solar_hijri(today)[0]))
    expect(result).not_to_contain_text(today.isoformat())

    def truncate(route: Any) -> None:
        text = route.fetch().text()
        head, _, checkpoint = text.partition("\n\n")
        lines = head.split("\n")
        assert len(lines) > 3, "the proof needs a hash to drop"
        route.fulfill(
            body="\n".join(lines[:-1]) + "\n\n" + checkpoint, content_type="text/plain; charset=utf-8"
        )

    page.route("**/api/v1/record/tlog-proof?*", truncate)
    result = ask("CaseAdmitted")
    expect(result).to_have_class("verify-result failed")
    expect(result).to_have_text(said["notVerified"].replace("{why}", said["proofTooShort"]))
    assert problems.all() == []
