"""The penalty engine: evaluates an agreement's penalty schedule against one party's ruled record.

``evaluate(agreement, party_code, facts, as_of)`` returns the penalties to propose, each with its reasons;
``expired(agreement, penalties, as_of)`` lists the confirmed penalties that have lapsed; ``tally`` counts
one measure (``points_30d``) for a ledger. Framework-free and clock-free: the app passes the party's
facts (``facts``) and the agreement's local day. ``docs/agreement-format.md`` documents the rules.
"""

from truce.core.penalties.engine import Proposal, escalations, evaluate, expired, in_force, lapses_on
from truce.core.penalties.facts import (
    AccessDenial,
    ExistingPenalty,
    PartyFacts,
    PenaltyStatus,
    RuledViolation,
    local_day,
)
from truce.core.penalties.reasons import Reasons
from truce.core.penalties.windows import Counted, Tally, tally

__all__ = [
    "AccessDenial",
    "Counted",
    "ExistingPenalty",
    "PartyFacts",
    "PenaltyStatus",
    "Proposal",
    "Reasons",
    "RuledViolation",
    "Tally",
    "escalations",
    "evaluate",
    "expired",
    "in_force",
    "lapses_on",
    "local_day",
    "tally",
]
