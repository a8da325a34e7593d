from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class ReportFiled(RecordEvent):
    report: int
    kind: str
    status: str
    filing_party: str
    accused_party: str
    case: int | None  # None for a draft
    case_reference: str
    placed: str  # "opened", "matched", "chosen", or "" for a draft
    urgent: bool
    alerted: int  # people notified at once because the report is urgent
    incident: dict[str, Any]
    sealed = ("incident",)

    @property
    def subject(self) -> str:
        return f"report:{self.report}"


@dataclass(frozen=True)
class ReportSubmitted(RecordEvent):
    report: int
    case: int
    case_reference: str
    placed: str  # "opened", "matched" or "chosen"
    alerted: int  # people notified at once because the report was marked urgent

    @property
    def subject(self) -> str:
        return f"report:{self.report}"


@dataclass(frozen=True)
class EvidenceAdded(RecordEvent):
    report: int
    evidence: int
    kind: str
    sha256: str  # sealed too: a public hash would let anyone holding a file learn it was submitted
    details: dict[str, Any]  # size, name, link, description, provenance and grading
    sealed = ("sha256", "details")

    @property
    def subject(self) -> str:
        return f"report:{self.report}"


@dataclass(frozen=True)
class RenditionAdded(RecordEvent):
    """A redacted rendition of protected evidence, for the other side to see in its place."""

    report: int
    evidence: int
    rendition: int
    sha256: str  # sealed like the original's: it would tell anyone holding the file that it was filed
    details: dict[str, Any]  # size, media type, whether an image was re-rendered without metadata
    sealed = ("sha256", "details")

    @property
    def subject(self) -> str:
        return f"report:{self.report}"
