"""``truce record replay``: rebuild cases, reports, rulings, penalties and the ledger from the record's
entries alone, and compare the result with the live rows field by field.

Why plain Python structures rather than a second, migrated scratch database: a scratch database would
fill every column the record never sets with the model's default, and satisfy constraints by itself, so a
field the events do not carry would look rebuilt when it was only defaulted. Here every replayed field
remembers the index of the entry that set it (or that none did), and both sides are normalised to the
same plain values (strings, integers, ISO dates, sorted lists) before they are compared, so what is
compared is exactly what the record holds. The state is one small dictionary per object; entries are
read in batches of ``BATCH`` with their openings, never all at once.

What the record cannot rebuild (docs/record.md §13) is listed in ``GAPS`` and in the command's summary:
those fields are not compared. Since event version 3 the engine's entries say everything it changed;
a penalty status only an earlier (version 1) run of the engine can explain (superseded, or lapsed
during a ruling's run) is counted as unverifiable rather than called a difference.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from truce.core.incident import CATEGORY_EVENT_TYPE
from truce.core.taxonomy import SUB_EVENT_TYPES
from truce.core.workflow import Transition, WorkflowError, step
from truce.record.models import Entry, Opening
from truce.record.store import VEILED_FIELD, VEILED_TYPE

BATCH = 5000

# A row's own time (opened_at, in_force_at, ...) is read from the clock in the same transaction as the
# entry that records it, a moment before the entry's time; the two agree within this much. (They are
# equal under a frozen clock.) A larger gap means the row was changed after the fact.
TIME_SLACK = dt.timedelta(seconds=60)

# Fields of the live tables the record does not hold, so replay cannot check them (docs/record.md §13).
GAPS: dict[str, str] = {
    "penalty.severity, penalty.reasons, penalty.basis of a proposal in a version-1 entry": (
        "before event version 3 a proposal's entry carried its reference, rule, measure and reasons text "
        "only (and a version-1 RulingSigned not the day, penalty.proposed_on)"
    ),
    "penalty status 'superseded' or 'expired', superseded_by, ended_on set by a version-1 engine run": (
        "before event version 3 no entry said which penalties a proposal superseded, nor RulingSigned "
        "which lapsed; such a status is listed as unverifiable, not compared"
    ),
    "penalty.confirmed_on": (
        "a day on the agreement's clock, derived from the decision's time and the agreement's time zone; "
        "the time itself (decided_at) is compared"
    ),
    "report incident details beyond those the case copies, evidence, renditions, visits' coordinates": (
        "held in the openings and checked by `truce record verify`; replay compares the case, report, "
        "reply, share, assignment, visit and denial rows that make up a case's state"
    ),
}


@dataclass(frozen=True)
class Difference:
    """One way the live database disagrees with the record. ``index`` is the entry that set the field last
    (None when no entry set it); ``note`` says why when the row itself is missing on one side."""

    object: str
    field: str
    live: Any
    replayed: Any
    index: int | None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "object": self.object,
            "field": self.field,
            "live": _show(self.live),
            "replayed": _show(self.replayed),
            "index": self.index,
            "note": self.note,
        }

    def line(self) -> str:
        where = f"entry {self.index}" if self.index is not None else "no entry ever set it"
        if self.note:
            where = f"{self.note}" + (f" (entry {self.index})" if self.index is not None else "")
        return (
            f"{self.object} {self.field}: live {json.dumps(_show(self.live), ensure_ascii=False)}, "
            f"replayed {json.dumps(_show(self.replayed), ensure_ascii=False)} — {where}"
        )


@dataclass
class ReplayResult:
    entries: int = 0
    rebuilt: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    unverifiable: list[str] = field(default_factory=list)
    seconds: float = 0.0
    unreadable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences and not self.unreadable

    def as_dict(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "rebuilt": self.rebuilt,
            "differences": [d.as_dict() for d in self.differences],
            "unverifiable": self.unverifiable,
            "unreadable": self.unreadable,
            "not_reconstructible": GAPS,
            "seconds": round(self.seconds, 3),
        }


def _show(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


# --- the replayed state ----------------------------------------------------------------------------------

# kind -> field -> default (the value a row has before any entry sets it).
KINDS: dict[str, dict[str, Any]] = {
    "case": {
        "agreement": "",
        "reference": "",
        "status": "received",
        "title": "",
        "event_type": "",
        "sub_event_type": "",
        "incident_date": None,
        "date_precision": "",
        "place": "",
        "lat": None,
        "lon": None,
        "accused_party": "",
        "inadmissible_reason": "",
        "opened_at": None,
        "reply_requested_at": None,
        "reply_due_at": None,
        "reply_overdue_noted_at": None,
        "joined_into": None,
        "published_at": None,
    },
    "report": {
        "agreement": "",
        "kind": "",
        "status": "",
        "filing_party": "",
        "accused_party": "",
        "case": None,
        "urgent": False,
    },
    "share": {"shared_by": ""},
    "assignment": {"assigned_by": ""},
    "reply": {"case": None, "party": "", "text": "", "submitted_by": ""},
    "site visit": {"case": None, "place": "", "findings": ""},
    "access denial": {"case": None, "denied_by_party": "", "place": "", "denied_by": "", "description": ""},
    "ruling": {
        "case": None,
        "agreement": "",
        "reference": "",
        "outcome": "",
        "commitment": "",
        "responsible_party": "",
        "perpetrator": "",
        "perpetrator_type": "",
        "sub_event_type": "",
        "confidence": "",
        "reasons": "",
        "evidence": [],
        "supersedes": None,
        "status": "draft",
        "drafted_by": "",
        "drafted_at": None,
        "in_force_at": None,
    },
    "signature": {"body": ""},
    "penalty": {
        "agreement": "",
        "party": "",
        "reference": "",
        "rule_id": "",
        "measure": "",
        "reasons_text": "",
        "status": "proposed",
        "proposed_at": None,
        "decided_by": None,
        "decided_at": None,
        "decision_reason": "",
        "severity": None,
        "reasons": None,
        "basis": [],
        "proposed_on": None,
        "superseded_by": None,
        "ended_on": None,
    },
    "penalty confirmation": {"body": "", "reason": ""},
    "ledger": {"violations": [], "access_denials": [], "penalties": []},
}
TIME_FIELDS = {
    "opened_at",
    "reply_requested_at",
    "published_at",
    "drafted_at",
    "in_force_at",
    "proposed_at",
    "decided_at",
}


class _Unrecorded:
    """The replayed value of a field an old-version entry does not carry: not compared (GAPS)."""

    def __repr__(self) -> str:
        return "UNRECORDED"


UNRECORDED = _Unrecorded()

# Version 3 of the penalty engine's entries (RulingSigned, PenaltiesReviewed) says everything a run
# changed; an entry without ``event_version`` is version 1 (docs/record.md §1.5).
PENALTY_EVENT_VERSION = 3


def _version(f: dict[str, Any]) -> int:
    return int(f.get("event_version") or 1)


class State:
    """kind -> id -> field -> (value, index of the entry that set it, or None for the default)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict[str, tuple[Any, int | None]]]] = {k: {} for k in KINDS}
        self.created: dict[tuple[str, str], int] = {}

    def create(self, kind: str, key: Any, index: int, /, **values: Any) -> None:
        key = str(key)
        self.rows[kind][key] = {name: (default, None) for name, default in KINDS[kind].items()}
        self.created[(kind, key)] = index
        for name, value in values.items():
            self.set(kind, key, name, value, index)

    def has(self, kind: str, key: Any) -> bool:
        return str(key) in self.rows[kind]

    def get(self, kind: str, key: Any, name: str) -> Any:
        row = self.rows[kind].get(str(key))
        return None if row is None else row[name][0]

    def set(self, kind: str, key: Any, name: str, value: Any, index: int) -> None:
        row = self.rows[kind].get(str(key))
        if row is None:
            raise ReplayGap(f"{kind} {key} is changed before any entry created it")
        if name not in row:
            raise KeyError(f"{kind} has no replayed field {name}")
        row[name] = (value, index)


class ReplayGap(Exception):
    """An entry the fold cannot apply (it names an object no earlier entry created, or makes a workflow
    step the case's replayed status does not allow)."""


@dataclass(frozen=True)
class Event:
    """One entry as the operator sees it: its own type, subject and fields, veiled or not, with every
    opening merged in (``by`` holds role, organisation and the user's name)."""

    index: int
    time: dt.datetime
    agreement: str
    type: str
    fields: dict[str, Any]

    @property
    def user(self) -> str:
        by = self.fields.get("by") or {}
        return str(by.get("user", ""))

    @property
    def organisation(self) -> str:
        by = self.fields.get("by") or {}
        return str(by.get("organisation", ""))


def _decode(index: int, leaf: str, openings: dict[str, Any]) -> Event:
    entry = json.loads(leaf)
    if entry["type"] == VEILED_TYPE:
        inner = openings.get(VEILED_FIELD)
        if inner is None:
            raise ReplayGap(f"entry {index} is veiled and its opening of {VEILED_FIELD!r} is missing")
        event_type, public = inner["type"], dict(inner["data"])
    else:
        event_type, public = entry["type"], dict(entry["data"])
    missing = set(entry["sealed"]) - set(openings)
    if missing:
        raise ReplayGap(f"entry {index} lacks the openings of {', '.join(sorted(missing))}")
    fields = {**public, **{k: v for k, v in openings.items() if k != VEILED_FIELD}}
    fields["by"] = {**(public.get("by") or {}), **(openings.get("by") or {})}
    moment = dt.datetime.strptime(entry["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    return Event(index, moment, entry["agreement"] or "", event_type, fields)


def read_events(batch: int = BATCH) -> Iterator[Event]:
    """Every entry in index order with its openings; ``batch`` entries (and their openings) at a time."""
    last = -1
    while True:
        rows = list(
            Entry.objects.filter(index__gt=last).order_by("index").values_list("index", "leaf")[:batch]
        )
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        openings: dict[int, dict[str, Any]] = {}
        for entry_id, name, value in Opening.objects.filter(
            entry_id__gte=first, entry_id__lte=last
        ).values_list("entry_id", "name", "value"):
            openings.setdefault(entry_id, {})[name] = value
        for index, leaf in rows:
            yield _decode(index, leaf, openings.pop(index, {}))


# --- folding events into the state ------------------------------------------------------------------------


def _coordinate(value: Any) -> str | None:
    return None if value in (None, "") else f"{Decimal(str(value)):.6f}"


def _event_type(incident: dict[str, Any]) -> str:
    """The event type as truce.core.incident.parse_incident derives it: LeadAccepted carries the incident
    as the triager gave it, without the event type the sub-event type implies."""
    sub = incident.get("sub_event_type", "")
    if incident.get("event_type") or not sub:
        return str(incident.get("event_type", ""))
    # Anything else was refused by the parse before the entry was written.
    return SUB_EVENT_TYPES.get(sub, CATEGORY_EVENT_TYPE)


def _incident_fields(incident: dict[str, Any]) -> dict[str, Any]:
    """The incident fields a case copies from the report that opens it (truce.cases.actions.placement)."""
    location = incident.get("location") or {}
    return {
        "title": incident.get("title", ""),
        "event_type": _event_type(incident),
        "sub_event_type": incident.get("sub_event_type", ""),
        "incident_date": incident.get("date"),
        "date_precision": incident.get("date_precision", ""),
        "place": incident.get("place", location.get("name", "")),
        "lat": _coordinate(incident.get("lat", location.get("lat"))),
        "lon": _coordinate(incident.get("lon", location.get("lon"))),
        "accused_party": incident.get("accused_party", ""),
    }


class Fold:
    def __init__(self) -> None:
        self.state = State()
        # Report id -> the incident fields a new case would copy, and its submission order (a split case
        # copies the first moved report's incident: truce.cases.actions.workflow.do_split_case).
        self.incidents: dict[str, dict[str, Any]] = {}
        self.submitted: dict[str, int] = {}
        self.ruling_party: dict[str, str] = {}
        # (agreement, party) -> index of the last version-1 entry whose engine run may have superseded or
        # let lapse penalties without saying which.
        self.legacy_runs: dict[tuple[str, str], int] = {}

    def apply(self, e: Event) -> None:
        handler = getattr(self, "on_" + e.type, None)
        if handler is not None:
            handler(e, e.fields)

    def _advance(self, e: Event, case: Any, transition: Transition) -> None:
        status = self.state.get("case", case, "status")
        if status is None:
            raise ReplayGap(f"entry {e.index} ({e.type}) names case {case}, which no earlier entry opened")
        try:
            target = step(status, transition).target.value
        except WorkflowError as exc:
            raise ReplayGap(f"entry {e.index} ({e.type}) on case {case}: {exc}") from exc
        self.state.set("case", case, "status", target, e.index)

    def _place(self, e: Event, report: str, case: Any, reference: str, placed: str) -> None:
        if placed == "opened":
            self.state.create(
                "case",
                case,
                e.index,
                agreement=e.agreement,
                reference=reference,
                opened_at=e.time,
                **self.incidents[report],
            )
        self.state.set("report", report, "case", case, e.index)
        self.submitted[report] = e.index

    # reports and leads
    def on_ReportFiled(self, e: Event, f: dict[str, Any]) -> None:
        report = str(f["report"])
        self.incidents[report] = _incident_fields(f["incident"])
        self.state.create(
            "report",
            report,
            e.index,
            agreement=e.agreement,
            kind=f["kind"],
            status=f["status"],
            filing_party=f["filing_party"],
            accused_party=f["accused_party"],
            urgent=f["urgent"],
        )
        if f["case"] is not None:
            self._place(e, report, f["case"], f["case_reference"], f["placed"])

    def on_ReportSubmitted(self, e: Event, f: dict[str, Any]) -> None:
        report = str(f["report"])
        self.state.set("report", report, "status", "submitted", e.index)
        self._place(e, report, f["case"], f["case_reference"], f["placed"])

    def on_LeadAccepted(self, e: Event, f: dict[str, Any]) -> None:
        report = str(f["report"])
        self.incidents[report] = _incident_fields(f["incident"])
        self.state.create(
            "report",
            report,
            e.index,
            agreement=e.agreement,
            kind="lead",
            status="submitted",
            accused_party=f["incident"].get("accused_party", ""),
        )
        self._place(e, report, f["case"], f["case_reference"], f["placed"])

    # the case workflow
    def on_CaseAdmitted(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.ADMIT)

    def on_CaseDeclaredInadmissible(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.DECLARE_INADMISSIBLE)
        self.state.set("case", f["case"], "inadmissible_reason", f["reason"], e.index)

    def on_InvestigationStarted(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.START_INVESTIGATION)

    def on_MonitorAssigned(self, e: Event, f: dict[str, Any]) -> None:
        if f["started_investigation"]:
            self._advance(e, f["case"], Transition.START_INVESTIGATION)
        self.state.create("assignment", f"{f['case']}/{f['monitor']}", e.index, assigned_by=e.user)

    def on_SiteVisitLogged(self, e: Event, f: dict[str, Any]) -> None:
        d = f["details"]
        self.state.create(
            "site visit", f["visit"], e.index, case=f["case"], place=d["place"], findings=d["findings"]
        )

    def on_AccessDenied(self, e: Event, f: dict[str, Any]) -> None:
        d = f["details"]
        self.state.create(
            "access denial",
            f["denial"],
            e.index,
            case=f["case"],
            denied_by_party=f["denied_by_party"],
            place=d["place"],
            denied_by=d["denied_by"],
            description=d["description"],
        )

    def on_ReplyRequested(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.REQUEST_REPLY)
        self.state.set("case", f["case"], "reply_requested_at", e.time, e.index)
        self.state.set("case", f["case"], "reply_due_at", f["due_at"], e.index)

    def on_CaseShared(self, e: Event, f: dict[str, Any]) -> None:
        self.state.create("share", f"{f['case']}/{f['party']}", e.index, shared_by=e.user)
        if f["reply_due_at"]:
            self.state.set("case", f["case"], "reply_requested_at", e.time, e.index)
            self.state.set("case", f["case"], "reply_due_at", f["reply_due_at"], e.index)
            self.state.set("case", f["case"], "reply_overdue_noted_at", None, e.index)

    def on_ReplySubmitted(self, e: Event, f: dict[str, Any]) -> None:
        self.state.create(
            "reply",
            f["reply"],
            e.index,
            case=f["case"],
            party=f["party"],
            text=f["text"],
            submitted_by=e.user,
        )
        # do_submit_reply moves the case on in the same transaction (ReplySubmitted records the move).
        if self.state.get("case", f["case"], "status") == "awaiting_reply":
            self._advance(e, f["case"], Transition.RECEIVE_REPLY)

    def on_RepliesMarkedOverdue(self, e: Event, f: dict[str, Any]) -> None:
        for case in f["cases"]:
            self.state.set("case", case, "reply_overdue_noted_at", f["at"], e.index)

    def on_CasePublished(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.PUBLISH)
        self.state.set("case", f["case"], "published_at", e.time, e.index)

    def on_CaseReopened(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.REOPEN)

    def on_CasesJoined(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["joined"], Transition.JOIN)
        self.state.set("case", f["joined"], "joined_into", f["case"], e.index)
        for report in f["reports"]:
            self.state.set("report", report, "case", f["case"], e.index)

    def on_CaseSplit(self, e: Event, f: dict[str, Any]) -> None:
        reports = [str(r) for r in f["reports"]]
        first = min(reports, key=lambda r: (self.submitted.get(r, -1), int(r)))
        self.state.create(
            "case",
            f["into"],
            e.index,
            agreement=e.agreement,
            reference=f["reference"],
            opened_at=e.time,
            **self.incidents[first],
        )
        for report in reports:
            self.state.set("report", report, "case", f["into"], e.index)

    # rulings
    def on_RulingDrafted(self, e: Event, f: dict[str, Any]) -> None:
        self._advance(e, f["case"], Transition.DRAFT_RULING)
        finding = f["finding"]
        ruling = str(f["ruling"])
        self.ruling_party[ruling] = finding["responsible_party"]
        self.state.create(
            "ruling",
            ruling,
            e.index,
            case=f["case"],
            agreement=e.agreement,
            reference=f["reference"],
            supersedes=f["supersedes"],
            drafted_by=e.user,
            drafted_at=e.time,
            **{
                name: finding[name]
                for name in (
                    "outcome",
                    "commitment",
                    "responsible_party",
                    "perpetrator",
                    "perpetrator_type",
                    "sub_event_type",
                    "confidence",
                    "reasons",
                )
            },
            evidence=sorted(finding["evidence"]),
        )

    def on_RulingSigned(self, e: Event, f: dict[str, Any]) -> None:
        ruling = str(f["ruling"])
        self.state.create("signature", f"{ruling}/{e.user}", e.index, body=f["body"])
        if f["in_force"]:
            self.state.set("ruling", ruling, "status", "in_force", e.index)
            self.state.set("ruling", ruling, "in_force_at", e.time, e.index)
            if f["superseded"] is not None:
                self.state.set("ruling", f["superseded"], "status", "superseded", e.index)
            self._advance(e, f["case"], Transition.RULE)
            if f["published"]:
                self._advance(e, f["case"], Transition.PUBLISH)
                self.state.set("case", f["case"], "published_at", e.time, e.index)
        party = self.ruling_party.get(ruling, "")
        if _version(f) >= PENALTY_EVENT_VERSION:
            self._expire(e, f["expired"], f["as_of"])
            for proposal in f["penalties_proposed"]:
                self._propose(e, proposal, party, f["as_of"])
            return
        if f["in_force"] and self.state.get("ruling", ruling, "outcome") == "violation":
            self.legacy_runs[(e.agreement, party)] = e.index
        for proposal in f["penalties_proposed"]:
            self._propose(e, proposal, party, UNRECORDED)

    # penalties
    def _expire(self, e: Event, penalties: list[int], as_of: str) -> None:
        for penalty in penalties:
            self.state.set("penalty", penalty, "status", "expired", e.index)
            self.state.set("penalty", penalty, "ended_on", as_of, e.index)

    def _propose(self, e: Event, proposal: dict[str, Any], party: str, as_of: Any) -> None:
        """Create the penalty a proposal records; a version-3 proposal also supersedes the penalties it
        names, as of the run's day."""
        new = proposal.get("severity", UNRECORDED) is not UNRECORDED
        penalty = proposal["penalty"]
        self.state.create(
            "penalty",
            penalty,
            e.index,
            agreement=e.agreement,
            party=party,
            reference=proposal["reference"],
            rule_id=proposal["rule"],
            measure=proposal["measure"],
            reasons_text=proposal["reasons"],
            status="proposed",
            proposed_at=e.time,
            proposed_on=as_of,
            severity=proposal["severity"] if new else UNRECORDED,
            reasons=proposal["reasons_detail"] if new else UNRECORDED,
            basis=sorted(proposal["basis"]) if new else UNRECORDED,
        )
        for earlier in proposal.get("supersedes", ()):
            self.state.set("penalty", earlier, "status", "superseded", e.index)
            self.state.set("penalty", earlier, "superseded_by", int(penalty), e.index)
            self.state.set("penalty", earlier, "ended_on", as_of, e.index)

    def on_PenaltiesReviewed(self, e: Event, f: dict[str, Any]) -> None:
        self._expire(e, f["expired"], f["as_of"])
        if _version(f) < PENALTY_EVENT_VERSION and f["proposed"]:
            self.legacy_runs[(e.agreement, f["party"])] = e.index
        for proposal in f["proposed"]:
            self._propose(e, proposal, f["party"], f["as_of"])

    def on_PenaltyConfirmationGiven(self, e: Event, f: dict[str, Any]) -> None:
        self.state.create(
            "penalty confirmation", f"{f['penalty']}/{e.user}", e.index, body=f["body"], reason=f["reason"]
        )

    def on_PenaltyDecided(self, e: Event, f: dict[str, Any]) -> None:
        penalty = f["penalty"]
        if f["decision"] == "confirmed":
            # The confirmation that meets the quorum is recorded by the decision itself.
            self.state.create(
                "penalty confirmation",
                f"{penalty}/{e.user}",
                e.index,
                body=e.organisation,
                reason=f["reason"],
            )
        self.state.set("penalty", penalty, "status", f["decision"], e.index)
        self.state.set("penalty", penalty, "decided_by", e.user, e.index)
        self.state.set("penalty", penalty, "decided_at", e.time, e.index)
        self.state.set("penalty", penalty, "decision_reason", f["reason"], e.index)

    def finish_ledgers(self, parties: list[tuple[str, str]]) -> None:
        """Each party's ledger as the replayed rows imply it: the violations in force that hold it
        responsible, the access denials it made and its penalties with their status. ``index`` of each
        field is the last entry that set anything it counts."""
        state = self.state
        for agreement, party in parties:
            violations, denials, penalties = [], [], []
            marks = [-1, -1, -1]
            for key, row in state.rows["ruling"].items():
                if (
                    row["agreement"][0] == agreement
                    and row["responsible_party"][0] == party
                    and row["outcome"][0] == "violation"
                    and row["status"][0] in ("in_force", "superseded")
                ):
                    violations.append(int(key))
                    marks[0] = max(marks[0], max(i for _, i in row.values() if i is not None))
            for key, row in state.rows["access denial"].items():
                case = state.rows["case"].get(str(row["case"][0]))
                if case and case["agreement"][0] == agreement and row["denied_by_party"][0] == party:
                    denials.append(int(key))
                    marks[1] = max(marks[1], state.created[("access denial", key)])
            for key, row in state.rows["penalty"].items():
                if row["agreement"][0] == agreement and row["party"][0] == party:
                    penalties.append([int(key), row["status"][0]])
                    marks[2] = max(marks[2], max(i for _, i in row.values() if i is not None))
            key = f"{agreement}/{party}"
            state.rows["ledger"][key] = {
                "violations": (sorted(violations), marks[0] if marks[0] >= 0 else None),
                "access_denials": (sorted(denials), marks[1] if marks[1] >= 0 else None),
                "penalties": (sorted(penalties), marks[2] if marks[2] >= 0 else None),
            }
            state.created[("ledger", key)] = max(max(marks), 0)


# --- the live side ----------------------------------------------------------------------------------------


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _stamp(value: Any) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _live_rows() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, key, fields) of every live row replay compares, normalised as the fold writes them."""
    from truce.accounts.models import User
    from truce.cases.models import AccessDenial, Assignment, Case, CaseShare, Reply, SiteVisit
    from truce.penalties.models import Penalty, PenaltyConfirmation
    from truce.reports.models import Report
    from truce.rulings.models import Ruling, Signature

    names = dict(User.objects.values_list("id", "username"))
    for c in Case.objects.order_by("id").values().iterator(chunk_size=BATCH):
        yield (
            "case",
            str(c["id"]),
            {
                **{k: c[k] for k in ("reference", "status", "title", "event_type", "sub_event_type")},
                **{k: c[k] for k in ("date_precision", "place", "accused_party", "inadmissible_reason")},
                "agreement": c["agreement_id"],
                "incident_date": _day(c["incident_date"]),
                "lat": _coordinate(c["lat"]),
                "lon": _coordinate(c["lon"]),
                "opened_at": c["opened_at"],
                "reply_requested_at": c["reply_requested_at"],
                "reply_due_at": _stamp(c["reply_due_at"]),
                "reply_overdue_noted_at": _stamp(c["reply_overdue_noted_at"]),
                "joined_into": c["joined_into_id"],
                "published_at": c["published_at"],
            },
        )
    for r in (
        Report.objects.order_by("id")
        .values("id", "agreement_id", "kind", "status", "filing_party", "accused_party", "case_id", "urgent")
        .iterator(chunk_size=BATCH)
    ):
        yield (
            "report",
            str(r["id"]),
            {
                "agreement": r["agreement_id"],
                "kind": r["kind"],
                "status": r["status"],
                "filing_party": r["filing_party"],
                "accused_party": r["accused_party"],
                "case": r["case_id"],
                "urgent": r["urgent"],
            },
        )
    for s in CaseShare.objects.values("case_id", "party", "shared_by_id").iterator(chunk_size=BATCH):
        yield "share", f"{s['case_id']}/{s['party']}", {"shared_by": names.get(s["shared_by_id"], "")}
    for a in Assignment.objects.values("case_id", "monitor_id", "assigned_by_id").iterator(chunk_size=BATCH):
        yield (
            "assignment",
            f"{a['case_id']}/{names.get(a['monitor_id'])}",
            {"assigned_by": names.get(a["assigned_by_id"], "")},
        )
    for p in Reply.objects.values("id", "case_id", "party", "text", "submitted_by_id").iterator(
        chunk_size=BATCH
    ):
        yield (
            "reply",
            str(p["id"]),
            {
                "case": p["case_id"],
                "party": p["party"],
                "text": p["text"],
                "submitted_by": names.get(p["submitted_by_id"], ""),
            },
        )
    for v in SiteVisit.objects.values("id", "case_id", "place", "findings").iterator(chunk_size=BATCH):
        yield (
            "site visit",
            str(v["id"]),
            {"case": v["case_id"], "place": v["place"], "findings": v["findings"]},
        )
    for d in AccessDenial.objects.values(
        "id", "case_id", "denied_by_party", "place", "denied_by", "description"
    ).iterator(chunk_size=BATCH):
        yield (
            "access denial",
            str(d["id"]),
            {
                "case": d["case_id"],
                **{k: d[k] for k in ("denied_by_party", "place", "denied_by", "description")},
            },
        )
    evidence: dict[int, list[int]] = {}
    for ruling_id, evidence_id in Ruling.evidence.through.objects.values_list("ruling_id", "evidence_id"):
        evidence.setdefault(ruling_id, []).append(evidence_id)
    for ru in Ruling.objects.order_by("id").values().iterator(chunk_size=BATCH):
        yield (
            "ruling",
            str(ru["id"]),
            {
                **{
                    k: ru[k]
                    for k in ("reference", "outcome", "commitment", "responsible_party", "perpetrator")
                },
                **{
                    k: ru[k]
                    for k in ("perpetrator_type", "sub_event_type", "confidence", "reasons", "status")
                },
                "case": ru["case_id"],
                "agreement": ru["agreement_id"],
                "evidence": sorted(evidence.get(ru["id"], [])),
                "supersedes": ru["supersedes_id"],
                "drafted_by": names.get(ru["drafted_by_id"], ""),
                "drafted_at": ru["drafted_at"],
                "in_force_at": ru["in_force_at"],
            },
        )
    for sg in Signature.objects.values("ruling_id", "officer_id", "body").iterator(chunk_size=BATCH):
        yield "signature", f"{sg['ruling_id']}/{names.get(sg['officer_id'])}", {"body": sg["body"]}
    for pe in Penalty.objects.order_by("id").values().iterator(chunk_size=BATCH):
        yield (
            "penalty",
            str(pe["id"]),
            {
                **{k: pe[k] for k in ("party", "reference", "rule_id", "measure", "reasons_text", "status")},
                "agreement": pe["agreement_id"],
                "proposed_at": pe["proposed_at"],
                "decided_by": names.get(pe["decided_by_id"]) if pe["decided_by_id"] else None,
                "decided_at": pe["decided_at"],
                "decision_reason": pe["decision_reason"],
                "severity": pe["severity"],
                "reasons": pe["reasons"],
                "basis": sorted(pe["basis"]),
                "proposed_on": _day(pe["proposed_on"]),
                "superseded_by": pe["superseded_by_id"],
                "ended_on": _day(pe["ended_on"]),
            },
        )
    for co in PenaltyConfirmation.objects.values("penalty_id", "officer_id", "body", "reason").iterator(
        chunk_size=BATCH
    ):
        yield (
            "penalty confirmation",
            f"{co['penalty_id']}/{names.get(co['officer_id'])}",
            {
                "body": co["body"],
                "reason": co["reason"],
            },
        )


def _parties() -> list[tuple[str, str]]:
    from truce.agreements import registry
    from truce.agreements.models import Agreement

    return [
        (row.pk, party.code)
        for row in Agreement.objects.order_by("pk")
        for party in registry.parsed(row).parties
    ]


def _live_ledger(agreement: str, party: str) -> dict[str, Any]:
    """The ledger as the pages and API show it (truce.penalties.ledger), reduced to what it counts."""
    from truce.penalties.ledger import ledger

    shown = ledger(agreement, party)
    return {
        "violations": sorted(int(v["ruling"]) for v in shown["violations"]),
        "access_denials": sorted(int(d["id"]) for d in shown["access_denials"]),
        "penalties": sorted([int(p["id"]), p["status"]] for p in shown["penalties"]),
    }


# --- comparing --------------------------------------------------------------------------------------------

# A live penalty status a version-1 engine run may have set without saying so (GAPS), from the replayed
# status it may have moved from: the run superseded penalties, and let them lapse inside a ruling's run.
_UNRECORDED_PENALTY_MOVES = {
    ("proposed", "superseded"),
    ("confirmed", "superseded"),
    ("proposed", "expired"),
    ("confirmed", "expired"),
}


def _same(name: str, live: Any, replayed: Any) -> bool:
    if name in TIME_FIELDS and live is not None and replayed is not None:
        return abs(live - replayed) <= TIME_SLACK
    return live == replayed


def _legacy_move(
    live: dict[str, Any], replayed: dict[str, tuple[Any, int | None]], legacy_runs: dict[tuple[str, str], int]
) -> bool:
    """Whether a penalty's live status differs from the replayed one only as a version-1 engine run for
    its party, at or after the entry that last set the status, may have changed it unrecorded."""
    value, index = replayed["status"]
    run = legacy_runs.get((replayed["agreement"][0], replayed["party"][0]))
    return (
        (value, live["status"]) in _UNRECORDED_PENALTY_MOVES
        and run is not None
        and (index is None or run >= index)
    )


# What a version-1 engine run changed along with such a status.
_MOVED_WITH_STATUS = ("superseded_by", "ended_on")


def _compare_row(
    kind: str,
    key: str,
    live: dict[str, Any],
    replayed: dict[str, tuple[Any, int | None]],
    result: ReplayResult,
    legacy_runs: dict[tuple[str, str], int],
    unexplained: set[int],
) -> None:
    label = f"{kind} {key}"
    legacy = kind == "penalty" and _legacy_move(live, replayed, legacy_runs)
    for name, (value, index) in replayed.items():
        got = live[name]
        if value is UNRECORDED or _same(name, got, value):
            continue
        if legacy and name == "status":
            unexplained.add(int(key))
            run = legacy_runs[(replayed["agreement"][0], replayed["party"][0])]
            result.unverifiable.append(
                f"{label} status: live {got!r}, the record last says {value!r} (entry {index}); "
                f"a version-1 run of the penalty engine (entry {run}) did not record which penalties "
                "it superseded or let lapse"
            )
            continue
        if legacy and name in _MOVED_WITH_STATUS:
            continue
        if kind == "ledger" and name == "penalties":
            # The ledger lists the same penalties; their unrecorded moves are reported on the penalty rows.
            live_ids = [p[0] for p in got]
            if live_ids == [p[0] for p in value] and all(
                a[1] == b[1] or a[0] in unexplained for a, b in zip(got, value, strict=True)
            ):
                continue
        result.differences.append(Difference(label, name, got, value, index))


def replay(*, batch: int = BATCH) -> ReplayResult:
    """Fold every entry into the state it implies and compare it with the live rows. Reads only."""
    started = time.perf_counter()
    result = ReplayResult()
    fold = Fold()
    for event in read_events(batch):
        result.entries += 1
        try:
            fold.apply(event)
        except ReplayGap as exc:
            result.unreadable.append(str(exc))
        except (KeyError, TypeError, ValueError) as exc:
            result.unreadable.append(f"entry {event.index} ({event.type}) cannot be applied: {exc!r}")
    parties = _parties()
    fold.finish_ledgers(parties)
    state = fold.state
    seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
    unexplained: set[int] = set()
    for kind, key, live in _live_rows():
        seen[kind].add(key)
        replayed = state.rows[kind].get(key)
        if replayed is None:
            result.differences.append(
                Difference(f"{kind} {key}", "(row)", "present", None, None, "row with no entry")
            )
            continue
        _compare_row(kind, key, live, replayed, result, fold.legacy_runs, unexplained)
    for agreement, party in parties:
        key = f"{agreement}/{party}"
        seen["ledger"].add(key)
        _compare_row(
            "ledger",
            key,
            _live_ledger(agreement, party),
            state.rows["ledger"][key],
            result,
            fold.legacy_runs,
            unexplained,
        )
    for kind, rows in state.rows.items():
        for key in rows.keys() - seen[kind]:
            result.differences.append(
                Difference(
                    f"{kind} {key}",
                    "(row)",
                    None,
                    "present",
                    state.created[(kind, key)],
                    "row missing from the live database",
                )
            )
    result.rebuilt = {kind: len(rows) for kind, rows in state.rows.items()}
    result.differences.sort(key=lambda d: (d.object.split(" ")[0], _natural(d.object), d.field))
    result.seconds = time.perf_counter() - started
    return result


def _natural(label: str) -> tuple[Any, ...]:
    key = label.rsplit(" ", 1)[-1]
    return tuple(int(p) if p.isdigit() else 0 for p in key.split("/")), key


__all__ = ["GAPS", "Difference", "ReplayResult", "replay"]
