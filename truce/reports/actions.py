"""Filing reports and adding evidence: the only write paths for reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy, pgettext_lazy

from truce.accounts.roles import is_mediator, is_monitor, liaison_party
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.cases.actions.placement import place_report_in_case
from truce.core import clock
from truce.core.agreement.model import Agreement as AgreementModel
from truce.core.incident import Incident, IncidentError, parse_incident
from truce.errors import ActionError, FieldProblem, Forbidden, NotFound, TooLarge
from truce.notifications.models import Kind
from truce.notifications.send import liaisons_of, mediators_of, notify_about
from truce.record.store import append
from truce.reports import evidence_store, quota, renditions
from truce.reports.events import EvidenceAdded, RenditionAdded, ReportFiled, ReportSubmitted
from truce.reports.evidence_intake import EvidenceInput, check, receive, store_evidence
from truce.reports.models import Evidence, EvidenceRendition, Report, ReportKind, ReportStatus
from truce.reports.visibility import reports_visible_to


def _filing_kind(user: Any, agreement_id: str) -> tuple[str, str]:
    """(report kind, filing party) this user files in this agreement, or Forbidden."""
    party = liaison_party(user, agreement_id)
    if party is not None:
        return ReportKind.COMPLAINT, party
    if is_monitor(user, agreement_id):
        return ReportKind.OBSERVATION, ""
    raise Forbidden(
        gettext_lazy(
            "only a party's liaison officer (complaints) or a monitor (observations) of this agreement "
            "may file reports"
        ),
        field="agreement",
    )


def do_file_report(
    *,
    agreement_id: str,
    incident: Mapping[str, Any],
    draft: bool = False,
    case_id: int | None = None,
    urgent: bool = False,
    acting_user: Any,
) -> Report:
    """File a complaint (liaison) or an observation (monitor). A draft stays with its author's side and
    has no case; a submitted report opens a case or joins the case of the same incident."""
    agreement_row = Agreement.objects.filter(pk=agreement_id).first()
    if agreement_row is None or getattr(acting_user, "agreement_id", None) != agreement_id:
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s that you serve"),
            params={"agreement": repr(agreement_id)},
            field="agreement",
        )
    kind, party = _filing_kind(acting_user, agreement_id)
    agreement = registry.parsed(agreement_row)
    parsed = _incident(incident, agreement, filing_party=party)
    if kind == ReportKind.COMPLAINT:
        missing = []
        if not parsed.accused_party:
            missing.append(
                FieldProblem.marked(
                    "incident.accused_party", gettext_lazy("a complaint names the party it accuses")
                )
            )
        if not parsed.commitments:
            missing.append(
                FieldProblem.marked(
                    "incident.commitments",
                    gettext_lazy("a complaint names the commitments it alleges were breached"),
                )
            )
        if missing:
            raise ActionError.of_problems(missing)
    if draft and case_id is not None:
        raise ActionError(gettext_lazy("a draft joins no case until it is submitted"), field="case")

    now = clock.now()
    with transaction.atomic():
        quota.check_filing(acting_user)
        report = _new_report(
            agreement_row.pk,
            parsed,
            kind=kind,
            draft=draft,
            filed_by=acting_user,
            filing_party=party,
            now=now,
        )
        case, placed = (
            (None, "") if draft else place_report_in_case(report, case_id=case_id, acting_user=acting_user)
        )
        if draft and urgent:
            # Kept with the draft: the alert goes out when the draft is submitted.
            report.urgent = True
            report.save(update_fields=["urgent"])
        alerted = _alert_if_urgent(report, urgent) if not draft else 0
        if not draft and not alerted:
            _tell_mediators_of_complaint(report)
        append(
            ReportFiled(
                report=report.pk,
                kind=kind,
                status=report.status,
                filing_party=party,
                accused_party=parsed.accused_party,
                case=None if case is None else case.pk,
                case_reference="" if case is None else case.reference,
                placed=placed,
                urgent=report.urgent,
                alerted=alerted,
                incident=parsed.to_json(),
            ),
            agreement=agreement_id,
            actor=acting_user,
            veiled=_veiled(report),
        )
    return report


# A report's status inside a refusal ("report 5 is already submitted"): its code in English.
_STATUS_WORDS: dict[str, Any] = {
    ReportStatus.DRAFT: pgettext_lazy("report status inside a sentence", "draft"),
    ReportStatus.SUBMITTED: pgettext_lazy("report status inside a sentence", "submitted"),
}


def _veiled(report: Report) -> bool:
    """Whether the record must veil an event about ``report`` (docs/record.md §1.4): a draft is seen only
    by its own side, and an observation or a lead by no party (reports/visibility.py), so neither may
    show its parties, status or id in the public record."""
    return report.status == ReportStatus.DRAFT or report.kind != ReportKind.COMPLAINT


def _incident(incident: Mapping[str, Any], agreement: AgreementModel, *, filing_party: str) -> Incident:
    """The incident validated against the agreement on its local day, or every problem as an ActionError."""
    today = agreement.today()
    try:
        return parse_incident(incident, agreement, today=today, filing_party=filing_party)
    except IncidentError as exc:
        # The core marks its sentences (gettext_noop): pages show them in the reader's language.
        problems = [
            FieldProblem(p.field, p.message, gettext_lazy(p.template) if p.template else None, p.params)
            for p in exc.problems
        ]
        raise ActionError(str(exc.problems[0]), problems=problems) from exc


def _new_report(
    agreement_id: str,
    parsed: Incident,
    *,
    kind: str,
    draft: bool,
    filed_by: Any,
    filing_party: str,
    now: dt.datetime,
) -> Report:
    """The report row for a validated incident (every filing path creates it here)."""
    return Report.objects.create(
        agreement_id=agreement_id,
        kind=kind,
        status=ReportStatus.DRAFT if draft else ReportStatus.SUBMITTED,
        filed_by=filed_by,
        filing_party=filing_party,
        created_at=now,
        submitted_at=None if draft else now,
        title=parsed.title,
        event_type=parsed.event_type,
        sub_event_type=parsed.sub_event_type,
        incident_date=parsed.date,
        date_precision=parsed.date_precision,
        place=parsed.place,
        country=parsed.country,
        admin1=parsed.admin1,
        lat=parsed.lat,
        lon=parsed.lon,
        geo_precision=parsed.geo_precision,
        actors=[a.to_json() for a in parsed.actors],
        fatalities_low=parsed.fatalities_low,
        fatalities_best=parsed.fatalities_best,
        fatalities_high=parsed.fatalities_high,
        incident_time=parsed.time,
        injured_low=parsed.injured_low,
        injured_best=parsed.injured_best,
        injured_high=parsed.injured_high,
        commitments=list(parsed.commitments),
        accused_party=parsed.accused_party,
        description=parsed.description,
        language=parsed.language,
    )


def _alert_if_urgent(report: Report, urgent: bool) -> int:
    """An urgent (hotline) report notifies every mediator and the accused party's liaison officers at
    once, inside the filing transaction; the delay from submission to notification is kept.

    An accused officer is alerted only when it may see the report (a complaint against its party). A
    monitor's observation stays with the mechanism until the mediators share its case: the accused party
    then gets no notice at all, since even a content-free "urgent report against you" would tell it what
    the monitors saw and when. The mediators, alerted at once, decide whether and how to tell it."""
    if not urgent:
        return 0
    audience = mediators_of(report.agreement_id)
    if report.accused_party:
        audience += [
            officer
            for officer in liaisons_of(report.agreement_id, report.accused_party)
            if reports_visible_to(officer).filter(pk=report.pk).exists()
        ]
    # Every recipient may see the report itself (the accused officers were filtered above).
    params = {
        "summary": report.title,
        "place": report.place,
        "date": report.incident_date.isoformat(),
        "case": report.case.reference if report.case else "-",
        "description": report.description[:500],
    }
    notify_about(
        audience,
        Kind.URGENT_REPORT,
        {**params, "party": report.filing_party} if report.filing_party else {**params, "form": "monitor"},
        case=report.case,
    )
    report.urgent = True
    report.urgent_notified_at = clock.now()
    report.save(update_fields=["urgent", "urgent_notified_at"])
    return len({u.pk for u in audience})


def _incident_params(report: Report) -> dict[str, Any]:
    assert report.case is not None
    return {
        "case": report.case.reference,
        "summary": report.title,
        "place": report.place,
        "date": report.incident_date.isoformat(),
    }


def _tell_mediators_of_complaint(report: Report) -> None:
    """A submitted complaint is news to the mediators, who decide whether it is admissible (an urgent
    one has already alerted them; observations come from the mechanism's own monitors)."""
    if report.kind != ReportKind.COMPLAINT or report.case is None:
        return
    notify_about(
        mediators_of(report.agreement_id),
        Kind.NEW_COMPLAINT,
        {**_incident_params(report), "party": report.filing_party, "accused": report.accused_party or "-"},
        case=report.case,
    )


def _own_side(user: Any, report: Report) -> bool:
    """The report's author side: its filer, or a fellow liaison of the filing party."""
    if report.filed_by_id == getattr(user, "id", None):
        return True
    party = liaison_party(user, report.agreement_id)
    return party is not None and report.kind == ReportKind.COMPLAINT and party == report.filing_party


def may_add_evidence(user: Any, report: Report) -> bool:
    return _own_side(user, report) or is_mediator(user, report.agreement_id)


def get_visible_report(report_id: int, user: Any) -> Report:
    report = reports_visible_to(user).select_related("case", "agreement").filter(pk=report_id).first()
    if report is None:
        raise NotFound(gettext_lazy("no report %(report)s"), params={"report": report_id}, field="report")
    return report


def do_submit_report(report_id: int, *, case_id: int | None = None, acting_user: Any) -> Report:
    with transaction.atomic():
        report = get_visible_report(report_id, acting_user)
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not _own_side(acting_user, report):
            raise Forbidden(gettext_lazy("only the side that filed a report may submit it"), field="report")
        if report.status != ReportStatus.DRAFT:
            raise ActionError(
                gettext_lazy("report %(report)s is already %(status)s"),
                params={"report": report_id, "status": _STATUS_WORDS.get(report.status, report.status)},
                field="report",
            )
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = clock.now()
        report.save(update_fields=["status", "submitted_at"])
        case, placed = place_report_in_case(report, case_id=case_id, acting_user=acting_user)
        alerted = _alert_if_urgent(report, report.urgent)
        if not alerted:
            _tell_mediators_of_complaint(report)
        append(
            ReportSubmitted(
                report=report.pk, case=case.pk, case_reference=case.reference, placed=placed, alerted=alerted
            ),
            agreement=report.agreement_id,
            actor=acting_user,
            veiled=_veiled(report),
        )
    return report


def receive_evidence_file(
    report_id: int, *, upload: BinaryIO, evidence: EvidenceInput, acting_user: Any
) -> evidence_store.Stored:
    """Store an upload's bytes for :func:`do_add_evidence`, before its transaction: the checks that can
    refuse it first (the report, the permission, the fields, the limits, the type), then the fsyncs,
    holding no lock (evidence_intake.receive). Reads only; ``do_add_evidence(received=...)`` checks
    again inside its transaction."""
    report = get_visible_report(report_id, acting_user)
    if not may_add_evidence(acting_user, report):
        raise Forbidden(
            "evidence is added by the side that filed the report or by a mediator", field="report"
        )
    return receive(evidence, upload=upload, added_by=acting_user)


def do_add_evidence(
    report_id: int,
    *,
    upload: BinaryIO | None = None,
    evidence: EvidenceInput,
    acting_user: Any,
    received: evidence_store.Stored | None = None,
) -> Evidence:
    """Attach a file (hashed and stored content-addressed) or a link to a report of one's own side
    (mediators may add to any report they can see).

    The file is stored before the transaction opens, so that its fsyncs hold no lock; ``received`` is
    what :func:`receive_evidence_file` already stored of ``upload`` (the API does it before the
    ``Idempotency-Key``'s transaction, truce.idempotency.api)."""
    report = get_visible_report(report_id, acting_user)
    if not may_add_evidence(acting_user, report):
        raise Forbidden(
            gettext_lazy("evidence is added by the side that filed the report or by a mediator"),
            field="report",
        )
    if upload is not None and received is None:
        received = receive(evidence, upload=upload, added_by=acting_user)
    with transaction.atomic():
        row, details = store_evidence(
            evidence, upload=None, received=received, added_by=acting_user, report=report
        )
        append(
            EvidenceAdded(
                report=report.pk, evidence=row.pk, kind=row.kind, sha256=row.sha256, details=details
            ),
            agreement=report.agreement_id,
            actor=acting_user,
            veiled=_veiled(report),
        )
    return row


def do_add_rendition(
    report_id: int, evidence_id: int, *, upload: BinaryIO, media_type: str = "", acting_user: Any
) -> EvidenceRendition:
    """Attach a redacted rendition to a protected item of a report (its filing side or a mediator), for
    the other side to see in its place. Stored apart from the originals with its own SHA-256; an image
    is re-rendered without its metadata (truce.reports.renditions)."""
    report = get_visible_report(report_id, acting_user)
    evidence = Evidence.objects.filter(pk=evidence_id, report=report).first()
    if evidence is None:
        raise NotFound(
            gettext_lazy("no evidence %(evidence)s on report %(report)s"),
            params={"evidence": evidence_id, "report": report_id},
            field="evidence",
        )
    if not may_add_evidence(acting_user, report):
        raise Forbidden(
            gettext_lazy("a redacted rendition is made by the side that filed the report or by a mediator"),
            field="report",
        )
    if not evidence.source_protected:
        raise ActionError(
            gettext_lazy(
                "evidence %(evidence)s is not protected: whoever sees the report already sees it whole"
            ),
            params={"evidence": evidence_id},
            field="evidence",
        )
    limit = settings.TRUCE_EVIDENCE_MAX_BYTES
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(
            gettext_lazy("file: larger than the limit of %(limit)s bytes"),
            params={"limit": f"{limit:,}"},
            field="file",
        )
    if not data:
        raise ActionError(
            gettext_lazy("file: the rendition is empty; upload the redacted file"), field="file"
        )
    cleaned = renditions.clean(data)
    rerendered = cleaned is not None
    if cleaned is not None:
        data, media_type = cleaned
    with transaction.atomic():
        stored = evidence_store.put_rendition(evidence.sha256, data)
        row = EvidenceRendition.objects.create(
            evidence=evidence,
            sha256=stored.sha256,
            size=stored.size,
            media_type=(media_type or "")[:120],
            added_by=acting_user,
            added_at=clock.now(),
        )
        append(
            RenditionAdded(
                report=report.pk,
                evidence=evidence.pk,
                rendition=row.pk,
                sha256=row.sha256,
                details={"size": row.size, "media_type": row.media_type, "rerendered_image": rerendered},
            ),
            agreement=report.agreement_id,
            actor=acting_user,
        )
    return row


def file_lead_report(
    *,
    agreement_id: str,
    incident: Mapping[str, Any],
    case_id: int | None,
    evidence: list[tuple[EvidenceInput, BinaryIO | None]],
    acting_user: Any,
) -> tuple[Report, Any, str, list[Evidence]]:
    """File a report of kind lead (submitted, filed by the monitor or mediator who accepted it) with its
    evidence, and place it in a case; return (report, case, how placed, evidence rows).

    For truce.sources.actions.do_accept_lead only. Requires the caller's open transaction and its
    permission check; appends no record event: the caller's event (LeadAccepted) says what was filed.
    """
    parsed = _incident(incident, registry.parsed(Agreement.objects.get(pk=agreement_id)), filing_party="")
    for item, upload in evidence:
        check(item, has_file=upload is not None)
    now = clock.now()
    report = _new_report(
        agreement_id,
        parsed,
        kind=ReportKind.LEAD,
        draft=False,
        filed_by=acting_user,
        filing_party="",
        now=now,
    )
    case, placed = place_report_in_case(report, case_id=case_id, acting_user=acting_user)
    if placed == "opened":
        # A new case from open sources: the other mediators hear of it (the one who accepted the lead
        # knows).
        notify_about(
            [m for m in mediators_of(agreement_id) if m.pk != getattr(acting_user, "pk", None)],
            Kind.LEAD_OPENED_CASE,
            _incident_params(report),
            case=case,
        )
    rows = [
        store_evidence(item, upload=upload, added_by=acting_user, report=report, uploaded=False)[0]
        for item, upload in evidence
    ]
    return report, case, placed, rows
