"""Filing reports and adding evidence: the only write paths for reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from truce.accounts.models import Role
from truce.accounts.roles import is_mediator, is_monitor, liaison_party
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.cases.actions import place_report_in_case
from truce.core import clock
from truce.core.incident import IncidentError, parse_incident
from truce.errors import ActionError, FieldProblem, Forbidden, NotFound, TooLarge
from truce.record.store import append
from truce.reports import evidence_store
from truce.reports.events import EvidenceAdded, ReportFiled, ReportSubmitted
from truce.reports.models import (
    Evidence,
    EvidenceKind,
    InformationCredibility,
    Report,
    ReportKind,
    ReportStatus,
    SourceReliability,
)
from truce.reports.visibility import reports_visible_to


def _filing_kind(user: Any, agreement_id: str) -> tuple[str, str]:
    """(report kind, filing party) this user files in this agreement, or Forbidden."""
    party = liaison_party(user, agreement_id)
    if party is not None:
        return ReportKind.COMPLAINT, party
    if is_monitor(user, agreement_id):
        return ReportKind.OBSERVATION, ""
    raise Forbidden(
        "only a party's liaison officer (complaints) or a monitor (observations) of this agreement "
        "may file reports",
        field="agreement",
    )


def do_file_report(
    *,
    agreement_id: str,
    incident: Mapping[str, Any],
    draft: bool = False,
    case_id: int | None = None,
    acting_user: Any,
) -> Report:
    """File a complaint (liaison) or an observation (monitor). A draft stays with its author's side and
    has no case; a submitted report opens a case or joins the case of the same incident."""
    agreement_row = Agreement.objects.filter(pk=agreement_id).first()
    if agreement_row is None or getattr(acting_user, "agreement_id", None) != agreement_id:
        raise NotFound(f"no agreement {agreement_id!r} that you serve", field="agreement")
    kind, party = _filing_kind(acting_user, agreement_id)
    agreement = registry.parsed(agreement_row)
    today = clock.now().astimezone(agreement.tz).date()
    try:
        parsed = parse_incident(incident, agreement, today=today, filing_party=party)
    except IncidentError as exc:
        raise ActionError(
            str(exc.problems[0]), problems=[FieldProblem(p.field, p.message) for p in exc.problems]
        ) from exc
    if kind == ReportKind.COMPLAINT:
        missing = []
        if not parsed.accused_party:
            missing.append(FieldProblem("incident.accused_party", "a complaint names the party it accuses"))
        if not parsed.commitments:
            missing.append(
                FieldProblem(
                    "incident.commitments", "a complaint names the commitments it alleges were breached"
                )
            )
        if missing:
            raise ActionError(f"{missing[0].field}: {missing[0].message}", problems=missing)
    if draft and case_id is not None:
        raise ActionError("a draft joins no case until it is submitted", field="case")

    now = clock.now()
    with transaction.atomic():
        report = Report.objects.create(
            agreement=agreement_row,
            kind=kind,
            status=ReportStatus.DRAFT if draft else ReportStatus.SUBMITTED,
            filed_by=acting_user,
            filing_party=party,
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
            commitments=list(parsed.commitments),
            accused_party=parsed.accused_party,
            description=parsed.description,
            language=parsed.language,
        )
        case, placed = (
            (None, "") if draft else place_report_in_case(report, case_id=case_id, acting_user=acting_user)
        )
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
                incident=parsed.to_json(),
            ),
            agreement=agreement_id,
            actor=acting_user,
        )
    return report


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
        raise NotFound(f"no report {report_id}", field="report")
    return report


def do_submit_report(report_id: int, *, case_id: int | None = None, acting_user: Any) -> Report:
    with transaction.atomic():
        report = get_visible_report(report_id, acting_user)
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not _own_side(acting_user, report):
            raise Forbidden("only the side that filed a report may submit it", field="report")
        if report.status != ReportStatus.DRAFT:
            raise ActionError(f"report {report_id} is already {report.status}", field="report")
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = clock.now()
        report.save(update_fields=["status", "submitted_at"])
        case, placed = place_report_in_case(report, case_id=case_id, acting_user=acting_user)
        append(
            ReportSubmitted(report=report.pk, case=case.pk, case_reference=case.reference, placed=placed),
            agreement=report.agreement_id,
            actor=acting_user,
        )
    return report


def _grading(reliability: str, credibility: str) -> tuple[str, str]:
    problems = []
    if reliability not in SourceReliability.values:
        problems.append(FieldProblem("reliability", f"{reliability!r} is not a source reliability grade A-F"))
    if credibility not in InformationCredibility.values:
        problems.append(
            FieldProblem("credibility", f"{credibility!r} is not an information credibility grade 1-6")
        )
    if problems:
        raise ActionError(f"{problems[0].field}: {problems[0].message}", problems=problems)
    return reliability, credibility


def do_add_evidence(
    report_id: int,
    *,
    upload: BinaryIO | None = None,
    filename: str = "",
    media_type: str = "",
    url: str = "",
    description: str = "",
    obtained_how: str = "",
    obtained_at: dt.datetime | None = None,
    obtained_from: str = "",
    source_protected: bool = False,
    reliability: str = SourceReliability.F,
    credibility: str = InformationCredibility.CANNOT_JUDGE,
    acting_user: Any,
) -> Evidence:
    """Attach a file (hashed and stored content-addressed) or a link to a report of one's own side
    (mediators may add to any report they can see)."""
    report = get_visible_report(report_id, acting_user)
    if not may_add_evidence(acting_user, report):
        raise Forbidden(
            "evidence is added by the side that filed the report or by a mediator", field="report"
        )
    if acting_user.role == Role.OBSERVER:  # defence in depth: observers see no reports at all
        raise NotFound(f"no report {report_id}", field="report")
    reliability, credibility = _grading(reliability, credibility)
    if (upload is None) == (not url):
        raise ActionError("give either a file or a link, not both and not neither", field="file")
    if obtained_at is not None:
        if obtained_at.tzinfo is None:
            raise ActionError(
                "obtained_at needs a time zone, e.g. 2025-10-12T21:30:00+05:00", field="obtained_at"
            )
        if obtained_at > clock.now():
            raise ActionError("obtained_at is in the future", field="obtained_at")
    for name, value, limit in (
        ("description", description, 5000),
        ("obtained_how", obtained_how, 300),
        ("obtained_from", obtained_from, 300),
        ("filename", filename, 255),
    ):
        if len(value) > limit:
            raise ActionError(f"{name} is longer than {limit} characters", field=name)

    if upload is not None:
        try:
            stored = evidence_store.put_file(upload, limit=settings.TRUCE_EVIDENCE_MAX_BYTES)
        except evidence_store.EvidenceTooLarge as exc:
            raise TooLarge(f"file: {exc}; split it or link to it instead", field="file") from exc
        kind, sha, size = EvidenceKind.FILE, stored.sha256, stored.size
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
            raise ActionError(f"{url[:80]!r} is not an http(s) link", field="url")
        # A link's hash is that of the link text: it pins what was cited, not the page (fetched later).
        import hashlib

        kind, sha, size = EvidenceKind.LINK, hashlib.sha256(url.encode("utf-8")).hexdigest(), 0

    now = clock.now()
    with transaction.atomic():
        evidence = Evidence.objects.create(
            report=report,
            kind=kind,
            sha256=sha,
            size=size,
            media_type=media_type[:120],
            original_name=filename,
            url=url,
            description=description,
            added_by=acting_user,
            added_at=now,
            obtained_how=obtained_how,
            obtained_at=obtained_at,
            obtained_from=obtained_from,
            source_protected=source_protected,
            reliability=reliability,
            credibility=credibility,
        )
        append(
            EvidenceAdded(
                report=report.pk,
                evidence=evidence.pk,
                kind=kind,
                sha256=sha,
                details={
                    "size": size,
                    "name": filename,
                    "media_type": evidence.media_type,
                    "url": url,
                    "description": description,
                    "obtained_how": obtained_how,
                    "obtained_at": None if obtained_at is None else clock.rfc3339(obtained_at),
                    "obtained_from": obtained_from,
                    "source_protected": source_protected,
                    "reliability": reliability,
                    "credibility": credibility,
                },
            ),
            agreement=report.agreement_id,
            actor=acting_user,
        )
    return evidence
