"""Which lead a report joins, and the date a lead gives: a report joins a lead only when it fits the lead as
a whole, so an undated source never lets in a report of another day; a lead whose sources' days disagree
says so instead of quietly keeping one of them. The articles are written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from truce.cli import main
from truce.core import clock
from truce.sources.models import Lead, LeadSource

SHELLING = "Shelling/artillery/missile attack"


def article(headline: str, *body: str) -> str:
    return f"{headline}\n\n{''.join(body)}"


# Tuesday night near Chaman; no day of publication given, so the extractor resolves no date.
UNDATED = article(
    "Four soldiers killed as mortar fire hits Chaman border posts",
    "Four soldiers were killed when mortar shells landed on two border posts near Chaman on "
    "Tuesday night, a military spokesman said. The shelling went on for about an hour, the "
    "spokesman told reporters at the district headquarters.\n",
)
# Published 29 October: "on Tuesday" is 28 October.
HOSPITAL = article(
    "Seven soldiers dead in Chaman shelling, hospital says",
    "Seven soldiers were killed when shells landed on border posts near Chaman on Tuesday, "
    "doctors at the district hospital said. Ambulances carried the wounded through the night, and "
    "the crossing into Afghanistan stayed closed while officials assessed the posts.\n",
)
# Published 16 October: "on Tuesday" is 14 October, two weeks before, with other victims.
VILLAGE = article(
    "Shelling near Chaman kills three civilians",
    "Three civilians were killed when shells hit a village near Chaman on Tuesday, relatives of "
    "the dead said. Families who lived near the border fled to the town, and the village school "
    "was shut for the rest of the week, a teacher said.\n",
)
# Published 29 October: the same Tuesday, far from Chaman.
TORKHAM = article(
    "Mortar fire kills two soldiers at Torkham",
    "Two soldiers were killed when mortar shells struck a checkpoint near Torkham on Tuesday, a "
    "security official said. Traders waiting at the crossing said they heard several explosions "
    "before the gates were shut for the rest of the day.\n",
)
# No day at all, and no figure: it fits any Chaman shelling.
ELDER = article(
    "Border post shelled near Chaman",
    "Shells landed on a border post near Chaman, an elder from a nearby village said. He said the "
    "shelling started after dark and that residents of nearby villages stayed indoors until "
    "morning, fearing more fire.\n",
)


@pytest.fixture
def now():
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)) as frozen:
        yield frozen


def ingest(tmp_path: Path, name: str, text: str, published: str | None = None) -> int:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    day = ["--published", published] if published else []
    return main(["ingest", "--agreement", "pak-afg-2025", *day, str(path)])


def shelling_leads() -> list[Lead]:
    return list(Lead.objects.filter(sub_event_type=SHELLING).order_by("id"))


def outlets(lead: Lead) -> set[str]:
    return {s.article.outlet for s in lead.sources.select_related("article")}


def test_a_report_of_another_day_does_not_join_through_an_undated_source(cast, now, tmp_path, capsys):
    assert ingest(tmp_path, "undated", UNDATED) == 0
    assert ingest(tmp_path, "hospital", HOSPITAL, "2025-10-29") == 0
    (lead,) = shelling_leads()  # the dated report joins the undated one: nothing contradicts it
    assert lead.date_low == lead.date_high == dt.date(2025, 10, 28)
    assert (lead.fatalities_low, lead.fatalities_best, lead.fatalities_high, lead.independent_sources) == (
        4,
        4,
        7,
        2,
    )
    capsys.readouterr()

    # The 14 October shelling matches the undated source (same place, same type, any date) but not the
    # 28 October one: it is another incident.
    assert ingest(tmp_path, "village", VILLAGE, "2025-10-16") == 0
    out = capsys.readouterr().out
    first, second = shelling_leads()
    assert first.pk == lead.pk and outlets(first) == {"file:undated.txt", "file:hospital.txt"}
    assert first.date_low == first.date_high == dt.date(2025, 10, 28) and not first.date_conflict
    assert (first.fatalities_low, first.fatalities_best, first.fatalities_high) == (4, 4, 7)
    assert first.independent_sources == 2
    assert outlets(second) == {"file:village.txt"}
    assert second.date_low == second.date_high == dt.date(2025, 10, 14)
    assert (second.fatalities_low, second.fatalities_best, second.fatalities_high) == (3, 3, 3)
    assert f"lead {first.pk}:" not in out  # lead 1 was not touched


def test_an_undated_report_still_joins_the_one_lead_it_matches(cast, now, tmp_path):
    assert ingest(tmp_path, "hospital", HOSPITAL, "2025-10-29") == 0
    assert ingest(tmp_path, "torkham", TORKHAM, "2025-10-29") == 0
    chaman, torkham = shelling_leads()
    assert (chaman.place, torkham.place) == ("Chaman", "Torkham")

    assert ingest(tmp_path, "elder", ELDER) == 0
    assert [lead.pk for lead in shelling_leads()] == [chaman.pk, torkham.pk]  # no new lead
    chaman.refresh_from_db()
    assert outlets(chaman) == {"file:hospital.txt", "file:elder.txt"}
    assert chaman.independent_sources == 2
    assert chaman.date_low == chaman.date_high == dt.date(2025, 10, 28) and not chaman.date_conflict
    assert outlets(Lead.objects.get(pk=torkham.pk)) == {"file:torkham.txt"}


def test_a_lead_whose_sources_disagree_on_the_day_shows_it_and_asks_for_the_day(cast, now, tmp_path, capsys):
    """A lead clustered before reports had to fit the lead as a whole can hold sources two weeks apart.
    When it is next summarised it keeps every source's day in its range and says they disagree; it is
    not accepted until someone gives the day."""
    assert ingest(tmp_path, "hospital", HOSPITAL, "2025-10-29") == 0
    assert ingest(tmp_path, "village", VILLAGE, "2025-10-16") == 0
    kept, merged = shelling_leads()
    LeadSource.objects.filter(lead=merged).update(lead=kept)  # as the old rule could have joined them
    merged.delete()
    capsys.readouterr()

    assert ingest(tmp_path, "elder", ELDER) == 0  # undated: fits the lead; its summary is recomputed
    assert "(2025-10-14 to 2025-10-28, the sources disagree on the date)" in capsys.readouterr().out
    (lead,) = shelling_leads()
    assert (lead.date_low, lead.date_high, lead.date_conflict) == (
        dt.date(2025, 10, 14),
        dt.date(2025, 10, 28),
        True,
    )

    api = cast.api["monitor"]
    body = api.get(f"/api/v1/leads/{lead.pk}").json()
    assert body["date"] == {"low": "2025-10-14", "high": "2025-10-28", "conflict": True}
    # Side by side, as with the figures: each source's own day.
    assert sorted(s["date"]["low"] for s in body["sources"] if s["date"]["low"]) == [
        "2025-10-14",
        "2025-10-28",
    ]
    # The lead page says so too, with each source's day beside its figures.
    client = Client()
    client.force_login(cast.users["monitor"])
    page = client.get(f"/leads/{lead.pk}/").content.decode()
    assert "the sources disagree on the date" in page
    assert '<td><time datetime="2025-10-14" dir="ltr" class="when">2025-10-14</time></td>' in page
    assert '<td><time datetime="2025-10-28" dir="ltr" class="when">2025-10-28</time></td>' in page
    response = api.post(f"/api/v1/leads/{lead.pk}/accept", {})
    assert response.status_code == 400 and response.json()["field"] == "date"
    assert "2025-10-14" in response.json()["message"] and "2025-10-28" in response.json()["message"]
    response = api.post(f"/api/v1/leads/{lead.pk}/accept", {"date": "2025-10-28"})
    assert response.status_code == 200, response.content
