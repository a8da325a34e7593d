"""Properties over generated records: order does not matter, more violations never take a proposal away
(other than by escalating it), windows agree with a naive day-by-day count, proposals respect open
penalties."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.core.penalties import (
    AccessDenial,
    ExistingPenalty,
    PartyFacts,
    PenaltyStatus,
    RuledViolation,
    escalations,
    evaluate,
    in_force,
    tally,
)

from .conftest import DAY0

RULES = ("warn", "attribute", "suspend", "obstruct", "persist")
KINDS = (("C1", "Armed clash"), ("C1", "Air/drone strike"), ("C2", "Attack from territory"))


def day_range(first: int, last: int) -> st.SearchStrategy[dt.date]:
    return st.integers(min_value=first, max_value=last).map(lambda n: DAY0 + dt.timedelta(days=n))


days = day_range(-5, 150)
# A short span, so that items fall on window edges often.
near_days = day_range(-3, 20)


ANY_ID = st.integers(0, 10**6)


@st.composite
def rulings(draw, ids=ANY_ID, days=days):
    commitment, kind = draw(st.sampled_from(KINDS))
    on = draw(days)
    superseded = draw(st.one_of(st.none(), st.integers(1, 60).map(lambda n: on + dt.timedelta(days=n))))
    number = draw(ids)
    return RuledViolation(
        f"r{number}",
        f"R{number}",
        f"K{number}",
        commitment,
        kind,
        on,
        points=draw(st.one_of(st.none(), st.integers(0, 5))),
        superseded_on=superseded,
    )


@st.composite
def penalties(draw, days=days):
    status = draw(st.sampled_from(list(PenaltyStatus)))
    proposed = draw(days)
    confirmed = None
    if status in (PenaltyStatus.CONFIRMED, PenaltyStatus.EXPIRED) or (
        status == PenaltyStatus.SUPERSEDED and draw(st.booleans())
    ):
        confirmed = proposed + dt.timedelta(days=draw(st.integers(0, 10)))
    return ExistingPenalty(
        f"x{draw(st.integers(0, 10**6))}", draw(st.sampled_from(RULES)), status, proposed, confirmed
    )


def unique(items):
    return tuple({item.id: item for item in items}.values())


def records_over(days: st.SearchStrategy[dt.date]) -> st.SearchStrategy[PartyFacts]:
    return st.builds(
        lambda v, d, p: PartyFacts(unique(v), unique(d), unique(p)),
        st.lists(rulings(days=days), max_size=25),
        st.lists(st.builds(lambda n, on: AccessDenial(f"d{n}", on), st.integers(0, 10**6), days), max_size=5),
        st.lists(penalties(days=days), max_size=4),
    )


records = records_over(days)


@settings(max_examples=150, deadline=None)
@given(record=records, as_of=days, seed=st.randoms(use_true_random=False))
def test_evaluation_does_not_depend_on_the_order_of_the_facts(agreement, record, as_of, seed):
    shuffled = [list(record.violations), list(record.access_denials), list(record.penalties)]
    for items in shuffled:
        seed.shuffle(items)
    again = PartyFacts(*(tuple(items) for items in shuffled))
    assert evaluate(agreement, "AA", again, as_of) == evaluate(agreement, "AA", record, as_of)


@settings(max_examples=150, deadline=None)
@given(record=records, extra=rulings(ids=st.just(10**7)), as_of=days)
def test_adding_a_violation_never_removes_a_proposal_except_by_escalating_it(agreement, record, extra, as_of):
    # The generated penalties carry no basis, so only open penalties and escalation can hold a rule back;
    # every condition of the fixture schedule grows with the rulings.
    ladder = escalations(agreement)
    before = {p.rule_id for p in evaluate(agreement, "AA", record, as_of)}
    more = dataclasses.replace(record, violations=(*record.violations, extra))
    after = {p.rule_id for p in evaluate(agreement, "AA", more, as_of)}
    for rule_id in before:
        above = {other for other, lower in ladder.items() if rule_id in lower}
        assert rule_id in after or above & after, (rule_id, before, after)


@settings(max_examples=150, deadline=None)
@given(record=records, as_of=days)
def test_proposals_neither_duplicate_open_penalties_nor_supersede_outside_their_ladder(
    agreement, record, as_of
):
    ladder = escalations(agreement)
    open_rules = {p.id: p.rule_id for p in record.penalties if in_force(agreement, p, as_of)}
    proposals = evaluate(agreement, "AA", record, as_of)
    proposed = {p.rule_id for p in proposals}
    for proposal in proposals:
        assert proposal.rule_id not in open_rules.values()
        assert not {rid for rid in proposed if proposal.rule_id in ladder[rid]}
        for penalty_id in proposal.supersedes:
            assert open_rules[penalty_id] in ladder[proposal.rule_id]
        assert proposal.reasons.statements and all(": " in s for s in proposal.reasons.statements)


@settings(max_examples=200, deadline=None)
@given(
    record=records_over(near_days),
    as_of=near_days,
    measure=st.sampled_from(["points", "violations", "access_denials", "penalties", "confirmed_penalties"]),
    window=st.one_of(st.none(), st.integers(1, 25)),
)
def test_windows_agree_with_a_naive_day_by_day_count(agreement, record, as_of, measure, window):
    name = f"{measure}_{'total' if window is None else f'{window}d'}"

    def inside(day):
        # Stated independently of the engine: counted iff on or after in_force, not after as_of, and
        # fewer than `window` days before as_of.
        return DAY0 <= day <= as_of and (window is None or (as_of - day).days < window)

    live = [r for r in record.violations if r.superseded_on is None or as_of < r.superseded_on]
    expected = {
        "points": sum(r.points_under(agreement) for r in live if inside(r.effective_on)),
        "violations": sum(1 for r in live if inside(r.effective_on)),
        "access_denials": sum(1 for d in record.access_denials if inside(d.day)),
        "penalties": sum(1 for p in record.penalties if p.status != "declined" and inside(p.proposed_on)),
        "confirmed_penalties": sum(1 for p in record.penalties if p.confirmed_on and inside(p.confirmed_on)),
    }[measure]
    assert tally(agreement, record, as_of, name).value == expected
