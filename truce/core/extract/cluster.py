"""Cluster events from many articles into leads: one lead per incident, every source's figures kept.

Two events are the same incident when all of these hold (``Settings`` holds the thresholds):
- **type**: same kind, and the same sub-event type, or (violence) the same ACLED event type;
- **date**: their low..high ranges, each widened by ``date_window_days``, overlap; an undated event fits
  any date (but see ``joins``: a lead is matched as a whole);
- **place**: both have coordinates within ``max_km`` (haversine); or, without coordinates, the same
  admin1 (or the same name); an event with no location fits any place of a country it does not
  contradict; different countries never match unless one side names no country;
- **actors**: when both name actors, they share one (by name, ignoring case), or at least one side has
  only generic actors ("Security forces", "Unidentified armed group"), which cannot contradict.

A lead is matched as a whole (``joins``): an item joins a lead when it reports the same incident as one of
its members and its date also fits every dated member (``date_fits``), so an undated member, which fits
any date, never lets a report of another day in on its own. Items are clustered greedily in a fixed order
(published date, source id, position in the input): an item joins the first lead it fits; so the result
does not depend on dict or set order.

A lead's date (``lead_dates``) is the range every dated report allows (the overlap of their ranges). When
the reports' ranges do not all overlap, it is the smallest range that meets each of them, so no report's
date is left out; that is a conflict, kept visible (``date_conflict``), when the reports lie more than
``date_window_days`` apart ("Tuesday night" and "Wednesday" one day apart are not).

Figures across sources, per outcome "killed" (each source's total is the sum of its fatalities entries):
- ``low`` = the smallest low any source gives (sources without a low do not lower it);
- ``high`` = the largest high any source gives, or None when some source gives no upper bound ("at least
  10", "about 30"): a larger figure is then possible;
- ``best`` = the median of the sources' bests, the lower of the two middle values when their number is
  even (ACLED's conservative habit).

Independent sources: sources count once per outlet (the host name of a URL, or the source name) and
reports whose evidence text is the same after normalising spaces and case count once (wire copy).

Confidence: 1 - prod(1 - c) over independent sources' event confidences, capped at 0.99: more
independent reports make a lead more credible, never certain.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

GENERIC_ACTORS = frozenset(
    {
        "security forces",
        "police",
        "military",
        "unidentified armed group",
        "civilians",
        "protesters",
        "rioters",
    }
)


@dataclass(frozen=True)
class Settings:
    date_window_days: int = 1
    max_km: float = 50.0


@dataclass
class SourceReport:
    source_id: str
    source: str
    published: dt.date | None
    event: dict[str, Any]


@dataclass
class Lead:
    kind: str
    event_type: str
    sub_event_type: str
    date_low: dt.date | None
    date_high: dt.date | None
    location: dict[str, Any]
    actors: list[dict[str, str]]
    reports: list[SourceReport] = field(default_factory=list)
    fatalities: dict[str, int | None] = field(
        default_factory=lambda: {"low": None, "best": None, "high": None}
    )
    independent_sources: int = 0
    confidence: float = 0.0
    date_conflict: bool = False  # the reports' dates lie further apart than the window (lead_dates)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": {
                "low": _iso(self.date_low),
                "high": _iso(self.date_high),
                "conflict": self.date_conflict,
            },
            "location": self.location,
            "actors": self.actors,
            "fatalities": self.fatalities,
            "sources": [
                {
                    "source_id": r.source_id,
                    "source": r.source,
                    "published": _iso(r.published),
                    "fatalities": r.event.get("fatalities", []),
                    "evidence": r.event.get("evidence", []),
                }
                for r in self.reports
            ],
            "independent_sources": self.independent_sources,
            "confidence": self.confidence,
        }


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(min(1.0, a)))


def _range(event: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    date = event.get("date") or {}
    if date.get("from_publication"):
        # The publication day stands in for a date the article does not give: the source states no
        # day, so it fits any and never sets or narrows a lead's date.
        return None, None
    low, high = _day(date.get("low")), _day(date.get("high"))
    return (low or high, high or low)


def _types_match(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("kind") != b.get("kind"):
        return False
    if a.get("sub_event_type") == b.get("sub_event_type"):
        return True
    return (
        a.get("kind") == "violence"
        and bool(a.get("event_type"))
        and a.get("event_type") == b.get("event_type")
    )


def _dates_match(a: dict[str, Any], b: dict[str, Any], window: int) -> bool:
    (a_low, a_high), (b_low, b_high) = _range(a), _range(b)
    if a_low is None or b_low is None or a_high is None or b_high is None:
        return True
    w = dt.timedelta(days=window)
    return a_low - w <= b_high and b_low - w <= a_high


def _places_match(a: dict[str, Any], b: dict[str, Any], max_km: float) -> bool:
    la, lb = a.get("location") or {}, b.get("location") or {}
    ca, cb = la.get("country"), lb.get("country")
    if ca and cb and ca != cb:
        return False
    if None not in (la.get("lat"), la.get("lon"), lb.get("lat"), lb.get("lon")):
        return haversine_km(la["lat"], la["lon"], lb["lat"], lb["lon"]) <= max_km
    if la.get("admin1") and lb.get("admin1"):
        return str(la["admin1"]).casefold() == str(lb["admin1"]).casefold()
    if la.get("name") and lb.get("name"):
        return str(la["name"]).casefold() == str(lb["name"]).casefold()
    return True


def _specific_actors(event: dict[str, Any]) -> set[str]:
    names = {str(a.get("name", "")).casefold() for a in event.get("actors", [])}
    return {n for n in names if n and n not in GENERIC_ACTORS}


def _actors_match(a: dict[str, Any], b: dict[str, Any]) -> bool:
    sa, sb = _specific_actors(a), _specific_actors(b)
    if not sa or not sb:
        return True
    return bool(sa & sb)


def same_incident(a: dict[str, Any], b: dict[str, Any], settings: Settings = Settings()) -> bool:
    """Whether two event dicts (the extractor's JSON shape) report one incident, by the module's rules."""
    return (
        _types_match(a, b)
        and _dates_match(a, b, settings.date_window_days)
        and _places_match(a, b, settings.max_km)
        and _actors_match(a, b)
    )


def date_fits(members: Iterable[dict[str, Any]], event: dict[str, Any], window: int) -> bool:
    """Whether the event's date range, widened by ``window`` days, meets every dated member's: an undated
    event fits any lead, and undated members constrain nothing."""
    return all(_dates_match(m, event, window) for m in members)


def joins(members: list[dict[str, Any]], event: dict[str, Any], settings: Settings = Settings()) -> bool:
    """Whether an event belongs to the lead whose members' events are ``members``: it reports the same
    incident as one of them (``same_incident``) and its date fits all of them (``date_fits``)."""
    return any(same_incident(m, event, settings) for m in members) and date_fits(
        members, event, settings.date_window_days
    )


def lead_dates(
    events: Iterable[dict[str, Any]], window: int = Settings.date_window_days
) -> tuple[dt.date | None, dt.date | None, bool]:
    """(low, high, conflict): the day range of a lead whose members' events are ``events``, by the
    module's rules; (None, None, False) when no event is dated."""
    dated = [(lo, hi) for lo, hi in map(_range, events) if lo is not None and hi is not None]
    if not dated:
        return None, None, False
    latest_start, earliest_end = max(lo for lo, _ in dated), min(hi for _, hi in dated)
    if latest_start <= earliest_end:
        return latest_start, earliest_end, False
    # No day lies in every range: [earliest end, latest start] meets each of them and favours none.
    return earliest_end, latest_start, (latest_start - earliest_end).days > window


def _outlet(source: str) -> str:
    host = urlparse(source).netloc if "://" in source else ""
    host = host.lower().removeprefix("www.")
    return host or source.strip().casefold()


def _evidence_key(event: dict[str, Any]) -> str:
    texts = [str(e.get("text", "")) for e in event.get("evidence", [])]
    return re.sub(r"\s+", " ", " ".join(texts)).strip().casefold()


def _independent(reports: list[SourceReport]) -> list[SourceReport]:
    """One report per outlet and per identical evidence text (wire copy), first in order kept."""
    outlets: set[str] = set()
    texts: set[str] = set()
    kept = []
    for r in reports:
        outlet, text = _outlet(r.source), _evidence_key(r.event)
        if outlet in outlets or (text and text in texts):
            continue
        outlets.add(outlet)
        if text:
            texts.add(text)
        kept.append(r)
    return kept


def _same_toll(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if (a.get("low"), a.get("best"), a.get("high")) != (b.get("low"), b.get("best"), b.get("high")):
        return False
    wa, wb = str(a.get("who") or "").casefold(), str(b.get("who") or "").casefold()
    return not wa or not wb or wa in wb or wb in wa


def distinct_tolls(fatalities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fatalities entries with restatements removed: a headline's "six killed" and the body's "killing six
    soldiers" are one toll, not twelve (same numbers, and one ``who`` empty or contained in the other); the
    entry that says more about who was killed is kept, where the first of them stood."""
    kept: list[dict[str, Any]] = []
    for entry in fatalities:
        same = next((i for i, k in enumerate(kept) if _same_toll(entry, k)), None)
        if same is None:
            kept.append(entry)
        elif len(str(entry.get("who") or "")) > len(str(kept[same].get("who") or "")):
            kept[same] = entry  # the restatement that says who was killed is the one to keep
    return kept


def _killed(event: dict[str, Any]) -> tuple[int | None, int | None, int | None, bool] | None:
    """(low, best, high, open_high) summed over a report's fatalities entries, or None without any."""
    figures = distinct_tolls(event.get("fatalities") or [])
    if not figures:
        return None
    lows = [f.get("low") for f in figures]
    bests = [f.get("best") for f in figures]
    highs = [f.get("high") for f in figures]
    low = sum(v for v in lows if v is not None) if any(v is not None for v in lows) else None
    best = sum(v for v in bests if v is not None) if any(v is not None for v in bests) else None
    # An entry without a high ("at least 10", "about 30") leaves the report's total open above.
    open_high = any(h is None for h in highs)
    high = None if open_high else sum(h for h in highs if h is not None)
    return low, best, high, open_high


def combine_figures(events: list[dict[str, Any]]) -> dict[str, int | None]:
    """low/best/high killed across reports, by the module's rules."""
    per = [k for k in (_killed(e) for e in events) if k is not None]
    if not per:
        return {"low": None, "best": None, "high": None}
    lows = [k[0] for k in per if k[0] is not None]
    bests = sorted(k[1] for k in per if k[1] is not None)
    highs = [k[2] for k in per if k[2] is not None]
    open_high = any(k[3] for k in per)
    best = bests[(len(bests) - 1) // 2] if bests else None
    return {
        "low": min(lows) if lows else None,
        "best": best,
        "high": None if open_high or not highs else max(highs),
    }


def _finish(lead: Lead, settings: Settings) -> None:
    events = [r.event for r in lead.reports]
    lead.date_low, lead.date_high, lead.date_conflict = lead_dates(events, settings.date_window_days)
    located = [e.get("location") or {} for e in events if (e.get("location") or {}).get("name")]
    if located:
        lead.location = min(located, key=lambda loc: (loc.get("geo_precision") or 9, str(loc.get("name"))))
    seen: set[str] = set()
    lead.actors = []
    for e in events:
        for a in e.get("actors", []):
            key = str(a.get("name", "")).casefold()
            if key and key not in seen:
                seen.add(key)
                lead.actors.append({"name": a.get("name", ""), "type": a.get("type", "")})
    independent = _independent(lead.reports)
    lead.independent_sources = len(independent)
    lead.fatalities = combine_figures(events)
    miss = 1.0
    for r in independent:
        miss *= 1.0 - max(0.0, min(1.0, float(r.event.get("confidence") or 0.0)))
    lead.confidence = round(min(0.99, 1.0 - miss), 3)


def cluster(items: list[tuple[str, str, Any, dict[str, Any]]], settings: Settings = Settings()) -> list[Lead]:
    """Leads from (source id, source url or name, published date or ISO string or None, event dict) items.

    Deterministic: items are taken in (published, source id, input position) order.
    """
    order = sorted(
        range(len(items)),
        key=lambda i: (_day(items[i][2]) or dt.date.min, str(items[i][0]), i),
    )
    leads: list[Lead] = []
    for i in order:
        source_id, source, published, event = items[i]
        report = SourceReport(str(source_id), str(source), _day(published), event)
        for lead in leads:
            if joins([r.event for r in lead.reports], event, settings):
                lead.reports.append(report)
                break
        else:
            leads.append(
                Lead(
                    kind=event.get("kind", ""),
                    event_type=event.get("event_type", ""),
                    sub_event_type=event.get("sub_event_type", ""),
                    date_low=None,
                    date_high=None,
                    location=dict(event.get("location") or {}),
                    actors=[],
                    reports=[report],
                )
            )
    for lead in leads:
        _finish(lead, settings)
    return leads
