"""The write paths of open-source monitoring: ingesting articles into leads, triaging leads, feeds.

Each ``do_*`` checks permission, writes its rows and appends exactly one record event in one
transaction. ``acting_user=None`` is the console operator (``truce ingest``, ``truce worker``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy, pgettext_lazy

from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.cases.locking import lock_cases
from truce.cases.models import Case, CaseStatus
from truce.core import clock
from truce.core.extract import cluster, distribute
from truce.core.matching import IncidentKey
from truce.errors import ActionError, FieldProblem, NotFound
from truce.record.store import append, lock_head
from truce.reports import evidence_store
from truce.reports.actions import file_lead_report
from truce.reports.evidence_intake import EvidenceInput
from truce.sources import fingerprint, leads
from truce.sources.events import ArticlesIngested, FeedRegistered, LeadAccepted, LeadDismissed
from truce.sources.fetch import Candidate
from truce.sources.models import Article, Feed, Lead, LeadSource, LeadStatus
from truce.sources.visibility import leads_visible_to, may_triage

# Cases still being worked on: a lead may join one of these; closed ones are history.
OPEN_CASE_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.ADMISSIBLE,
    CaseStatus.UNDER_INVESTIGATION,
    CaseStatus.AWAITING_REPLY,
    CaseStatus.RULING_DRAFTED,
)
MAX_REASON = 2000


def _agreement(agreement_id: str, acting_user: Any) -> Agreement:
    """The agreement row, if it exists and the actor may ingest for it (the console, or its mediators
    and monitors); others get NotFound exactly as for an unknown id."""
    row = Agreement.objects.filter(pk=agreement_id).first()
    if row is None or (acting_user is not None and not may_triage(acting_user, agreement_id)):
        known = ", ".join(Agreement.objects.values_list("id", flat=True)) if acting_user is None else ""
        if known:  # the console's answer, in English like all of it
            raise NotFound(f"no agreement {agreement_id!r} (loaded: {known})", field="agreement")
        raise NotFound(
            gettext_lazy("no agreement %(agreement)s"),
            params={"agreement": repr(agreement_id)},
            field="agreement",
        )
    return row


@dataclass
class IngestResult:
    articles_new: list[Article] = field(default_factory=list)
    articles_duplicate: list[Article] = field(default_factory=list)  # near duplicates, kept, not extracted
    already_stored: int = 0  # same URL or same bytes as an article stored before: nothing written
    events: int = 0
    skipped_out_of_scope: int = 0
    skipped_not_incidents: int = 0
    leads_raised: list[int] = field(default_factory=list)
    leads_updated: list[int] = field(default_factory=list)


@dataclass
class _Plan:
    candidate: Candidate
    sha256: str
    decision: str  # "new", "duplicate" or "known"
    duplicate_of: int | None = None  # an Article id, or -(index + 1) of an earlier candidate of this run
    extraction: dict[str, Any] | None = None


def _decide(row: Agreement, items: list[Candidate]) -> list[_Plan]:
    """Deduplicate against the agreement's stored articles and within the run: same URL or same bytes
    is known (skipped); a text within fingerprint.MAX_DISTANCE bits of an original is a duplicate."""
    stored = Article.objects.filter(agreement=row)
    originals = [
        (pk, int(fp, 16)) for pk, fp in stored.filter(duplicate_of=None).values_list("id", "fingerprint")
    ]
    plans: list[_Plan] = []
    seen_urls: set[str] = set()
    seen_shas: set[str] = set()
    for i, c in enumerate(items):
        sha = hashlib.sha256(c.data).hexdigest()
        plan = _Plan(c, sha, "new")
        if (c.url and (c.url in seen_urls or stored.filter(url=c.url).exists())) or (
            sha in seen_shas or stored.filter(sha256=sha).exists()
        ):
            plan.decision = "known"
        else:
            fp = int(c.fingerprint, 16)
            near = min(
                ((fingerprint.distance(fp, other), pk) for pk, other in originals),
                default=None,
            )
            if near is not None and near[0] <= fingerprint.MAX_DISTANCE:
                plan.decision, plan.duplicate_of = "duplicate", near[1]
            else:
                originals.append((-(i + 1), fp))
        if c.url:
            seen_urls.add(c.url)
        seen_shas.add(sha)
        plans.append(plan)
    return plans


def _job(plan: _Plan) -> distribute.Job:
    c = plan.candidate
    return distribute.Job(text=c.text, source=c.url or c.origin, published=c.published, title=c.title)


def do_ingest_articles(
    agreement_id: str,
    items: list[Candidate],
    *,
    feed_id: int | None = None,
    extractor: distribute.Extractor = distribute.in_process,
    acting_user: Any,
) -> IngestResult:
    """Store the articles (deduplicated), extract the new ones, and cluster their in-scope events with
    the agreement's open leads: an event joins the first open lead it fits as a whole (one of its sources
    reports the same incident and its date fits every dated source: truce.core.extract.cluster.joins),
    else it raises a new lead. One ArticlesIngested event lists everything; when nothing is new, nothing
    is written at all.

    ``extractor`` turns the new articles' texts into extractions, in order: in this process, or on a Dask
    cluster (truce.core.extract.distribute.on_cluster). Everything else happens here in the same order
    either way, so the articles, leads and record entry are the same. When it raises (a lost cluster),
    nothing has been stored."""
    row = _agreement(agreement_id, acting_user)
    if not items:
        raise ActionError(
            gettext_lazy("there is nothing to ingest: give at least one article"), field="articles"
        )
    agreement = registry.parsed(row)
    countries = leads.party_countries(agreement)
    # Extraction is the slow part; it runs before the transaction so the record lock is held briefly.
    first = _decide(row, items)
    todo = [plan for plan in first if plan.decision == "new"]
    extractions = extractor([_job(plan) for plan in todo]) if todo else []
    for plan, extraction in zip(todo, extractions, strict=True):
        plan.extraction = extraction
    with transaction.atomic():
        lock_head()
        # Decided again under the lock: a concurrent run may have stored some of these meanwhile.
        plans = _decide(row, items)
        for plan, earlier in zip(plans, first, strict=True):
            if plan.decision == "new":
                # Only an article another run stored meanwhile changes its decision; extracting the
                # rare one that was not new before is cheap enough here.
                plan.extraction = earlier.extraction or distribute.in_process([_job(plan)])[0]
        return _store(row, agreement, countries, plans, feed_id, acting_user)


def _open_leads(row: Agreement) -> dict[int, list[leads.Member]]:
    """Every open lead of the agreement with its members, oldest lead first (an event joins the first
    lead it matches, as truce.core.extract.cluster does)."""
    members: dict[int, list[leads.Member]] = {
        pk: []
        for pk in Lead.objects.filter(agreement=row, status=LeadStatus.OPEN)
        .order_by("id")
        .values_list("id", flat=True)
    }
    sources = LeadSource.objects.filter(lead_id__in=list(members)).select_related("article").order_by("id")
    for source in sources:
        members[source.lead_id].append(leads.Member(source.article_id, source.article.outlet, source.event))
    return members


def _open_cases(row: Agreement) -> list[tuple[int, Any]]:
    """(id, matching key) of the agreement's open cases, keyed as truce.cases.actions.placement does."""
    return [
        (
            c.pk,
            IncidentKey(
                event_type=c.event_type,
                date=c.incident_date,
                date_precision=c.date_precision,
                place=c.place,
                lat=None if c.lat is None else float(c.lat),
                lon=None if c.lon is None else float(c.lon),
                accused_party=c.accused_party,
            ),
        )
        for c in Case.objects.filter(agreement=row, status__in=OPEN_CASE_STATUSES)
    ]


def _store(
    row: Agreement,
    agreement: Any,
    countries: set[str],
    plans: list[_Plan],
    feed_id: int | None,
    acting_user: Any,
) -> IngestResult:
    """Requires the caller's transaction with the record lock held."""
    result = IngestResult()
    now = clock.now()
    stored: dict[int, Article] = {}  # plan index -> row
    for i, plan in enumerate(plans):
        if plan.decision == "known":
            result.already_stored += 1
            continue
        c = plan.candidate
        evidence_store.put([c.data], limit=settings.TRUCE_EVIDENCE_MAX_BYTES)
        duplicate_of = plan.duplicate_of
        if duplicate_of is not None and duplicate_of < 0:
            duplicate_of = stored[-duplicate_of - 1].pk
        extraction = plan.extraction or {}
        article = Article.objects.create(
            agreement=row,
            url=c.url,
            origin=c.origin[:500],
            sha256=plan.sha256,
            size=len(c.data),
            media_type=c.media_type,
            fingerprint=c.fingerprint,
            title=(c.title or extraction.get("title") or "")[:500],
            outlet=c.outlet,
            published=c.published,
            language=extraction.get("language") or "",
            extraction=extraction,
            fetched_at=now,
            duplicate_of_id=duplicate_of,
            feed_id=feed_id,
        )
        stored[i] = article
        (result.articles_duplicate if duplicate_of else result.articles_new).append(article)
    if not stored:
        return result

    members = _open_leads(row)
    touched: dict[int, list[tuple[Article, int, dict[str, Any]]]] = {}  # lead id or -n -> new sources
    fresh = 0
    for article in result.articles_new:
        for index, event in enumerate(article.extraction.get("events", [])):
            reason = leads.scope(event, agreement, countries)
            if reason in ("out of scope", "no place"):
                result.skipped_out_of_scope += 1
                continue
            if reason:
                result.skipped_not_incidents += 1
                continue
            result.events += 1
            member = leads.Member(article.pk, article.outlet, event)
            target = next(
                (pk for pk, ms in members.items() if cluster.joins([m.event for m in ms], event)), None
            )
            if target is None:
                fresh += 1
                target = -fresh
                members[target] = []
            members[target].append(member)
            touched.setdefault(target, []).append((article, index, event))

    cases = _open_cases(row)
    summaries: list[dict[str, Any]] = []
    for key, added in touched.items():
        fields = leads.summarise(members[key])
        suggested = leads.suggest(fields, cases)
        if key < 0:
            lead = Lead.objects.create(
                agreement=row, raised_at=now, updated_at=now, suggested_cases=suggested, **fields
            )
            result.leads_raised.append(lead.pk)
        else:
            Lead.objects.filter(pk=key).update(updated_at=now, suggested_cases=suggested, **fields)
            lead = Lead.objects.get(pk=key)
            result.leads_updated.append(lead.pk)
        for article, index, event in added:
            figures = leads.source_figures(event.get("fatalities") or [])
            LeadSource.objects.create(
                lead=lead,
                article=article,
                event_index=index,
                event=event,
                fatalities_low=figures["low"],
                fatalities_best=figures["best"],
                fatalities_high=figures["high"],
                added_at=now,
            )
        summaries.append(_lead_details(lead))

    articles = [stored[i] for i in sorted(stored)]
    append(
        ArticlesIngested(
            agreement=row.pk,
            articles=[{"id": a.pk, "sha256": a.sha256, "duplicate_of": a.duplicate_of_id} for a in articles],
            events=result.events,
            skipped_out_of_scope=result.skipped_out_of_scope,
            leads_raised=sorted(result.leads_raised),
            leads_updated=sorted(result.leads_updated),
            feed=feed_id,
            details={
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
    return result


def _lead_details(lead: Lead) -> dict[str, Any]:
    """A lead's summary for a record event: canonical JSON has no floats, so no coordinates or
    confidence (they are recomputed from the sources, which the event's articles identify)."""
    return {
        "id": lead.pk,
        "sub_event_type": lead.sub_event_type,
        "place": lead.place,
        "country": lead.country,
        "date_low": None if lead.date_low is None else lead.date_low.isoformat(),
        "date_high": None if lead.date_high is None else lead.date_high.isoformat(),
        "date_conflict": lead.date_conflict,
        "fatalities": {
            "low": lead.fatalities_low,
            "best": lead.fatalities_best,
            "high": lead.fatalities_high,
        },
        "independent_sources": lead.independent_sources,
        "suggested_cases": list(lead.suggested_cases),
    }


def get_visible_lead(lead_id: int, user: Any) -> Lead:
    lead = leads_visible_to(user).filter(pk=lead_id).first()
    if lead is None:
        raise NotFound(gettext_lazy("no lead %(lead)s"), params={"lead": lead_id}, field="lead")
    return lead


# A lead's status inside a refusal ("lead 4 is already dismissed"): its code in English.
_LEAD_STATUS_WORDS: dict[str, Any] = {
    LeadStatus.OPEN: pgettext_lazy("lead status inside a sentence", "open"),
    LeadStatus.ACCEPTED: pgettext_lazy("lead status inside a sentence", "accepted"),
    LeadStatus.DISMISSED: pgettext_lazy("lead status inside a sentence", "dismissed"),
}


def _open_lead_for_triage(lead_id: int, user: Any) -> Lead:
    """The lead, locked, if the user may triage it and it is still open. Requires an open transaction."""
    lead = get_visible_lead(lead_id, user)
    # Accepting a lead places a report in a case: the agreement's cases lock, then the record's
    # (truce.cases.locking).
    lock_cases(lead.agreement_id)
    lock_head()
    lead = Lead.objects.select_for_update().get(pk=lead_id)
    if lead.status != LeadStatus.OPEN:
        raise ActionError(
            gettext_lazy("lead %(lead)s is already %(status)s; only an open lead is triaged"),
            params={"lead": lead_id, "status": _LEAD_STATUS_WORDS.get(lead.status, lead.status)},
            field="lead",
        )
    return lead


def lead_incident(lead: Lead, *, title: str = "", date: dt.date | None = None) -> dict[str, Any]:
    """The incident a lead alleges, in the API's incident shape (truce.core.incident.parse_incident).
    The date is the middle of the lead's range; a range over a week is only known to its month."""
    low, high = lead.date_low, lead.date_high
    precision = "day"
    if date is None and low is not None and high is not None:
        span = (high - low).days
        date = low + dt.timedelta(days=span // 2)
        precision = "day" if span == 0 else "week" if span <= 7 else "month"
    place = lead.place or lead.admin1 or lead.country
    figures = {"low": lead.fatalities_low, "best": lead.fatalities_best, "high": lead.fatalities_high}
    best = figures["best"]
    if best is not None:
        # A source that gives only a best figure can leave the across-sources low above the median best
        # (or the high below it); the report's range must still hold its best figure.
        figures["low"] = best if figures["low"] is None else min(figures["low"], best)
        if figures["high"] is not None:
            figures["high"] = max(figures["high"], best)
    return {
        "title": (title or f"{lead.sub_event_type} at {place or 'unknown place'}")[:200],
        "sub_event_type": lead.sub_event_type,
        "date": None if date is None else date.isoformat(),
        "date_precision": precision,
        "location": {
            "name": place,
            "country": lead.country,
            "admin1": lead.admin1,
            # Decimal strings: the incident goes into a record event, whose canonical JSON has no floats.
            "lat": None if lead.lat is None else str(lead.lat),
            "lon": None if lead.lon is None else str(lead.lon),
            "geo_precision": lead.geo_precision,
        },
        "actors": [{"name": a["name"], "type": a.get("type", ""), "role": "other"} for a in lead.actors],
        "fatalities": figures,
        "description": _description(lead),
        "language": "en",
    }


def _description(lead: Lead) -> str:
    lines = [
        f"Raised from open sources: {lead.independent_sources} independent source(s). Figures by source:"
    ]
    for source in lead.sources.select_related("article").order_by("id"):
        a = source.article
        figures = "/".join(
            "?" if v is None else str(v)
            for v in (source.fatalities_low, source.fatalities_best, source.fatalities_high)
        )
        lines.append(f"- {a.outlet}: killed low/best/high {figures} ({a.title or a.origin})")
    return "\n".join(lines)[:20_000]


def do_accept_lead(
    lead_id: int,
    *,
    case_id: int | None = None,
    title: str = "",
    date: dt.date | None = None,
    commitments: list[str] | None = None,
    accused_party: str = "",
    acting_user: Any,
) -> Lead:
    """Accept an open lead into a case: a report of kind lead (submitted) is filed by the acting monitor
    or mediator with every source article as evidence (a link when it has a URL, and the bytes as
    fetched), and it opens a case or joins one (``case_id``, else the same incident, else a new case).
    Nothing is ruled. ``date`` is required when the sources gave none, or dates that disagree."""
    with transaction.atomic():
        lead = _open_lead_for_triage(lead_id, acting_user)
        if date is None and lead.date_conflict:
            raise ActionError(
                gettext_lazy(
                    "the sources disagree on the date of this incident (%(dates)s); give the date it happened"
                ),
                params={"dates": _dates_of(lead)},
                field="date",
            )
        incident = lead_incident(lead, title=title, date=date)
        if incident["date"] is None:
            raise ActionError(
                gettext_lazy("the sources give no date for this incident; give the date it happened"),
                field="date",
            )
        incident["commitments"] = list(commitments or [])
        incident["accused_party"] = accused_party
        evidence = _evidence_of(lead)
        report, case, placed, rows = file_lead_report(
            agreement_id=lead.agreement_id,
            incident=incident,
            case_id=case_id,
            evidence=evidence,
            acting_user=acting_user,
        )
        lead.status = LeadStatus.ACCEPTED
        lead.triaged_by = acting_user
        lead.triaged_at = clock.now()
        lead.report = report
        lead.case = case
        lead.save(update_fields=["status", "triaged_by", "triaged_at", "report", "case"])
        append(
            LeadAccepted(
                lead=lead.pk,
                report=report.pk,
                case=case.pk,
                case_reference=case.reference,
                placed=placed,
                evidence=[r.pk for r in rows],
                incident=incident,
            ),
            agreement=lead.agreement_id,
            actor=acting_user,
        )
    return lead


def _dates_of(lead: Lead) -> str:
    """Each source's day range as it gives it, e.g. "2025-10-14; 2025-10-27 to 2025-10-28"."""
    ranges: list[str] = []
    for source in lead.sources.order_by("id"):
        date = source.event.get("date") or {}
        low, high = date.get("low") or date.get("high"), date.get("high") or date.get("low")
        if low:
            text = (
                str(low)[:10] if str(low)[:10] == str(high)[:10] else f"{str(low)[:10]} to {str(high)[:10]}"
            )
            if text not in ranges:
                ranges.append(text)
    return "; ".join(ranges)


def _evidence_of(lead: Lead) -> list[tuple[EvidenceInput, Any]]:
    """Each source article once: its link (when it has a URL) and its bytes as fetched."""
    out: list[tuple[EvidenceInput, Any]] = []
    seen: set[int] = set()
    for source in lead.sources.select_related("article").order_by("id"):
        a = source.article
        if a.pk in seen:
            continue
        seen.add(a.pk)
        base = EvidenceInput(
            obtained_how=f"Open-source article ingested by Truce (article {a.pk})",
            obtained_at=a.fetched_at,
            obtained_from=a.outlet[:300],
        )
        title = a.title or a.origin
        if a.url and urlsplit(a.url).scheme in ("http", "https") and len(a.url) <= 2000:
            out.append((replace(base, url=a.url, description=f"Article: {title}"[:5000]), None))
        name = (a.url.rsplit("/", 1)[-1] or a.origin.rsplit("/", 1)[-1] or f"article-{a.pk}")[:200]
        # Articles are small (fetch.MAX_BYTES); reading them whole leaves no file handle open.
        with evidence_store.open_original(a.sha256) as original:
            data = io.BytesIO(original.read())
        description = f"Article as fetched (SHA-256 {a.sha256}): {title}"[:5000]
        out.append((replace(base, filename=name, media_type=a.media_type, description=description), data))
    return out


def do_dismiss_lead(lead_id: int, *, reason: str, acting_user: Any) -> Lead:
    """Dismiss an open lead; the reason is required (it is what a later reader of the record needs)."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(gettext_lazy("give the reason for dismissing this lead"), field="reason")
    if len(reason) > MAX_REASON:
        raise ActionError(
            gettext_lazy("the reason is longer than %(limit)s characters"),
            params={"limit": MAX_REASON},
            field="reason",
        )
    with transaction.atomic():
        lead = _open_lead_for_triage(lead_id, acting_user)
        lead.status = LeadStatus.DISMISSED
        lead.dismissed_reason = reason
        lead.triaged_by = acting_user
        lead.triaged_at = clock.now()
        lead.save(update_fields=["status", "dismissed_reason", "triaged_by", "triaged_at"])
        append(LeadDismissed(lead=lead.pk, reason=reason), agreement=lead.agreement_id, actor=acting_user)
    return lead


def do_register_feed(agreement_id: str, url: str, *, every_minutes: int, acting_user: Any) -> Feed:
    """Register an RSS/Atom feed for ``truce worker`` to poll every ``every_minutes`` minutes."""
    row = _agreement(agreement_id, acting_user)
    problems = []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        problems.append(
            FieldProblem.marked(
                "feed", gettext_lazy("%(url)s is not an http(s) address of a feed"), {"url": repr(url[:80])}
            )
        )
    if not 1 <= every_minutes <= 7 * 24 * 60:
        problems.append(
            FieldProblem.marked(
                "every",
                gettext_lazy("%(minutes)s is not between 1 minute and a week (10080)"),
                {"minutes": every_minutes},
            )
        )
    if problems:
        raise ActionError.of_problems(problems)
    with transaction.atomic():
        lock_head()
        if Feed.objects.filter(agreement=row, url=url).exists():
            raise ActionError(
                gettext_lazy("%(url)s is already registered for %(agreement)s"),
                params={"url": url, "agreement": agreement_id},
                field="feed",
            )
        feed = Feed.objects.create(
            agreement=row, url=url, every_minutes=every_minutes, registered_at=clock.now()
        )
        append(
            FeedRegistered(feed=feed.pk, agreement=row.pk, url=url, every_minutes=every_minutes),
            agreement=row.pk,
            actor=acting_user,
        )
    return feed


def note_feed_polled(feed: Feed, *, etag: str = "", last_modified: str = "", error: str = "") -> None:
    """Operational bookkeeping of a poll (when, the validators for the next one, the last error). Not
    recorded: it is the worker's state, not a fact of the mechanism; what a poll stored is recorded by
    do_ingest_articles."""
    feed.last_polled_at = clock.now()
    if not error:
        feed.etag, feed.last_modified = etag[:500], last_modified[:100]
    feed.last_error = error[:2000]
    feed.save(update_fields=["last_polled_at", "etag", "last_modified", "last_error"])
