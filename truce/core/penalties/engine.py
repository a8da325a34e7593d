"""The penalty engine: which of the agreement's penalty rules to propose against a party on a given day.

Pure and deterministic: the same agreement, party, facts and ``as_of`` give the same proposals whatever
the order of the facts. ``docs/agreement-format.md`` ("How the penalty engine evaluates the schedule")
is the reference for the rules applied here: rolling windows (``windows``), escalation through
``replaces``, no duplicate of an open penalty, no re-proposal on the same basis, expiry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from truce.core.agreement.conditions import Variable
from truce.core.agreement.model import Agreement, PenaltyRule
from truce.core.penalties.facts import OPEN_STATUSES, ExistingPenalty, PartyFacts, PenaltyStatus
from truce.core.penalties.reasons import Reasons, build_reasons
from truce.core.penalties.windows import Tally, tally

__all__ = ["Proposal", "escalations", "evaluate", "expired", "in_force", "lapses_on"]


@dataclass(frozen=True)
class Proposal:
    """A penalty the schedule calls for against ``party`` on ``as_of``, for the mediators to confirm or
    decline. ``supersedes`` lists the ids of the party's open penalties of rules this one escalates from:
    they are superseded when this proposal is recorded."""

    party: str
    rule_id: str
    measure: str
    severity: int
    as_of: dt.date
    supersedes: tuple[str, ...]
    reasons: Reasons


def lapses_on(agreement: Agreement, penalty: ExistingPenalty) -> dt.date | None:
    """The local day a confirmed penalty stops being in force: ``expires_after_days`` after the day it was
    confirmed. None when it never lapses (no expiry in the rule, the rule is no longer in the schedule,
    or the penalty was never confirmed)."""
    rule = agreement.penalty_rule(penalty.rule_id)
    if rule is None or rule.expires_after_days is None or penalty.confirmed_on is None:
        return None
    return penalty.confirmed_on + dt.timedelta(days=rule.expires_after_days)


def in_force(agreement: Agreement, penalty: ExistingPenalty, as_of: dt.date) -> bool:
    """Whether the penalty is open on ``as_of``: proposed and undecided, or confirmed and not lapsed.
    Only what was proposed by ``as_of`` is considered."""
    if penalty.status not in OPEN_STATUSES or penalty.proposed_on > as_of:
        return False
    if penalty.status == PenaltyStatus.PROPOSED:
        return True
    lapse = lapses_on(agreement, penalty)
    return lapse is None or as_of < lapse


def expired(
    agreement: Agreement, penalties: Iterable[ExistingPenalty], as_of: dt.date
) -> list[ExistingPenalty]:
    """The confirmed penalties that have lapsed by ``as_of`` (their status should become ``expired``),
    in the order they lapsed."""
    found = []
    for penalty in penalties:
        lapse = lapses_on(agreement, penalty)
        if penalty.status == PenaltyStatus.CONFIRMED and lapse is not None and lapse <= as_of:
            found.append((lapse, penalty.id, penalty))
    return [penalty for _, _, penalty in sorted(found, key=lambda item: item[:2])]


def escalations(agreement: Agreement) -> dict[str, frozenset[str]]:
    """For each rule id, the ids of the rules it escalates from, directly or through others (P3 replaces
    P2 which replaces P1: P3 escalates from P1 and P2). Rules that replace each other in a cycle escalate
    from neither: no direction can be read into the cycle."""
    direct = {rule.id: set(rule.replaces) for rule in agreement.penalties}
    reach: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        stack = list(direct[start])
        while stack:
            rule_id = stack.pop()
            if rule_id not in seen and rule_id in direct:
                seen.add(rule_id)
                stack.extend(direct[rule_id])
        reach[start] = seen
    return {
        rule_id: frozenset(lower for lower in below if rule_id not in reach.get(lower, set()))
        for rule_id, below in reach.items()
    }


def evaluate(agreement: Agreement, party_code: str, facts: PartyFacts, as_of: dt.date) -> list[Proposal]:
    """The penalties to propose against ``party_code`` on the local day ``as_of``, in schedule order.

    Requires ``facts`` to be that party's facts, with every ruling's commitment in ``agreement`` (or
    the ruling carrying its own points). Proposals made by this call are not counted by the
    ``penalties`` measures; the next evaluation, after the app has stored them, counts them.
    """
    if agreement.party(party_code) is None:
        codes = ", ".join(p.code for p in agreement.parties)
        raise ValueError(f"agreement {agreement.id} has no party {party_code!r}; its parties are {codes}")
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise TypeError(f"as_of must be a datetime.date (the agreement's local day), not {as_of!r}")

    tallies: dict[Variable, Tally] = {}

    def count(measure: str, window: int | None) -> int:
        variable = Variable(measure, window)
        if variable not in tallies:
            tallies[variable] = tally(agreement, facts, as_of, variable)
        return tallies[variable].value

    holding = {}
    for rule in agreement.penalties:
        outcome = rule.when.explain(count)
        if outcome.held:
            holding[rule.id] = (rule, outcome)

    below = escalations(agreement)
    open_penalties = [p for p in facts.penalties if in_force(agreement, p, as_of)]
    proposals = []
    for rule_id, (rule, outcome) in holding.items():
        above = {other for other, lower in below.items() if rule_id in lower}
        if above & holding.keys():
            continue  # escalated: a stricter rule holds and is proposed (or already open) instead
        if any(p.rule_id == rule_id or p.rule_id in above for p in open_penalties):
            continue  # already proposed or in force, itself or a stricter rule above it
        for variable in rule.when.variables():
            count(variable.measure, variable.window_days)
        reasons = build_reasons(
            rule_id,
            rule.when.text,
            outcome,
            {v: tallies[v] for v in rule.when.variables()},
            as_of,
        )
        if _decided_on_same_basis(agreement, rule, facts.penalties, reasons, as_of):
            continue
        supersedes = sorted(p.id for p in open_penalties if p.rule_id in below[rule_id])
        proposals.append(
            Proposal(party_code, rule_id, rule.measure, rule.severity, as_of, tuple(supersedes), reasons)
        )
    return proposals


def _decided_on_same_basis(
    agreement: Agreement,
    rule: PenaltyRule,
    penalties: tuple[ExistingPenalty, ...],
    reasons: Reasons,
    as_of: dt.date,
) -> bool:
    # Without this, a proposal the mediators declined would come back at every evaluation while the same
    # rulings stay in the window, and a lapsed `_total` penalty would be re-imposed on old rulings.
    basis = reasons.basis()
    return any(
        p.rule_id == rule.id
        and p.proposed_on <= as_of
        and not in_force(agreement, p, as_of)
        and p.basis
        and basis <= p.basis
        for p in penalties
    )
