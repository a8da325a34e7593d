"""Feeds: registered with `truce ingest --feed URL --every MINUTES`, polled by `truce worker` when due,
served here by a real HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.app.story import record_size
from truce.background.queue import drain
from truce.cli import main
from truce.cli.worker import one_round
from truce.core import clock
from truce.sources.models import Article, Feed, Lead
from truce.sources.tasks import enqueue_due_feeds

FEED = Path(__file__).resolve().parent / "feeds" / "frontier-feed.xml"
FOLLOW_UP = """<item>
<title>Angoor Adda drone strike toll rises to five</title>
<link>https://frontier-desk.example/2025/11/02/angoor-adda-toll</link>
<pubDate>Sun, 02 Nov 2025 18:00:00 +0500</pubDate>
<description>Five people are now known to have died in the drone strike on a compound near Angoor Adda on
Saturday evening, relatives said on Sunday, after a boy who was pulled from the rubble died of his burns.
Tribal elders in South Waziristan repeated that the drone had crossed from Afghanistan and asked both
governments to investigate the strike.</description>
</item>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def poll_due_feeds() -> list[str]:
    """What the worker does with due feeds: the round enqueues their polls, its task runner polls them."""
    enqueue_due_feeds()
    return [line for line in drain() if line.startswith("feed ")]


@pytest.fixture
def served(tmp_path):
    """The feed file served from 127.0.0.1; the handler answers If-Modified-Since with 304."""
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(FEED, root / "feed.xml")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def test_a_registered_feed_is_polled_when_due_and_only_then(cast, served, capsys):
    base, root = served
    with clock.frozen(dt.datetime(2025, 11, 2, 6, 0, tzinfo=dt.UTC)) as now:
        code = main(["ingest", "--feed", f"{base}/feed.xml", "--agreement", "pak-afg-2025", "--every", "15"])
        assert code == 0 and "polled every 15 min" in capsys.readouterr().out
        lines = poll_due_feeds()
        assert len(lines) == 1 and "2 new article(s)" in lines[0] and "1 lead(s) raised" in lines[0]
        lead = Lead.objects.get()
        assert (lead.sub_event_type, lead.place) == ("Air/drone strike", "Angoor Adda")
        assert Article.objects.filter(feed__isnull=False).count() == 2
        assert Feed.objects.get().last_polled_at == now.at

        size = record_size()
        assert poll_due_feeds() == []  # not due yet: nothing fetched
        now.advance(minutes=16)
        # The worker's round polls it; the file is unchanged, so the server answers 304.
        assert [line for line in one_round({}) if line.startswith("feed")] == []
        assert Feed.objects.get().last_polled_at == now.at
        assert record_size() == size and Article.objects.count() == 2

        feed_file = root / "feed.xml"
        feed_file.write_text(feed_file.read_text().replace("<item>", FOLLOW_UP + "<item>", 1))
        # Last-Modified has whole seconds: a file rewritten within the same second would still look unchanged.
        later = feed_file.stat().st_mtime + 60
        os.utime(feed_file, (later, later))
        now.advance(minutes=16)
        lines = poll_due_feeds()
        assert len(lines) == 1 and "1 new article(s)" in lines[0] and "1 updated" in lines[0]
        assert Lead.objects.count() == 1 and Lead.objects.get().sources.count() > 1


def test_an_unreachable_feed_is_noted_and_retried_without_stopping_others(cast, served):
    base, _ = served
    with clock.frozen(dt.datetime(2025, 11, 2, 6, 0, tzinfo=dt.UTC)):
        main(
            ["ingest", "--feed", "http://127.0.0.1:9/gone.xml", "--agreement", "pak-afg-2025", "--every", "5"]
        )
        main(["ingest", "--feed", f"{base}/feed.xml", "--agreement", "pak-afg-2025", "--every", "5"])
        lines = poll_due_feeds()
    assert "could not be fetched" in lines[0] and "2 new article(s)" in lines[1]
    assert "could not be fetched" in Feed.objects.get(url__endswith="gone.xml").last_error


def test_registering_a_feed_twice_or_with_a_bad_address_is_refused(cast, capsys):
    args = ["ingest", "--agreement", "pak-afg-2025", "--every", "10", "--feed"]
    assert main([*args, "ftp://example.org/feed"]) == 1
    assert "not an http(s) address" in capsys.readouterr().err
    assert main([*args, "https://frontier-desk.example/rss"]) == 0
    assert main([*args, "https://frontier-desk.example/rss"]) == 1
    assert "already registered" in capsys.readouterr().err
    assert Feed.objects.count() == 1
