"""Incidents as one user may know them: the visible cases with their title, place, coordinates and date
taken only from what that user may see, the filter form the dashboard and the case list share, and the
map's GeoJSON (points, or grid cells when there are too many points to send).

``with_summaries`` is the one place that decides a case's summary fields for the dashboard and the case
list; it has the meaning of ``truce.cases.present.case_summary(case, user)`` (derived only from reports
the user may see) but works on a whole queryset in SQL, so that 10^5 cases cost a constant number of
queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Avg, Count, F, FilteredRelation, FloatField, Q, QuerySet, Value
from django.db.models.functions import Cast, Floor
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from truce.accounts.models import Role
from truce.accounts.roles import liaison_party
from truce.agreements import registry
from truce.agreements.models import Agreement as AgreementRow
from truce.cases import mapcells
from truce.cases.models import Case, CaseStatus, CaseSummary, MapCell
from truce.cases.search import search_cases
from truce.cases.summaries import SUMMARY_FIELDS, summarised_by_subquery
from truce.cases.visibility import cases_visible_to
from truce.core.agreement.model import Agreement
from truce.core.taxonomy import ACLED
from truce.rulings.models import Ruling
from truce.web.templatetags.truce_format import day_text
from truce.web.words import incident_type

# A Case queryset carrying with_summaries' s_* annotations. django-stubs cannot type annotations added
# from a loop, and its plugin rejects filters on them, so these querysets are typed loosely.
Summarised = Any

STATUS_WORDS = dict(CaseStatus.choices)
# Above this many points the map gets grid cells with counts instead: the response stays small on a field
# link, and a view zoomed to a square degree of a busy border (about 2,000 incidents at 10^5) is answered
# with cells the reader zooms into, not with every incident written out one by one.
MAX_POINTS = 500
GRID_CELLS_ACROSS = 48


def status_words(status: str) -> str:
    return str(STATUS_WORDS.get(status, status))


def status_group(status: str) -> str:
    """The colour a marker gets: what stage the case is at, in five groups a legend can explain."""
    if status in ("received", "admissible"):
        return "open"
    if status in ("under_investigation", "awaiting_reply", "ruling_drafted"):
        return "investigating"
    if status in ("ruled", "published"):
        return status
    return "closed"


def event_group(event_type: str) -> str:
    """A marker's shape: the ACLED event type, or "other" for the agreement's own categories."""
    names = list(ACLED)
    return f"e{names.index(event_type)}" if event_type in names else "other"


def _summarised_from_case(user: Any) -> bool:
    # Mediators see every submitted report of their agreement (and a case is opened by a submitted
    # report); observers see only published cases, whose summary is public. Both may use the case's own
    # fields, which keeps the largest views free of per-row subqueries.
    return user.role in (Role.MEDIATOR, Role.OBSERVER)


def _party(user: Any) -> str | None:
    return liaison_party(user, user.agreement_id) if user.agreement_id else None


def with_summaries(cases: QuerySet[Case], user: Any) -> Summarised:
    """Annotate ``s_title``, ``s_place``, ``s_lat``, ``s_lon`` and ``s_incident_date``: the case's
    summary as ``user`` may know it. A published case's summary is public. Otherwise it comes from the
    earliest report of the case that ``user`` may see; when there is none, the fields are NULL (the case
    is listed by its reference only and has no marker). A liaison's is read from its party's stored
    summaries (truce.cases.summaries), one join; a monitor's, seeing few cases, is worked out per case."""
    if _summarised_from_case(user):
        return cases.annotate(**{f"s_{name}": F(name) for name in SUMMARY_FIELDS})
    party = _party(user)
    if party is None:
        return summarised_by_subquery(cases, user)
    if not _joins_summaries(cases):
        cases = cases.annotate(
            summaries_seen=FilteredRelation("summaries", condition=Q(summaries__party=party))
        )
        return cases.annotate(**{f"s_{name}": F(f"summaries_seen__{name}") for name in SUMMARY_FIELDS})
    # visible_incidents already joined this party's summaries (a liaison sees exactly those cases).
    return cases.annotate(**{f"s_{name}": F(f"summaries__{name}") for name in SUMMARY_FIELDS})


def _joins_summaries(cases: QuerySet[Case]) -> bool:
    return any(
        getattr(join, "table_name", None) == CaseSummary._meta.db_table
        for join in cases.query.alias_map.values()
    )


def visible_incidents(user: Any) -> QuerySet[Case]:
    """The cases ``user`` may see, without those joined into another (their reports live on there). A
    liaison's are those its party has a summary of, which the actions keep equal to
    truce.cases.visibility.cases_visible_to (truce.cases.summaries; ``truce check --summaries``)."""
    party = _party(user)
    if party is not None:
        return Case.objects.filter(summaries__agreement_id=user.agreement_id, summaries__party=party).exclude(
            status=CaseStatus.JOINED
        )
    visible = cases_visible_to(user)
    if visible.query.distinct:
        # Aggregates over a DISTINCT query count joined rows; a plain filter on the ids does not.
        visible = Case.objects.filter(pk__in=visible.values("pk"))
    return visible.exclude(status=CaseStatus.JOINED)


def agreement_for(user: Any) -> Agreement | None:
    if user.agreement_id:
        return registry.get(user.agreement_id)[1]
    # Observers follow every agreement's published findings; filters then offer the first one's terms.
    row = AgreementRow.objects.order_by("pk").first()
    return registry.parsed(row) if row else None


class IncidentFilters(forms.Form):
    """The GET form of the dashboard and the case list: every choice lives in the URL, so a view can be
    shared as a link, and it works without JavaScript."""

    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("incident date"),
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    party = forms.ChoiceField(label=_("Party accused"), required=False)
    event_type = forms.ChoiceField(label=_("Event type"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *CaseStatus.choices]
    )
    commitment = forms.ChoiceField(label=_("Commitment"), required=False)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, help_text=_("title, place or case reference")
    )

    def __init__(self, data: Any, *, agreement: Agreement | None) -> None:
        super().__init__(data)
        self.agreement = agreement
        parties = agreement.parties if agreement else ()
        commitments = agreement.commitments if agreement else ()
        categories = [c.name for c in agreement.categories] if agreement else []
        self._choices("party").choices = [("", _("Any party")), *((p.code, p.name) for p in parties)]
        self._choices("event_type").choices = [
            ("", _("Any type")),
            *((name, incident_type(name)) for name in ACLED),
            *((name, name) for name in categories),
        ]
        self._choices("commitment").choices = [
            ("", _("Any commitment")),
            *((c.id, f"{c.id}: {c.title_in(get_language() or 'en')}") for c in commitments),
        ]

    def _choices(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date: swap them or clear one."))
        return data

    def values(self) -> dict[str, Any]:
        """The valid filters only: an invalid one is shown with its error and not applied."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def query_string(self) -> str:
        """The applied filters as a URL query, for links that keep them (pages, map data, case list)."""
        from urllib.parse import urlencode

        return urlencode({k: str(v) for k, v in self.values().items()})

    @property
    def active(self) -> bool:
        return bool(self.values())


def apply_filters(
    cases: Summarised, filters: IncidentFilters, user: Any, *, dates: bool = True
) -> Summarised:
    """``cases`` (annotated by ``with_summaries`` for ``user``) narrowed to the filters. ``dates=False``
    leaves the date range out, for the counts that compare the period with the one before. The search
    is full-text (truce.cases.search) over what ``user`` knows of each case."""
    f = filters.values()
    if dates and "date_from" in f:
        cases = cases.filter(s_incident_date__gte=f["date_from"])
    if dates and "date_to" in f:
        cases = cases.filter(s_incident_date__lte=f["date_to"])
    if "party" in f:
        cases = cases.filter(accused_party=f["party"])
    if "event_type" in f:
        # An agreement's own categories are stored as the sub-event type (truce.core.incident).
        cases = cases.filter(Q(event_type=f["event_type"]) | Q(sub_event_type=f["event_type"]))
    if "status" in f:
        cases = cases.filter(status=f["status"])
    if "commitment" in f and filters.agreement:
        commitment = filters.agreement.commitment(f["commitment"])
        covers = list(commitment.covers) if commitment else []
        ruled = Ruling.objects.filter(commitment=f["commitment"]).values("case_id")
        cases = cases.filter(Q(sub_event_type__in=covers) | Q(pk__in=ruled))
    if f.get("q"):
        cases = search_cases(cases, user, f["q"])
    return cases


def newest_first(cases: Summarised, user: Any) -> Summarised:
    """Newest incident first; cases opened the same day by when they were opened. Where the summary is
    the case's own (never NULL), order by the column itself so the database walks its index
    (``case_newest_incident``) instead of sorting every case."""
    if _summarised_from_case(user):
        return cases.order_by("-incident_date", "-opened_at", "-id")
    if _joins_summaries(cases):
        # A liaison's cases, read from its party's summaries: walk their index (``summary_newest_incident``)
        # by incident date, then by case id, which follows the order cases were opened in. Only a joined
        # case, never listed, has a summary with no date.
        return cases.order_by(F("summaries__incident_date").desc(), F("summaries__case").desc())
    return cases.order_by(F("s_incident_date").desc(nulls_last=True), "-opened_at", "-id")


@dataclass(frozen=True)
class Bbox:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> Bbox | None:
        """``west,south,east,north`` in degrees, as Leaflet's ``getBounds().toBBoxString()`` writes it."""
        try:
            w, s, e, n = (float(x) for x in text.split(","))
        except ValueError:
            return None
        if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
            return None
        return cls(w, s, e, n)


def map_view(user: Any) -> str | None:
    """Which counted view of the map (truce.cases.mapcells) is exactly what ``user`` may see: every case
    of the agreement for its mediators, the party's for a liaison officer; None for anyone else (monitors
    and observers see few cases and are grouped from the cases themselves)."""
    if not user.agreement_id:
        return None
    if user.role == Role.MEDIATOR:
        return mapcells.EVERY_CASE
    return _party(user)


def stored_map(cases: Summarised, agreement_id: str, view: str) -> dict[str, Any]:
    """The unzoomed, unfiltered map of ``view`` from its counted squares (a few hundred rows, however
    many cases): the same GeoJSON ``map_features(cases, None)`` gives, ``cases`` being that view's
    incidents, which are read only when there are few enough to send as points."""
    size = 360 / GRID_CELLS_ACROSS
    per_cell = round(size / mapcells.GRAIN)
    cells: dict[tuple[int, int], list[int]] = {}
    rows = MapCell.objects.filter(agreement_id=agreement_id, view=view).values_list(
        "fx", "fy", "n", "lat_sum", "lon_sum"
    )
    for fx, fy, n, lat_sum, lon_sum in rows:
        cell = cells.setdefault((fx // per_cell, fy // per_cell), [0, 0, 0])
        cell[0] += n
        cell[1] += lat_sum
        cell[2] += lon_sum
    total = sum(c[0] for c in cells.values())
    if total <= MAX_POINTS:
        return map_features(cases, None, total=total)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(lon / n / 1e6, 5), round(lat / n / 1e6, 5)],
            },
            "properties": {"count": n, "cell": size},
        }
        for _, (n, lat, lon) in sorted(cells.items())
    ]
    return {"type": "FeatureCollection", "total": total, "clustered": True, "features": features}


def map_features(cases: Summarised, bbox: Bbox | None, *, total: int | None = None) -> dict[str, Any]:
    """GeoJSON for the map: every incident as a point while they are at most MAX_POINTS, else grid cells
    (the count and mean position of the incidents in each) that the map zooms into. Two queries when
    there are points to send, else one; one when the caller knows ``total`` (at most MAX_POINTS)."""
    located = cases.filter(s_lat__isnull=False, s_lon__isnull=False)
    if total is not None:
        return _points(located, total)
    if bbox is not None:
        located = located.filter(
            s_lon__gte=bbox.west, s_lon__lte=bbox.east, s_lat__gte=bbox.south, s_lat__lte=bbox.north
        )
    box = bbox or Bbox(-180, -90, 180, 90)
    size = max((box.east - box.west) / GRID_CELLS_ACROSS, 0.001)
    lat = Cast("s_lat", FloatField())
    lon = Cast("s_lon", FloatField())
    # The cells first: their counts add up to the total, so the incidents in view are read once when
    # there are too many to send (before, a COUNT read them all and the cells read them all again).
    cells = list(
        located.annotate(cx=Floor(lon / Value(size)), cy=Floor(lat / Value(size)))
        .values("cx", "cy")
        .annotate(n=Count("id"), lat=Avg(lat), lon=Avg(lon))
        .order_by()
    )
    total = sum(c["n"] for c in cells)
    if total <= MAX_POINTS:
        return _points(located, total)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(c["lon"], 5), round(c["lat"], 5)]},
            "properties": {"count": c["n"], "cell": size},
        }
        for c in cells
    ]
    return {"type": "FeatureCollection", "total": total, "clustered": True, "features": features}


def _points(located: Summarised, total: int) -> dict[str, Any]:
    rows = located.values(
        "id",
        "reference",
        "status",
        "event_type",
        "sub_event_type",
        "s_title",
        "s_place",
        "s_lat",
        "s_lon",
        "s_incident_date",
    )
    # The words of a day, a status or a type are worked out once per distinct value: a few hundred
    # points share a few dozen of each.
    days: dict[dt.date, tuple[str, str]] = {}
    statuses: dict[str, tuple[str, str]] = {}
    events: dict[tuple[str, str], tuple[str, str, str]] = {}
    features = []
    for r in rows:
        day = r["s_incident_date"]
        if day not in days:
            # The day as the page writes it: in the viewer's calendar (Solar Hijri for Dari and
            # Pashto by default), plain text for the popup.
            days[day] = (day.isoformat(), day_text(day))
        status = r["status"]
        if status not in statuses:
            statuses[status] = (status_words(status), status_group(status))
        kind = (r["event_type"], r["sub_event_type"])
        if kind not in events:
            name = kind[0] or kind[1]
            events[kind] = (name, incident_type(name), event_group(kind[0]))
        event = events[kind]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(r["s_lon"]), float(r["s_lat"])]},
                "properties": {
                    "id": r["id"],
                    "reference": r["reference"],
                    "title": r["s_title"],
                    "place": r["s_place"],
                    "date": days[day][0],
                    "date_words": days[day][1],
                    "status": status,
                    "status_words": statuses[status][0],
                    "status_group": statuses[status][1],
                    "event_type": event[0],
                    "event_words": event[1],
                    "event_group": event[2],
                    "url": f"/cases/{r['id']}/",
                },
            }
        )
    return {"type": "FeatureCollection", "total": total, "clustered": False, "features": features}


def default_period(cases: Summarised, filters: IncidentFilters, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period the counts and the timeline cover: the filter's dates when given; else the 30 days up to
    the newest visible incident (or today), so a quiet month does not hide the last active one."""
    f = filters.values()
    start, end = f.get("date_from"), f.get("date_to")
    if end is None and start is not None:
        end = max(today, start)
    elif end is None:
        newest = (
            cases.filter(s_incident_date__isnull=False)
            .order_by("-s_incident_date")
            .values_list("s_incident_date", flat=True)
            .first()
        )
        end = min(newest, today) if newest else today
    if start is None:
        start = end - dt.timedelta(days=29)
    return start, end
