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
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext as _

from truce.cases.models import Case
from truce.core.agreement.model import Agreement
from truce.core.record.cosignature import witness_verifier
from truce.record.checkpoints import RecordKeyError, key_history, latest_checkpoint, log_vkey
from truce.record.models import Entry
from truce.reports.visibility import reports_visible_to
from truce.web.templatetags.truce_format import SOLAR_HIJRI, current_calendar

__all__ = ["ENTRIES_PER_PAGE", "EVENT_WORDS", "case_record", "verify_words"]

# A case page lists this many entries a page, page 1 the latest (``?entries=N`` for older ones).
ENTRIES_PER_PAGE = 50

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


def verify_words() -> dict[str, str]:
    """What verify.js says, in the reader's language, with {placeholders} the script fills in; the page
    carries them as JSON (json_script: data, never run, so the strict CSP holds). ``calendar`` tells the
    script in which calendar to write the times it states."""
    return {
        "calendar": "persian" if current_calendar() == SOLAR_HIJRI else "gregory",
        "checking": gettext("Checking…"),
        "included": gettext("Included in the record at size {size}, checkpoint signed by {origin}."),
        "includedOn": gettext(
            "Included in the record at size {size}, checkpoint signed by {origin} on {time} (the time as the "
            "server states it; the signature carries none)."
        ),
        "noEd25519": gettext(
            "Your browser cannot check Ed25519 signatures: the checkpoint's signature and the witnesses' "
            "cosignatures were NOT checked, only that the entry is in the tree with that root."
        ),
        "cosigned": gettext("Cosigned by {count} of the agreement's witnesses, quorum {quorum}: {names}."),
        "nobody": gettext("none"),
        "noQuorum": gettext("The quorum is not met yet: only the log vouches for this checkpoint."),
        "noWitnesses": gettext("The agreement lists no witnesses: no cosignature was checked."),
        "veiled": gettext(
            "This entry is veiled: it proves that a change happened at that time; what it was is a sealed "
            "commitment."
        ),
        "sealed": gettext(
            "Sealed fields ({fields}): the entry proves their commitments, not the hidden content; whoever "
            "holds an opening can check it against them."
        ),
        "serverKey": gettext(
            "The log key is the one this server publishes (the agreement lists none): compare it with one "
            "you got elsewhere."
        ),
        "notVerified": gettext("Not verified: {why}."),
        "broken": gettext("the check could not run ({error})"),
        # Why a check failed (verify.js, VerifyError).
        "inconsistent": gettext(
            "the proof does not lead to the signed root: the server's answer is not consistent"
        ),
        "unsigned": gettext("the checkpoint is not signed by the pinned log key {name}"),
        "keyNotBase64": gettext("the pinned key is not canonical base64"),
        "entryNotBase64": gettext("the entry in the proof is not canonical base64"),
        "hashNotBase64": gettext("proof hash {n} is not canonical base64"),
        "signatureNotBase64": gettext("a signature of the checkpoint is not canonical base64"),
        "rootNotBase64": gettext("the checkpoint's root is not canonical base64"),
        "indexBeyond": gettext("index {index} is not below the checkpoint's size {size}"),
        "proofTooLong": gettext("the proof is longer than the tree is deep"),
        "proofTooShort": gettext("the proof is shorter than the tree is deep"),
        "notVkey": gettext("the pinned key {key} is not a verifier key"),
        "notEd25519Key": gettext("the pinned key is not an Ed25519 key"),
        "keyHash": gettext("the pinned key's hash does not match its key"),
        "noCheckpoint": gettext("the proof has no checkpoint"),
        "notTlogProof": gettext("the answer is not a tlog-proof"),
        "noIndex": gettext("the proof names no index"),
        "hashLength": gettext("proof hash {n} is not 32 bytes"),
        "notSignedNote": gettext("the checkpoint is not a signed note"),
        "badSignatureLine": gettext("the checkpoint has a malformed signature line"),
        "noSignature": gettext("the checkpoint has no signature"),
        "badCheckpoint": gettext("the checkpoint is malformed"),
        "rootLength": gettext("the checkpoint's root is not 32 bytes"),
        "badCosignature": gettext("the cosignature of {name} does not verify"),
        "httpStatus": gettext("the server answered {status} for {url}"),
        "otherEntry": gettext("the server sent the proof of entry {index}"),
        "noEntry": gettext("the proof carries no entry"),
        "otherLog": gettext("the checkpoint is for {origin}, not for the pinned log {name}"),
        "notRecordEntry": gettext("the proven leaf is not a record entry"),
        "otherIndex": gettext("the proven entry says index {said}, not {index}"),
        "otherType": gettext("the proven entry is a {proven}, the page says {shown}"),
    }


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
    # After `truce record rotate-key` the latest checkpoint is signed by a later key than the agreement's
    # record_key: the browser, which checks one checkpoint, pins the current key (record.md §5.1).
    history = key_history() if agreement.record_key else []
    rotated = bool(history and history[0].old_vkey == agreement.record_key and server_key)
    return {
        "entries": entries,
        "words": verify_words(),
        "page": shown,
        "signed_size": signed_size,
        # The log key the browser trusts: the one the parties signed in the agreement when it lists one.
        "log_vkey": server_key if rotated else (agreement.record_key or server_key),
        "key_from_agreement": agreement.record_key is not None and not rotated,
        "key_rotated": rotated,
        "witness_list": witnesses,
        "witness_vkeys": " ".join(witnesses),
        "witness_names": ", ".join(witness_verifier(k).name for k in witnesses),
        "quorum": agreement.witness_quorum if witnesses else 0,
    }
