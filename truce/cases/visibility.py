"""Which cases, and which parts of a case, a user may see.

- mediator: every case of their agreement, all of it;
- monitor: cases holding their own reports or assigned to them; the investigation of assigned cases;
- liaison: cases holding a report they may see (truce.reports.visibility), cases the mediators shared
  with their party, and published cases of their agreement; the investigation's details stay with the
  mechanism (only access-denial counts reach the ledger); replies: their own party's, and the other
  side's once the case is ruled;
- observer: published cases (findings only: rulings and the accused party's reply beside them);
- admin, other agreements: none.
A case page lists only the reports the user may see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from truce.accounts.models import Role
from truce.accounts.roles import is_mediator, liaison_party
from truce.cases.models import Assignment, Case, CaseShare
from truce.reports.visibility import reports_visible_to

FINDING_STATES = ("ruled", "published")


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not _active(user):
        return Case.objects.none()
    if user.role == Role.OBSERVER:
        return Case.objects.filter(status="published")
    if not user.agreement_id:
        return Case.objects.none()
    if user.role == Role.MEDIATOR:
        return Case.objects.filter(agreement_id=user.agreement_id)
    # Each way of seeing a case is an EXISTS on that case's own rows, not an IN over every report the user
    # may see: asking about one case (every case page and action) reads that case's reports through the
    # index on their case, whatever the user sees elsewhere, and no join repeats a case, so no DISTINCT.
    visible = reports_visible_to(user)
    # The monitor's and liaison's report rules are DISTINCT (they join); inside EXISTS that is needless
    # and would keep the subquery from being a lookup on the case (as in truce.cases.summaries).
    visible.query.distinct = False
    rule = Q(Exists(visible.filter(case=OuterRef("pk"))))
    if user.role == Role.MONITOR:
        rule |= Q(Exists(Assignment.objects.filter(case=OuterRef("pk"), monitor=user)))
    if user.role == Role.LIAISON:
        shared = CaseShare.objects.filter(case=OuterRef("pk"), party=user.organisation)
        rule |= Q(agreement_id=user.agreement_id, status="published")
        rule |= Q(Exists(shared), agreement_id=user.agreement_id)
    return Case.objects.filter(rule)


def party_sees_case(case: Case, party: str) -> bool:
    """Whether a liaison officer of ``party`` may see ``case`` (whether or not one is registered yet):
    the question to ask before asking that party for anything about the case."""
    return cases_visible_to(party_standin(case.agreement_id, party)).filter(pk=case.pk).exists()


def party_standin(agreement_id: str, party: str) -> Any:
    """An unsaved liaison officer of ``party`` in ``agreement_id``: sees what every one of them sees."""
    from truce.accounts.models import User

    standin = User(username=f"party-{party}", role=Role.LIAISON, organisation=party, is_active=True)
    standin.agreement_id = agreement_id
    return standin


def sees_investigation(user: Any, case: Case) -> bool:
    """Assignments, site visits, access-denial details and case evidence."""
    if is_mediator(user, case.agreement_id):
        return True
    return bool(
        _active(user) and user.role == Role.MONITOR and case.assignments.filter(monitor=user).exists()
    )


def sees_reply(user: Any, case: Case, party: str) -> bool:
    if is_mediator(user, case.agreement_id):
        return True
    own = liaison_party(user, case.agreement_id)
    if own is not None and own == party:
        return True
    if case.status in FINDING_STATES:
        if own is not None:
            return True
        return _active(user) and user.role == Role.OBSERVER and case.status == "published"
    return False


def sees_rulings(user: Any, case: Case, *, drafts: bool = False) -> bool:
    """Rulings in force (and those they superseded); drafts only for mediators."""
    if is_mediator(user, case.agreement_id):
        return True
    if drafts:
        return False
    if _active(user) and user.role == Role.OBSERVER:
        return case.status == "published"
    return cases_visible_to(user).filter(pk=case.pk).exists()


def hidden_from_parties(case: Case) -> bool:
    """Whether no party of the agreement may see ``case`` (one only monitors' observations or leads opened,
    not shared and not published): the record then veils the events about it (docs/record.md §1.4), so the
    public record shows neither its id nor what happened to it until a party or the public may see it."""
    from truce.agreements import registry

    parties = [p.code for p in registry.get(case.agreement_id)[1].parties]
    return not any(party_sees_case(case, party) for party in parties)
