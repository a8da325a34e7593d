"""Importing an existing dataset (ACLED-format CSV) as leads, so it seeds the mechanism's picture.

Each valid row becomes one open lead with one source: an article holding the row itself (its bytes are
the header and that row, as CSV), with origin "ACLED import", stored and hashed like any article; the
run is recorded as one ArticlesIngested event, as an ingest run is. Leads are triaged as any other
(truce.sources.actions.do_accept_lead). The row's ``event_id_cnty`` is the article's address
(``acled:ID``), which is unique per agreement: a row imported before is skipped, so importing the same
file twice changes nothing. All or nothing: one invalid row and nothing is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from truce.accounts.roles import is_mediator
from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.core import clock
from truce.errors import ActionError, FieldProblem, NotFound
from truce.exports.acled import AcledEvent, Rejection, parse
from truce.record.store import append, lock_head
from truce.reports import evidence_store
from truce.sources import fingerprint, leads
from truce.sources.actions import _lead_details, _open_cases
from truce.sources.events import ArticlesIngested
from truce.sources.models import Article, Lead, LeadSource

PROVENANCE = "ACLED import"
URL_PREFIX = "acled:"


@dataclass
class ImportReport:
    """What an import did, or (dry run, or a rejected file) would do."""

    accepted: list[tuple[int, str, int | None]] = field(default_factory=list)  # line, event id, lead id
    skipped: list[tuple[int, str]] = field(default_factory=list)  # already imported
    rejected: list[Rejection] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "accepted": [{"line": n, "event_id_cnty": e, "lead": lead} for n, e, lead in self.accepted],
            "skipped": [
                {"line": n, "event_id_cnty": e, "reason": "already imported"} for n, e in self.skipped
            ],
            "rejected": [
                {"line": r.line, "event_id_cnty": r.event_id, "reason": r.reason} for r in self.rejected
            ],
        }


def _row_bytes(event: AcledEvent) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(event.raw))
    writer.writerow(list(event.raw.values()))
    return out.getvalue().encode()


def do_import_acled(
    agreement_id: str, data: bytes, *, name: str = "upload.csv", dry_run: bool = False, acting_user: Any
) -> ImportReport:
    """Check every row of ``data`` (an ACLED CSV file); when none is rejected and not ``dry_run``, raise
    one lead per row not imported before. Rejected rows raise ActionError listing each (line and reason)
    with nothing written; the report is attached as ``exc.report``. The console (``acting_user=None``)
    or the agreement's mediators may import."""
    row = Agreement.objects.filter(pk=agreement_id).first()
    if row is None or (acting_user is not None and not is_mediator(acting_user, agreement_id)):
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s"),
            params={"agreement": repr(agreement_id)},
            field="agreement",
        )
    agreement = registry.parsed(row)
    categories = [c.name for c in agreement.categories]
    events, rejected = parse(data, categories=categories, today=clock.now().date())
    report = ImportReport(rejected=rejected)
    if rejected:
        problems = [FieldProblem(f"line {r.line}", f"{r.event_id or '-'}: {r.reason}") for r in rejected]
        first = problems[0]
        error = ActionError(
            gettext_lazy("%(count)s row(s) rejected, nothing imported; %(field)s: %(problem)s"),
            params={"count": len(rejected), "field": first.field, "problem": first.message},
            problems=problems,
        )
        error.report = report  # type: ignore[attr-defined]
        raise error
    if not events:
        raise ActionError(gettext_lazy("the file holds no rows to import (only a header)"), field="file")
    with transaction.atomic():
        if not dry_run:
            lock_head()
        known = set(
            Article.objects.filter(
                agreement=row, url__in=[URL_PREFIX + e.event_id for e in events]
            ).values_list("url", flat=True)
        )
        fresh = [e for e in events if URL_PREFIX + e.event_id not in known]
        report.skipped = [(e.line, e.event_id) for e in events if URL_PREFIX + e.event_id in known]
        if dry_run or not fresh:
            report.accepted = [(e.line, e.event_id, None) for e in fresh]
            return report
        _write(row, fresh, name, report, acting_user)
    return report


def _write(
    row: Agreement, events: list[AcledEvent], name: str, report: ImportReport, acting_user: Any
) -> None:
    """Requires the caller's transaction with the record lock held."""
    now = clock.now()
    cases = _open_cases(row)
    articles: list[Article] = []
    summaries: list[dict[str, Any]] = []
    raised: list[int] = []
    for e in events:
        data = _row_bytes(e)
        evidence_store.put([data], limit=settings.TRUCE_EVIDENCE_MAX_BYTES)
        article = Article.objects.create(
            agreement=row,
            url=URL_PREFIX + e.event_id,
            origin=f"{PROVENANCE}: {name} line {e.line}"[:500],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            media_type="text/csv",
            fingerprint=fingerprint.to_hex(fingerprint.simhash(data.decode())),
            title=(e.notes or f"ACLED {e.event_id}")[:500],
            outlet=(e.source or "ACLED")[:255],
            published=None,
            language="",
            extraction={"source": PROVENANCE, "events": [e.event()]},
            fetched_at=now,
        )
        articles.append(article)
        member = leads.Member(article.pk, article.outlet, e.event())
        fields = leads.summarise([member])
        lead = Lead.objects.create(
            agreement=row,
            raised_at=now,
            updated_at=now,
            suggested_cases=leads.suggest(fields, cases),
            **fields,
        )
        LeadSource.objects.create(
            lead=lead,
            article=article,
            event_index=0,
            event=member.event,
            fatalities_low=e.fatalities,
            fatalities_best=e.fatalities,
            fatalities_high=e.fatalities,
            added_at=now,
        )
        raised.append(lead.pk)
        summaries.append(_lead_details(lead))
        report.accepted.append((e.line, e.event_id, lead.pk))
    append(
        ArticlesIngested(
            agreement=row.pk,
            articles=[{"id": a.pk, "sha256": a.sha256, "duplicate_of": None} for a in articles],
            events=len(events),
            skipped_out_of_scope=0,
            leads_raised=raised,
            leads_updated=[],
            feed=None,
            details={
                "import": {"provenance": PROVENANCE, "file": name[:500], "skipped": len(report.skipped)},
                "articles": [
                    {"id": a.pk, "origin": a.origin, "url": a.url, "title": a.title, "outlet": a.outlet}
                    for a in articles
                ],
                "leads": summaries,
            },
        ),
        agreement=row.pk,
        actor=acting_user,
    )
    report.written = True
