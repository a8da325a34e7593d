"""WCAG 2.2 AA, as axe-core checks it, on every main page for every role that sees it: in English and
right to left (Arabic, whether or not its catalogue is translated yet), on a desktop and at 360 × 740.

axe-core is a test-only asset (tests/browser/vendor, written by `make vendor` from the pinned npm
package, see docs/third-party.md), never served. It is added to each page as an init script, which the
browser runs outside the page's Content-Security-Policy, so the strict policy is kept as users get it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import main_pages, open_as, scene

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"desktop": {"width": 1280, "height": 800}, "360px": {"width": 360, "height": 740}}
LANGUAGES = {"en": "ltr", "ar": "rtl"}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.flatMap(v => v.nodes.map(n => ({
    rule: v.id, impact: v.impact, help: v.help, target: n.target.join(' '), html: n.html,
    why: n.failureSummary})));
}"""


def violations(page, tags=TAGS):
    """axe's violations on the page as it stands, one line each: rule, target and the failing node's HTML."""
    found = page.evaluate(RUN_AXE, tags)
    return [
        f"{v['rule']} ({v['impact']}: {v['help']}) at {v['target']}\n"
        f"      {v['html'][:300]}\n      {v['why']}"
        for v in found
    ]


def test_axe_finds_a_planted_violation(page, login):
    """The check can fail: an image without a text alternative and grey-on-white text are caught."""
    page.context.add_init_script(path=str(AXE))
    login("pk")
    page.goto("/cases/")
    page.evaluate(
        """() => { const main = document.querySelector('main');
                   const img = document.createElement('img'); img.src = '/static/truce/favicon.svg';
                   const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#bbb';
                   main.append(img, p); }"""
    )
    rules = {line.split(" ", 1)[0] for line in violations(page)}
    assert {"image-alt", "color-contrast"} <= rules, rules


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_main_page_has_no_wcag_violation(browser, live_server, cast, language, size):
    ids = scene(cast)
    problems = []
    for role, urls in main_pages(ids).items():
        name, _, how = (role or "").partition(" ")
        user = cast.users[name] if name else None
        page = open_as(
            browser, live_server.url, user, second_factor=how != "password-only",
            viewport=SIZES[size], locale=language, extra_http_headers={"Accept-Language": language},
        )  # fmt: skip
        page.context.add_init_script(path=str(AXE))
        try:
            for url in urls:
                response = page.goto(url)
                expected = 404 if url == "/no-such-page/" else 200
                assert response.status == expected, f"{role} {url}: {response.status}"
                assert page.locator("html").get_attribute("dir") == LANGUAGES[language], url
                problems += [f"{role or 'anonymous'} {url}: {line}" for line in violations(page)]
        finally:
            page.context.close()
    assert not problems, f"{len(problems)} WCAG violations ({language}, {size}):\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_case_pages_record_entries_in_pages_have_no_wcag_violation_and_fit_360_px(
    browser, live_server, cast, language, monkeypatch
):
    """The case page with its record entries in several pages (one to a page here): the page links are a
    named landmark, pass axe and do not make the page scroll sideways on a phone."""
    from truce.web import record_entries

    monkeypatch.setattr(record_entries, "ENTRIES_PER_PAGE", 1)
    ids = scene(cast)
    page = open_as(
        browser, live_server.url, cast.qa, viewport=SIZES["360px"], locale=language,
        extra_http_headers={"Accept-Language": language},
    )  # fmt: skip
    try:
        page.context.add_init_script(path=str(AXE))
        assert page.goto(f"/cases/{ids['case']}/?entries=2").status == 200
        links = page.locator("#record nav.pages")
        assert links.count() == 1 and links.locator("a[rel=prev]").count() == 1
        assert violations(page) == []
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        page.context.close()
