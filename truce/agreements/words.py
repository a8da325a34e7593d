"""An agreement's procedure in the reader's words: who must sign (its quorum). Pages show it
(truce/web/words.py re-exports it) and action errors put it into their sentences
(truce.penalties.actions), so it lives beside the agreements rather than in the web layer."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from truce.core.agreement.quorum import Quorum

__all__ = ["quorum_words"]


def quorum_words(quorum: Quorum) -> str:
    """Who must sign, in the reader's language: what ``Quorum.describe`` says in English."""
    if quorum.kind == "each-mediator":
        return gettext("one officer of each mediator")
    if quorum.kind == "any-mediator":
        return gettext("one officer of any mediator")
    n = quorum.officers
    if quorum.kind == "mission":
        return ngettext(
            "%(count)d officer of the monitoring mission", "%(count)d officers of the monitoring mission", n
        ) % {"count": n}
    return ngettext(
        "%(count)d distinct officer of the signatory bodies",
        "%(count)d distinct officers of the signatory bodies",
        n,
    ) % {"count": n}
