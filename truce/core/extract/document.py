"""The document that flows through the extraction pipeline, and the mentions each component adds.

Components run in order (clean -> sentences -> dates -> places -> actors -> numbers -> event type ->
quotes -> assemble); each reads what earlier ones added and appends its own mentions. All offsets are
character offsets into ``Document.text`` (the cleaned text), end exclusive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "week", "month", "year", "unknown"]


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Sentence(Span):
    index: int = 0


@dataclass
class DateMention(Span):
    """A resolved date or date range. ``low``/``high`` are inclusive days; ``value`` is the TimeML-style
    normalised value ("2025-10-12", "2025-10", "2025-W41", "2025")."""

    value: str = ""
    low: dt.date | None = None
    high: dt.date | None = None
    precision: Precision = "unknown"
    relative: bool = False  # resolved against an anchor rather than written out in full
    future: bool = False  # after the publication day (announced or scheduled)
    background: bool = False  # belongs to an older passage, not to the article's news
    part_of_day: str | None = None  # morning | afternoon | evening | night, when the text names one


@dataclass
class PlaceMention(Span):
    name: str = ""
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None  # the district, when the gazetteer knows it (the hand-made border places)
    lat: float | None = None
    lon: float | None = None
    # ACLED geo precision: 1 = the place itself, 2 = near it / a part of a region, 3 = only the region
    geo_precision: int = 3
    kind: str = "place"  # place | admin1 | country | border-crossing | region


@dataclass
class ActorMention(Span):
    name: str = ""
    type: str = ""  # one of truce.core.taxonomy.ACTOR_TYPES, or "" when unknown
    country: str | None = None


@dataclass
class CasualtyMention(Span):
    """A casualty figure: ``who`` was killed (or injured), with low/best/high by the documented rules."""

    who: str = ""
    outcome: Literal["killed", "injured", "abducted", "arrested"] = "killed"
    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass
class EventMention(Span):
    kind: Literal["violence", "process"] = "violence"
    event_type: str = ""
    sub_event_type: str = ""
    status: Literal["occurred", "scheduled", "failed", "reported"] = "occurred"
    confidence: float = 0.0
    sentence: int = 0


@dataclass
class Quote(Span):
    speaker: str = ""
    speaker_start: int | None = None
    speaker_end: int | None = None
    direct: bool = True


@dataclass
class Document:
    text: str
    source: str = ""
    title: str = ""
    published: dt.date | None = None
    language: str = "und"
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    casualties: list[CasualtyMention] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
