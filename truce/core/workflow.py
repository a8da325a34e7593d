"""The case workflow as an explicit state machine (diagram: docs/workflow.md).

Each transition names the states it may leave and the state it enters; anything else is refused with a
message saying where the case is and what the transition needs. Who may make a transition is the
actions' business (truce/cases/actions.py, truce/rulings/actions.py); whether it is legal at all is
decided here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    ADMISSIBLE = "admissible"
    INADMISSIBLE = "inadmissible"
    UNDER_INVESTIGATION = "under_investigation"
    AWAITING_REPLY = "awaiting_reply"
    RULING_DRAFTED = "ruling_drafted"
    RULED = "ruled"
    PUBLISHED = "published"
    JOINED = "joined"  # merged into another case; its reports live on there


class Transition(StrEnum):
    ADMIT = "admit"
    DECLARE_INADMISSIBLE = "declare_inadmissible"
    START_INVESTIGATION = "start_investigation"
    REQUEST_REPLY = "request_reply"
    RECEIVE_REPLY = "receive_reply"  # taken by the accused party's reply
    DRAFT_RULING = "draft_ruling"
    RULE = "rule"  # taken by the last signature that completes the quorum
    PUBLISH = "publish"
    REOPEN = "reopen"
    JOIN = "join"


S = Status
OPEN = frozenset({S.RECEIVED, S.ADMISSIBLE, S.UNDER_INVESTIGATION, S.AWAITING_REPLY, S.RULING_DRAFTED})

# transition -> (states it may leave, state it enters)
TRANSITIONS: dict[Transition, tuple[frozenset[Status], Status]] = {
    Transition.ADMIT: (frozenset({S.RECEIVED}), S.ADMISSIBLE),
    Transition.DECLARE_INADMISSIBLE: (frozenset({S.RECEIVED}), S.INADMISSIBLE),
    Transition.START_INVESTIGATION: (frozenset({S.ADMISSIBLE}), S.UNDER_INVESTIGATION),
    Transition.REQUEST_REPLY: (frozenset({S.UNDER_INVESTIGATION}), S.AWAITING_REPLY),
    # The reply is in: the case awaits nothing from the party and goes back to the mediators' hands.
    Transition.RECEIVE_REPLY: (frozenset({S.AWAITING_REPLY}), S.UNDER_INVESTIGATION),
    # A revision of a ruling is drafted on a ruled or published case; the ruling in force stays in force
    # until the revision takes effect and supersedes it.
    Transition.DRAFT_RULING: (
        frozenset({S.UNDER_INVESTIGATION, S.AWAITING_REPLY, S.RULED, S.PUBLISHED}),
        S.RULING_DRAFTED,
    ),
    Transition.RULE: (frozenset({S.RULING_DRAFTED}), S.RULED),
    Transition.PUBLISH: (frozenset({S.RULED}), S.PUBLISHED),
    Transition.REOPEN: (frozenset({S.INADMISSIBLE, S.RULED, S.PUBLISHED}), S.UNDER_INVESTIGATION),
    Transition.JOIN: (OPEN, S.JOINED),
}


class WorkflowError(ValueError):
    """An illegal transition; the message says where the case is and what the transition needs, in
    English. ``current``, ``transition`` and ``needed`` say the same as values, so that an interface can
    word it in its reader's language (truce.cases.actions.common.advance)."""

    def __init__(
        self, message: str, *, current: Status, transition: Transition, needed: tuple[Status, ...]
    ) -> None:
        super().__init__(message)
        self.current = current
        self.transition = transition
        self.needed = needed


@dataclass(frozen=True)
class Step:
    transition: Transition
    source: Status
    target: Status


def step(status: str, transition: Transition) -> Step:
    """The step ``transition`` makes from ``status``, or WorkflowError when it is not allowed there."""
    current = Status(status)
    sources, target = TRANSITIONS[transition]
    if current not in sources:
        ordered = tuple(sorted(sources, key=lambda s: s.value.replace("_", " ")))
        needed = " or ".join(s.value.replace("_", " ") for s in ordered)
        raise WorkflowError(
            f"the case is {current.value.replace('_', ' ')}; to {transition.value.replace('_', ' ')} it "
            f"must be {needed}",
            current=current,
            transition=transition,
            needed=ordered,
        )
    return Step(transition, current, target)


def allowed(status: str) -> list[Transition]:
    """Transitions legal from ``status``, in definition order (for pages that offer buttons)."""
    current = Status(status)
    return [t for t, (sources, _) in TRANSITIONS.items() if current in sources]


def mermaid() -> str:
    """The state diagram in Mermaid syntax, generated from TRANSITIONS (docs/workflow.md embeds it)."""
    lines = ["stateDiagram-v2", "    [*] --> received"]
    for transition, (sources, target) in TRANSITIONS.items():
        for source in sorted(sources):
            lines.append(f"    {source.value} --> {target.value}: {transition.value}")
    lines += ["    published --> [*]", "    joined --> [*]"]
    return "\n".join(lines)
