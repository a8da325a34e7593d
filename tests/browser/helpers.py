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
