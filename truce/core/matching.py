"""Whether a new report alleges the same incident as an open case, so it joins that case.

Deliberately strict: a wrong join hides an incident inside another one, while a missed join only leaves
two cases that a mediator can join later. A report joins a case when all hold:
- the same agreement (the caller only offers that agreement's cases);
- the same ACLED event type (an "Armed clash" and a "Shelling/artillery/missile attack" of one night
  can be one incident reported two ways; a protest and a clash cannot);
- dates within ``DATE_WINDOW_DAYS`` of each other, widened to the whole week or month when either date
  is only known to that precision;
- places within ``DISTANCE_KM`` when both have coordinates, else the same place name;
- no contradiction in the accused party (when both name one, they are the same).
Among several matches the closest in time, then in space, wins.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K")

DATE_WINDOW_DAYS = 1
# The widest window two dates can be apart and still match; callers may pre-filter candidates with it.
MAX_DAYS_APART = 1 + 30
DISTANCE_KM = 15.0
_PRECISION_SLACK = {"day": 0, "week": 6, "month": 30}


@dataclass(frozen=True)
class IncidentKey:
    event_type: str
    date: dt.date
    date_precision: str
    place: str
    lat: float | None
    lon: float | None
    accused_party: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def distance(a: IncidentKey, b: IncidentKey) -> tuple[int, float] | None:
    """(days apart, km apart) when ``a`` and ``b`` may be one incident, else None."""
    if a.event_type != b.event_type:
        return None
    if a.accused_party and b.accused_party and a.accused_party != b.accused_party:
        return None
    days = abs((a.date - b.date).days)
    window = DATE_WINDOW_DAYS + max(
        _PRECISION_SLACK.get(a.date_precision, 0), _PRECISION_SLACK.get(b.date_precision, 0)
    )
    if days > window:
        return None
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)
        if km > DISTANCE_KM:
            return None
        return days, km
    if a.place.strip().casefold() != b.place.strip().casefold():
        return None
    return days, 0.0


def best_match(new: IncidentKey, candidates: Iterable[tuple[K, IncidentKey]]) -> K | None:
    """The id of the candidate the new incident should join, or None to open a new case."""
    best: tuple[tuple[int, float], K] | None = None
    for ident, key in candidates:
        d = distance(new, key)
        if d is not None and (best is None or d < best[0]):
            best = (d, ident)
    return None if best is None else best[1]
