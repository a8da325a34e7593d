"""A loaded agreement: frozen dataclasses, built only by ``truce.core.agreement.load`` after validation.

Everything here may assume the invariants the loader checks (codes unique, quorum consistent with the
signatory bodies, zones valid polygons, conditions parsed); ``docs/agreement-format.md`` is the field
reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from truce.core import clock
from truce.core.agreement.conditions import Condition
from truce.core.agreement.quorum import Quorum
from truce.core.agreement.zones import Polygon, contains
from truce.core.taxonomy import SUB_EVENT_TYPES

__all__ = [
    "Agreement",
    "Category",
    "Commitment",
    "Mediator",
    "Mission",
    "Party",
    "PenaltyRule",
    "Procedure",
    "Source",
    "Witness",
    "Zone",
]


@dataclass(frozen=True)
class Party:
    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class Mediator:
    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class Mission:
    """A monitoring mission that rules in place of mediators (e.g. CTSAMVM under IGAD)."""

    code: str
    name: str
    mandated_by: str  # "" when the agreement itself is the mandate


def translated(title: str, translations: tuple[tuple[str, str], ...], language: str) -> str:
    """``language`` may be a regional code (``fa-AF``): its base language's title serves."""
    base = language.split("-")[0].lower()
    return next((text for code, text in translations if code == base), title)


@dataclass(frozen=True)
class Category:
    """An incident category of this agreement, used beside ACLED's sub-event types."""

    name: str
    description: str


@dataclass(frozen=True)
class Commitment:
    id: str
    title: str
    covers: tuple[str, ...]  # ACLED sub-event types or category names
    points: int | None  # severity points of one ruled violation; None: see Procedure.points_for
    text: str  # the commitment in the agreement's words, when published
    # The title in other languages, as (ISO 639-1 code, title) pairs in file order: ``title_translations``.
    title_translations: tuple[tuple[str, str], ...] = ()

    def title_in(self, language: str) -> str:
        """The title in ``language`` when the agreement gives one, else the title as written."""
        return translated(self.title, self.title_translations, language)


@dataclass(frozen=True)
class Procedure:
    reply_window_hours: int
    ruling_quorum: Quorum
    publish_after: str  # "ruling" | "manual"
    default_points: int
    severity_points: dict[str, int]  # sub-event type or category -> points; not mutated after load

    def __hash__(self) -> int:  # the dict field would make the generated hash fail
        return hash((self.reply_window_hours, self.ruling_quorum, self.publish_after, self.default_points))


@dataclass(frozen=True)
class Zone:
    name: str
    geometry_path: str  # as written in the agreement, relative to the agreement file
    polygons: tuple[Polygon, ...]

    def contains(self, lon: float, lat: float) -> bool:
        return any(contains(polygon, lon, lat) for polygon in self.polygons)


@dataclass(frozen=True)
class Witness:
    name: str
    key: str  # C2SP note verifier key: name+keyhash+base64(0x04 || Ed25519 public key), or 0x01
    public_key: bytes  # the raw 32-byte Ed25519 key


@dataclass(frozen=True)
class PenaltyRule:
    id: str
    when: Condition
    measure: str
    severity: int  # 1 (mildest) and up: orders penalties on the ledger; escalation is `replaces`
    replaces: tuple[str, ...]  # ids of rules this one escalates from: when both hold, only this one applies
    expires_after_days: int | None  # a confirmed penalty lapses this long after confirmation; None: never


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: dt.date | None


@dataclass(frozen=True)
class Agreement:
    id: str
    title: str
    in_force: dt.date
    mandate_until: dt.date | None
    timezone: str
    languages: tuple[str, ...]
    parties: tuple[Party, ...]
    mediators: tuple[Mediator, ...]
    mission: Mission | None
    categories: tuple[Category, ...]
    commitments: tuple[Commitment, ...]
    procedure: Procedure
    zones: tuple[Zone, ...]
    witnesses: tuple[Witness, ...]
    witness_quorum: int
    penalties: tuple[PenaltyRule, ...]
    sources: tuple[Source, ...]
    # The record's log key (checkpoint signer) the parties trust; `truce record verify --agreement` pins it.
    record_key: str | None = None
    # The title in other languages, as (ISO 639-1 code, title) pairs in file order: ``title_translations``.
    title_translations: tuple[tuple[str, str], ...] = ()

    def title_in(self, language: str) -> str:
        """The title in ``language`` when the agreement gives one, else the title as written."""
        return translated(self.title, self.title_translations, language)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """Today on the agreement's own clock (truce.core.clock): the day its officers read on the wall,
        which decides reply windows, penalty windows and the end of the mandate."""
        return clock.now().astimezone(self.tz).date()

    def party(self, code: str) -> Party | None:
        return next((p for p in self.parties if p.code == code), None)

    def mediator(self, code: str) -> Mediator | None:
        return next((m for m in self.mediators if m.code == code), None)

    def commitment(self, commitment_id: str) -> Commitment | None:
        return next((c for c in self.commitments if c.id == commitment_id), None)

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    def penalty_rule(self, rule_id: str) -> PenaltyRule | None:
        return next((r for r in self.penalties if r.id == rule_id), None)

    def incident_types(self) -> tuple[str, ...]:
        """What an incident of this agreement may be typed as: ACLED sub-event types, then categories."""
        return (*SUB_EVENT_TYPES, *(c.name for c in self.categories))

    def covers(self, sub_event_type: str) -> tuple[Commitment, ...]:
        """The commitments an incident of this sub-event type (or category) may breach, in file order."""
        return tuple(c for c in self.commitments if sub_event_type in c.covers)

    def points_for(self, commitment_id: str, sub_event_type: str) -> int:
        """Severity points of one ruled violation: the sub-type's points, else the commitment's, else
        the procedure's default. Requires ``commitment_id`` to name a commitment of this agreement."""
        commitment = self.commitment(commitment_id)
        if commitment is None:
            raise KeyError(f"agreement {self.id} has no commitment {commitment_id!r}")
        if sub_event_type in self.procedure.severity_points:
            return self.procedure.severity_points[sub_event_type]
        if commitment.points is not None:
            return commitment.points
        return self.procedure.default_points

    def signatory_bodies(self) -> tuple[str, ...]:
        """Codes of the bodies whose officers sign rulings: the mission's (for a "mission" quorum, or a
        count quorum in an agreement without mediators), else every mediator's."""
        if self.procedure.ruling_quorum.kind == "mission" or not self.mediators:
            assert self.mission is not None  # the loader requires a mediator or a mission
            return (self.mission.code,)
        return tuple(m.code for m in self.mediators)

    def quorum_met(self, signatures: set[tuple[str, str]] | frozenset[tuple[str, str]]) -> bool:
        """Whether ``signatures`` — distinct (officer id, body code) pairs — satisfy the ruling quorum.
        Signatures from bodies that are not signatory bodies are ignored."""
        return self.procedure.ruling_quorum.is_met(signatures, self.signatory_bodies())

    def reply_deadline(self, start: dt.datetime) -> dt.datetime:
        """When the reply window opened at ``start`` closes, as an aware datetime in the agreement's zone.

        Requires an aware ``start``. The window is counted on the agreement's local clock (what the
        parties' officers read on the wall), so across a daylight-saving change "72 hours" ends at the
        same local time three days later. A deadline falling in a skipped hour moves forward past the
        gap; in a repeated hour it is the first occurrence.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("reply_deadline needs an aware datetime (with a time zone), not a naive one")
        local = start.astimezone(self.tz)
        wall = local + dt.timedelta(hours=self.procedure.reply_window_hours)  # same tzinfo: wall-clock sum
        return wall.astimezone(dt.UTC).astimezone(self.tz)

    def in_mandate(self, day: dt.date) -> bool:
        return self.in_force <= day and (self.mandate_until is None or day <= self.mandate_until)
