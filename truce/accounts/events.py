from __future__ import annotations

from dataclasses import dataclass

from truce.record.events import RecordEvent


@dataclass(frozen=True)
class UserAdded(RecordEvent):
    user: int
    role: str
    organisation: str
    agreement: str
    username: str
    sealed = ("username",)

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class TokenIssued(RecordEvent):
    user: int
    token: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class TokenRevoked(RecordEvent):
    user: int
    token: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class TokenRotated(RecordEvent):
    user: int
    token: int
    replaced_by: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class UserDeactivated(RecordEvent):
    user: int
    sessions_ended: int
    tokens_revoked: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class UserReactivated(RecordEvent):
    user: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class SecondFactorEnrolled(RecordEvent):
    user: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"


@dataclass(frozen=True)
class SecondFactorReset(RecordEvent):
    user: int

    @property
    def subject(self) -> str:
        return f"user:{self.user}"
