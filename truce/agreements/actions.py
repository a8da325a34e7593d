"""Loading agreements into the instance."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from truce.accounts.roles import is_admin
from truce.agreements.events import AgreementLoaded
from truce.agreements.models import Agreement
from truce.core import clock
from truce.core.agreement.load import check_agreement, load_agreement
from truce.errors import ActionError, FieldProblem, Forbidden
from truce.record.store import append


def do_load_agreement(path: Path, *, acting_user: Any) -> tuple[Agreement, bool]:
    """Validate and store the agreement file at ``path`` with its zone files.

    Returns (row, created). Loading the same text again changes nothing; a different text under an
    id already loaded is refused: agreements are amended by a new id (amendments are not edits).
    """
    if acting_user is not None and not is_admin(acting_user):
        raise Forbidden(gettext_lazy("only an administrator may load agreements"))
    problems = check_agreement(path)
    if problems:
        raise ActionError(
            f"{path} is not a valid agreement ({len(problems)} problem(s)); "
            f"run `truce agreement check {path}`",
            problems=[FieldProblem(f"line {p.line}" if p.line else str(path), p.message) for p in problems],
        )
    parsed = load_agreement(path)
    source = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    zones = {
        zone.geometry_path: (path.parent / zone.geometry_path).read_text(encoding="utf-8")
        for zone in parsed.zones
    }
    with transaction.atomic():
        existing = Agreement.objects.select_for_update().filter(pk=parsed.id).first()
        if existing is not None:
            if existing.digest == digest and existing.zones == zones:
                return existing, False
            raise ActionError(
                gettext_lazy(
                    "agreement %(agreement)s is already loaded with a different text; an amended agreement "
                    "needs a new id"
                ),
                params={"agreement": repr(parsed.id)},
                field="agreement.id",
            )
        row = Agreement.objects.create(
            id=parsed.id, title=parsed.title, source=source, zones=zones, digest=digest, loaded_at=clock.now()
        )
        append(
            AgreementLoaded(agreement=parsed.id, title=parsed.title, digest=digest),
            agreement=parsed.id,
            actor=acting_user,
        )
    return row, True
