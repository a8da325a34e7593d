"""The base of every record event. Each app declares its own events (``truce/<app>/events.py``) as
frozen dataclasses named as past-tense facts (``ReportFiled``), listing which fields are confidential.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar


@dataclasses.dataclass(frozen=True)
class RecordEvent:
    """Fields named in ``sealed`` are committed to (salted hash) rather than written into the entry;
    everything else is public. ``subject`` names the object the event is about, e.g. ``report:12``."""

    sealed: ClassVar[tuple[str, ...]] = ()

    @property
    def type(self) -> str:
        return type(self).__name__

    @property
    def subject(self) -> str:
        raise NotImplementedError

    def split(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(public fields, confidential fields), both JSON-ready."""
        public: dict[str, Any] = {}
        secret: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            (secret if field.name in self.sealed else public)[field.name] = value
        return public, secret


@dataclasses.dataclass(frozen=True)
class RecordKeyRotated(RecordEvent):
    """``truce record rotate-key``: the record's signing key moves from ``old_vkey`` to ``new_vkey``.

    The first checkpoint beyond this entry (the handover) is signed by both keys and announces the new
    one; verifiers and witnesses follow the key from there (docs/record.md §5.1). Instance-wide: no
    agreement."""

    old_vkey: str
    new_vkey: str

    @property
    def subject(self) -> str:
        return "record:log-key"
