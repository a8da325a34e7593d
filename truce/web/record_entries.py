"""The case page's "Record" section: the record entries about the case, its reports and rulings that this
viewer sees on the page, each with what a browser needs to check its inclusion proof itself
(truce/web/static/truce/verify.js): the log key and the witness keys pinned from the agreement.

The entries come from one indexed query (``subject`` is indexed), whatever their number; the latest
checkpoint's size from a second. An entry is shown in its public form, as its leaf input says: a veiled
entry (docs/record.md §1.4) shows only that a sealed change happened, never the type and subject the
row keeps for the exports.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from truce.cases.models import Case
from truce.core.agreement.model import Agreement
from truce.core.record.cosignature import witness_verifier
from truce.record.checkpoints import RecordKeyError, latest_checkpoint, log_vkey
from truce.record.models import Entry

__all__ = ["EVENT_WORDS", "MAX_SHOWN", "case_record"]

# A case page lists at most this many entries (the latest); the rest are in /api/v1/record/entries.
MAX_SHOWN = 200

# The events about a case, its reports and rulings (the subjects a case page lists), in the reader's
# words. tests/app/test_case_page_record.py checks that every such event of truce.cases.events,
# truce.reports.events and truce.rulings.events is here.
EVENT_WORDS: dict[str, Any] = {
    "CaseAdmitted": pgettext_lazy("record event", "Case admitted"),
    "CaseDeclaredInadmissible": pgettext_lazy("record event", "Case declared inadmissible"),
    "InvestigationStarted": pgettext_lazy("record event", "Investigation started"),
    "MonitorAssigned": pgettext_lazy("record event", "Monitor assigned"),
    "SiteVisitLogged": pgettext_lazy("record event", "Site visit logged"),
    "AccessDenied": pgettext_lazy("record event", "Monitors denied access"),
    "ReplyRequested": pgettext_lazy("record event", "Reply requested"),
    "ReplySubmitted": pgettext_lazy("record event", "Reply submitted"),
    "RepliesMarkedOverdue": pgettext_lazy("record event", "Replies marked overdue"),
    "CaseEvidenceAdded": pgettext_lazy("record event", "Evidence added to the case"),
    "CasePublished": pgettext_lazy("record event", "Case published"),
    "CaseReopened": pgettext_lazy("record event", "Case reopened"),
    "CasesJoined": pgettext_lazy("record event", "Cases joined"),
    "CaseSplit": pgettext_lazy("record event", "Case split"),
    "CaseShared": pgettext_lazy("record event", "Case shared with a party"),
    "ReportFiled": pgettext_lazy("record event", "Report filed"),
    "ReportSubmitted": pgettext_lazy("record event", "Report submitted"),
    "EvidenceAdded": pgettext_lazy("record event", "Evidence added to a report"),
    "RenditionAdded": pgettext_lazy("record event", "Redacted copy of evidence added"),
    "RulingDrafted": pgettext_lazy("record event", "Ruling drafted"),
    "RulingSigned": pgettext_lazy("record event", "Ruling signed"),
}

_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def _in_words(event_type: str) -> str:
    """The event's words in the reader's language; for a type not listed (an entry of a later release),
    its name as a phrase: ``CaseEvidenceAdded`` → ``Case evidence added``."""
    if event_type in EVENT_WORDS:
        return str(EVENT_WORDS[event_type])
    words = _WORD.sub(" ", event_type).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else event_type


def _subjects(data: dict[str, Any]) -> list[str]:
    """The record subjects of what the page shows: the case, the reports and rulings this viewer sees."""
    subjects = [f"case:{data['id']}"]
    subjects += [f"report:{r['id']}" for r in data["reports"]]
    subjects += [f"ruling:{r['id']}" for r in data["rulings"]]
    return subjects


def case_record(case: Case, data: dict[str, Any], agreement: Agreement) -> dict[str, Any]:
    """The entries about the case as shown on its page (``data`` is ``full_case`` for the viewer), with
    the keys the page pins for the browser's check."""
    rows = list(
        Entry.objects.filter(subject__in=_subjects(data))
        .order_by("-index")
        .values_list("index", "leaf")[: MAX_SHOWN + 1]
    )
    more = len(rows) > MAX_SHOWN
    latest = latest_checkpoint()
    signed_size = latest.size if latest is not None else 0
    entries = []
    for index, leaf in reversed(rows[:MAX_SHOWN]):
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
        "more": more,
        "signed_size": signed_size,
        # The log key the browser trusts: the one the parties signed in the agreement when it lists one.
        "log_vkey": agreement.record_key or server_key,
        "key_from_agreement": agreement.record_key is not None,
        "witness_vkeys": " ".join(witnesses),
        "witness_names": ", ".join(witness_verifier(k).name for k in witnesses),
        "quorum": agreement.witness_quorum if witnesses else 0,
    }
