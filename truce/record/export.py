"""Export bundles of the record (``truce record export``) for offline verification.

Three kinds, one format (``docs/record.md`` §7):

- full (operator): every opening;
- ``public``: no opening at all;
- ``party``: the openings a liaison officer of that party may see in that agreement, decided by
  :func:`party_may_open` over the reports and cases that ``reports_visible_to`` / ``cases_visible_to``
  let a stand-in liaison of the party see (the same rules the pages and API apply).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.core.record.bundle import write_bundle
from truce.core.record.entry import Opening as CoreOpening
from truce.record.checkpoints import key_history, latest_checkpoint, log_vkey, sign_checkpoint_now
from truce.record.models import Checkpoint, Entry, Head, Opening
from truce.record.store import VEILED_FIELD
from truce.record.witnesses import collect_cosignatures, listed_witnesses

__all__ = ["ExportResult", "export_bundle", "party_may_open"]

_CHUNK = 2000
FINDING_STATES = ("ruled", "published")


@dataclass(frozen=True)
class ExportResult:
    entries: int
    checkpoints: int
    openings: int | None  # None for a public bundle
    quorum: int
    cosigners: list[str]


def ensure_covering_checkpoint() -> Checkpoint:
    """A signed checkpoint of every committed entry (signed now if the latest is behind), with the
    cosignatures the reachable witnesses give it."""
    head = Head.objects.get(id=1)
    latest = latest_checkpoint()
    if latest is None or latest.size < head.size:
        latest = sign_checkpoint_now(force=True) or latest_checkpoint()
    if latest is None:
        raise ValueError("the record is empty: there is nothing to export")
    collect_cosignatures(latest)
    latest.refresh_from_db()
    return latest


def _leaves(upto: int) -> Iterator[bytes]:
    rows = Entry.objects.filter(index__lt=upto).order_by("index").values_list("leaf", flat=True)
    for leaf in rows.iterator(chunk_size=_CHUNK):
        yield leaf.encode("utf-8")


def _all_openings(upto: int) -> Iterator[tuple[int, str, CoreOpening]]:
    rows = (
        Opening.objects.filter(entry_id__lt=upto)
        .order_by("entry_id", "name")
        .values_list("entry_id", "name", "salt", "value")
    )
    for index, name, salt, value in rows.iterator(chunk_size=_CHUNK):
        yield index, name, CoreOpening(salt=salt, value=value)


def party_may_open(
    party: str, entry_type: str, field: str, data: dict[str, Any], facts: dict[str, Any]
) -> bool:
    """Whether a liaison of ``party`` may hold the opening of ``field`` in an entry of ``entry_type``
    about a report or case that liaison may see. ``data`` is the entry's public fields; ``facts`` holds
    ``filing_party`` (for a report) or ``case_status`` (for a case).

    - ``by`` (who acted): only when the actor is of the party's own organisation;
    - ``incident`` of a report: yes (the liaison sees the report);
    - ``sha256``/``details`` of a report's evidence: only for the filing party (a protected source's
      identity is withheld from the accused, and the opening is the whole field);
    - ``text`` of a reply: the party's own reply, or any once the case is ruled or published;
    - anything else (investigation details, monitors, reasons, case evidence): no; those stay with the
      mechanism.
    """
    if field == "by":
        by = data.get("by")
        return isinstance(by, dict) and by.get("organisation") == party
    if entry_type == "ReportFiled" and field == "incident":
        return True
    if entry_type == "EvidenceAdded" and field in ("sha256", "details"):
        return facts.get("filing_party") == party
    if entry_type == "ReplySubmitted" and field == "text":
        return data.get("party") == party or facts.get("case_status") in FINDING_STATES
    return False


def _party_openings(agreement_id: str, party: str, upto: int) -> Iterator[tuple[int, str, CoreOpening]]:
    from truce.accounts.models import Role, User
    from truce.cases.visibility import cases_visible_to
    from truce.reports.visibility import reports_visible_to

    standin = User(username=f"export-{party}", role=Role.LIAISON, organisation=party, is_active=True)
    standin.agreement_id = agreement_id
    facts: dict[str, dict[str, Any]] = {}
    for pk, filing_party in reports_visible_to(standin).values_list("pk", "filing_party"):
        facts[f"report:{pk}"] = {"filing_party": filing_party}
    for pk, status in cases_visible_to(standin).values_list("pk", "status"):
        facts[f"case:{pk}"] = {"case_status": status}
    rows = (
        Opening.objects.filter(entry_id__lt=upto, entry__agreement=agreement_id)
        .order_by("entry_id", "name")
        .values_list("entry_id", "entry__subject", "entry__type", "entry__leaf", "name", "salt", "value")
    )
    # The row's type and subject are the event's own, also for a veiled entry (store.append), whose
    # public fields are then inside its "event" opening rather than in the entry's data.
    for index, group in groupby(rows.iterator(chunk_size=_CHUNK), key=lambda row: row[0]):
        openings = list(group)
        _, subject, entry_type, leaf, _, _, _ = openings[0]
        if subject not in facts:
            continue
        data = json.loads(leaf)["data"]
        event = next((value for _, _, _, _, name, _, value in openings if name == VEILED_FIELD), None)
        if event is not None:
            data = event["data"]
        for _, _, _, _, name, salt, value in openings:
            # A party that may see the object may see the event itself (its type, subject, parties).
            if name == VEILED_FIELD or party_may_open(party, entry_type, name, data, facts[subject]):
                yield index, name, CoreOpening(salt=salt, value=value)


def export_bundle(
    out: Path, *, public: bool = False, party: str | None = None, agreement: str | None = None
) -> ExportResult:
    """Write a bundle into the empty or absent directory ``out``. ``party`` requires ``agreement`` and
    excludes ``public``; ``agreement`` alone restricts the witnesses and quorum to that agreement's."""
    if party is not None and (agreement is None or public):
        raise ValueError("--party needs --agreement and cannot be combined with --public")
    if agreement is not None:
        row = Agreement.objects.filter(pk=agreement).first()
        if row is None:
            raise ValueError(f"agreement {agreement!r} is not loaded; see `truce agreement list`")
        parties = [p.code for p in registry.parsed(row).parties]
        if party is not None and party not in parties:
            raise ValueError(f"{party!r} is not a party to {agreement} (parties: {', '.join(parties)})")
    latest = ensure_covering_checkpoint()
    witnesses, quorum = listed_witnesses(agreement)
    openings: Iterator[tuple[int, str, CoreOpening]] | None = None
    if party is not None:
        assert agreement is not None
        openings = _party_openings(agreement, party, latest.size)
    elif not public:
        openings = _all_openings(latest.size)
    counted: list[int] = []

    def counting(items: Iterator[tuple[int, str, CoreOpening]]) -> Iterator[tuple[int, str, CoreOpening]]:
        for item in items:
            counted.append(item[0])
            yield item

    checkpoints = [
        row.note.encode() for row in Checkpoint.objects.filter(size__lte=latest.size).order_by("size")
    ]
    # keys.json names the record's first key (the agreement's record_key); the rotation entries and
    # handover checkpoints in the bundle lead a verifier from it to the current one (record.md §5.1).
    history = key_history()
    count = write_bundle(
        out,
        origin=latest.note.split("\n", 1)[0],
        log_vkey=history[0].old_vkey if history else log_vkey(),
        later_log_vkeys=[change.new_vkey for change in history],
        entries=_leaves(latest.size),
        checkpoints=checkpoints,
        witnesses=[(w.name, w.vkey) for w in witnesses],
        quorum=quorum,
        openings=None if openings is None else counting(openings),
    )
    listed = {w.name for w in witnesses}
    cosigners = sorted(
        name for name in latest.cosignatures.values_list("witness", flat=True) if name in listed
    )
    return ExportResult(
        count, len(checkpoints), None if openings is None else len(counted), quorum, cosigners
    )
