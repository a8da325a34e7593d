"""The lead pages: list and lead (sources and figures side by side) for mediators and monitors, the
accept and dismiss forms, and 404 for everyone else."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.app.story import ingest_demo_articles, signed_in
from truce.cli import main
from truce.core import clock
from truce.demo import ARTICLES as DEMO_ARTICLES
from truce.sources.models import Lead, LeadStatus

ARTICLES = DEMO_ARTICLES


def browser(user):
    return signed_in(user)


@pytest.fixture
def lead(cast):
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        assert (
            main(["ingest", "--agreement", "pak-afg-2025", "--published", "2025-10-29", str(ARTICLES)]) == 0
        )
        yield Lead.objects.get()


@pytest.mark.parametrize("who", ["qa", "monitor"])
def test_triagers_see_the_list_and_each_sources_figures_side_by_side(cast, lead, who):
    client = browser(cast.users[who])
    home = client.get("/cases/").content.decode()
    assert 'href="/leads/"' in home
    listing = client.get("/leads/").content.decode()
    assert f'href="/leads/{lead.pk}/"' in listing and "Chaman" in listing
    page = client.get(f"/leads/{lead.pk}/").content.decode()
    # The folder is read in name order: the wire copy comes first, so the other is its duplicate.
    assert "file:chaman-frontier-post-wire.txt" in page and "Quetta Evening Ledger" in page
    shown = re.sub(r"<[^>]+>", "", page)  # the figures are isolates: read the text without the markup
    assert "6 / 6 / 6" in shown and "9 / 9 / open" in shown  # each source's own toll
    assert "6 / 6 / open" in shown  # and the range across them
    assert '<span dir="ltr" class="toll"><bdi class="figure">9</bdi> / <bdi class="figure">9</bdi>' in page
    assert "Accept into a case" in page and "Dismiss" in page


@pytest.mark.parametrize("who", ["pk", "af", "observer", "admin", "outsider"])
def test_everyone_else_gets_404_and_no_link(cast, lead, who):
    client = browser(cast.users[who])
    assert 'href="/leads/"' not in client.get("/cases/").content.decode()
    assert client.get("/leads/").status_code == 404
    assert client.get(f"/leads/{lead.pk}/").status_code == 404
    assert client.post(f"/leads/{lead.pk}/dismiss/", {"reason": "no"}).status_code == 404
    assert client.post(f"/leads/{lead.pk}/accept/", {}).status_code == 404
    assert Lead.objects.get().status == LeadStatus.OPEN


def test_the_dismiss_form_asks_for_a_reason_then_dismisses(cast, lead):
    client = browser(cast.qa)
    response = client.post(f"/leads/{lead.pk}/dismiss/", {"reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    response = client.post(
        f"/leads/{lead.pk}/dismiss/", {"reason": "Same incident as case 3, already verified."}
    )
    assert response.status_code == 302
    page = client.get(f"/leads/{lead.pk}/").content.decode()
    assert "Same incident as case 3" in page and "Accept into a case" not in page


def test_the_accept_form_files_the_lead_into_a_case(cast, lead):
    client = browser(cast.monitor)
    response = client.post(
        f"/leads/{lead.pk}/accept/", {"commitments": ["C1"], "title": "Shelling at Chaman"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lead.refresh_from_db()
    assert lead.status == LeadStatus.ACCEPTED and lead.report.title == "Shelling at Chaman"
    assert lead.report.commitments == ["C1"]
    page = client.get(f"/leads/{lead.pk}/").content.decode()
    assert f'href="/cases/{lead.case_id}/"' in page


def test_a_bad_accept_shows_the_problem_on_the_form(cast, lead):
    client = browser(cast.qa)
    response = client.post(f"/leads/{lead.pk}/accept/", {"date": "2025-10-01"})  # before the ceasefire
    assert response.status_code == 400
    assert "before the agreement came into force" in response.content.decode()
    assert Lead.objects.get().status == LeadStatus.OPEN


def test_an_accepted_leads_page_links_its_case_and_no_longer_says_no_open_case(cast):
    """Finding: after acceptance the page still said "no open case" beside the link to the case it opened."""
    ingest_demo_articles()
    lead = Lead.objects.get()
    client = signed_in(cast.monitor)
    assert "no open case" in client.get(f"/leads/{lead.pk}/").content.decode()
    accepted = cast.api["monitor"].post(f"/api/v1/leads/{lead.pk}/accept", {"commitments": ["C1"]}).json()
    page = client.get(f"/leads/{lead.pk}/").content.decode()
    assert "no open case" not in page and f'href="/cases/{accepted["case"]}/"' in page


def test_a_lead_at_a_border_crossing_carries_its_district_to_the_api_and_the_page(cast, tmp_path):
    article = tmp_path / "ghulam-khan.txt"
    article.write_text(
        "Shelling at Ghulam Khan\n\nArtillery shells hit the Ghulam Khan crossing in North Waziristan on"
        " Tuesday, killing two soldiers, officials said.\n",
        encoding="utf-8",
    )
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        assert main(["ingest", "--agreement", "pak-afg-2025", "--published", "2025-10-29", str(article)]) == 0
    lead = Lead.objects.get()
    assert (lead.place, lead.admin1, lead.admin2) == ("Ghulam Khan", "Khyber Pakhtunkhwa", "North Waziristan")
    listed = cast.api["monitor"].get("/api/v1/leads").json()
    assert [item["location"]["admin2"] for item in listed] == ["North Waziristan"]
    page = browser(cast.users["monitor"]).get(f"/leads/{lead.pk}/").content.decode()
    assert "North Waziristan" in re.sub(r"<[^>]+>", "", page)
