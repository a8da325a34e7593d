"""Record events of bulletins."""

from __future__ import annotations

from dataclasses import dataclass

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class BulletinPublished(RecordEvent):
    """A bulletin file published: anyone holding the file checks it against ``sha256``. A party's or the
    mediators' edition is appended veiled (truce.bulletins.actions), so the public record shows only that
    something changed; the row keeps the fields for those entitled to open it."""

    bulletin: int
    reference: str
    sha256: str
    size: int
    period: str
    edition: str
    party: str
    language: str
    format: str
    start: str  # the first local day covered, ISO ("" for a spot bulletin)
    end: str
    case: int | None
    checkpoint_size: int | None

    @property
    def subject(self) -> str:
        return f"bulletin:{self.bulletin}"
