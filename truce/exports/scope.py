"""Whose eyes an export is taken with, and the record checkpoint it is stamped with.

An export shows exactly what one viewer may see, through the same visibility rules as the API
(truce.cases.visibility, truce.reports.visibility, truce.cases.present.case_summary):

- ``public``: what an observer sees, published cases and the rulings in force on them;
- ``party CODE``: what a liaison officer of that party sees;
- ``mediators``: what the agreement's mediators see;
- ``monitor NAME``: what that monitor sees (the API, called by a monitor).

The command line exports for a stand-in viewer of the chosen scope (an unsaved user, never stored); the
API exports for the caller.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from truce.accounts.models import Role, User
from truce.errors import ActionError, NotFound


@dataclass(frozen=True)
class Scope:
    """``user``: the viewer whose visibility applies; ``agreement``: the agreement exported (None: every
    agreement the viewer sees, for an observer who names none)."""

    label: str
    user: Any
    agreement: str | None

    @property
    def mediator(self) -> bool:
        return bool(self.user.role == Role.MEDIATOR and self.user.agreement_id == self.agreement)

    @property
    def party(self) -> str | None:
        if self.user.role == Role.LIAISON and self.user.agreement_id == self.agreement:
            return str(self.user.organisation)
        return None


def _standin(role: str, agreement_id: str | None, organisation: str = "") -> User:
    user = User(username=f"export-{role}", role=role, organisation=organisation, is_active=True)
    user.agreement_id = agreement_id
    return user


def standin_scope(agreement_id: str, *, public: bool = False, party: str | None = None) -> Scope:
    """The scope for the console: public, one party's, or (neither given) the mediators'. Requires the
    agreement to exist; a party not of the agreement is refused naming the parties."""
    from truce.agreements import registry

    if public and party:
        raise ActionError("choose one scope: public or a party, not both", field="scope")
    if public:
        return Scope("public", _standin(Role.OBSERVER, None), agreement_id)
    if party is not None:
        parties = [p.code for p in registry.get(agreement_id)[1].parties]
        if party not in parties:
            raise ActionError(
                f"{party!r} is not a party of {agreement_id}; its parties are {', '.join(parties)}",
                field="party",
            )
        return Scope(f"party {party}", _standin(Role.LIAISON, agreement_id, party), agreement_id)
    return Scope("mediators", _standin(Role.MEDIATOR, agreement_id), agreement_id)


def user_scope(user: Any, agreement_id: str | None = None) -> Scope:
    """The caller's own scope; ``agreement_id``, when given, must be the one the caller serves (any, for
    an observer)."""
    from truce.agreements.models import Agreement

    role = str(user.role)
    if role == Role.OBSERVER:
        # Observers serve no agreement: they see every published case (as their case list shows), or
        # one agreement's when they name it.
        if agreement_id is not None and not Agreement.objects.filter(pk=agreement_id).exists():
            raise NotFound(
                gettext_lazy("no agreement %(agreement)s"),
                params={"agreement": repr(agreement_id)},
                field="agreement",
            )
        return Scope("public", user, agreement_id)
    serves = str(user.agreement_id)
    if agreement_id is not None and agreement_id != serves:
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s"),
            params={"agreement": repr(agreement_id)},
            field="agreement",
        )
    if role == Role.MEDIATOR:
        return Scope("mediators", user, serves)
    if role == Role.LIAISON:
        return Scope(f"party {user.organisation}", user, serves)
    return Scope(f"{role} {user.username}", user, serves)


def stamp() -> dict[str, Any]:
    """The record as the export begins: its size and the Merkle root hash over that many entries
    (base64, as in checkpoints), and the latest signed checkpoint's size and root. Rows reflect the
    record at ``record_size`` (the export runs in one read transaction where the database allows)."""
    from truce.record.checkpoints import latest_checkpoint
    from truce.record.models import Head
    from truce.record.tree import reading_tree

    head = Head.objects.filter(id=1).first()
    size = head.size if head else 0
    with reading_tree() as tree:
        root = tree.root(size) if size <= tree.size else None
    latest = latest_checkpoint()
    return {
        "record_size": size,
        "record_root": None if root is None else base64.b64encode(root).decode(),
        "checkpoint_size": latest.size if latest else None,
        "checkpoint_root": latest.root if latest else None,
    }
