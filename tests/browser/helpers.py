"""Steps several browser tests share: finding a control by its label, filling the report form."""

from __future__ import annotations

import re
from typing import Any


def field(page: Any, label: str) -> Any:
    """The control whose label is exactly ``label`` (a required field's label ends in an asterisk)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def fill_complaint(
    page: Any,
    *,
    title: str = "Mortar fire on a border post near Chaman",
    date: str = "2025-10-25",
    lat: str = "30.921",
    fresh: bool = True,
) -> None:
    """Fill the report form with a valid complaint by Pakistan; ``fresh=False`` fills the form on screen."""
    if fresh:
        page.goto("/reports/new/")
    field(page, "Title").fill(title)
    field(page, "Type of incident").select_option("Shelling/artillery/missile attack")
    field(page, "What happened, in full").fill("Three rounds landed beside the northern post at dawn.")
    field(page, "Day").fill(date)
    field(page, "Place name").fill("Chaman")
    field(page, "Province or region").fill("Balochistan")
    field(page, "Country").fill("PK")
    field(page, "Latitude").fill(lat)
    field(page, "Longitude").fill("66.4597")
    page.locator("#id_actor-0-name").fill("Afghan border forces")
    page.locator("#id_actor-0-type").select_option("State forces")
    page.locator("#id_actor-0-role").select_option("perpetrator")
    field(page, "Deaths — best estimate").fill("2")
    field(page, "Party accused").select_option("AF")
    page.get_by_label(re.compile(r"\bC1 — ")).check()


PHOTO = b"\xff\xd8\xff\xe0 a photograph of the crater beside the northern post"


def file_complaint_with_evidence(cast: Any) -> dict[str, int]:
    """Pakistan's complaint against Afghanistan (through the API) with a protected-source photograph."""
    filed = cast.api["pk"].file_report().json()
    source = {"obtained_from": "Commander of the northern post", "source_protected": "true"}
    cast.api["pk"].add_file(filed["id"], PHOTO, name="crater.jpg", obtained_how="Phone camera", **source)
    return {"report": filed["id"], "case": filed["case"]}


def tour(complaint: dict[str, int], role: str) -> list[str]:
    """The pages ``role`` may open in the story of one complaint: both parties and the mediators see the
    complaint; a monitor not assigned to its case, the observer and the operator see only the lists."""
    pages = ["/cases/", "/reports/", "/inbox/", "/record/"]
    if role in {"pk", "af", "qa", "tr"}:
        pages += [f"/cases/{complaint['case']}/", f"/reports/{complaint['report']}/"]
    if role in {"pk", "af", "monitor"}:
        pages.append("/reports/new/")
    if role in {"pk", "af", "qa", "tr", "monitor"}:
        pages.append("/meetings/")
    if role in {"qa", "tr", "monitor"}:
        pages.append("/leads/")
    if role in {"qa", "tr", "af"}:
        pages.append("/ledger/pak-afg-2025/AF/")
    pages.append("/account/tokens/")
    if role == "admin":
        pages += ["/account/users/", "/account/failed-logins/"]
    return pages


def scene(cast: Any) -> dict[str, int]:
    """Everything the main pages show, for the page-by-page checks (tests/browser/test_wcag.py,
    test_layout.py, test_keyboard.py): Pakistan's complaint against Afghanistan with a protected-source
    photograph, Afghanistan's against Pakistan, a meeting with the first on its agenda, and a lead from
    the demo's two articles on the Chaman shelling."""
    from tests.app.story import incident, ingest_demo_articles
    from truce.sources.models import Lead

    complaint = file_complaint_with_evidence(cast)
    # Afghanistan's complaint a few kilometres away: on the dashboard's map the two make a cluster.
    against_pk = incident(
        accused_party="PK",
        title="Shelling of Spin Boldak",
        location={"name": "Spin Boldak", "country": "AF", "lat": 31.0058, "lon": 66.3997},
    )
    assert cast.api["af"].file_report(incident=against_pk).status_code == 201
    body = {
        "agreement": "pak-afg-2025",
        "kind": "joint_commission",
        "scheduled_for": "2025-11-06T10:00:00+03:00",
        "place": "Istanbul",
        "title": "First session",
    }
    meeting = cast.api["qa"].post("/api/v1/meetings", body)
    assert meeting.status_code == 201, meeting.content
    meeting_id = meeting.json()["id"]
    agenda = cast.api["qa"].post(f"/api/v1/meetings/{meeting_id}/agenda", {"case": complaint["case"]})
    assert agenda.status_code == 201, agenda.content
    ingest_demo_articles()
    return {**complaint, "meeting": meeting_id, "lead": Lead.objects.get().pk, "pk_user": cast.pk.pk}


def main_pages(ids: dict[str, int]) -> dict[str | None, list[str]]:
    """The main pages by who opens them (None: nobody logged in), as given by ``scene``: each page for
    every role that sees it, the case page both for a mediator and for the accused party."""
    case, report = f"/cases/{ids['case']}/", f"/reports/{ids['report']}/"
    meeting, lead = f"/meetings/{ids['meeting']}/", f"/leads/{ids['lead']}/"
    ledger = "/ledger/pak-afg-2025/AF/"
    return {
        None: [
            "/login/",
            "/password-reset/",
            "/password-reset/sent/",
            "/password-reset/done/",
            "/password-reset/MQ/no-such-token/",
            "/no-such-page/",
        ],
        "pk": ["/", "/cases/", case, "/reports/", "/reports/new/", report, "/inbox/", "/meetings/", meeting,
               f"{meeting}dossier/", "/record/", "/account/tokens/"],
        "af": ["/", case, report, "/inbox/", ledger],
        "qa": ["/", "/cases/", case, report, "/inbox/", ledger, "/meetings/", "/meetings/new/", meeting,
               f"{meeting}dossier/", "/leads/", lead, "/record/"],
        "monitor": ["/", "/cases/", "/reports/new/", "/leads/", lead, "/meetings/"],
        "observer": ["/", "/cases/", "/record/"],
        "admin": ["/", "/account/users/", "/account/failed-logins/", "/account/tokens/",
                  f"/account/users/{ids['pk_user']}/tokens/"],
        # A mediator who has given the password and not yet the authenticator's code.
        "qa password-only": ["/account/second-factor/"],
    }  # fmt: skip


def open_as(
    browser: Any, base_url: str, user: Any, *, second_factor: bool = True, **context_options: Any
) -> Any:
    """A page in a fresh browser context, logged in as ``user`` (with every factor the role needs, or
    the password alone when ``second_factor`` is false) by the session cookie of a test client, or
    nobody when ``user`` is None; the context's options (viewport, locale, headers) as given. Close it
    with ``page.context.close()``."""
    from django.test import Client

    from tests.app.story import signed_in

    context = browser.new_context(base_url=base_url, **context_options)
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        if second_factor:
            signed_in(user, client)
        else:
            client.force_login(user)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])
    return context.new_page()
