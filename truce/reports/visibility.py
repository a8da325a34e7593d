"""Which reports and evidence a user may see. Every read path (API, pages, CLI) filters through here.

- mediator: every submitted report of their agreement;
- monitor: their own reports (drafts included) and the submitted reports of cases assigned to them;
- liaison: their own party's reports (drafts included) and submitted complaints against their party;
- observer, admin, anyone of another agreement: none (published findings come through bulletins).
A protected source's identity is shown to the mediators, to the filing side and to whoever added it;
to the accused party it is withheld.
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
        return mine.filter(own | against)
    return reports.none()


def evidence_agreement(evidence: Evidence) -> str:
    if evidence.report_id:
        return evidence.report.agreement_id  # type: ignore[union-attr]
    if evidence.case_id:
        return evidence.case.agreement_id  # type: ignore[union-attr]
    return evidence.reply.case.agreement_id  # type: ignore[union-attr]


def may_see_source(user: Any, evidence: Evidence) -> bool:
    """Whether ``user`` may learn who a piece of evidence came from (``obtained_from``): the mediators,
    whoever added it, and — for a report's evidence — the filing side, for a reply's — the replying party."""
    if not evidence.source_protected:
        return True
    agreement_id = evidence_agreement(evidence)
    if is_mediator(user, agreement_id) or evidence.added_by_id == getattr(user, "id", None):
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
