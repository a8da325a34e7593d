"""Background work of open-source monitoring, run by ``truce worker`` each round."""

from __future__ import annotations

import datetime as dt

from truce.core import clock
from truce.errors import ActionError
from truce.sources.actions import do_ingest_articles, note_feed_polled
from truce.sources.fetch import FetchError, candidates, fetch_url
from truce.sources.models import Feed


def due_feeds(now: dt.datetime) -> list[Feed]:
    due = []
    for feed in Feed.objects.select_related("agreement").order_by("id"):
        if (
            feed.last_polled_at is None
            or feed.last_polled_at + dt.timedelta(minutes=feed.every_minutes) <= now
        ):
            due.append(feed)
    return due


def poll_due_feeds() -> list[str]:
    """Fetch every feed whose interval has passed and ingest its new items; one line per feed that
    stored something or failed. A failure (offline, bad feed) is kept on the feed and retried next time;
    it never stops the other feeds."""
    lines = []
    for feed in due_feeds(clock.now()):
        try:
            fetched, etag, last_modified = fetch_url(
                feed.url, etag=feed.etag, last_modified=feed.last_modified
            )
            if fetched is None:
                note_feed_polled(feed, etag=etag, last_modified=last_modified)
                continue
            items = candidates(fetched)
            result = (
                do_ingest_articles(feed.agreement_id, items, feed_id=feed.pk, acting_user=None)
                if items
                else None
            )
        except (FetchError, ActionError) as exc:
            note_feed_polled(feed, error=str(exc))
            lines.append(f"feed {feed.url}: {exc}")
            continue
        note_feed_polled(feed, etag=etag, last_modified=last_modified)
        if result is not None and (result.articles_new or result.articles_duplicate):
            lines.append(
                f"feed {feed.url}: {len(result.articles_new)} new article(s), "
                f"{len(result.articles_duplicate)} duplicate(s), {len(result.leads_raised)} lead(s) raised, "
                f"{len(result.leads_updated)} updated"
            )
    return lines
