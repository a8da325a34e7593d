from __future__ import annotations

from dataclasses import dataclass

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class AgreementLoaded(RecordEvent):
    agreement: str
    title: str
    digest: str  # SHA-256 of the TOML source, so anyone holding the file can match it

    @property
    def subject(self) -> str:
        return f"agreement:{self.agreement}"
