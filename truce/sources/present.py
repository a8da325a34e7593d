"""How leads and articles look to a reader who may see them (visibility is checked by the caller).
The API returns these dicts; the pages render them."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from truce.sources.models import Article, Lead


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def figures(obj: Any) -> dict[str, int | None]:
    return {"low": obj.fatalities_low, "best": obj.fatalities_best, "high": obj.fatalities_high}


def lead_dict(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.pk,
        "agreement": lead.agreement_id,
        "status": lead.status,
        "raised_at": _iso(lead.raised_at),
        "updated_at": _iso(lead.updated_at),
        "kind": lead.kind,
        "event_type": lead.event_type,
        "sub_event_type": lead.sub_event_type,
        # conflict: the sources' own days (each source's "date") lie further apart than the clustering
        # window; low..high is then the range between them, not a day they agree on.
        "date": {"low": _iso(lead.date_low), "high": _iso(lead.date_high), "conflict": lead.date_conflict},
        "location": {
            "name": lead.place,
            "country": lead.country,
            "admin1": lead.admin1,
            "admin2": lead.admin2,
            "lat": None if lead.lat is None else float(lead.lat),
            "lon": None if lead.lon is None else float(lead.lon),
            "geo_precision": lead.geo_precision,
        },
        "actors": lead.actors,
        "fatalities": figures(lead),
        "independent_sources": lead.independent_sources,
        "confidence": lead.confidence,
        "suggested_cases": lead.suggested_cases,
        "dismissed_reason": lead.dismissed_reason,
        "triaged_at": _iso(lead.triaged_at),
        "report": lead.report_id,
        "case": lead.case_id,
    }


def source_dict(source: Any) -> dict[str, Any]:
    a = source.article
    return {
        "article": a.pk,
        "outlet": a.outlet,
        "title": a.title,
        "url": a.url,
        "published": _iso(a.published),
        "fatalities": figures(source),
        "claims": [f.get("text", "") for f in source.event.get("fatalities", [])],
        "date": source.event.get("date"),
        "place": (source.event.get("location") or {}).get("name"),
        "evidence": [e.get("text", "") for e in source.event.get("evidence", [])],
    }


def lead_detail_dict(lead: Lead) -> dict[str, Any]:
    """A lead with its sources side by side (each article's own figures and the sentences they come
    from), in the order they joined."""
    body = lead_dict(lead)
    body["sources"] = [source_dict(s) for s in lead.sources.select_related("article").order_by("id")]
    return body


def public_origin(origin: str) -> str:
    """Where an article came from, as users may see it: a URL as it is; a file ingested from the server's
    disk by its name alone (``file:report.html``), since its full path says how the server is laid out."""
    if urlsplit(origin).scheme in ("http", "https"):
        return origin
    return f"file:{PurePath(origin).name}" if origin else ""


def article_dict(article: Article) -> dict[str, Any]:
    extraction = dict(article.extraction or {})
    if "source" in extraction:
        extraction["source"] = public_origin(str(extraction["source"]))
    return {
        "id": article.pk,
        "agreement": article.agreement_id,
        "url": article.url,
        "origin": public_origin(article.origin),
        "sha256": article.sha256,
        "size": article.size,
        "media_type": article.media_type,
        "fingerprint": article.fingerprint,
        "title": article.title,
        "outlet": article.outlet,
        "published": _iso(article.published),
        "language": article.language,
        "fetched_at": _iso(article.fetched_at),
        "duplicate_of": article.duplicate_of_id,
        "leads": sorted({s.lead_id for s in article.lead_sources.all()}),
        "extraction": extraction,
    }
