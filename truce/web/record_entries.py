"""The case page's "Record" section: the record entries about the case, its reports and rulings that this
viewer sees on the page, each with what a browser needs to check its inclusion proof itself
(truce/web/static/truce/verify.js): the log key and the witness keys pinned from the agreement.

The entries come a page at a time, the latest page first, from one indexed query (``subject`` is
indexed; the reports' subjects come from a subquery) and its count, whatever their number; the latest
checkpoint's size from a third. An entry is shown in its public form, as its leaf input says: a veiled
entry (docs/record.md §1.4) shows only that a sealed change happened, never the type and subject the
row keeps for the exports.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.paginator import Paginator
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from truce.cases.models import Case
from truce.core.agreement.model import Agreement
from truce.core.record.cosignature import witness_verifier
from truce.record.checkpoints import RecordKeyError, latest_checkpoint, log_vkey
from truce.record.models import Entry
from truce.reports.visibility import reports_visible_to

__all__ = ["ENTRIES_PER_PAGE", "case_record"]

# A case page lists this many entries a page, page 1 the latest (``?entries=N`` for older ones).
ENTRIES_PER_PAGE = 50

_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def _in_words(event_type: str) -> str:
    """``CaseEvidenceAdded`` → ``Case evidence added`` (the event names are past-tense phrases)."""
    words = _WORD.sub(" ", event_type).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else event_type


def _about(case: Case, user: Any, data: dict[str, Any]) -> Q:
    """The entries whose subject is what the page shows this viewer: the case, every report of it the
    viewer may see (on any page of them: a subquery, so a case of 10^4 reports sends no 10^4-item list)
    and the rulings it sees."""
    reports = (
        reports_visible_to(user)
        .filter(case=case)
        .annotate(subject=Concat(Value("report:"), Cast("id", CharField())))
        .values("subject")
    )
    rulings = [f"ruling:{r['id']}" for r in data["rulings"]]
    return Q(subject=f"case:{case.pk}") | Q(subject__in=rulings) | Q(subject__in=reports)


def case_record(
    case: Case, user: Any, data: dict[str, Any], agreement: Agreement, page: str | None = None
) -> dict[str, Any]:
    """The entries about the case as shown on its page (``data`` is ``full_case`` for the viewer), page
    ``page`` of them (page 1 the latest), with the keys the page pins for the browser's check."""
    rows = Entry.objects.filter(_about(case, user, data)).order_by("-index").values_list("index", "leaf")
    shown = Paginator(rows, ENTRIES_PER_PAGE).get_page(page)
    latest = latest_checkpoint()
    signed_size = latest.size if latest is not None else 0
    entries = []
    for index, leaf in reversed(shown.object_list):  # oldest first within the page
        public = json.loads(leaf)  # the public form: exactly what the leaf hash covers
        veiled = public["type"] == "Veiled"
        entries.append(
            {
                "index": index,
                "event": _("A sealed change") if veiled else _in_words(public["type"]),
                "type": public["type"],
                "time": public["time"],
                "sealed": sorted(public["sealed"]),
                "veiled": veiled,
                "signed": index < signed_size,
            }
        )
    try:
        server_key = log_vkey()
    except RecordKeyError:
        server_key = ""
    witnesses = [w.key for w in agreement.witnesses]
    return {
        "entries": entries,
        "page": shown,
        "signed_size": signed_size,
        # The log key the browser trusts: the one the parties signed in the agreement when it lists one.
        "log_vkey": agreement.record_key or server_key,
        "key_from_agreement": agreement.record_key is not None,
        "witness_vkeys": " ".join(witnesses),
        "witness_names": ", ".join(witness_verifier(k).name for k in witnesses),
        "quorum": agreement.witness_quorum if witnesses else 0,
    }
