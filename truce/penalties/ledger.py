"""A party's ledger: its ruled violations and their points, access denials, and penalties. Read-only."""

from __future__ import annotations

from typing import Any

from truce.agreements import registry
from truce.agreements.models import Agreement as AgreementRow
from truce.core import clock
from truce.core.agreement.conditions import Variable
from truce.core.penalties.facts import PenaltyStatus as CoreStatus
from truce.core.penalties.windows import tally
from truce.penalties.actions import party_facts
from truce.penalties.models import Penalty
from truce.penalties.words import reasons_words

WINDOWS = (30, 90, None)


def ledger(agreement_id: str, party: str, *, in_words: bool = False) -> dict[str, Any]:
    """The party's ledger as the API gives it; ``in_words``: each penalty also carries ``reasons_words``,
    its reasons in the active language, for the ledger page (the API keeps the English ``reasons``)."""
    row = AgreementRow.objects.get(pk=agreement_id)
    agreement = registry.parsed(row)
    today = agreement.today()
    facts = party_facts(agreement, agreement_id, party)
    totals = {}
    for measure in ("points", "violations", "access_denials"):
        for window in WINDOWS:
            variable = Variable(measure, window)
            totals[variable.name] = tally(agreement, facts, today, variable).value
    violations = [
        {
            "ruling": v.id,
            "reference": v.reference,
            "case": v.case_reference,
            "commitment": v.commitment_id,
            "sub_event_type": v.sub_event_type,
            "in_force_on": v.effective_on.isoformat(),
            "superseded_on": None if v.superseded_on is None else v.superseded_on.isoformat(),
            "points": v.points_under(agreement),
            "counts": v.counts_on(today),
        }
        for v in sorted(facts.violations, key=lambda v: (v.effective_on, int(v.id)))
    ]
    rows = list(
        Penalty.objects.filter(agreement_id=agreement_id, party=party)
        .prefetch_related("confirmations")
        .order_by("proposed_at", "id")
    )
    penalties = [
        {
            "id": p.pk,
            "reference": p.reference,
            "rule": p.rule_id,
            "measure": p.measure,
            "status": p.status,
            "reasons": p.reasons_text,
            "proposed_on": p.proposed_on.isoformat(),
            "confirmed_on": None if p.confirmed_on is None else p.confirmed_on.isoformat(),
            # The bodies whose officer confirmed it (its quorum: truce.penalties.actions.do_confirm_penalty);
            # officers' names stay with the mediators, as signers' do.
            "confirmed_by": [c.body for c in p.confirmations.all()],
            "decision_reason": p.decision_reason,
            "ended_on": None if p.ended_on is None else p.ended_on.isoformat(),
        }
        for p in rows
    ]
    if in_words:
        for stored, penalty in zip(rows, penalties, strict=True):
            penalty["reasons_words"] = reasons_words(stored.reasons, stored.reasons_text)
    return {
        "agreement": agreement_id,
        "party": party,
        "party_name": agreement.party(party).name,  # type: ignore[union-attr]
        "as_of": today.isoformat(),
        "generated_at": clock.rfc3339(clock.now()),
        "totals": totals,
        "violations": violations,
        "access_denials": [
            {"id": d.id, "day": d.day.isoformat()} for d in sorted(facts.access_denials, key=lambda d: d.day)
        ],
        "penalties": penalties,
        "open_penalties": sum(
            1 for p in penalties if p["status"] in (CoreStatus.PROPOSED, CoreStatus.CONFIRMED)
        ),
    }
