"""Background work of open-source monitoring: each ``truce worker`` round enqueues a poll of every feed
whose interval has passed (``enqueue_due_feeds``), and the worker's task runner polls it (``poll_feed``),
so a slow feed holds up neither the other feeds nor the round."""

from __future__ import annotations

import datetime as dt

from truce.background.queue import enqueue_once
from truce.background.retry import retried_task
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


def enqueue_due_feeds() -> list[str]:
    """Enqueue a poll of each due feed, unless one already waits; the round's lines say nothing (the
    poll's own lines do, when it runs)."""
    for feed in due_feeds(clock.now()):
        enqueue_once(poll_feed, feed.pk)
    return []


# A failure to fetch or read the feed is kept on the feed and tried again when the feed is next due; the
# task's own retries are for the rest (the database not answering).
@retried_task(max_attempts=3)
def poll_feed(feed_id: int) -> list[str]:
    """Fetch the feed and ingest its new items; one line when it stored something or failed."""
    feed = Feed.objects.select_related("agreement").filter(pk=feed_id).first()
    if feed is None:  # removed since it was enqueued
        return []
    try:
        fetched, etag, last_modified = fetch_url(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched is None:
            note_feed_polled(feed, etag=etag, last_modified=last_modified)
            return []
        items = candidates(fetched)
        result = (
            do_ingest_articles(feed.agreement_id, items, feed_id=feed.pk, acting_user=None) if items else None
        )
    except (FetchError, ActionError) as exc:
        note_feed_polled(feed, error=str(exc))
        return [f"feed {feed.url}: {exc}"]
    note_feed_polled(feed, etag=etag, last_modified=last_modified)
    if result is not None and (result.articles_new or result.articles_duplicate):
        return [
            f"feed {feed.url}: {len(result.articles_new)} new article(s), "
            f"{len(result.articles_duplicate)} duplicate(s), {len(result.leads_raised)} lead(s) raised, "
            f"{len(result.leads_updated)} updated"
        ]
    return []
