"""What a report alleges, validated against its agreement. Framework-free: the web form, the API and the
CLI all pass their input through :func:`parse_incident`, so a rule holds everywhere or nowhere.

Every problem names the field it is about, with the path the API uses (``incident.location.lat``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import Any

from truce.core.agreement.model import Agreement
from truce.core.taxonomy import ACTOR_TYPES, PROCESS_TYPES, SUB_EVENT_TYPES

DATE_PRECISIONS = ("day", "week", "month")
GEO_PRECISIONS = (1, 2, 3)  # ACLED: 1 the place itself, 2 near it / part of a region, 3 the region only
MAX_TEXT = 20_000
# Caps on lists, so that one request cannot make the server validate, store and seal into the record an
# unbounded number of items (a report with 200,000 actors was accepted). Far above any real incident.
MAX_ACTORS = 100
MAX_COMMITMENTS = 100
# The same for the other lists the API takes: ids (reports moved by a split, evidence a ruling relies on)
# and a meeting's delegations.
MAX_IDS = 1000
MAX_ATTENDANCE = 100


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the interface's catalogues (makemessages finds it by this name) and returns it
    unchanged: the core stays free of Django; pages translate the template (truce.reports.actions)."""
    return message


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    # The English sentence as marked for translation, with its values, for pages in another language.
    template: str = dataclass_field(default="", compare=False, repr=False)
    params: Mapping[str, Any] | None = dataclass_field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class IncidentError(ValueError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    role: str  # "perpetrator" | "target" | "other"

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "role": self.role}


@dataclass(frozen=True)
class Incident:
    title: str
    event_type: str  # ACLED event type, "Agreement category" for the agreement's own categories
    sub_event_type: str
    date: dt.date
    date_precision: str
    place: str
    country: str
    admin1: str
    lat: Decimal | None
    lon: Decimal | None
    geo_precision: int
    actors: tuple[Actor, ...] = ()
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    commitments: tuple[str, ...] = ()
    # The time of day on the agreement's clock (its ``timezone``), when the reporter knows it.
    time: dt.time | None = None
    injured_low: int | None = None
    injured_best: int | None = None
    injured_high: int | None = None
    accused_party: str = ""
    description: str = ""
    language: str = "en"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form; coordinates as decimal strings (record entries carry no floats)."""
        return {
            "title": self.title,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date.isoformat(),
            "date_precision": self.date_precision,
            "location": {
                "name": self.place,
                "country": self.country,
                "admin1": self.admin1,
                "lat": None if self.lat is None else str(self.lat),
                "lon": None if self.lon is None else str(self.lon),
                "geo_precision": self.geo_precision,
            },
            "actors": [a.to_json() for a in self.actors],
            "fatalities": {
                "low": self.fatalities_low,
                "best": self.fatalities_best,
                "high": self.fatalities_high,
            },
            "commitments": list(self.commitments),
            "accused_party": self.accused_party,
            "description": self.description,
            "language": self.language,
            # Only when given, so that the record's entries for incidents without them read as before.
            **({"time": self.time.strftime("%H:%M")} if self.time is not None else {}),
            **(
                {"injured": {"low": self.injured_low, "best": self.injured_best, "high": self.injured_high}}
                if (self.injured_low, self.injured_best, self.injured_high) != (None, None, None)
                else {}
            ),
        }


CATEGORY_EVENT_TYPE = "Agreement category"


class _Reader:
    """Collects problems while reading fields, so the caller hears about every one at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, template: str, **params: Any) -> None:
        """A problem with the field at ``path``: ``template`` (marked with gettext_noop) with ``params``."""
        message = template % params if params else template
        self.problems.append(Problem(path, message, template, params or None))

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool, limit: int = 300) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, gettext_noop("is required"))
            return ""
        if not isinstance(value, str):
            self.fail(path, gettext_noop("must be text, not %(kind)s"), kind=type(value).__name__)
            return ""
        if len(value) > limit:
            self.fail(
                path,
                gettext_noop("is %(length)s characters long; the limit is %(limit)s"),
                length=len(value),
                limit=limit,
            )
            return ""
        return value.strip()

    def items(
        self, data: Mapping[str, Any], key: str, path: str, *, limit: int, what: tuple[str, str]
    ) -> list[Any]:
        """A list field, or [] with a problem naming the field and its cap (items past it are not read).
        ``what``: the two sentences, "must be a list of …" and "has %(count)s …; the maximum is %(limit)s"."""
        value = data.get(key) or []
        if not isinstance(value, list):
            self.fail(path, what[0])
            return []
        if len(value) > limit:
            self.fail(path, what[1], count=f"{len(value):,}", limit=limit)
            return []
        return value

    def count(self, data: Mapping[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            self.fail(path, gettext_noop("must be a whole number of people"))
            return None
        try:
            number = int(value)
        except ValueError:
            self.fail(path, gettext_noop("%(value)s is not a whole number"), value=repr(value))
            return None
        if number < 0 or number > 1_000_000:
            self.fail(path, gettext_noop("%(number)s is out of range (0 to 1,000,000)"), number=number)
            return None
        return number

    def coordinate(self, data: Mapping[str, Any], key: str, path: str, bound: int) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail(path, gettext_noop("must be a number in decimal degrees"))
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(path, gettext_noop("%(value)s is not a number in decimal degrees"), value=repr(value))
            return None
        if not number.is_finite() or not -bound <= number <= bound:
            self.fail(
                path,
                gettext_noop("%(value)s is off the globe; expected a value from -%(bound)s to %(bound)s"),
                value=value,
                bound=bound,
            )
            return None
        return number.quantize(Decimal("0.000001"))


def _figures(
    r: _Reader, data: Mapping[str, Any], key: str, path: str
) -> tuple[int | None, int | None, int | None]:
    """A low/best/high count of people (deaths, injured), each optional, in order when given."""
    figures = data.get(key) or {}
    if not isinstance(figures, Mapping):
        r.fail(path, gettext_noop("must be an object with low, best and high"))
        figures = {}
    low = r.count(figures, "low", f"{path}.low")
    best = r.count(figures, "best", f"{path}.best")
    high = r.count(figures, "high", f"{path}.high")
    if low is not None and best is not None and low > best:
        r.fail(f"{path}.low", gettext_noop("low (%(low)s) is above best (%(best)s)"), low=low, best=best)
    if best is not None and high is not None and best > high:
        r.fail(f"{path}.high", gettext_noop("high (%(high)s) is below best (%(best)s)"), high=high, best=best)
    if low is not None and high is not None and low > high:
        r.fail(f"{path}.high", gettext_noop("high (%(high)s) is below low (%(low)s)"), high=high, low=low)
    return low, best, high


def parse_incident(
    data: Mapping[str, Any],
    agreement: Agreement,
    *,
    today: dt.date,
    filing_party: str = "",
    prefix: str = "incident",
) -> Incident:
    """Validate ``data`` (the API's ``incident`` object) against ``agreement``; raise IncidentError with
    every problem found. ``today`` is the day in the agreement's time zone (future dates are refused);
    ``filing_party`` is the complaining party's code, which cannot also be the accused."""
    r = _Reader()
    if not isinstance(data, Mapping):
        raise IncidentError([Problem(prefix, "must be an object", gettext_noop("must be an object"))])

    title = r.text(data, "title", f"{prefix}.title", required=True, limit=200)

    sub_event_type = r.text(data, "sub_event_type", f"{prefix}.sub_event_type", required=True)
    event_type = ""
    if sub_event_type:
        if sub_event_type in SUB_EVENT_TYPES:
            event_type = SUB_EVENT_TYPES[sub_event_type]
        elif agreement.category(sub_event_type) is not None:
            event_type = CATEGORY_EVENT_TYPE
        elif sub_event_type in PROCESS_TYPES:
            r.fail(
                f"{prefix}.sub_event_type",
                gettext_noop("%(type)s is a process type, not an incident"),
                type=repr(sub_event_type),
            )
        else:
            own = [c.name for c in agreement.categories]
            examples = "'Armed clash', 'Shelling/artillery/missile attack', 'Air/drone strike'"
            if own:
                r.fail(
                    f"{prefix}.sub_event_type",
                    gettext_noop(
                        "%(type)s is not an ACLED sub-event type or one of this agreement's categories "
                        "(%(own)s); e.g. %(examples)s"
                    ),
                    type=repr(sub_event_type),
                    own=", ".join(own),
                    examples=examples,
                )
            else:
                r.fail(
                    f"{prefix}.sub_event_type",
                    gettext_noop("%(type)s is not an ACLED sub-event type; e.g. %(examples)s"),
                    type=repr(sub_event_type),
                    examples=examples,
                )
        claimed_type = data.get("event_type")
        if event_type and claimed_type not in (None, "", event_type):
            r.fail(
                f"{prefix}.event_type",
                gettext_noop("%(claimed)s does not match %(sub)s (%(event)s)"),
                claimed=repr(claimed_type),
                sub=repr(sub_event_type),
                event=event_type,
            )

    date: dt.date | None = None
    raw_date = data.get("date")
    if raw_date in (None, ""):
        r.fail(f"{prefix}.date", gettext_noop("is required (YYYY-MM-DD)"))
    else:
        try:
            date = dt.date.fromisoformat(str(raw_date))
        except ValueError:
            r.fail(
                f"{prefix}.date",
                gettext_noop("%(value)s is not a date in the form YYYY-MM-DD"),
                value=repr(raw_date),
            )
        else:
            if date > today:
                r.fail(
                    f"{prefix}.date",
                    gettext_noop("%(date)s is in the future (today is %(today)s); give the day it happened"),
                    date=date,
                    today=today,
                )
                date = None
            elif date < agreement.in_force:
                r.fail(
                    f"{prefix}.date",
                    gettext_noop("%(date)s is before the agreement came into force on %(in_force)s"),
                    date=date,
                    in_force=agreement.in_force,
                )
                date = None
    time: dt.time | None = None
    raw_time = data.get("time")
    if raw_time not in (None, ""):
        try:
            time = dt.time.fromisoformat(str(raw_time))
        except ValueError:
            r.fail(
                f"{prefix}.time",
                gettext_noop("%(value)s is not a time of day in the form HH:MM (24-hour clock)"),
                value=repr(raw_time),
            )
        else:
            if time.tzinfo is not None:
                r.fail(
                    f"{prefix}.time",
                    gettext_noop("is the time on the agreement's clock; give it without a time zone"),
                )
                time = None
            else:
                time = time.replace(second=0, microsecond=0)
    precision = data.get("date_precision") or "day"
    if precision not in DATE_PRECISIONS:
        r.fail(
            f"{prefix}.date_precision",
            gettext_noop("%(value)s is not one of %(choices)s"),
            value=repr(precision),
            choices=", ".join(DATE_PRECISIONS),
        )

    location = data.get("location") or {}
    if not isinstance(location, Mapping):
        r.fail(f"{prefix}.location", gettext_noop("must be an object"))
        location = {}
    place = r.text(location, "name", f"{prefix}.location.name", required=True, limit=200)
    country = r.text(location, "country", f"{prefix}.location.country", required=False, limit=2).upper()
    if country and (len(country) != 2 or not country.isalpha()):
        r.fail(
            f"{prefix}.location.country",
            gettext_noop("%(value)s is not an ISO 3166-1 alpha-2 code"),
            value=repr(country),
        )
    admin1 = r.text(location, "admin1", f"{prefix}.location.admin1", required=False, limit=120)
    lat = r.coordinate(location, "lat", f"{prefix}.location.lat", 90)
    lon = r.coordinate(location, "lon", f"{prefix}.location.lon", 180)
    if (location.get("lat") in (None, "")) != (location.get("lon") in (None, "")):
        r.fail(f"{prefix}.location", gettext_noop("give both lat and lon, or neither"))
    geo_precision = location.get("geo_precision")
    if geo_precision is None or geo_precision == "":
        geo_precision = 1 if lat is not None else 3
    if geo_precision not in GEO_PRECISIONS:
        r.fail(
            f"{prefix}.location.geo_precision",
            gettext_noop("%(value)s is not 1, 2 or 3 (ACLED geo precision)"),
            value=repr(geo_precision),
        )

    actors: list[Actor] = []
    raw_actors = r.items(
        data,
        "actors",
        f"{prefix}.actors",
        limit=MAX_ACTORS,
        what=(
            gettext_noop("must be a list of actors"),
            gettext_noop("has %(count)s actors; the maximum is %(limit)s"),
        ),
    )
    for i, raw in enumerate(raw_actors):
        path = f"{prefix}.actors[{i}]"
        if not isinstance(raw, Mapping):
            r.fail(path, gettext_noop("must be an object with name and type"))
            continue
        name = r.text(raw, "name", f"{path}.name", required=True, limit=200)
        actor_type = r.text(raw, "type", f"{path}.type", required=False, limit=60)
        if actor_type and actor_type not in ACTOR_TYPES:
            r.fail(
                f"{path}.type",
                gettext_noop("%(value)s is not an ACLED actor type (%(choices)s)"),
                value=repr(actor_type),
                choices=", ".join(ACTOR_TYPES),
            )
        role = raw.get("role") or "other"
        if role not in ("perpetrator", "target", "other"):
            r.fail(
                f"{path}.role",
                gettext_noop("%(value)s is not perpetrator, target or other"),
                value=repr(role),
            )
        if name:
            actors.append(Actor(name=name, type=actor_type, role=role))

    low, best, high = _figures(r, data, "fatalities", f"{prefix}.fatalities")
    injured_low, injured_best, injured_high = _figures(r, data, "injured", f"{prefix}.injured")

    commitments: list[str] = []
    raw_commitments = r.items(
        data,
        "commitments",
        f"{prefix}.commitments",
        limit=MAX_COMMITMENTS,
        what=(
            gettext_noop("must be a list of commitment ids"),
            gettext_noop("has %(count)s commitment ids; the maximum is %(limit)s"),
        ),
    )
    known = ", ".join(c.id for c in agreement.commitments)
    for i, cid in enumerate(raw_commitments):
        if not isinstance(cid, str) or agreement.commitment(cid) is None:
            r.fail(
                f"{prefix}.commitments[{i}]",
                gettext_noop("%(value)s is not a commitment of %(agreement)s (%(known)s)"),
                value=repr(cid),
                agreement=agreement.id,
                known=known,
            )
        elif cid not in commitments:
            commitments.append(cid)

    accused = r.text(data, "accused_party", f"{prefix}.accused_party", required=False, limit=16).upper()
    if accused:
        if agreement.party(accused) is None:
            parties = ", ".join(p.code for p in agreement.parties)
            r.fail(
                f"{prefix}.accused_party",
                gettext_noop("%(value)s is not a party to %(agreement)s (%(parties)s)"),
                value=repr(accused),
                agreement=agreement.id,
                parties=parties,
            )
        elif accused == filing_party:
            r.fail(f"{prefix}.accused_party", gettext_noop("a party cannot file a complaint against itself"))

    description = r.text(data, "description", f"{prefix}.description", required=False, limit=MAX_TEXT)
    language = r.text(data, "language", f"{prefix}.language", required=False, limit=8) or "en"
    if language not in agreement.languages:
        r.fail(
            f"{prefix}.language",
            gettext_noop("%(value)s is not a language of %(agreement)s (%(languages)s)"),
            value=repr(language),
            agreement=agreement.id,
            languages=", ".join(agreement.languages),
        )

    if r.problems:
        raise IncidentError(r.problems)
    assert date is not None
    return Incident(
        title=title,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=date,
        date_precision=precision,
        place=place,
        country=country,
        admin1=admin1,
        lat=lat,
        lon=lon,
        geo_precision=geo_precision,
        actors=tuple(actors),
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        commitments=tuple(commitments),
        time=time,
        injured_low=injured_low,
        injured_best=injured_best,
        injured_high=injured_high,
        accused_party=accused,
        description=description,
        language=language,
    )
