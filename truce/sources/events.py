"""Record events of open-source monitoring. Leads are seen only by the agreement's mediators and
monitors, so what an article says, where its incident was and why a lead was dismissed are sealed; ids,
hashes and counts are public (an open-source article's hash reveals nothing the article does not)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class ArticlesIngested(RecordEvent):
    """One ingest run: the articles it stored and the leads it raised or updated."""

    agreement: str
    articles: list[dict[str, Any]]  # {"id", "sha256", "duplicate_of"} per stored article
    events: int  # events extracted from the new, non-duplicate articles
    skipped_out_of_scope: int
    leads_raised: list[int]
    leads_updated: list[int]
    feed: int | None
    details: dict[str, Any]  # per article: origin, title, outlet; per lead: its summary
    sealed = ("details",)

    @property
    def subject(self) -> str:
        return f"agreement:{self.agreement}"


@dataclass(frozen=True)
class LeadAccepted(RecordEvent):
    lead: int
    report: int
    case: int
    case_reference: str
    placed: str  # "opened", "matched" or "chosen" (truce.cases.actions.placement)
    evidence: list[int]
    incident: dict[str, Any]
    sealed = ("incident",)

    @property
    def subject(self) -> str:
        return f"lead:{self.lead}"


@dataclass(frozen=True)
class LeadDismissed(RecordEvent):
    lead: int
    reason: str
    sealed = ("reason",)

    @property
    def subject(self) -> str:
        return f"lead:{self.lead}"


@dataclass(frozen=True)
class FeedRegistered(RecordEvent):
    feed: int
    agreement: str
    url: str
    every_minutes: int

    @property
    def subject(self) -> str:
        return f"feed:{self.feed}"
