"""What a lead says, computed from its sources; which events are in an agreement's scope; which open
cases a lead may be. Reads only; the ingest action writes what these return.

A lead's summary follows the rules of truce.core.extract.cluster (its docstring), applied per article:
- an article's figures: its fatalities entries summed by ``cluster.combine_figures`` (which counts a
  restated toll once: ``cluster.distinct_tolls``);
- the lead's low/best/high: ``cluster.combine_figures`` over the articles (smallest low, median best,
  largest high or open when a source leaves it open);
- its date: ``cluster.lead_dates`` (the range every dated source allows; when their days lie further
  apart than the clustering window, the range between them, flagged ``date_conflict``, each source's
  own date kept on its LeadSource);
- independent sources: distinct outlets (near-duplicate articles were never extracted at all);
- confidence: 1 - prod(1 - c) over outlets (each outlet's most confident event), capped at 0.99.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from truce.core.agreement.model import Agreement
from truce.core.extract import cluster
from truce.core.matching import IncidentKey, distance

MAX_SUGGESTIONS = 3


def source_figures(fatalities: Iterable[dict[str, Any]]) -> dict[str, int | None]:
    """low/best/high killed by one source (see the module docstring)."""
    return cluster.combine_figures([{"fatalities": list(fatalities)}])


@dataclass(frozen=True)
class Member:
    """One event of one article in a lead."""

    article: int
    outlet: str
    event: dict[str, Any]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 6)))


def summarise(members: list[Member]) -> dict[str, Any]:
    """The Lead fields its members determine. Requires at least one member."""
    events = [m.event for m in members]
    first = events[0]
    low, high, date_conflict = cluster.lead_dates(events)
    located = [e.get("location") or {} for e in events if (e.get("location") or {}).get("name")]
    where = (
        min(located, key=lambda loc: (loc.get("geo_precision") or 9, str(loc.get("name"))))
        if located
        else (first.get("location") or {})
    )
    actors: list[dict[str, str]] = []
    seen: set[str] = set()
    for e in events:
        for a in e.get("actors", []):
            key = str(a.get("name", "")).casefold()
            if key and key not in seen:
                seen.add(key)
                actors.append({"name": str(a.get("name", "")), "type": str(a.get("type", ""))})
    per_article: dict[int, list[dict[str, Any]]] = {}
    for m in members:
        per_article.setdefault(m.article, []).extend(m.event.get("fatalities") or [])
    figures = cluster.combine_figures([{"fatalities": f} for f in per_article.values() if f])
    best_by_outlet: dict[str, float] = {}
    for m in members:
        c = max(0.0, min(1.0, float(m.event.get("confidence") or 0.0)))
        best_by_outlet[m.outlet] = max(best_by_outlet.get(m.outlet, 0.0), c)
    miss = 1.0
    for c in best_by_outlet.values():
        miss *= 1.0 - c
    return {
        "kind": str(first.get("kind") or ""),
        "event_type": str(first.get("event_type") or ""),
        "sub_event_type": str(first.get("sub_event_type") or ""),
        "date_low": low,
        "date_high": high,
        "date_conflict": date_conflict,
        "place": str(where.get("name") or where.get("admin1") or where.get("country") or "")[:200],
        "country": str(where.get("country") or "")[:2],
        "admin1": str(where.get("admin1") or "")[:120],
        "admin2": str(where.get("admin2") or "")[:120],
        "lat": _decimal(where.get("lat")),
        "lon": _decimal(where.get("lon")),
        "geo_precision": where.get("geo_precision"),
        "actors": actors,
        "fatalities_low": figures["low"],
        "fatalities_best": figures["best"],
        "fatalities_high": figures["high"],
        "independent_sources": len(best_by_outlet),
        "confidence": round(min(0.99, 1.0 - miss), 3),
    }


def party_countries(agreement: Agreement) -> set[str]:
    """The parties whose codes are countries (ISO 3166-1 alpha-2): "PK", "AF"; a party that is a
    movement ("SPLM-IO") has no country, and then only the agreement's zones decide."""
    import pycountry

    return {p.code for p in agreement.parties if len(p.code) == 2 and pycountry.countries.get(alpha_2=p.code)}


def scope(event: dict[str, Any], agreement: Agreement, countries: set[str]) -> str:
    """ "" when the event concerns the agreement, else why not: it is a process event (talks, not an
    incident), only announced or failed, background, placed nowhere, or placed outside the parties'
    countries and the agreement's zones."""
    if event.get("kind") != "violence":
        return "not an incident"
    if event.get("status") in ("scheduled", "failed") or event.get("background"):
        return "not a new incident"
    location = event.get("location") or {}
    lat, lon = location.get("lat"), location.get("lon")
    if (
        lat is not None
        and lon is not None
        and any(z.contains(float(lon), float(lat)) for z in agreement.zones)
    ):
        return ""
    if location.get("country") and location["country"] in countries:
        return ""
    if not location.get("country") and lat is None:
        return "no place"
    return "out of scope"


def incident_key(fields: dict[str, Any]) -> IncidentKey | None:
    """The matching key of a lead's summary, or None when it has no date to match on."""
    low, high = fields.get("date_low"), fields.get("date_high")
    if low is None or high is None:
        return None
    span = (high - low).days
    precision = "day" if span == 0 else "week" if span <= 7 else "month"
    return IncidentKey(
        event_type=fields.get("event_type") or "",
        date=low + dt.timedelta(days=span // 2),
        date_precision=precision,
        place=fields.get("place") or "",
        lat=None if fields.get("lat") is None else float(fields["lat"]),
        lon=None if fields.get("lon") is None else float(fields["lon"]),
        accused_party="",
    )


def suggest(fields: dict[str, Any], cases: Iterable[tuple[int, IncidentKey]]) -> list[int]:
    """Ids of the open cases that may be this lead's incident, closest first (truce.core.matching)."""
    key = incident_key(fields)
    if key is None:
        return []
    found = [(d, case_id) for case_id, other in cases if (d := distance(key, other)) is not None]
    return [case_id for _, case_id in sorted(found)[:MAX_SUGGESTIONS]]
