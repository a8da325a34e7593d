"""The home page after log-in: a map of the incidents the viewer may see, the filters the URL keeps, a
timeline of incidents and rulings, counts against the previous period, the state of each commitment and
what needs the viewer. Every figure is computed from ``truce.web.incidents.visible_incidents`` (what this
user may see), with a number of queries that does not depend on the number of cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from truce.accounts.models import Role
from truce.accounts.roles import is_mediator, is_monitor, liaison_party
from truce.agreements import registry
from truce.cases import counts as counters
from truce.cases.models import Assignment, Case, CaseStatus
from truce.core import clock
from truce.core.agreement.model import Agreement
from truce.record.models import Entry
from truce.rulings.models import Outcome, Ruling, RulingStatus
from truce.web.incidents import (
    Bbox,
    IncidentFilters,
    Summarised,
    agreement_for,
    apply_filters,
    default_period,
    event_group,
    map_features,
    map_view,
    newest_first,
    status_group,
    status_words,
    stored_map,
    visible_incidents,
    with_summaries,
)
from truce.web.templatetags.truce_format import current_calendar

LIST_LENGTH = 50
STATUS_GROUPS = [
    ("open", gettext_lazy("Received or admissible")),
    ("investigating", gettext_lazy("Under investigation, awaiting reply or ruling drafted")),
    ("ruled", gettext_lazy("Ruled")),
    ("published", gettext_lazy("Published")),
    ("closed", gettext_lazy("Inadmissible")),
]
EVENT_GROUPS = [
    ("e0", gettext_lazy("Battles")),
    ("e1", gettext_lazy("Explosions/Remote violence")),
    ("e2", gettext_lazy("Violence against civilians")),
    ("e3", gettext_lazy("Protests")),
    ("e4", gettext_lazy("Riots")),
    ("e5", gettext_lazy("Strategic developments")),
    ("other", gettext_lazy("The agreement's own categories")),
]


def _today(agreement: Agreement | None) -> dt.date:
    return agreement.today() if agreement else clock.now().date()


def _rulings_visible(cases: Summarised) -> QuerySet[Ruling]:
    """Rulings in force on ``cases`` (those the viewer may see; drafts are the mediators', on the case
    page). As ``EXISTS`` per ruling, not ``case_id IN (every visible case)``: there are far fewer rulings
    than cases, and with ``IN`` SQLite walked the list of every visible case (10^5) looking each one up
    among the rulings."""
    return Ruling.objects.filter(status=RulingStatus.IN_FORCE).filter(
        Exists(cases.filter(pk=OuterRef("case_id")))
    )


@dataclass(frozen=True)
class Count2:
    label: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before


def _before(period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The period of the same length just before ``period``."""
    start, end = period
    length = end - start + dt.timedelta(days=1)
    return (start - length, start - dt.timedelta(days=1))


def _incidents_counted(cases: Summarised, period: tuple[dt.date, dt.date]) -> dict[str, int]:
    """Incidents and published cases of the period and the one before, counting the cases."""
    before = _before(period)
    # Only the two periods' cases: the database reads them off its incident-date index, not every case.
    return cases.filter(s_incident_date__range=(before[0], period[1])).aggregate(  # type: ignore[no-any-return]
        now=Count("id", filter=Q(s_incident_date__range=period)),
        before=Count("id", filter=Q(s_incident_date__range=before)),
        pub_now=Count("id", filter=Q(s_incident_date__range=period, status=CaseStatus.PUBLISHED)),
        pub_before=Count("id", filter=Q(s_incident_date__range=before, status=CaseStatus.PUBLISHED)),
    )


def _incidents_summed(days: QuerySet[Any], period: tuple[dt.date, dt.date]) -> dict[str, int]:
    """The same from the view's counts per day (truce.cases.counts): at most a few hundred rows a day
    (accused party × type × status), however many cases."""
    before = _before(period)
    sums = days.filter(day__range=(before[0], period[1])).aggregate(
        now=Sum("n", filter=Q(day__range=period)),
        before=Sum("n", filter=Q(day__range=before)),
        pub_now=Sum("n", filter=Q(day__range=period, status=CaseStatus.PUBLISHED)),
        pub_before=Sum("n", filter=Q(day__range=before, status=CaseStatus.PUBLISHED)),
    )
    return {k: v or 0 for k, v in sums.items()}


def _counts(
    incident: dict[str, int], rulings: QuerySet[Ruling], period: tuple[dt.date, dt.date]
) -> list[Count2]:
    before = _before(period)
    ruled = rulings.annotate(day=TruncDate("in_force_at")).aggregate(
        now=Count("id", filter=Q(day__range=period)),
        before=Count("id", filter=Q(day__range=before)),
        viol_now=Count("id", filter=Q(day__range=period, outcome=Outcome.VIOLATION)),
        viol_before=Count("id", filter=Q(day__range=before, outcome=Outcome.VIOLATION)),
    )
    return [
        Count2(gettext("Incidents"), incident["now"], incident["before"]),
        Count2(gettext("Rulings in force"), ruled["now"], ruled["before"]),
        Count2(gettext("Violations ruled"), ruled["viol_now"], ruled["viol_before"]),
        Count2(gettext("Cases published"), incident["pub_now"], incident["pub_before"]),
    ]


def _timeline_window(period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    end = period[1]
    return (max(period[0], end - dt.timedelta(days=365)), end)


def _by_day_counted(cases: Summarised, period: tuple[dt.date, dt.date]) -> dict[dt.date, int]:
    return dict(
        cases.filter(s_incident_date__range=_timeline_window(period))
        .values("s_incident_date")
        .annotate(n=Count("id"))
        .values_list("s_incident_date", "n")
        .order_by()
    )


def _by_day_summed(days: QuerySet[Any], period: tuple[dt.date, dt.date]) -> dict[dt.date, int]:
    rows = (
        days.filter(day__range=_timeline_window(period))
        .values("day")
        .annotate(t=Sum("n"))
        .values_list("day", "t")
        .order_by()
    )
    return {day: n for day, n in rows if n}


def _timeline(
    by_day: dict[dt.date, int], rulings: QuerySet[Ruling], period: tuple[dt.date, dt.date]
) -> dict[str, Any]:
    """Incidents (``by_day``) and rulings per day of the period, laid out for an inline SVG (attributes
    only: the CSP allows no inline style) and for a plain list of the days with something in them. At most
    the last 366 days of the period: a bar a day stays readable, and a ten-year range does not draw 3,650
    bars."""
    start, end = period = _timeline_window(period)
    ruled = dict(
        rulings.annotate(day=TruncDate("in_force_at"))
        .filter(day__range=period)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
        .order_by()
    )
    days = (end - start).days + 1
    top = max([1, *by_day.values()])
    width, height, base = 10, 80, 90
    bars, marks, rows = [], [], []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        n, r = by_day.get(day, 0), ruled.get(day, 0)
        if n:
            h = max(2, round(n / top * height))
            bars.append({"x": i * width + 1, "y": base - h, "h": h, "day": day, "n": n})
        if r:
            marks.append({"cx": i * width + width // 2, "day": day, "n": r})
        if n or r:
            rows.append({"day": day, "incidents": n, "rulings": r})
    return {
        "width": days * width,
        "bars": bars,
        "marks": marks,
        "rows": rows,
        "start": start,
        "end": end,
        "top": top,
    }


def _alleged_counted(cases: Summarised) -> dict[tuple[str, str], int]:
    """(accused party, sub-event type) -> incidents, counting the cases."""
    alleged: dict[tuple[str, str], int] = {}
    for accused, sub, n in (
        cases.values("accused_party", "sub_event_type")
        .annotate(n=Count("id"))
        .values_list("accused_party", "sub_event_type", "n")
        .order_by()
    ):
        alleged[(accused, sub)] = alleged.get((accused, sub), 0) + n
    return alleged


def _commitments(
    agreement: Agreement | None, alleged: dict[tuple[str, str], int], rulings: QuerySet[Ruling]
) -> list[dict[str, Any]]:
    """Per commitment and party: incidents alleged (by the incident types the commitment covers, from
    ``alleged``) and violations ruled in force (one query)."""
    if agreement is None:
        return []
    ruled = {
        (c, p): n
        for c, p, n in rulings.filter(outcome=Outcome.VIOLATION)
        .values("commitment", "responsible_party")
        .annotate(n=Count("id"))
        .values_list("commitment", "responsible_party", "n")
        .order_by()
    }
    out = []
    for commitment in agreement.commitments:
        parties = []
        for party in agreement.parties:
            incidents = sum(
                n for (p, sub), n in alleged.items() if p == party.code and sub in commitment.covers
            )
            parties.append(
                {
                    "party": party,
                    "incidents": incidents,
                    "violations": ruled.get((commitment.id, party.code), 0),
                }
            )
        out.append({"commitment": commitment, "parties": parties})
    return out


def _needs(user: Any, agreement: Agreement | None, cases: QuerySet[Case]) -> list[dict[str, Any]]:
    """What the viewer's role asks of them now, soonest deadline first; each item links to where it is
    done. Items name cases by reference only: a title may come from a report the viewer may not see."""
    now = clock.now()
    tz = agreement.tz if agreement else dt.UTC
    items: list[dict[str, Any]] = []
    party = liaison_party(user, user.agreement_id) if user.agreement_id else None
    if party is not None:
        # The case's own agreement too (the party's summaries already hold only that agreement's cases):
        # the database then reads the replies due from the index ``case_reply_due``, in order, instead
        # of every case the party may see.
        due = (
            cases.filter(
                agreement_id=user.agreement_id,
                status=CaseStatus.AWAITING_REPLY,
                accused_party=party,
                reply_due_at__gt=now,
            )
            .exclude(replies__party=party)
            .order_by("reply_due_at")[:LIST_LENGTH]
        )
        for case in due:
            items.append(
                {
                    "what": gettext("Reply due"),
                    "case": case,
                    "due": case.reply_due_at.astimezone(tz),  # type: ignore[union-attr]
                    "url": f"/cases/{case.pk}/",
                }
            )
    if user.agreement_id and is_mediator(user, user.agreement_id):
        unsigned = (
            Ruling.objects.filter(agreement_id=user.agreement_id, status=RulingStatus.DRAFT)
            .exclude(signatures__officer=user)
            .select_related("case")
            .order_by("drafted_at")[:LIST_LENGTH]
        )
        for ruling in unsigned:
            items.append(
                {
                    "what": gettext("Ruling R%(number)s to sign") % {"number": ruling.number},
                    "case": ruling.case,
                    "due": None,
                    "url": f"/cases/{ruling.case_id}/",
                }
            )
        from truce.sources.models import Lead, LeadStatus

        leads = Lead.objects.filter(agreement_id=user.agreement_id, status=LeadStatus.OPEN).count()
        if leads:
            what = ngettext("%(count)d lead to triage", "%(count)d leads to triage", leads) % {"count": leads}
            items.append({"what": what, "case": None, "due": None, "url": "/leads/"})
        received = cases.filter(status=CaseStatus.RECEIVED).count()
        if received:
            items.append(
                {
                    "what": ngettext(
                        "%(count)d case to declare admissible or not",
                        "%(count)d cases to declare admissible or not",
                        received,
                    )
                    % {"count": received},
                    "case": None,
                    "due": None,
                    "url": "/cases/?status=received",
                }
            )
    if user.role == Role.MONITOR:
        open_states = ("admissible", "under_investigation", "awaiting_reply", "ruling_drafted")
        assigned = (
            Assignment.objects.filter(monitor=user, case__status__in=open_states)
            .exclude(case__site_visits__monitor=user)
            .select_related("case")
            .order_by("assigned_at")[:LIST_LENGTH]
        )
        for a in assigned:
            items.append(
                {
                    "what": gettext("Site visit to make"),
                    "case": a.case,
                    "due": None,
                    "url": f"/cases/{a.case_id}/",
                }
            )
    return items


CACHE_SECONDS = 600


def may_file(user: Any) -> bool:
    """Liaisons and monitors file reports: their dashboard starts with the way to do it."""
    return bool(user.agreement_id) and (
        liaison_party(user, user.agreement_id) is not None or is_monitor(user, user.agreement_id)
    )


def _cached(kind: str, user: Any, query: str, extra: object, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept while nothing has been written. Every write appends a record entry in its own
    transaction (docs/architecture.md), so the record's head names the state of the data: a cached view is
    never older than the last write. The head's digest, not its index: it chains every entry before it,
    so two databases (a restored backup, tests rolled back) that reach the same index with different
    histories never share a key. The key also holds what decides the viewer's visibility, so a changed
    role or party never reads another's figures."""
    head = Entry.objects.order_by("-index").values_list("digest", flat=True).first()
    who = (user.pk, user.role, user.agreement_id, user.organisation, user.is_active)
    # The language too: the cached value holds words of the interface (labels, statuses).
    # And the calendar: the map's dates are written in the viewer's.
    viewer = (get_language(), current_calendar())
    digest = hashlib.sha256(repr((kind, head, who, viewer, query, extra)).encode()).hexdigest()
    key = f"truce:dashboard:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _counted_scope(user: Any) -> str | None:
    """The view of the agreement's counters that is exactly what ``user`` sees on the dashboard: a
    liaison's party's, or the mediators' (every case); None for anyone else (a monitor sees a few cases,
    an observer the published ones of every agreement: they are counted from the cases)."""
    if not user.agreement_id:
        return None
    party = liaison_party(user, user.agreement_id)
    if party is not None:
        return party
    if user.role == Role.MEDIATOR and user.is_active:
        return counters.ALL
    return None


def _newest_summed(days: QuerySet[Any]) -> dt.date | None:
    newest: dt.date | None = (
        days.values("day")
        .annotate(t=Sum("n"))
        .filter(t__gt=0)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    return newest


def _period(
    wanted: dict[str, Any], today: dt.date, newest: Callable[[], dt.date | None]
) -> tuple[dt.date, dt.date]:
    """truce.web.incidents.default_period, with the newest incident's day found by ``newest``."""
    start, end = wanted.get("date_from"), wanted.get("date_to")
    if end is None and start is not None:
        end = max(today, start)
    elif end is None:
        last = newest()
        end = min(last, today) if last else today
    if start is None:
        start = end - dt.timedelta(days=29)
    return start, end


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role == Role.ADMIN:
        # Separation of duties: the operator's home shows no case content, only where their tools are.
        return render(request, "truce/dashboard_admin.html")
    agreement = agreement_for(user)
    filters = IncidentFilters(request.GET or None, agreement=agreement)
    today = _today(agreement)

    def compute() -> dict[str, Any]:
        everything = with_summaries(visible_incidents(user), user)
        undated = apply_filters(everything, filters, user, dates=False)
        cases = apply_filters(everything, filters, user)
        scope = _counted_scope(user)
        wanted = filters.values()
        if scope is not None and counters.answers(wanted):
            # The view's counters (truce.cases.counts), kept by the actions: sums over a few rows per day
            # and key instead of counting every case of the period and of all time.
            days = counters.days(user.agreement_id, scope, wanted)
            period = _period(wanted, today, lambda: _newest_summed(days))
            incident, by_day = _incidents_summed(days, period), _by_day_summed(days, period)
            alleged = counters.alleged(user.agreement_id, scope, wanted)
        else:
            period = default_period(undated, filters, today)
            incident, by_day = _incidents_counted(undated, period), _by_day_counted(undated, period)
            alleged = _alleged_counted(cases)
        rulings = _rulings_visible(undated)
        listed = list(newest_first(cases, user)[: LIST_LENGTH + 1])
        return {
            "incidents": [
                {
                    "case": c,
                    "status_words": status_words(c.status),
                    "status_group": status_group(c.status),
                    "event_group": event_group(c.event_type),
                }
                for c in listed[:LIST_LENGTH]
            ],
            "more": len(listed) > LIST_LENGTH,
            "counts": _counts(incident, rulings, period),
            "period": period,
            "timeline": _timeline(by_day, rulings, period),
            "commitments": _commitments(agreement, alleged, _rulings_visible(cases)),
        }

    context = {
        **_cached("page", user, filters.query_string(), today, compute),
        "filters": filters,
        "query": filters.query_string(),
        # Not cached: deadlines move with the clock, not only with writes.
        "needs": _needs(user, agreement, visible_incidents(user)),
        "status_groups": STATUS_GROUPS,
        "event_groups": EVENT_GROUPS,
        "observer": user.role == Role.OBSERVER,
        "may_file": may_file(user),
        "map_words": map_words(),
    }
    return render(request, "truce/dashboard.html", context)


def map_words() -> dict[str, str]:
    """What dashboard.js says, in the reader's language, with {placeholders} the script fills in. The page
    carries them as JSON (json_script: data, never run, so the strict CSP holds)."""
    return {
        "attribution": gettext("Natural Earth (public domain)"),
        "baseFailed": gettext("The base map could not be loaded ({error}); the incidents are listed below."),
        "incidentsHere": gettext("Incidents here: {count}. Zoom in to see them."),
        "noneOnMap": gettext("No incident you may see has a place on the map."),
        "loadFailed": gettext(
            "The incidents could not be loaded on the map ({error}); they are listed below."
        ),
    }


@login_required
def dashboard_map(request: HttpRequest) -> JsonResponse:
    """The map's GeoJSON, with the page's filters and the map's current bounds (``bbox``)."""
    user: Any = request.user
    if user.role == Role.ADMIN:
        return JsonResponse({"type": "FeatureCollection", "total": 0, "clustered": False, "features": []})
    filters = IncidentFilters(request.GET or None, agreement=agreement_for(user))
    bbox = Bbox.parse(request.GET.get("bbox", ""))

    def compute() -> dict[str, Any]:
        cases = apply_filters(with_summaries(visible_incidents(user), user), filters, user)
        view = map_view(user)
        if bbox is None and not filters.values() and view is not None:
            # The first view of the map, the whole of what the viewer may see: added up from the squares
            # counted as cases are written (truce.cases.mapcells), not grouped from every case.
            return stored_map(cases, user.agreement_id, view)
        return map_features(cases, bbox)

    return JsonResponse(_cached("map", user, filters.query_string(), bbox, compute))


@login_required
def dashboard_zones(request: HttpRequest) -> JsonResponse:
    """The monitored zones of the viewer's agreement, as loaded with it (``Agreement.zones``): agreement
    data rather than base map, so they come from the database, not from the static files."""
    user: Any = request.user
    features: list[dict[str, Any]] = []
    if user.agreement_id:
        row, agreement = registry.get(user.agreement_id)
        names = {zone.geometry_path: zone.name for zone in agreement.zones}
        for path, text in sorted(row.zones.items()):
            data = json.loads(text)
            for feature in data.get("features", []) if data.get("type") == "FeatureCollection" else [data]:
                properties = dict(feature.get("properties") or {})
                properties.setdefault("name", names.get(path, path))
                features.append({**feature, "properties": properties})
    return JsonResponse({"type": "FeatureCollection", "features": features})
