"""Which reports and evidence a user may see. Every read path (API, pages, CLI) filters through here.

- mediator: every submitted report of their agreement;
- monitor: their own reports (drafts included) and the submitted reports of cases assigned to them;
- liaison: their own party's reports (drafts included), submitted complaints against their party, and the
  submitted reports of a case the mediators shared with their party (truce.cases.models.CaseShare);
- observer, admin, anyone of another agreement: none (published findings come through bulletins).
Protected evidence (``Evidence.source_protected``) is shown whole — content, file name, description,
provenance, grading — only to the mediators, whoever added it and its filing side (the filing party's
officers for a report's, the replying party's for a reply's, the filing monitor for an observation's);
to everyone else (the other party, observers of a published case, assigned monitors) it is withheld,
and only its existence and its redacted rendition, if any, are shown (truce.reports.present).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from truce.accounts.models import Role
from truce.accounts.roles import is_mediator, liaison_party
from truce.reports.models import Evidence, Report, ReportKind, ReportStatus


def reports_visible_to(user: Any) -> QuerySet[Report]:
    reports = Report.objects.all()
    if not (user and user.is_authenticated and user.is_active and user.agreement_id):
        return reports.none()
    mine = reports.filter(agreement_id=user.agreement_id)
    if user.role == Role.MEDIATOR:
        return mine.filter(status=ReportStatus.SUBMITTED)
    if user.role == Role.MONITOR:
        assigned = Q(status=ReportStatus.SUBMITTED, case__assignments__monitor=user)
        return mine.filter(Q(filed_by=user) | assigned).distinct()
    if user.role == Role.LIAISON and user.organisation:
        own = Q(filing_party=user.organisation, kind=ReportKind.COMPLAINT)
        against = Q(status=ReportStatus.SUBMITTED, kind=ReportKind.COMPLAINT, accused_party=user.organisation)
        shared = Q(status=ReportStatus.SUBMITTED, case__shares__party=user.organisation)
        return mine.filter(own | against | shared).distinct()
    return reports.none()


def evidence_agreement(evidence: Evidence) -> str:
    if evidence.report_id:
        return evidence.report.agreement_id  # type: ignore[union-attr]
    if evidence.case_id:
        return evidence.case.agreement_id  # type: ignore[union-attr]
    return evidence.reply.case.agreement_id  # type: ignore[union-attr]


def may_see_protected(user: Any, evidence: Evidence) -> bool:
    """Whether ``user`` may see ``evidence`` whole (always, unless it is protected). The one rule every
    read path asks: the API, the pages, the downloads, the dossiers and the case views."""
    if not evidence.source_protected:
        return True
    agreement_id = evidence_agreement(evidence)
    if is_mediator(user, agreement_id) or evidence.added_by_id == getattr(user, "id", None):
        return True
    if evidence.report_id and evidence.report.filed_by_id == getattr(user, "id", None):  # type: ignore[union-attr]
        return True
    party = liaison_party(user, agreement_id)
    if party is None:
        return False
    if evidence.report_id:
        return party == evidence.report.filing_party  # type: ignore[union-attr]
    if evidence.reply_id:
        return party == evidence.reply.party  # type: ignore[union-attr]
    return False


def may_see_adder(user: Any, evidence: Evidence) -> bool:
    if evidence.report_id:
        return may_see_filer(user, evidence.report)  # type: ignore[arg-type]
    agreement_id = evidence_agreement(evidence)
    return is_mediator(user, agreement_id) or evidence.added_by_id == getattr(user, "id", None)


def may_see_filer(user: Any, report: Report) -> bool:
    """The officer who filed is known to their own side and the mediators; the accused sees the party."""
    if is_mediator(user, report.agreement_id) or report.filed_by_id == getattr(user, "id", None):
        return True
    party = liaison_party(user, report.agreement_id)
    return party is not None and party == report.filing_party
