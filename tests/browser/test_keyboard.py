"""The keyboard alone: on the dashboard and the case page, Tab reaches every control in the order the page
reads, each shows where the focus is, and the map's markers have a keyboard alternative, the incident list.

And without JavaScript: the dashboard lists the incidents where the map would be, and a complaint is filed
through the plain form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import fill_complaint, open_as, scene

pytestmark = pytest.mark.browser

# Every element a Tab can reach, in document order, numbered (data-kb) so the walk can name them; of a
# group of radio buttons only the checked one (or the first) is a Tab stop.
TAB_STOPS = """() => {
  const candidates = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')];
  const seen = new Set();
  return candidates.filter(el => {
    if (el.disabled || el.tabIndex < 0 || !el.checkVisibility({visibilityProperty: true})) return false;
    if (el.type === 'radio') {
      const group = el.form
        ? [...el.form.elements].filter(r => r.type === 'radio' && r.name === el.name) : [el];
      const stop = group.find(r => r.checked) || group[0];
      if (stop !== el || seen.has(el.name)) return false;
      seen.add(el.name);
    }
    return true;
  }).map((el, i) => { el.dataset.kb = String(i); return i; });
}"""

# Where the focus is now and whether it can be seen: an outline (Chromium's own ring or ours) or a shadow.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {kb: el.dataset.kb ?? null, visible: outline || style.boxShadow !== 'none',
          html: el.outerHTML.slice(0, 120)};
}"""


def settle(page):
    """Wait until the map has its base map and has stopped moving: the cluster plugin redraws its icons
    (new elements) when the view changes."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)


def walk(page):
    """Tab from the top of the page to its last stop: what was focused, in order, and what showed no focus."""
    stops = page.evaluate(TAB_STOPS)
    assert stops, "nothing to reach"
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.locator("body").focus()
    order, unseen = [], []
    # A date field takes several Tabs (day, month, year, its calendar button) on the same element.
    for _ in range(4 * len(stops) + 5):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if order and now["kb"] is not None and int(now["kb"]) == order[-1]:
            continue
        if now["kb"] is None or (order and int(now["kb"]) < order[-1]):
            break
        order.append(int(now["kb"]))
        if not now["visible"]:
            unseen.append(now["html"])
    return stops, order, unseen


@pytest.mark.parametrize(
    "who,where", [("pk", "dashboard"), ("qa", "case"), ("af", "case"), ("qa", "dashboard")]
)
def test_tab_reaches_every_control_in_reading_order_with_visible_focus(
    browser, live_server, cast, who, where
):
    ids = scene(cast)
    page = open_as(browser, live_server.url, cast.users[who], locale="en-GB")
    try:
        url = "/" if where == "dashboard" else f"/cases/{ids['case']}/"
        page.goto(url)
        if where == "dashboard":
            # The map has drawn its markers (Leaflet's own focusable elements count as stops too).
            expect(page.locator("#map .leaflet-marker-icon, #map .marker-cluster").first).to_be_visible()
            settle(page)
        stops, order, unseen = walk(page)
        assert order == stops, f"{url}: Tab visited {order}, the page's stops in reading order are {stops}"
        assert unseen == [], f"{url}: focus not visible on {unseen}"
        first = page.evaluate("() => document.querySelector('[data-kb=\"0\"]').textContent")
        assert first.strip() == "Skip to content"
    finally:
        page.context.close()


def test_each_marker_on_the_map_has_its_case_in_the_list_tab_reaches(browser, live_server, cast):
    ids = scene(cast)
    page = open_as(browser, live_server.url, cast.users["qa"], locale="en-GB")
    try:
        page.goto("/")
        settle(page)
        listed = page.locator(".incident-list a")
        assert listed.count() == 2
        references = {link.inner_text().strip() for link in listed.all()}
        # Zoomed out, the two incidents make one cluster, a button whose name says what it is.
        cluster = page.locator("#map .marker-cluster")
        expect(cluster).to_have_count(1)
        expect(cluster).to_have_accessible_name("Incidents here: 2. Zoom in to see them.")
        expect(cluster).to_have_attribute("tabindex", "0")
        # Enter on it zooms in to its markers; each (its title begins with the case reference) is a case
        # the list links to.
        cluster.focus()
        page.keyboard.press("Enter")
        markers = page.locator("#map .leaflet-marker-icon:not(.marker-cluster)")
        expect(markers).to_have_count(2)
        settle(page)
        titles = [m.get_attribute("title") or "" for m in markers.all()]
        assert sorted(t.split(" — ")[0] for t in titles) == sorted(references), titles
        # Each listed case is a Tab stop: a keyboard user reaches every incident the markers show.
        _, order, _ = walk(page)
        reached = page.evaluate(
            '(kb) => kb.map(i => document.querySelector(`[data-kb="${i}"]`)).filter(el =>'
            " el.closest('.incident-list')).map(el => el.getAttribute('href'))",
            order,
        )
        assert set(reached) == {link.get_attribute("href") for link in listed.all()}
        assert f"/cases/{ids['case']}/" in reached
    finally:
        page.context.close()


def test_without_javascript_the_dashboard_lists_incidents_and_a_complaint_is_filed(
    browser, live_server, cast
):
    ids = scene(cast)
    page = open_as(browser, live_server.url, cast.users["pk"], locale="en-GB", java_script_enabled=False)
    try:
        page.goto("/")
        expect(page.locator("#map")).to_be_hidden()
        incidents = page.get_by_role("heading", name="Incidents", exact=True)
        expect(incidents).to_be_visible()
        expect(page.locator(f".incident-list a[href='/cases/{ids['case']}/']")).to_be_visible()

        fill_complaint(page, title="Rockets on the Chaman gate, no script")
        page.get_by_role("button", name="File the report").click()
        page.wait_for_url(re.compile(r"/reports/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Rockets on the Chaman gate, no script")
    finally:
        page.context.close()
