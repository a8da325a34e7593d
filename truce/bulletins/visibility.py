"""Who may read which published bulletin: a public edition anyone, signed in or not; a party's edition
that party's liaison officers and the agreement's mediators; the confidential edition the mediators. The
admin reads only public ones (separation of duties). What one may not read answers 404, like what does
not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from truce.accounts.models import Role
from truce.bulletins.models import Bulletin, Edition


def bulletins_visible_to(user: Any) -> QuerySet[Bulletin]:
    rule = Q(edition=Edition.PUBLIC)
    if user is not None and user.is_authenticated and user.is_active and user.agreement_id:
        if user.role == Role.MEDIATOR:
            rule |= Q(agreement_id=user.agreement_id)
        elif user.role == Role.LIAISON:
            rule |= Q(agreement_id=user.agreement_id, edition=Edition.PARTY, party=user.organisation)
    return Bulletin.objects.filter(rule)
