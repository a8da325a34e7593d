"""Incident categories every agreement may use without declaring them.

ACLED's sub-event types (``truce.core.taxonomy``) describe violence; ceasefire mechanisms also rule on
acts ACLED files elsewhere or not at all. These few are common to ceasefire texts, and DESIGN.md's sample
agreement relies on the first two. An agreement adds its own with ``[[category]]``.
"""

from __future__ import annotations

from truce.core.agreement.model import Category

BUILTIN_CATEGORIES: tuple[Category, ...] = (
    Category(
        "Ground incursion", "Armed forces or fighters crossing the line or border into the other side's area."
    ),
    Category(
        "Attack from territory",
        "An attack on one party launched by an armed group from territory the other party controls.",
    ),
    Category(
        "Airspace violation", "Military aircraft or drones entering the other side's airspace without firing."
    ),
    Category("Military build-up", "Reinforcement, redeployment or new positions forbidden by the agreement."),
)
