"""What one bulletin says: the period's incidents and rulings against the previous period, replies beside
rulings, access denials and penalties, as one edition's reader may see them.

An edition is a scope of truce.exports.scope (public, a party's, the mediators'), and every item is read
through the same rows the exports read (truce.exports.rows: case summaries, rulings a viewer may see, the
ledger rule for penalties), so a bulletin never holds more than the same reader's export or API answer:

- incidents: truce.exports.rows.incident_rows (titles, places and dates of the case summaries);
- rulings: truce.exports.rows.ruling_rows, in force only (never a draft);
- replies: truce.cases.visibility.sees_reply, as on the case page;
- access denials: the ledger rule (truce.penalties.api.may_see_ledger): the mediators see every party's
  with the monitors' account, a party the count and days of its own; the public edition none;
- penalties: the ledger rule again: the mediators every party's, a party its own, the public none.

No bulletin carries evidence, sources, site visits or the monitors' findings.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from truce.agreements import registry
from truce.cases.models import AccessDenial, Case, Reply
from truce.cases.visibility import sees_reply
from truce.core import clock
from truce.core.agreement.model import Agreement as ParsedAgreement
from truce.errors import ActionError, NotFound
from truce.exports.rows import incident_rows, ruling_rows, visible_cases, visible_penalties
from truce.exports.scope import Scope, stamp
from truce.penalties.models import PenaltyStatus
from truce.record.models import Entry

PERIODS = ("day", "week", "spot")
# Days each period covers; a spot bulletin is about one case and compares with nothing.
PERIOD_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class Window:
    """Inclusive local days of the agreement."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def windows(period: str, as_of: dt.date) -> tuple[Window, Window]:
    """The period ending on ``as_of`` and the one before it, of the same length. Requires ``period`` to be
    ``day`` or ``week``."""
    length = dt.timedelta(days=PERIOD_DAYS[period])
    now = Window(as_of - length + dt.timedelta(days=1), as_of)
    return now, Window(now.start - length, now.start - dt.timedelta(days=1))


@dataclass
class Content:
    agreement: ParsedAgreement
    scope: Scope
    edition: str  # public | party | confidential
    period: str
    as_of: dt.date
    window: Window | None
    previous: Window | None
    case: dict[str, Any] | None
    incidents: list[dict[str, Any]]
    incidents_before: list[dict[str, Any]]
    rulings: list[dict[str, Any]]
    rulings_before: list[dict[str, Any]]
    denials: list[dict[str, Any]] | None  # None: not in this edition
    penalties: list[dict[str, Any]] | None  # None: not in this edition
    totals: dict[str, int]
    stamp: dict[str, Any]
    produced_at: dt.datetime
    markers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def party(self) -> str | None:
        return self.scope.party

    def by(self, items: list[dict[str, Any]], key: str) -> dict[str, int]:
        return dict(Counter(str(i[key] or "") for i in items))

    def comparison(self, items: str, key: str) -> list[dict[str, Any]]:
        """Rows ``{key, now, before, change}`` for ``items`` ("incidents" or "rulings") grouped by ``key``."""
        now = self.by(getattr(self, items), key)
        before = self.by(getattr(self, f"{items}_before"), key)
        keys = sorted(set(now) | set(before), key=lambda k: (k == "", k))
        return [
            {
                "key": k,
                "now": now.get(k, 0),
                "before": before.get(k, 0),
                "change": now.get(k, 0) - before.get(k, 0),
            }
            for k in keys
        ]


def edition_of(scope: Scope) -> str:
    if scope.mediator:
        return "confidential"
    return "party" if scope.party else "public"


def _local_day(moment: str | None, agreement: ParsedAgreement) -> dt.date | None:
    if not moment:
        return None
    return dt.datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(agreement.tz).date()


def _in_force_entries(ruling_ids: list[int]) -> dict[int, int]:
    """The record index of the signature that put each ruling in force: its RulingSigned entry whose
    event says ``in_force`` (a veiled entry keeps its real type and subject in the row; its leaf hides the
    flag, so the ruling's last signature before it came into force stands in)."""
    found: dict[int, int] = {}
    subjects = {f"ruling:{r}": r for r in ruling_ids}
    entries = Entry.objects.filter(type="RulingSigned", subject__in=list(subjects)).order_by("index")
    for entry in entries.only("index", "subject", "leaf"):
        ruling = subjects[entry.subject]
        data = json.loads(entry.leaf).get("data", {})
        if data.get("in_force") is True:
            found[ruling] = entry.index
        elif ruling not in found or "in_force" not in data:
            found.setdefault(ruling, entry.index)
    return found


def _replies(scope: Scope, case_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {c: [] for c in case_ids}
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids)}
    for reply in Reply.objects.filter(case_id__in=case_ids).order_by("submitted_at", "id"):
        case = cases[reply.case_id]  # type: ignore[index]
        if sees_reply(scope.user, case, reply.party):
            out[case.pk].append(
                {"party": reply.party, "submitted_at": reply.submitted_at, "text": reply.text}
            )
    return out


def _denials(scope: Scope, agreement: ParsedAgreement, window: Window | None, case_id: int | None) -> Any:
    if not (scope.mediator or scope.party):
        return None
    rows = AccessDenial.objects.filter(case__agreement_id=scope.agreement).order_by("denied_at", "id")
    if scope.party:
        rows = rows.filter(denied_by_party=scope.party)
    if case_id is not None:
        rows = rows.filter(case_id=case_id)
    out = []
    for d in rows.select_related("case"):
        day = d.denied_at.astimezone(agreement.tz).date()
        if window is not None and day not in window:
            continue
        item: dict[str, Any] = {"party": d.denied_by_party, "day": day, "denied_at": d.denied_at}
        if scope.mediator:
            # The monitors' account is investigation detail (truce.cases.visibility.sees_investigation).
            item.update(
                case=d.case.reference, place=d.place, denied_by=d.denied_by, description=d.description
            )
        out.append(item)
    return out


def _penalties(scope: Scope, window: Window | None, party: str | None) -> Any:
    if not (scope.mediator or scope.party):
        return None
    rows = visible_penalties(scope).order_by("proposed_at", "id")
    if party:
        rows = rows.filter(party=party)
    out = []
    for p in rows:
        current = p.status in (PenaltyStatus.PROPOSED, PenaltyStatus.CONFIRMED)
        touched = window is not None and (
            p.proposed_on in window or p.confirmed_on in window or p.ended_on in window
        )
        if current or touched:
            out.append(
                {
                    "reference": p.reference,
                    "party": p.party,
                    "measure": p.measure,
                    "status": p.status,
                    "proposed_on": p.proposed_on,
                    "confirmed_on": p.confirmed_on,
                    "reasons": p.reasons_text,
                }
            )
    return out


def gather(scope: Scope, period: str, *, as_of: dt.date | None = None, case_id: int | None = None) -> Content:
    """The bulletin of ``scope`` for ``period`` ending on ``as_of`` (default: today on the agreement's
    clock), or for the one case ``case_id`` (``period`` "spot"). A case the scope may not see is refused
    as one that does not exist."""
    if period not in PERIODS:
        raise ActionError(
            gettext_lazy("period must be one of %(periods)s, not %(period)s"),
            params={"periods": ", ".join(PERIODS), "period": repr(period)},
            field="period",
        )
    if scope.agreement is None:
        raise ActionError(gettext_lazy("a bulletin is of one agreement; name it"), field="agreement")
    agreement = registry.get(scope.agreement)[1]
    if period == "spot" and case_id is None:
        raise ActionError(
            gettext_lazy("a spot bulletin is about one case: give its id (--case ID)"), field="case"
        )
    if period != "spot" and case_id is not None:
        raise ActionError(gettext_lazy("--case goes with --period spot only"), field="case")
    today = agreement.today()
    as_of = as_of or today
    if as_of > today:
        raise ActionError(
            gettext_lazy("as-of %(as_of)s is after today (%(today)s) on the agreement's clock"),
            params={"as_of": as_of, "today": today},
            field="as_of",
        )
    if as_of < agreement.in_force:
        raise ActionError(
            gettext_lazy("as-of %(as_of)s is before the agreement came into force (%(in_force)s)"),
            params={"as_of": as_of, "in_force": agreement.in_force},
            field="as_of",
        )
    record = stamp()
    window = previous = None
    if period != "spot":
        window, previous = windows(period, as_of)
    case_summary = None
    if case_id is not None and not visible_cases(scope).filter(pk=case_id).exists():
        raise NotFound(gettext_lazy("no case %(case)s"), params={"case": case_id}, field="case")

    incidents: list[dict[str, Any]] = []
    incidents_before: list[dict[str, Any]] = []
    all_incidents = {}
    for row in incident_rows(scope):
        all_incidents[row["case_id"]] = row
        day = dt.date.fromisoformat(row["date"]) if row["date"] else None
        if case_id is not None:
            if row["case_id"] == case_id:
                incidents.append(row)
                case_summary = row
        elif window is not None and day in window:
            incidents.append(row)
        elif previous is not None and day in previous:
            incidents_before.append(row)

    rulings: list[dict[str, Any]] = []
    rulings_before: list[dict[str, Any]] = []
    in_force_total = violations_total = 0
    for row in ruling_rows(scope):
        if row["status"] != "in_force":
            continue
        day = _local_day(row["in_force_at"], agreement)
        if day is None or day > as_of:
            continue
        in_force_total += 1
        violations_total += row["outcome"] == "violation"
        if case_id is not None:
            if row["case_id"] == case_id:
                rulings.append(row)
        elif window is not None and day in window:
            rulings.append(row)
        elif previous is not None and day in previous:
            rulings_before.append(row)
    indices = _in_force_entries([r["id"] for r in rulings])
    replies = _replies(scope, {r["case_id"] for r in rulings})
    for r in rulings:
        r["record_index"] = indices.get(r["id"])
        r["replies"] = replies.get(r["case_id"], [])
        r["incident"] = all_incidents.get(r["case_id"])
        r["in_force_day"] = _local_day(r["in_force_at"], agreement)

    markers: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row in [*incidents, *(r["incident"] for r in rulings if r["incident"])]:
        if row["case_id"] in seen or row["lat"] is None or row["lon"] is None:
            continue
        seen.add(row["case_id"])
        markers.append(
            {
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "party": row["accused_party"] or "",
                "ruled": any(r["case_id"] == row["case_id"] for r in rulings),
                "label": str(len(markers) + 1),
                "case_id": row["case_id"],
            }
        )
    labels = {m["case_id"]: m["label"] for m in markers}
    for row in [*incidents, *rulings]:
        # The map's number beside the incident or ruling it marks.
        row["marker"] = labels.get(row["case_id"], "")

    penalty_party = None
    if case_id is not None and case_summary is not None:
        penalty_party = next((r["responsible_party"] for r in rulings if r["responsible_party"]), None)
    return Content(
        agreement=agreement,
        scope=scope,
        edition=edition_of(scope),
        period=period,
        as_of=as_of,
        window=window,
        previous=previous,
        case=case_summary,
        incidents=incidents,
        incidents_before=incidents_before,
        rulings=rulings,
        rulings_before=rulings_before,
        denials=_denials(scope, agreement, window, case_id),
        penalties=(
            None
            if case_id is not None and penalty_party is None
            else _penalties(scope, window, penalty_party)
        ),
        totals={"cases": len(all_incidents), "in_force": in_force_total, "violations": violations_total},
        stamp=record,
        produced_at=clock.now(),
        markers=markers,
    )
