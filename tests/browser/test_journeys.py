"""The main journey of a complaint, through the pages in a real browser, each actor in a browser of their
own: the accused party's liaison replies on the case page; two mediators (one officer of each, each with
their second factor) draft a ruling and sign it, the second signature putting it in force; the penalty the
schedule attaches shows on the party's ledger and the quorum confirms it there; then the pages switch to
Pashto with the language menu, right to left, dates in Solar Hijri with Pashto month names, figures still
left to right. Nothing is logged as a console error or a Content Security Policy violation.

The earlier stages (the complaint, its admission, the request for a reply) are set up through the API;
filing itself is the journey of test_file_on_a_phone.py, the dashboard's filter and map markers that of
test_dashboard_map.py, the record's proofs that of test_record_verify.py.

Screenshots of each step go to $TRUCE_SCREENSHOT_DIR (``make test-browser`` sets build/screenshots), else
to the test's own folder. ``test_readme_screenshots`` makes the twelve committed under docs/screenshots:

    TRUCE_SCREENSHOT_DIR=docs/screenshots .venv/bin/python -m pytest -p no:cacheprovider \\
        tests/browser/test_journeys.py -k readme
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageProblems
from tests.browser.helpers import file_complaint_with_evidence

pytestmark = pytest.mark.browser

LANGUAGE_NAMES = {"en": "English", "ps": "پښتو"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# The Pashto month names of the Solar Hijri year (truce.core.extract.calendars); 2025-10-25 is 3 Aqrab
# (لړم) 1404.
PASHTO_MONTHS = (
    "وری",
    "غویی",
    "غبرګولی",
    "چنګاښ",
    "زمری",
    "وږی",
    "تله",
    "لړم",
    "لیندۍ",
    "مرغومی",
    "سلواغه",
    "کب",
)
# Full-page screenshots of long pages stop here (CSS pixels), so the committed PNGs stay small.
CLIP_HEIGHT = {"desktop": 1600, "phone": 2200}


# The elements that stick out of the screen sideways (outside a region that scrolls on its own).
WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
  const out = [...document.querySelectorAll("body *")].filter((e) => {
    const box = e.getBoundingClientRect();
    const sticksOut = box.right > width + 1 || box.left < -1;
    return box.width && sticksOut && !e.closest(".scroll, .leaflet-container, .skip");
  });
  const named = out.map((e) => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 60)}`);
  return named.slice(0, 5).concat(["scrolls sideways"]);
}"""


def screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TRUCE_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page: Any, path: Path) -> None:
    """The page from its top, as wide as the viewport and at most CLIP_HEIGHT tall, in CSS pixels."""
    width = page.viewport_size["width"]
    height = page.evaluate("document.documentElement.scrollHeight")
    limit = CLIP_HEIGHT["phone" if width < 600 else "desktop"]
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, limit)}
    page.screenshot(path=str(path), full_page=True, clip=clip, scale="css", animations="disabled")


@pytest.fixture
def actors(browser: Any, live_server: Any, cast: Any, problems: PageProblems) -> Iterator[Any]:
    """``actors("qa")``: a browser context of its own for a member of the cast, logged in through the
    log-in form (and the second-factor page for mediators), watched for console errors and CSP
    violations; ``viewport`` as given (desktop by default)."""
    from tests.app.story import PASSWORD, totp_code
    from truce.accounts.actions import needs_second_factor

    contexts: list[Any] = []

    def open_as(name: str, viewport: dict[str, int] = DESKTOP) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()

        def on_console(msg: Any) -> None:
            if msg.type == "error":
                csp = "Content Security Policy" in msg.text
                (problems.csp_violations if csp else problems.console_errors).append(
                    f"{name} {page.url}: {msg.text}"
                )

        page.on("console", on_console)
        page.on("pageerror", lambda exc: problems.page_errors.append(f"{name} {page.url}: {exc}"))
        page.goto("/login/")
        page.get_by_label("User name", exact=True).fill(name)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        if needs_second_factor(cast.users[name]):
            page.wait_for_url("**/account/second-factor/**")
            page.get_by_label("Code", exact=True).fill(totp_code(cast.users[name]))
            page.get_by_role("button", name="Verify").click()
        page.wait_for_url(lambda url: urlparse(url).path == "/")
        return page

    try:
        yield open_as
    finally:
        for context in contexts:
            context.close()


def case_in_reply_window(cast: Any) -> dict[str, int]:
    """Pakistan's complaint against Afghanistan with a protected photograph, admitted, a monitor
    assigned, and Afghanistan asked to reply (through the API: the stages before the journey)."""
    complaint = file_complaint_with_evidence(cast)
    qa, case = cast.api["qa"], complaint["case"]
    for path, body in ((f"/api/v1/cases/{case}/admit", None),
                       (f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"}),
                       (f"/api/v1/cases/{case}/reply-request", None)):  # fmt: skip
        answer = qa.post(path, body)
        assert answer.status_code < 300, answer.content
    return complaint


def reply_rule_and_confirm(actors: Any, cast: Any, complaint: dict[str, int], shots: Path) -> None:
    """The journey from the reply to the confirmed penalty; pages left open are closed by ``actors``."""
    case_url = f"/cases/{complaint['case']}/"

    # The accused party's liaison replies through the case page.
    af = actors("af")
    af.goto(case_url)
    expect(af.get_by_role("heading", name="Your reply", exact=True)).to_be_visible()
    af.get_by_label("Your party's account of the incident", exact=True).fill(
        "Our border forces fired no rounds that night; the post was hit by fire from the other side."
    )
    af.get_by_role("button", name="Send the reply").click()
    expect(af.get_by_role("status").first).to_contain_text("Reply submitted.")
    replies = af.locator("article.reply")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text("fired no rounds that night")
    expect(af.get_by_role("heading", name="Your reply", exact=True)).to_have_count(0)  # one reply per party
    shoot(af, shots / "journey-1-reply-af.png")

    # The first mediator's officer drafts the ruling and signs it: not yet in force.
    qa = actors("qa")
    qa.goto(case_url)
    expect(qa.locator("article.reply")).to_contain_text("fired no rounds that night")
    qa.locator("summary").get_by_text("Draft a ruling", exact=True).click()
    qa.get_by_label("Finding", exact=True).select_option("violation")
    qa.get_by_label("Commitment breached", exact=True).select_option("C1")
    qa.get_by_label("Party responsible (its commitment was breached)", exact=True).select_option("AF")
    qa.get_by_label("Who carried it out (may differ from the party responsible)", exact=True).fill(
        "Afghan border forces"
    )
    qa.get_by_label("How sure the finding is", exact=True).select_option("fair")
    qa.get_by_label("Reasons", exact=True).fill(
        "The monitors' findings match the complaint; the reply does not explain the crater."
    )
    qa.get_by_role("button", name="Draft the ruling").click()
    expect(qa.get_by_role("status").first).to_contain_text("Ruling R1 drafted")
    ruling = qa.locator("article.ruling")
    expect(ruling).to_have_count(1)
    expect(ruling).to_contain_text("Afghan border forces")
    qa.get_by_role("button", name="Sign ruling R1").click()
    expect(qa.get_by_role("status").first).to_contain_text("Signed. Ruling R1")
    expect(ruling).not_to_have_class(re.compile(r"ruling-in_force"))
    expect(ruling.locator("dl.facts")).to_contain_text("QA")
    expect(qa.get_by_role("button", name="Sign ruling R1")).to_have_count(0)  # signed once
    shoot(qa, shots / "journey-2-ruling-signed-once-qa.png")

    # The second mediator's officer signs: the quorum (one officer of each mediator) puts it in force.
    tr = actors("tr")
    tr.goto(case_url)
    tr.get_by_role("button", name="Sign ruling R1").click()
    expect(tr.get_by_role("status").first).to_contain_text("Signed. Ruling R1")
    ruling = tr.locator("article.ruling")
    expect(ruling).to_have_class(re.compile(r"\bruling-in_force\b"))
    expect(ruling.locator("dl.facts")).to_contain_text("In force since")
    expect(ruling.locator("dl.facts")).to_contain_text("TR")
    shoot(tr, shots / "journey-3-ruling-in-force-tr.png")

    # The schedule's penalty is proposed on Afghanistan's ledger; one officer of each mediator confirms it.
    ledger_url = "/ledger/pak-afg-2025/AF/"
    tr.goto(ledger_url)
    expect(tr.locator("table").first).to_be_visible()
    violations = tr.locator("table").nth(1)
    expect(violations).to_contain_text("C1")
    penalty = tr.locator("article.penalty")
    expect(penalty).to_have_count(1)
    expect(penalty).to_have_class(re.compile(r"\bpenalty-proposed\b"))
    expect(penalty).to_contain_text("Formal warning to the party")
    penalty.get_by_label("Why you confirm or decline this penalty", exact=True).fill(
        "The ruling is in force; the rule applies."
    )
    penalty.get_by_role("button", name="Confirm the penalty").click()
    expect(tr.get_by_role("status").first).to_contain_text("awaits one officer of each mediator")
    penalty = tr.locator("article.penalty")
    expect(penalty).to_have_class(re.compile(r"\bpenalty-proposed\b"))
    expect(penalty).to_contain_text("confirmed so far by TR")

    qa.goto(ledger_url)
    penalty = qa.locator("article.penalty")
    penalty.get_by_label("Why you confirm or decline this penalty", exact=True).fill("Agreed.")
    penalty.get_by_role("button", name="Confirm the penalty").click()
    expect(qa.get_by_role("status").first).to_contain_text("Penalty pak-afg-2025/P1: Confirmed.")
    penalty = qa.locator("article.penalty")
    expect(penalty).to_have_class(re.compile(r"\bpenalty-confirmed\b"))
    expect(penalty.get_by_role("button")).to_have_count(0)
    shoot(qa, shots / "journey-4-penalty-confirmed-qa.png")

    # The party sees it on its own ledger, from its menu.
    af.get_by_role("link", name="Ledger", exact=True).click()
    expect(af).to_have_url(re.compile(r"/ledger/pak-afg-2025/AF/$"))
    penalty = af.locator("article.penalty")
    expect(penalty).to_have_class(re.compile(r"\bpenalty-confirmed\b"))
    expect(penalty).to_contain_text("Formal warning to the party")
    expect(af.locator("table.totals")).to_contain_text("Points")
    shoot(af, shots / "journey-5-ledger-af.png")


def test_reply_rule_sign_and_confirm_the_penalty_then_read_it_in_pashto(actors, cast, problems, tmp_path):
    shots = screenshot_dir(tmp_path)
    complaint = case_in_reply_window(cast)
    reply_rule_and_confirm(actors, cast, complaint, shots)

    # The filing party switches the interface to Pashto with the language menu.
    pk = actors("pk")
    pk.goto(f"/cases/{complaint['case']}/")
    pk.locator("form.languages").get_by_role("button", name="پښتو").click()
    html = pk.locator("html")
    expect(html).to_have_attribute("lang", "ps")
    expect(html).to_have_attribute("dir", "rtl")
    expect(pk).to_have_url(re.compile(rf"/cases/{complaint['case']}/$"))  # back on the same page

    # The main navigation runs right to left: each item starts left of the one before it.
    items = pk.locator("header nav li")
    boxes = [items.nth(i).bounding_box() for i in range(items.count())]
    assert len(boxes) >= 4 and all(boxes)
    rights = [box["x"] + box["width"] for box in boxes if box]
    assert rights == sorted(rights, reverse=True), rights
    brand, nav = pk.locator("header .brand").bounding_box(), pk.locator("header nav").bounding_box()
    assert brand and nav and brand["x"] > nav["x"], (brand, nav)  # the brand on the right

    # Dates in Solar Hijri with Pashto month names (the Gregorian day in the title); figures left to right.
    day = pk.locator('section.report time[datetime="2025-10-25"]').first
    expect(day).to_have_text(re.compile(r"^3 لړم 1404$"))
    expect(day).to_have_attribute("title", "2025-10-25")
    opened = pk.locator("dl.facts time.when").first
    assert any(month in opened.inner_text() for month in PASHTO_MONTHS), opened.inner_text()
    parts = day.locator("bdi")
    assert [parts.nth(i).get_attribute("dir") for i in range(2)] == ["ltr", "ltr"]
    first, last = parts.nth(0).bounding_box(), parts.nth(1).bounding_box()
    assert first and last and first["x"] > last["x"]  # the day rightmost, the year leftmost, as Pashto reads
    reference = pk.get_by_role("heading", level=1).locator(".figure")
    expect(reference).to_have_text("pak-afg-2025/0001")
    assert reference.evaluate("e => getComputedStyle(e).direction") == "ltr"
    toll = pk.locator("section.report .toll .figure")
    expect(toll.first).to_be_visible()
    xs = [toll.nth(i).bounding_box()["x"] for i in range(toll.count())]
    assert xs == sorted(xs), xs  # low, best, high still read left to right
    expect(pk.get_by_role("heading", level=2).first).not_to_have_text("Rulings")  # translated
    shoot(pk, screenshot_dir(tmp_path) / "journey-6-case-ps-pk.png")

    assert problems.all() == [], problems.all()


def test_readme_screenshots(actors, cast, problems, tmp_path, live_server):
    """The dashboard, a case page (reports, reply, ruling in force) and the filing form, in English and
    in Pashto, at desktop and phone widths: the twelve PNGs in docs/screenshots and the README."""
    from tests.app.story import incident

    shots = screenshot_dir(tmp_path)
    complaint = case_in_reply_window(cast)
    # A second complaint, the other way, so the dashboard's map and list show both sides.
    against_pk = incident(
        accused_party="PK",
        title="Drone strike on a village near Spin Boldak",
        sub_event_type="Air/drone strike",
        date="2025-10-27",
        location={"name": "Spin Boldak", "country": "AF", "lat": 31.0058, "lon": 66.3997},
    )
    assert cast.api["af"].file_report(incident=against_pk).status_code == 201
    # The reply and the ruling in force through the API: the journey test drives them through the pages.
    case, api = complaint["case"], cast.api
    reply = {
        "text": "Our border forces fired no rounds that night; the post was hit by fire from the other side."
    }
    assert api["af"].post(f"/api/v1/cases/{case}/replies", reply).status_code < 300
    ruling = {
        "outcome": "violation",
        "commitment": "C1",
        "responsible_party": "AF",
        "perpetrator": "Afghan border forces",
        "confidence": "fair",
        "reasons": "The monitors' findings match the complaint; the reply does not explain the crater.",
    }
    drafted = api["qa"].post(f"/api/v1/cases/{case}/rulings", ruling)
    assert drafted.status_code < 300, drafted.content
    for mediator in ("qa", "tr"):
        signed = api[mediator].post(f"/api/v1/rulings/{drafted.json()['id']}/signatures")
        assert signed.status_code < 300, signed.content

    pages = {"dashboard": "/", "case-page": f"/cases/{complaint['case']}/", "filing-form": "/reports/new/"}
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        pk = actors("pk", viewport)
        for language in ("en", "ps"):
            # With the menu, each time: the choice is the user's, remembered across browsers.
            pk.locator("form.languages").get_by_role("button", name=LANGUAGE_NAMES[language]).click()
            expect(pk.locator("html")).to_have_attribute("lang", language)
            for name, url in pages.items():
                pk.goto(url)
                if name == "dashboard":
                    expect(pk.locator(".leaflet-marker-icon").first).to_be_visible()
                    pk.wait_for_timeout(300)  # the base map's shapes settle after the markers
                if name == "filing-form":
                    expect(pk.locator("#place-map path").first).to_be_attached()
                shoot(pk, shots / f"{name}-{language}-{width}.png")
                assert pk.evaluate(WIDER_THAN_THE_SCREEN) == [], (
                    name,
                    language,
                    width,
                )  # nothing scrolls sideways
    assert problems.all() == [], problems.all()
