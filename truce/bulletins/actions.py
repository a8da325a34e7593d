"""Producing and publishing bulletins: the only write path for bulletins.

``produce`` is a read: the bulletin of one edition as its reader sees it (truce.bulletins.content), in one
language and format. ``do_publish_bulletin`` signs a checkpoint of the record first (so the bulletin names
a signed checkpoint that holds every ruling it cites), produces the bulletin, then in one transaction
stores the file content-addressed, writes the row and appends ``BulletinPublished`` with its SHA-256.
The mediators of the agreement publish; the console (``acting_user`` None: ``truce bulletin --publish``,
cron) publishes for the operator. Everyone else is refused.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy

from truce.accounts.roles import is_mediator
from truce.bulletins.content import Content, gather
from truce.bulletins.events import BulletinPublished
from truce.bulletins.models import Bulletin, Edition
from truce.bulletins.render import Rendered, render
from truce.core import clock
from truce.errors import ActionError, Forbidden, NotFound
from truce.exports.scope import Scope, standin_scope
from truce.record.checkpoints import sign_checkpoint_now
from truce.record.store import append, lock_head


@dataclass(frozen=True)
class Request:
    """What to produce: ``edition`` public, party (``party`` names it) or confidential (the mediators')."""

    agreement: str
    period: str
    edition: str
    language: str
    fmt: str
    party: str = ""
    case: int | None = None
    as_of: dt.date | None = None


def scope_of(request: Request) -> Scope:
    from truce.agreements.models import Agreement

    if not Agreement.objects.filter(pk=request.agreement).exists():
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s"),
            params={"agreement": repr(request.agreement)},
            field="agreement",
        )
    if request.edition not in Edition.values:
        raise ActionError(
            gettext_lazy("edition must be one of %(editions)s, not %(edition)s"),
            params={"editions": ", ".join(Edition.values), "edition": repr(request.edition)},
            field="edition",
        )
    if request.edition == Edition.PARTY and not request.party:
        raise ActionError(gettext_lazy("a party's edition names the party (--party CODE)"), field="party")
    if request.edition != Edition.PARTY and request.party:
        raise ActionError(gettext_lazy("only a party's edition names a party"), field="party")
    return standin_scope(
        request.agreement,
        public=request.edition == Edition.PUBLIC,
        party=request.party if request.edition == Edition.PARTY else None,
    )


def produce(request: Request) -> tuple[Content, Rendered]:
    """The bulletin ``request`` asks for, as its edition's reader sees it. Writes nothing."""
    content = gather(scope_of(request), request.period, as_of=request.as_of, case_id=request.case)
    return content, render(content, request.language, request.fmt)


def bulletins_dir() -> Path:
    from truce import instance

    return instance.home() / "bulletins"


def stored_path(sha256: str, fmt: str) -> Path:
    return bulletins_dir() / f"{sha256}.{fmt}"


def _store(rendered: Rendered) -> Path:
    """Content-addressed: the same bytes are one file, written once and never changed."""
    path = stored_path(rendered.sha256, rendered.fmt)
    if path.exists():
        return path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(rendered.data)
    os.replace(partial, path)
    return path


def may_publish(user: Any, agreement_id: str) -> bool:
    return user is None or is_mediator(user, agreement_id)


def do_publish_bulletin(request: Request, *, acting_user: Any) -> Bulletin:
    """Produce the bulletin of ``request`` and publish it: the file, the row and the record event."""
    if not may_publish(acting_user, request.agreement):
        if acting_user is not None and getattr(acting_user, "agreement_id", None) == request.agreement:
            raise Forbidden(gettext_lazy("only the agreement's mediators publish bulletins"), field="edition")
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s"),
            params={"agreement": repr(request.agreement)},
            field="agreement",
        )
    scope_of(request)  # refuse a bad request before signing anything
    sign_checkpoint_now(force=True)
    content, rendered = produce(request)
    _store(rendered)
    with transaction.atomic():
        lock_head()  # numbers bulletins in record order
        number = (
            Bulletin.objects.filter(agreement_id=request.agreement).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        window = content.window
        bulletin = Bulletin.objects.create(
            agreement_id=request.agreement,
            number=number,
            reference=f"{request.agreement}/B{number:03d}",
            period=request.period,
            edition=request.edition,
            party=request.party,
            language=request.language,
            fmt=request.fmt,
            case_id=request.case,
            as_of=content.as_of,
            start=window.start if window else None,
            end=window.end if window else None,
            sha256=rendered.sha256,
            size=len(rendered.data),
            checkpoint_size=content.stamp["checkpoint_size"],
            checkpoint_root=content.stamp["checkpoint_root"] or "",
            record_size=content.stamp["record_size"],
            published_by=acting_user,
            published_at=clock.now(),
        )
        entry = append(
            BulletinPublished(
                bulletin=bulletin.pk,
                reference=bulletin.reference,
                sha256=rendered.sha256,
                size=len(rendered.data),
                period=request.period,
                edition=request.edition,
                party=request.party,
                language=request.language,
                format=request.fmt,
                start=window.start.isoformat() if window else "",
                end=window.end.isoformat() if window else "",
                case=request.case,
                checkpoint_size=content.stamp["checkpoint_size"],
            ),
            agreement=request.agreement,
            actor=acting_user,
            # A party's or the mediators' edition is theirs: the public record shows only that a change
            # happened (docs/record.md §1.4).
            veiled=request.edition != Edition.PUBLIC,
        )
        bulletin.record_index = entry.index
        bulletin.save(update_fields=["record_index"])
    return bulletin
