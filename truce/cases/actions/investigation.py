"""Investigation: mediators assign monitors; assigned monitors log visits, access denials and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy

from truce.accounts.models import Role, User
from truce.accounts.roles import is_mediator
from truce.cases.actions.common import (
    advance,
    agreement_of,
    case_status_words,
    mediator_case,
    visible_case,
)
from truce.cases.events import (
    AccessDenied,
    CaseEvidenceAdded,
    InvestigationStarted,
    MonitorAssigned,
    SiteVisitLogged,
)
from truce.cases.models import AccessDenial, Assignment, Case, SiteVisit
from truce.cases.present import case_summary
from truce.cases.visibility import hidden_from_parties
from truce.core import clock
from truce.core.workflow import Transition
from truce.errors import ActionError, Forbidden
from truce.notifications.models import Kind
from truce.notifications.send import notify_about
from truce.record.store import append
from truce.reports.evidence_intake import EvidenceInput, store_evidence

_INVESTIGATING = ("admissible", "under_investigation", "awaiting_reply", "ruling_drafted")


def do_start_investigation(case_id: int, *, acting_user: Any) -> Case:
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        advance(case, Transition.START_INVESTIGATION)
        case.save(update_fields=["status"])
        append(
            InvestigationStarted(case=case.pk),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return case


def do_assign_monitor(case_id: int, *, monitor: str, acting_user: Any) -> Case:
    """Assign a monitor of the agreement; an admissible case thereby goes under investigation."""
    with transaction.atomic():
        case = mediator_case(case_id, acting_user)
        if case.status not in _INVESTIGATING:
            raise ActionError(
                gettext_lazy("the case is %(status)s; monitors are assigned to cases being investigated"),
                params={"status": case_status_words(case.status)},
                field="status",
            )
        person = User.objects.filter(
            username=monitor, role=Role.MONITOR, agreement_id=case.agreement_id, is_active=True
        ).first()
        if person is None:
            raise ActionError(
                gettext_lazy("no monitor %(monitor)s in %(agreement)s"),
                params={"monitor": repr(monitor), "agreement": case.agreement_id},
                field="monitor",
            )
        if Assignment.objects.filter(case=case, monitor=person).exists():
            raise ActionError(
                gettext_lazy("%(monitor)s is already assigned to this case"),
                params={"monitor": monitor},
                field="monitor",
            )
        started = case.status == "admissible"
        if started:
            advance(case, Transition.START_INVESTIGATION)
            case.save(update_fields=["status"])
        Assignment.objects.create(case=case, monitor=person, assigned_by=acting_user, assigned_at=clock.now())
        notify_about(
            [person],
            Kind.ASSIGNED,
            {"case": case.reference, "summary": case_summary(case, person)["title"]},
            case=case,
        )
        append(
            MonitorAssigned(case=case.pk, monitor=person.username, started_investigation=started),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return case


def _assigned_case(case_id: int, user: Any) -> Case:
    case = visible_case(case_id, user)
    if not (user.role == Role.MONITOR and Assignment.objects.filter(case=case, monitor=user).exists()):
        raise Forbidden(
            gettext_lazy("only a monitor assigned to this case may log its investigation"), field="case"
        )
    if case.status not in _INVESTIGATING:
        raise ActionError(
            gettext_lazy("the case is %(status)s; it is not being investigated"),
            params={"status": case_status_words(case.status)},
            field="status",
        )
    return case


def _moment(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ActionError(
            gettext_lazy("%(field)s needs a time zone, e.g. 2025-10-26T10:00:00+05:00"),
            params={"field": field},
            field=field,
        )
    if value > clock.now():
        raise ActionError(gettext_lazy("%(field)s is in the future"), params={"field": field}, field=field)
    return value


def _text(value: str, field: str, *, required: bool, limit: int = 10_000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionError(gettext_lazy("%(field)s is required"), params={"field": field}, field=field)
    if len(value) > limit:
        raise ActionError(
            gettext_lazy("%(field)s is longer than %(limit)s characters"),
            params={"field": field, "limit": f"{limit:,}"},
            field=field,
        )
    return value


def do_log_site_visit(
    case_id: int,
    *,
    visited_at: dt.datetime,
    place: str,
    findings: str,
    lat: float | None = None,
    lon: float | None = None,
    acting_user: Any,
) -> SiteVisit:
    visited_at = _moment(visited_at, "visited_at")
    place = _text(place, "place", required=True, limit=200)
    findings = _text(findings, "findings", required=True)
    if (
        (lat is None) != (lon is None)
        or (lat is not None and not -90 <= lat <= 90)
        or (lon is not None and not -180 <= lon <= 180)
    ):
        raise ActionError(
            gettext_lazy("give lat (-90..90) and lon (-180..180) together, or neither"), field="lat"
        )
    with transaction.atomic():
        case = _assigned_case(case_id, acting_user)
        visit = SiteVisit.objects.create(
            case=case,
            monitor=acting_user,
            visited_at=visited_at,
            place=place,
            lat=lat,
            lon=lon,
            findings=findings,
            logged_at=clock.now(),
        )
        append(
            SiteVisitLogged(
                case=case.pk,
                visit=visit.pk,
                details={
                    "visited_at": clock.rfc3339(visited_at),
                    "place": place,
                    "findings": findings,
                    "lat": None if lat is None else f"{lat:.6f}",
                    "lon": None if lon is None else f"{lon:.6f}",
                },
            ),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return visit


def do_record_access_denial(
    case_id: int,
    *,
    denied_by_party: str,
    denied_at: dt.datetime,
    place: str,
    denied_by: str = "",
    description: str = "",
    acting_user: Any,
) -> AccessDenial:
    """Record that monitors were refused access; it counts against ``denied_by_party`` on its ledger."""
    denied_at = _moment(denied_at, "denied_at")
    place = _text(place, "place", required=True, limit=200)
    denied_by = _text(denied_by, "denied_by", required=False, limit=200)
    description = _text(description, "description", required=False)
    party = (denied_by_party or "").strip().upper()
    with transaction.atomic():
        case = _assigned_case(case_id, acting_user)
        agreement = agreement_of(case)
        if agreement.party(party) is None:
            parties = ", ".join(p.code for p in agreement.parties)
            raise ActionError(
                gettext_lazy("%(party)s is not a party to %(agreement)s (%(parties)s)"),
                params={"party": repr(party), "agreement": agreement.id, "parties": parties},
                field="denied_by_party",
            )
        denial = AccessDenial.objects.create(
            case=case,
            monitor=acting_user,
            denied_by_party=party,
            denied_by=denied_by,
            denied_at=denied_at,
            place=place,
            description=description,
            logged_at=clock.now(),
        )
        day = denied_at.astimezone(agreement.tz).date().isoformat()
        append(
            AccessDenied(
                case=case.pk,
                denial=denial.pk,
                denied_by_party=party,
                denied_on=day,
                details={
                    "denied_at": clock.rfc3339(denied_at),
                    "place": place,
                    "denied_by": denied_by,
                    "description": description,
                },
            ),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return denial


def do_add_case_evidence(
    case_id: int, *, evidence: EvidenceInput, upload: BinaryIO | None = None, acting_user: Any
) -> Any:
    """An assigned monitor (or a mediator) adds evidence gathered in the investigation to the case."""
    with transaction.atomic():
        case = visible_case(case_id, acting_user)
        mediator = is_mediator(acting_user, case.agreement_id)
        if not mediator:
            case = _assigned_case(case_id, acting_user)
        row, details = store_evidence(evidence, upload=upload, added_by=acting_user, case=case)
        append(
            CaseEvidenceAdded(case=case.pk, evidence=row.pk, sha256=row.sha256, details=details),
            agreement=case.agreement_id,
            actor=acting_user,
            veiled=hidden_from_parties(case),
        )
    return row
