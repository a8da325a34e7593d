"""ACLED-compatible CSV: our incidents in ACLED's columns and codes, and ACLED rows read back as
incidents (validated row by row). The mapping, and what cannot be mapped, is in docs/exports.md.

Columns and codes follow ACLED's codebook (2023 and later): ``time_precision`` 1 the day, 2 the week,
3 the month; ``geo_precision`` 1 the place, 2 near it or part of a region, 3 the region only; ``inter``
codes 1-8 for the actor types of truce.core.taxonomy.ACTOR_TYPES (0: no such actor); ``interaction`` the
two codes, smaller first (10 times the code for a sole actor); ``disorder_type`` Political violence,
Demonstrations, Strategic developments, or "Political violence; Demonstrations" for excessive force
against protesters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from truce.apitypes import text_problem
from truce.core.taxonomy import ACTOR_TYPES, SUB_EVENT_TYPES
from truce.exports import csvfmt

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# What an import needs; the other columns may be missing or empty.
REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)

TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
INTER = {name: code for code, name in enumerate(ACTOR_TYPES, start=1)}
# Our agreement categories (event type "Agreement category") are acts of political violence that ACLED
# has no sub-event type for; they keep our names (docs/exports.md).
CATEGORY_EVENT_TYPE = "Agreement category"


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"):
        return "Political violence"
    if event_type == CATEGORY_EVENT_TYPE:
        return "Political violence"
    return ""


def _country(alpha2: str | None) -> tuple[str, str]:
    """(ISO 3166-1 numeric, country name) of an alpha-2 code, or ("", "")."""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    if found is None:
        return "", ""
    return str(int(found.numeric)), str(found.name)


def _actors(actors: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """actor1: the perpetrator (else the first actor); actor2: a target (else the next actor)."""
    if not actors:
        return None, None
    first = next((a for a in actors if a.get("role") == "perpetrator"), actors[0])
    rest = [a for a in actors if a is not first]
    second = next((a for a in rest if a.get("role") == "target"), rest[0] if rest else None)
    return first, second


def _timestamp(row: dict[str, Any]) -> int | None:
    moment = row.get("published_at")
    if not moment:
        return None
    return int(dt.datetime.fromisoformat(str(moment).replace("Z", "+00:00")).timestamp())


def acled_row(row: dict[str, Any], source: str) -> dict[str, Any]:
    """One incident row (truce.exports.rows.incident_rows) in ACLED's columns."""
    a1, a2 = _actors(row.get("actors") or [])
    inter1 = INTER.get(a1.get("type", ""), 0) if a1 else 0
    inter2 = INTER.get(a2.get("type", ""), 0) if a2 else 0
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = (codes[0] * 10 + codes[1]) if len(codes) == 2 else (codes[0] * 10 if codes else 0)
    iso, country = _country(row.get("country"))
    day = row.get("date")
    event_type, sub = row.get("event_type") or "", row.get("sub_event_type") or ""
    fatalities = row.get("fatalities_best")
    if fatalities is None:
        fatalities = row.get("fatalities_low")
    return {
        "event_id_cnty": row["reference"],
        "event_date": day,
        "year": day[:4] if day else None,
        "time_precision": TIME_PRECISION.get(row.get("date_precision") or ""),
        "disorder_type": disorder_type(event_type, sub),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": a1.get("name") if a1 else "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": a2.get("name") if a2 else "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == INTER["Civilians"] else "",
        "iso": iso,
        "region": "",
        "country": country,
        "admin1": row.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": row.get("place") or "",
        "latitude": row.get("lat"),
        "longitude": row.get("lon"),
        "geo_precision": row.get("geo_precision"),
        "source": source,
        "source_scale": "Other",
        "notes": row.get("title") or "",
        "fatalities": fatalities or 0,
        "tags": f"truce status={row.get('status')}",
        "timestamp": _timestamp(row),
    }


def write(rows: Iterable[dict[str, Any]], source: str) -> Iterator[str]:
    return csvfmt.write(COLUMNS, (acled_row(r, source) for r in rows))


# --- reading ACLED rows back ---------------------------------------------------------------------------


@dataclass
class AcledEvent:
    """One valid ACLED row, as an incident a lead can hold."""

    line: int
    event_id: str
    day: dt.date
    date_low: dt.date
    date_high: dt.date
    event_type: str
    sub_event_type: str
    place: str
    country: str  # ISO 3166-1 alpha-2, or ""
    admin1: str
    lat: Decimal
    lon: Decimal
    geo_precision: int
    actors: list[dict[str, str]] = field(default_factory=list)
    fatalities: int = 0
    notes: str = ""
    source: str = ""
    raw: dict[str, str] = field(default_factory=dict)

    def event(self) -> dict[str, Any]:
        """The incident in the extractor's event shape (docs/extraction.md), as a lead source holds it."""
        precision = (
            "day"
            if self.date_low == self.date_high
            else "week"
            if (self.date_high - self.date_low).days <= 7
            else "month"
        )
        return {
            "kind": "violence",
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "status": "occurred",
            "date": {
                "value": self.day.isoformat(),
                "low": self.date_low.isoformat(),
                "high": self.date_high.isoformat(),
                "precision": precision,
            },
            "location": {
                "name": self.place,
                "country": self.country,
                "admin1": self.admin1,
                "lat": float(self.lat),
                "lon": float(self.lon),
                "geo_precision": self.geo_precision,
            },
            "actors": self.actors,
            "fatalities": [
                {
                    "who": "",
                    "low": self.fatalities,
                    "best": self.fatalities,
                    "high": self.fatalities,
                    "text": f"ACLED fatalities {self.fatalities}",
                }
            ],
            "evidence": [],
            "confidence": 1.0,
            "background": False,
            "acled": {"event_id_cnty": self.event_id},
        }


@dataclass(frozen=True)
class Rejection:
    line: int
    event_id: str
    reason: str


MAX_ROWS = 1_000_000
MAX_EVENT_ID = 100


def _day(text: str) -> dt.date | None:
    text = text.strip()
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d %B %Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _country_code(row: dict[str, str]) -> tuple[str, str | None]:
    """(alpha-2, problem): from ``iso`` (numeric) first, else from the ``country`` name."""
    import pycountry

    iso = (row.get("iso") or "").strip()
    if iso:
        found = pycountry.countries.get(numeric=iso.zfill(3)) if iso.isdigit() else None
        if found is None:
            return "", f"iso {iso!r} is not an ISO 3166-1 numeric country code"
        return str(found.alpha_2), None
    name = (row.get("country") or "").strip()
    if not name:
        return "", None
    try:
        return str(pycountry.countries.lookup(name).alpha_2), None
    except LookupError:
        return "", f"country {name!r} is not a country name ISO 3166 knows"


def _period(day: dt.date, precision: int) -> tuple[dt.date, dt.date]:
    """The days an ACLED date can mean: the day, its week (ACLED codes the middle of the week), or
    its month."""
    if precision == 1:
        return day, day
    if precision == 2:
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _code(text: str, name: str, low: int, high: int, problems: list[str]) -> int | None:
    text = (text or "").strip()
    if not text.isdigit() or not low <= int(text) <= high:
        problems.append(f"{name} {text!r} is not a code from {low} to {high}")
        return None
    return int(text)


def _coordinate(text: str, name: str, limit: int, problems: list[str]) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        problems.append(f"{name} {text!r} is not a number")
        return None
    if not value.is_finite() or not -limit <= value <= limit:
        problems.append(f"{name} {text} is off the globe; expected a value from -{limit} to {limit}")
        return None
    return value.quantize(Decimal("0.000001"))


def parse(
    data: bytes, *, categories: Iterable[str] = (), today: dt.date
) -> tuple[list[AcledEvent], list[Rejection]]:
    """Every row of an ACLED CSV file, checked: the valid ones as events, the others with their line
    number (the header is line 1) and every reason. ``categories``: the agreement's own incident
    categories, accepted with event type "Agreement category" (what our own ACLED export writes)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Rejection(0, "", f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _rows(reader, categories, today)
    except csv.Error as exc:
        # A field over the csv module's limit, found on the line after the last one read whole.
        return [], [Rejection(reader.line_num + 1, "", f"the file cannot be read as CSV: {exc}")]


def _rows(
    reader: csv.DictReader[str], categories: Iterable[str], today: dt.date
) -> tuple[list[AcledEvent], list[Rejection]]:
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [Rejection(1, "", f"the header lacks the column(s) {', '.join(missing)}")]
    known = set(categories)
    events: list[AcledEvent] = []
    rejected: list[Rejection] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if len(events) + len(rejected) >= MAX_ROWS:
            rejected.append(Rejection(line, "", f"more than {MAX_ROWS:,} rows; split the file"))
            break
        if None in row:
            rejected.append(Rejection(line, "", "the row has more fields than the header"))
            continue
        problems: list[str] = [
            f"{column} {problem}"
            for column, value in row.items()
            if column and value and (problem := text_problem(value))
        ]
        event_id = (row.get("event_id_cnty") or "").strip()
        if not event_id:
            problems.append("event_id_cnty is empty")
        elif len(event_id) > MAX_EVENT_ID:
            problems.append(f"event_id_cnty is longer than {MAX_EVENT_ID} characters")
        elif event_id in seen:
            problems.append(f"event_id_cnty {event_id} repeats line {seen[event_id]}")
        day = _day(row.get("event_date") or "")
        if day is None:
            problems.append(
                f"event_date {row.get('event_date')!r} is not a date (YYYY-MM-DD or 28 October 2025)"
            )
        elif not 1900 <= day.year <= 2199:
            problems.append(f"event_date {day} is outside the years 1900-2199")
        elif day > today:
            problems.append(f"event_date {day} is in the future")
        year = (row.get("year") or "").strip()
        if day is not None and year and year != str(day.year):
            problems.append(f"year {year} does not match event_date {day}")
        precision = _code(row.get("time_precision") or "", "time_precision", 1, 3, problems)
        sub = (row.get("sub_event_type") or "").strip()
        event_type = (row.get("event_type") or "").strip()
        if sub in SUB_EVENT_TYPES:
            if event_type != SUB_EVENT_TYPES[sub]:
                problems.append(f"event_type {event_type!r} does not match {sub!r} ({SUB_EVENT_TYPES[sub]})")
        elif sub in known and event_type == CATEGORY_EVENT_TYPE:
            pass
        else:
            problems.append(
                f"sub_event_type {sub!r} is not an ACLED sub-event type nor a category of the agreement"
            )
        lat = _coordinate(row.get("latitude") or "", "latitude", 90, problems)
        lon = _coordinate(row.get("longitude") or "", "longitude", 180, problems)
        geo = _code(row.get("geo_precision") or "", "geo_precision", 1, 3, problems)
        fatalities = (row.get("fatalities") or "").strip()
        if not fatalities.isdigit() or int(fatalities) > 1_000_000:
            problems.append(f"fatalities {fatalities!r} is not a whole number of people from 0")
        actors = []
        for n in ("1", "2"):
            name = (row.get(f"actor{n}") or "").strip()
            code_text = (row.get(f"inter{n}") or "").strip()
            code = _code(code_text, f"inter{n}", 0, 8, problems) if code_text else 0
            if name:
                if not code:
                    problems.append(f"actor{n} {name!r} has no inter{n} code from 1 to 8")
                else:
                    actors.append({"name": name[:200], "type": ACTOR_TYPES[code - 1]})
        country, problem = _country_code(row)
        if problem:
            problems.append(problem)
        if problems:
            rejected.append(Rejection(line, event_id, "; ".join(problems)))
            if event_id:
                seen.setdefault(event_id, line)
            continue
        seen[event_id] = line
        assert day is not None and precision is not None and lat is not None and lon is not None
        assert geo is not None
        low, high = _period(day, precision)
        events.append(
            AcledEvent(
                line=line,
                event_id=event_id,
                day=day,
                date_low=low,
                date_high=high,
                event_type=event_type,
                sub_event_type=sub,
                place=(row.get("location") or "").strip()[:200],
                country=country,
                admin1=(row.get("admin1") or "").strip()[:120],
                lat=lat,
                lon=lon,
                geo_precision=geo,
                actors=actors,
                fatalities=int(fatalities),
                notes=(row.get("notes") or "").strip(),
                source=(row.get("source") or "").strip(),
                raw={k: v for k, v in row.items() if k},
            )
        )
    return events, rejected
