"""The reasons quoted in docs/agreement-format.md are what the engine says for those scenarios."""

from __future__ import annotations

import datetime as dt

from truce.core.penalties import AccessDenial, ExistingPenalty, PartyFacts, RuledViolation, evaluate

from .conftest import REPO, day, facts, ruling

DOC = (REPO / "docs" / "agreement-format.md").read_text(encoding="utf-8")
SECTION = DOC.split("## How the penalty engine evaluates the schedule", 1)[-1]


def violation(
    ref: str, on: dt.date, kind: str = "Air/drone strike", commitment: str = "C1"
) -> RuledViolation:
    return RuledViolation(f"id-{ref}", ref, f"K-{ref}", commitment, kind, on)


def test_the_reasons_examples_in_the_doc_are_what_the_engine_produces(shipped, write_agreement):
    block = SECTION.split("### Reasons", 1)[1].split("```\n", 2)[1]
    examples = [line for line in block.splitlines() if line.strip()]

    nov = lambda d: dt.date(2025, 11, d)  # noqa: E731
    produced = []
    three = PartyFacts(
        (
            violation("R12", nov(3)),
            violation("R15", nov(10), "Shelling/artillery/missile attack"),
            violation("R19", nov(20), "Attack from territory", "C2"),
        )
    )
    produced += [p.reasons.text for p in evaluate(shipped, "AF", three, nov(20))]
    confirmed = tuple(
        ExistingPenalty(f"p{i}", "P1", "superseded", nov(i), nov(i), reference=f"PEN-{i}")  # type: ignore[arg-type]
        for i in (1, 2)
    )
    five = PartyFacts(tuple(violation(f"R{i}", nov(20 + i)) for i in range(5)), (), confirmed)
    produced += [p.reasons.text for p in evaluate(shipped, "AF", five, nov(24))]
    denials = PartyFacts((), (AccessDenial("a", nov(5), "AD-1"), AccessDenial("b", nov(6), "AD-2")))
    produced += [p.reasons.text for p in evaluate(shipped, "PK", denials, nov(6))]
    lifetime = write_agreement('[[penalty]]\nwhen = "violations_total >= 2"\nmeasure = "Listed"\n')
    produced += [
        p.reasons.text
        for p in evaluate(lifetime, "AA", facts(ruling("R1", day(1)), ruling("R2", day(9))), day(90))
    ]

    assert examples == produced


def test_the_section_states_both_sides_of_the_window_edge():
    assert "exactly 30 days back) is **outside**" in SECTION
    assert "from `as_of − (N − 1)` to `as_of`, both inclusive" in SECTION
