"""Template context every page gets (listed in settings.TEMPLATES)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from truce.agreements import registry
from truce.core.agreement.model import Agreement

# An agreement's text never changes under its id (truce init refuses that), so each process parses it
# once here: the banner must not cost every page a query (query counts are pinned on list pages).
_AGREEMENTS: dict[str, Agreement] = {}


def _agreement(agreement_id: str) -> Agreement:
    if agreement_id not in _AGREEMENTS:
        _AGREEMENTS[agreement_id] = registry.get(agreement_id)[1]
    return _AGREEMENTS[agreement_id]


def viewer_agreement(user: Any) -> Agreement | None:
    """The agreement the signed-in user serves, parsed once per process; None for the admin, observers of
    no agreement and anonymous visitors."""
    if not (user is not None and user.is_authenticated and user.agreement_id):
        return None
    return _agreement(user.agreement_id)


def mandate(request: HttpRequest) -> dict[str, Any]:
    """``mandate_ended``: the day the mechanism's mandate under the viewer's agreement ended, when it has
    (the agreement's ``mandate_until`` before today on the agreement's own clock); else None. Filing and
    ruling stay possible — a renewal may be on its way and the record must keep what arrives — but every
    page says so, so nobody acts as if the mandate ran on."""
    user: Any = getattr(request, "user", None)
    if not (user is not None and user.is_authenticated and user.agreement_id):
        return {"mandate_ended": None}
    agreement = _agreement(user.agreement_id)
    today = agreement.today()
    ended = agreement.mandate_until if agreement.mandate_until and today > agreement.mandate_until else None
    return {
        "mandate_ended": ended,
        "mandate_agreement": agreement.title_in(get_language() or "en") if ended else None,
    }


def languages(request: HttpRequest) -> dict[str, Any]:
    """``interface_languages``: the language menu of every page (truce/web/templates/truce/_languages.html),
    each language named in itself as settings.LANGUAGES names it, with its writing direction."""
    bidi = set(settings.LANGUAGES_BIDI)
    return {
        "interface_languages": [
            {"code": code, "name": name, "dir": "rtl" if code in bidi else "ltr"}
            for code, name in settings.LANGUAGES
        ]
    }
