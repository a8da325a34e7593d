"""Taking in one piece of evidence — a file (hashed and stored content-addressed) or a link — with its
provenance and Admiralty grading. Shared by every action that accepts evidence: on a report, on a case
(a monitor's findings) and on a reply (counter-evidence): :func:`receive` stores a file's bytes before the
action's transaction, :func:`store_evidence` registers the row inside it."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy

from truce.core import clock
from truce.errors import ActionError, FieldProblem, TooLarge
from truce.reports import evidence_store, quota, sniff
from truce.reports.evidence_store import Stored
from truce.reports.models import Evidence, EvidenceKind, InformationCredibility, SourceReliability


@dataclass(frozen=True)
class EvidenceInput:
    filename: str = ""
    media_type: str = ""
    url: str = ""
    description: str = ""
    obtained_how: str = ""
    obtained_at: dt.datetime | None = None
    obtained_from: str = ""
    source_protected: bool = False
    reliability: str = SourceReliability.F
    credibility: str = InformationCredibility.CANNOT_JUDGE


def check(item: EvidenceInput, *, has_file: bool) -> None:
    """Refuse bad input before anything is stored; every problem at once."""
    problems = []
    if item.reliability not in SourceReliability.values:
        problems.append(
            FieldProblem.marked(
                "reliability",
                gettext_lazy("%(grade)s is not a source reliability grade A-F"),
                {"grade": repr(item.reliability)},
            )
        )
    if item.credibility not in InformationCredibility.values:
        problems.append(
            FieldProblem.marked(
                "credibility",
                gettext_lazy("%(grade)s is not an information credibility grade 1-6"),
                {"grade": repr(item.credibility)},
            )
        )
    if has_file == bool(item.url):
        problems.append(
            FieldProblem.marked(
                "file", gettext_lazy("give either a file or a link, not both and not neither")
            )
        )
    if item.url:
        parts = urlsplit(item.url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(item.url) > 2000:
            problems.append(
                FieldProblem.marked(
                    "url", gettext_lazy("%(url)s is not an http(s) link"), {"url": repr(item.url[:80])}
                )
            )
    if item.obtained_at is not None:
        if item.obtained_at.tzinfo is None:
            problems.append(
                FieldProblem.marked(
                    "obtained_at", gettext_lazy("needs a time zone, e.g. 2025-10-12T21:30:00+05:00")
                )
            )
        elif item.obtained_at > clock.now():
            problems.append(FieldProblem.marked("obtained_at", gettext_lazy("is in the future")))
    for name, value, limit in (
        ("description", item.description, 5000),
        ("obtained_how", item.obtained_how, 300),
        ("obtained_from", item.obtained_from, 300),
        ("filename", item.filename, 255),
    ):
        if len(value) > limit:
            problems.append(
                FieldProblem.marked(
                    name, gettext_lazy("is longer than %(limit)s characters"), {"limit": limit}
                )
            )
    if problems:
        raise ActionError.of_problems(problems)


def receive(item: EvidenceInput, *, upload: BinaryIO, added_by: Any, uploaded: bool = True) -> Stored:
    """Check an uploaded file and store its bytes: every check that can refuse it first (the fields, the
    user's upload limits, the bytes against the declared type, the size), then the durable write.

    Needs no transaction, and callers call it before theirs opens: the write's fsyncs then hold no lock
    that other writers wait on (on SQLite the database's one write lock). Refused, it stores nothing.
    The upload limits read the database here and are checked again by :func:`store_evidence`, inside the
    transaction, where they hold against concurrent uploads; a file refused only there stays in the store
    unreferenced (harmless, as for any rolled-back action: see evidence_store)."""
    check(item, has_file=True)
    if uploaded:
        quota.check_upload(added_by)
    head = upload.read(sniff.HEAD_BYTES)
    problem = sniff.mismatch(item.media_type, item.filename, head) if uploaded else None
    if problem:
        raise ActionError.of_problems([problem])
    limit = settings.TRUCE_EVIDENCE_MAX_BYTES
    known = getattr(upload, "size", None)  # a received upload's (Django's UploadedFile), before any write
    if isinstance(known, int) and known > limit:
        raise _too_large(evidence_store.EvidenceTooLarge(limit))
    if uploaded and isinstance(known, int):
        quota.check_upload_bytes(added_by, known)
    chunks = itertools.chain([head], iter(lambda: upload.read(evidence_store.CHUNK), b""))
    try:
        stored = evidence_store.put(chunks, limit=limit)
    except evidence_store.EvidenceTooLarge as exc:
        raise _too_large(exc) from exc
    if uploaded:
        # The size of a stream is known only now; a file refused here stays in the store unreferenced.
        quota.check_upload_bytes(added_by, stored.size)
    return stored


def _too_large(exc: evidence_store.EvidenceTooLarge) -> TooLarge:
    return TooLarge(
        gettext_lazy(
            "file: the file is larger than the limit of %(limit)s bytes (%(mib)s MiB); split it or "
            "link to it instead"
        ),
        params={"limit": f"{exc.limit:,}", "mib": f"{exc.limit / 1024 / 1024:.0f}"},
        field="file",
    )


def store_evidence(
    item: EvidenceInput,
    *,
    upload: BinaryIO | None,
    added_by: Any,
    report: Any = None,
    case: Any = None,
    reply: Any = None,
    uploaded: bool = True,
    received: Stored | None = None,
) -> tuple[Evidence, dict[str, Any]]:
    """Check, store and register the evidence; return the row and the details its record event seals.
    Requires the caller's open transaction.

    ``received``: what :func:`receive` already stored of ``upload`` before the transaction opened; the
    upload limits are checked again here (they count rows other transactions may have added meanwhile)
    and the bytes are not written twice. Without it the file is received here, inside the transaction.

    ``uploaded=False`` is for bytes the server itself fetched (a lead's articles): they count against no
    user's upload limits and are stored as fetched, whatever their bytes look like."""
    check(item, has_file=upload is not None or received is not None)
    if received is not None:
        if uploaded:
            quota.check_upload(added_by)
            quota.check_upload_bytes(added_by, received.size)
        kind, sha, size = EvidenceKind.FILE, received.sha256, received.size
    elif upload is not None:
        stored = receive(item, upload=upload, added_by=added_by, uploaded=uploaded)
        kind, sha, size = EvidenceKind.FILE, stored.sha256, stored.size
    else:
        # A link's hash is that of the link text: it pins what was cited, not the page behind it.
        kind, sha, size = EvidenceKind.LINK, hashlib.sha256(item.url.encode("utf-8")).hexdigest(), 0
    row = Evidence.objects.create(
        report=report,
        case=case,
        reply=reply,
        kind=kind,
        sha256=sha,
        size=size,
        media_type=item.media_type[:120],
        original_name=item.filename,
        url=item.url,
        description=item.description,
        added_by=added_by,
        added_at=clock.now(),
        obtained_how=item.obtained_how,
        obtained_at=item.obtained_at,
        obtained_from=item.obtained_from,
        source_protected=item.source_protected,
        reliability=item.reliability,
        credibility=item.credibility,
    )
    details = {
        "size": size,
        "name": item.filename,
        "media_type": row.media_type,
        "url": item.url,
        "description": item.description,
        "obtained_how": item.obtained_how,
        "obtained_at": None if item.obtained_at is None else clock.rfc3339(item.obtained_at),
        "obtained_from": item.obtained_from,
        "source_protected": item.source_protected,
        "reliability": item.reliability,
        "credibility": item.credibility,
    }
    return row, details
