"""A small agreement written for these tests, and builders that keep the facts of a scenario short."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from truce.agreements import SHIPPED
from truce.core.agreement import Agreement, load_agreement
from truce.core.penalties import AccessDenial, ExistingPenalty, PartyFacts, PenaltyStatus, RuledViolation

REPO = Path(__file__).resolve().parents[3]
PAK_AFG = SHIPPED / "pakistan-afghanistan-2025.toml"

BASE = """\
[agreement]
id = "fixture-ceasefire"
title = "Fixture ceasefire"
in_force = 2026-01-01
timezone = "Asia/Kabul"
languages = ["en"]

[[party]]
code = "AA"
name = "Party A"

[[party]]
code = "BB"
name = "Party B"

[[mediator]]
code = "MM"
name = "Mediator"

[[commitment]]
id = "C1"
title = "No attacks"
covers = ["Armed clash", "Air/drone strike"]

[[commitment]]
id = "C2"
title = "No attacks from territory"
covers = ["Attack from territory"]
points = 2

[procedure]
reply_window_hours = 72
default_points = 1
severity_points = { "Air/drone strike" = 3 }
"""

# warn -> attribute -> suspend is one escalation ladder; obstruct and persist stand apart from it.
SCHEDULE = """
[[penalty]]
id = "warn"
when = "points_30d >= 3"
measure = "Formal warning"
severity = 1
expires_after_days = 60

[[penalty]]
id = "attribute"
when = "points_30d >= 8 or violations_7d >= 3"
measure = "Public attribution"
severity = 2
replaces = ["warn"]
expires_after_days = 120

[[penalty]]
id = "suspend"
when = "points_90d >= 15 and confirmed_penalties_365d >= 1"
measure = "Suspension of benefits"
severity = 3
replaces = ["attribute"]

[[penalty]]
id = "obstruct"
when = "access_denials_30d >= 2"
measure = "Obstruction report"
severity = 2

[[penalty]]
id = "persist"
when = "violations_total >= 12"
measure = "Referral for persistent violations"
severity = 1
"""

DAY0 = dt.date(2026, 1, 1)


def day(n: int) -> dt.date:
    """The n-th day after the fixture agreement took effect (day(0) is in_force)."""
    return DAY0 + dt.timedelta(days=n)


@pytest.fixture(scope="session")
def write_agreement(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Agreement]:
    def write(schedule: str) -> Agreement:
        path = tmp_path_factory.mktemp("agreement") / "fixture.toml"
        path.write_text(BASE + schedule, encoding="utf-8")
        return load_agreement(path)

    return write


@pytest.fixture(scope="session")
def agreement(write_agreement: Callable[[str], Agreement]) -> Agreement:
    return write_agreement(SCHEDULE)


@pytest.fixture(scope="session")
def shipped() -> Agreement:
    return load_agreement(PAK_AFG)


def ruling(
    ref: str,
    on: dt.date,
    sub_event_type: str = "Armed clash",
    commitment: str = "C1",
    *,
    points: int | None = None,
    superseded_on: dt.date | None = None,
) -> RuledViolation:
    return RuledViolation(
        id=f"id-{ref}",
        reference=ref,
        case_reference=f"CASE-{ref}",
        commitment_id=commitment,
        sub_event_type=sub_event_type,
        effective_on=on,
        points=points,
        superseded_on=superseded_on,
    )


def strike(ref: str, on: dt.date) -> RuledViolation:
    """A 3-point ruling (an air strike under C1)."""
    return ruling(ref, on, "Air/drone strike")


def denial(ref: str, on: dt.date) -> AccessDenial:
    return AccessDenial(id=f"id-{ref}", day=on, reference=ref)


def penalty(
    pid: str,
    rule: str,
    status: str,
    proposed: dt.date,
    confirmed: dt.date | None = None,
    basis: frozenset[str] = frozenset(),
) -> ExistingPenalty:
    return ExistingPenalty(pid, rule, PenaltyStatus(status), proposed, confirmed, basis=basis)


def facts(*items: object) -> PartyFacts:
    return PartyFacts(
        violations=tuple(i for i in items if isinstance(i, RuledViolation)),
        access_denials=tuple(i for i in items if isinstance(i, AccessDenial)),
        penalties=tuple(i for i in items if isinstance(i, ExistingPenalty)),
    )
