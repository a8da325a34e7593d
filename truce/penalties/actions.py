"""Penalties: the engine proposes (inside the action that changed the facts), mediators decide."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from truce.accounts.roles import is_mediator, liaison_party
from truce.agreements import registry
from truce.agreements.models import Agreement as AgreementRow
from truce.agreements.words import quorum_words
from truce.cases.models import AccessDenial
from truce.core import clock
from truce.core.agreement.model import Agreement
from truce.core.penalties import engine
from truce.core.penalties.facts import AccessDenial as DenialFact
from truce.core.penalties.facts import ExistingPenalty, PartyFacts, RuledViolation
from truce.core.penalties.facts import PenaltyStatus as CoreStatus
from truce.errors import ActionError, Forbidden, NotFound
from truce.notifications.models import Kind
from truce.notifications.send import liaisons_of, mediators_of, notify_about
from truce.penalties.events import PenaltiesReviewed, PenaltyConfirmationGiven, PenaltyDecided
from truce.penalties.models import Penalty, PenaltyConfirmation, PenaltyStatus
from truce.record.store import append, lock_head
from truce.rulings.models import Outcome, Ruling, RulingStatus


def _status_words(status: str) -> Any:
    """A penalty status inside a sentence, in the reader's language when the sentence is shown: its label
    lower-cased ("penalty P-1 is confirmed", as the English message has always said it)."""
    return lazy(lambda: str(PenaltyStatus(status).label).lower(), str)()


def violations_of(agreement: Agreement, agreement_id: str, party: str) -> list[RuledViolation]:
    """Every violation ruling that held ``party`` responsible and took effect, with the day a later
    ruling superseded it (from then on it no longer counts)."""
    rows = (
        Ruling.objects.filter(agreement_id=agreement_id, outcome=Outcome.VIOLATION, responsible_party=party)
        .exclude(in_force_at__isnull=True)
        .select_related("case", "superseded_by")
    )
    facts = []
    for r in rows:
        assert r.in_force_at is not None
        successor = getattr(r, "superseded_by", None)
        superseded_on = None
        if (
            r.status == RulingStatus.SUPERSEDED
            and successor is not None
            and successor.in_force_at is not None
        ):
            superseded_on = successor.in_force_at.astimezone(agreement.tz).date()
        facts.append(
            RuledViolation(
                id=str(r.pk),
                reference=f"R{r.number}",
                case_reference=r.case.reference,
                commitment_id=r.commitment,
                sub_event_type=r.sub_event_type,
                effective_on=r.in_force_at.astimezone(agreement.tz).date(),
                superseded_on=superseded_on,
            )
        )
    return facts


def _existing(row: Penalty) -> ExistingPenalty:
    return ExistingPenalty(
        id=str(row.pk),
        rule_id=row.rule_id,
        status=CoreStatus(row.status),
        proposed_on=row.proposed_on,
        confirmed_on=row.confirmed_on,
        reference=row.reference,
        basis=frozenset(row.basis),
    )


def party_facts(agreement: Agreement, agreement_id: str, party: str) -> PartyFacts:
    denials = AccessDenial.objects.filter(case__agreement_id=agreement_id, denied_by_party=party)
    return PartyFacts(
        violations=tuple(violations_of(agreement, agreement_id, party)),
        access_denials=tuple(
            DenialFact(id=str(d.pk), day=d.denied_at.astimezone(agreement.tz).date(), reference=f"D{d.pk}")
            for d in denials
        ),
        penalties=tuple(_existing(p) for p in Penalty.objects.filter(agreement_id=agreement_id, party=party)),
    )


@dataclass(frozen=True)
class EngineRun:
    """What one run of the engine for a party changed: the proposals it stored, the ids of the penalties
    it let lapse, and the agreement's local day it ran on (the day those changes carry)."""

    created: list[Penalty]
    expired: list[int]
    as_of: dt.date


def propose_penalties(agreement_id: str, party: str) -> EngineRun:
    """Run the engine for ``party`` today (the agreement's local day) and store its proposals, marking
    lapsed and superseded penalties. Requires the caller's open transaction (it is part of the action
    that changed the facts, which records what this returns)."""
    lock_head()
    row = AgreementRow.objects.get(pk=agreement_id)
    agreement = registry.parsed(row)
    today = agreement.today()
    facts = party_facts(agreement, agreement_id, party)
    lapsed = [int(p.id) for p in engine.expired(agreement, facts.penalties, today)]
    if lapsed:
        Penalty.objects.filter(pk__in=lapsed).update(status=PenaltyStatus.EXPIRED, ended_on=today)
        facts = party_facts(agreement, agreement_id, party)  # the engine must see them as expired
    created = []
    now = clock.now()
    for proposal in engine.evaluate(agreement, party, facts, today):
        number = (Penalty.objects.filter(agreement_id=agreement_id).aggregate(n=Max("number"))["n"] or 0) + 1
        penalty = Penalty.objects.create(
            agreement_id=agreement_id,
            party=party,
            number=number,
            reference=f"{agreement_id}/P{number}",
            rule_id=proposal.rule_id,
            measure=proposal.measure,
            severity=proposal.severity,
            reasons_text=proposal.reasons.text,
            reasons=proposal.reasons.as_dict(),
            basis=sorted(proposal.reasons.basis()),
            proposed_on=today,
            proposed_at=now,
        )
        Penalty.objects.filter(pk__in=[int(i) for i in proposal.supersedes]).update(
            status=PenaltyStatus.SUPERSEDED, superseded_by=penalty, ended_on=today
        )
        created.append(penalty)
    if created:
        notify_about(
            mediators_of(agreement_id),
            Kind.PENALTY_PROPOSED,
            {
                "party": party,
                "measure": created[-1].measure,
                "reasons": created[-1].reasons_text,
                # the reasons as data, written in each reader's language (truce.penalties.words)
                "reasons_detail": created[-1].reasons,
            },
        )
    return EngineRun(created=created, expired=sorted(lapsed), as_of=today)


# Event version 3 of the engine's entries (RulingSigned, PenaltiesReviewed; docs/record.md §1.5): each
# proposal carries what replay needs to rebuild the penalty, and the run's day and lapsed penalties.
PENALTY_EVENT_VERSION = 3


def proposal_json(penalty: Penalty) -> dict[str, Any]:
    """A proposal as its entry records it (event version 3): ``reasons`` is the text, as in version 1;
    ``reasons_detail`` the engine's machine-readable reasons; ``basis`` the items they counted;
    ``supersedes`` the ids of the penalties this one superseded."""
    return {
        "penalty": penalty.pk,
        "reference": penalty.reference,
        "rule": penalty.rule_id,
        "measure": penalty.measure,
        "reasons": penalty.reasons_text,
        "severity": penalty.severity,
        "reasons_detail": penalty.reasons,
        "basis": sorted(penalty.basis),
        "supersedes": sorted(Penalty.objects.filter(superseded_by=penalty).values_list("pk", flat=True)),
    }


def do_review_penalties(agreement_id: str, party: str, *, acting_user: Any = None) -> list[Penalty]:
    """Run the engine outside a ruling (the daily task, or a mediator on request): windows roll and
    penalties lapse with time alone. Records a review only when something changed."""
    if acting_user is not None and not is_mediator(acting_user, agreement_id):
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s that you serve"),
            params={"agreement": repr(agreement_id)},
            field="agreement",
        )
    with transaction.atomic():
        run = propose_penalties(agreement_id, party)
        if run.created or run.expired:
            append(
                PenaltiesReviewed(
                    party=party,
                    as_of=run.as_of.isoformat(),
                    proposed=[proposal_json(p) for p in run.created],
                    expired=run.expired,
                    event_version=PENALTY_EVENT_VERSION,
                ),
                agreement=agreement_id,
                actor=acting_user,
            )
    return run.created


def _decide(penalty_id: int, decision: str, reason: str, acting_user: Any) -> Penalty:
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(
            gettext_lazy("give the reason for the decision; it is recorded with the penalty"), field="reason"
        )
    with transaction.atomic():
        lock_head()
        penalty = Penalty.objects.select_for_update().filter(pk=penalty_id).first()
        if penalty is None or not is_mediator(acting_user, penalty.agreement_id):
            if penalty is not None and liaison_party(acting_user, penalty.agreement_id) == penalty.party:
                raise Forbidden(gettext_lazy("only a mediator decides on penalties"), field="penalty")
            raise NotFound(
                gettext_lazy("no penalty %(penalty)s"), params={"penalty": penalty_id}, field="penalty"
            )
        if penalty.status != PenaltyStatus.PROPOSED:
            raise ActionError(
                gettext_lazy("penalty %(penalty)s is %(status)s; only a proposal is decided"),
                params={"penalty": penalty.reference, "status": _status_words(penalty.status)},
                field="penalty",
            )
        agreement = registry.parsed(penalty.agreement)
        if decision == PenaltyStatus.CONFIRMED and not _confirmation_completes(
            penalty, agreement, reason, acting_user
        ):
            return penalty
        penalty.status = decision
        penalty.decided_by, penalty.decided_at, penalty.decision_reason = acting_user, clock.now(), reason
        if decision == PenaltyStatus.CONFIRMED:
            penalty.confirmed_on = agreement.today()
        penalty.save()
        if decision == PenaltyStatus.CONFIRMED:
            # The party it is against hears of it from the mechanism, not from the next bulletin.
            notify_about(
                liaisons_of(penalty.agreement_id, penalty.party),
                Kind.PENALTY_CONFIRMED,
                {
                    "penalty": penalty.reference,
                    "party": penalty.party,
                    "measure": penalty.measure,
                    "reasons": penalty.reasons_text,
                    "reasons_detail": penalty.reasons,
                },
            )
        append(
            PenaltyDecided(
                penalty=penalty.pk,
                party=penalty.party,
                rule=penalty.rule_id,
                decision=decision,
                reason=reason,
            ),
            agreement=penalty.agreement_id,
            actor=acting_user,
        )
    return penalty


def _confirmation_completes(penalty: Penalty, agreement: Agreement, reason: str, acting_user: Any) -> bool:
    """Record ``acting_user``'s confirmation of ``penalty``; True when the confirmations now meet the
    agreement's quorum (the caller then confirms the penalty), False when more are needed (the confirmation
    is recorded as its own event). Requires the caller to hold the penalty's row lock."""
    bodies = agreement.signatory_bodies()
    if acting_user.organisation not in bodies:
        raise Forbidden(
            gettext_lazy("%(body)s is not a signatory body (%(bodies)s)"),
            params={"body": acting_user.organisation or "you", "bodies": ", ".join(bodies)},
            field="penalty",
        )
    if penalty.confirmations.filter(officer=acting_user).exists():
        raise ActionError(
            gettext_lazy("you have already confirmed penalty %(penalty)s; it awaits %(quorum)s"),
            params={
                "penalty": penalty.reference,
                "quorum": lazy(quorum_words, str)(agreement.procedure.ruling_quorum),
            },
            field="penalty",
        )
    PenaltyConfirmation.objects.create(
        penalty=penalty, officer=acting_user, body=acting_user.organisation, reason=reason, at=clock.now()
    )
    given = {(str(c.officer_id), c.body) for c in penalty.confirmations.all()}
    if agreement.quorum_met(given):
        return True
    append(
        PenaltyConfirmationGiven(
            penalty=penalty.pk,
            party=penalty.party,
            rule=penalty.rule_id,
            body=acting_user.organisation,
            reason=reason,
        ),
        agreement=penalty.agreement_id,
        actor=acting_user,
    )
    return False


def do_confirm_penalty(penalty_id: int, *, reason: str, acting_user: Any) -> Penalty:
    """Confirm a proposed penalty, as the agreement's ruling quorum does for rulings: each confirmation is
    recorded, and the penalty is confirmed when they meet the quorum (with "each-mediator", one officer of
    every mediator). A single mediator may decline a proposal: a measure the quorum must deliver cannot be
    delivered once one of its members refuses, and declining is recorded with its reason."""
    return _decide(penalty_id, PenaltyStatus.CONFIRMED, reason, acting_user)


def do_decline_penalty(penalty_id: int, *, reason: str, acting_user: Any) -> Penalty:
    return _decide(penalty_id, PenaltyStatus.DECLINED, reason, acting_user)
