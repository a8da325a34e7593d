"""``truce ingest PATH_OR_URL... [--agreement ID]``: store articles, extract them and cluster their
incidents into leads for the agreement's monitors and mediators to triage.

``truce ingest --feed URL --agreement ID --every MINUTES`` registers a feed that ``truce worker`` polls.
Everything given is read and checked first; one bad input (missing file, binary file, page that cannot be
fetched) stops the run before anything is stored.

``--workers N`` extracts on a local Dask cluster of N processes started for the run, ``--scheduler
tcp://HOST:PORT`` on an existing one (truce.core.extract.distribute); storing stays in this process, so the
results are those of a single-process run. A cluster that cannot be used stops the run before anything is
stored.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from truce.cli.base import CommandError, parse_day, setup_django
from truce.sources.files import suffixes_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "examples:\n"
        "  truce ingest --agreement pak-afg-2025 saved/ https://news.example/2025/10/29/chaman\n"
        "  truce ingest --agreement pak-afg-2025 --published 2025-10-29 --outlet 'Frontier Post' a.txt\n"
        "  truce ingest --agreement pak-afg-2025 --feed https://news.example/rss --every 15\n"
        "  truce ingest --agreement pak-afg-2025 --workers 4 backfill/\n"
        "  truce ingest --agreement pak-afg-2025 --scheduler tcp://10.0.0.5:8786 backfill/\n"
        "Leads appear at /leads/ and /api/v1/leads for the agreement's mediators and monitors."
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="PATH_OR_URL",
        help=(
            "article file (text, HTML, RSS/Atom), folder of them (its files ending "
            f"{suffixes_text()}, subfolders included), or http(s) URL"
        ),
    )
    parser.add_argument(
        "--agreement", metavar="ID", help="the agreement the articles are for (default: the only one loaded)"
    )
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication day of articles that state none (the anchor for 'on Tuesday', 'last week')",
    )
    parser.add_argument(
        "--outlet",
        metavar="NAME",
        help="who published the given files (default: the page's site name or URL host, else the file name)",
    )
    parser.add_argument("--feed", metavar="URL", help="register an RSS/Atom feed to poll (needs --every)")
    parser.add_argument("--every", metavar="MINUTES", type=int, help="how often `truce worker` polls --feed")
    parser.add_argument(
        "--workers",
        metavar="N",
        type=int,
        help="extract on a local Dask cluster of N worker processes started for this run (needs truce[dask])",
    )
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="extract on the existing Dask cluster of this scheduler (needs truce[dask] here and on its "
        "workers, with the same Truce installed)",
    )


# tcp://HOST:PORT with a host name, an IPv4 address or a bracketed IPv6 address.
SCHEDULER = re.compile(r"tcp://(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}")


def _check_cluster_options(args: argparse.Namespace) -> None:
    from truce.core.extract.distribute import MAX_LOCAL_WORKERS

    if args.workers is None and args.scheduler is None:
        return
    if args.workers is not None and args.scheduler is not None:
        raise CommandError("give either --workers N (a local cluster) or --scheduler ADDRESS, not both")
    if args.feed is not None:
        raise CommandError("--workers and --scheduler are for ingesting articles, not for registering --feed")
    if args.workers is not None and not 1 <= args.workers <= MAX_LOCAL_WORKERS:
        raise CommandError(
            f"--workers {args.workers}: give a number of processes from 1 to {MAX_LOCAL_WORKERS}"
        )
    if args.scheduler is not None and not SCHEDULER.fullmatch(args.scheduler):
        raise CommandError(
            f"--scheduler {args.scheduler!r} is not a scheduler address: give tcp://HOST:PORT, "
            "e.g. tcp://10.0.0.5:8786"
        )


def _agreement_id(given: str | None) -> str:
    from truce.agreements.models import Agreement

    if given:
        return given
    loaded = list(Agreement.objects.values_list("id", flat=True))
    if len(loaded) == 1:
        return loaded[0]
    if not loaded:
        raise CommandError("no agreement is loaded; run `truce init AGREEMENT.toml` first")
    raise CommandError(f"several agreements are loaded ({', '.join(loaded)}); name one with --agreement ID")


def run(args: argparse.Namespace) -> int:
    published = parse_day(args.published)
    if args.feed is None and args.every is not None:
        raise CommandError("--every goes with --feed URL")
    if args.feed is not None and args.inputs:
        raise CommandError("give either --feed URL (to register it) or articles to ingest, not both")
    if args.feed is None and not args.inputs:
        raise CommandError("give at least one file, folder or URL to ingest (or --feed URL --every MINUTES)")
    if args.feed is not None and args.every is None:
        raise CommandError("--feed needs --every MINUTES: how often `truce worker` polls it")
    _check_cluster_options(args)

    setup_django()
    from truce.core.extract import distribute
    from truce.errors import ActionError
    from truce.sources import actions, fetch

    agreement_id = _agreement_id(args.agreement)
    if args.feed is not None:
        try:
            feed = actions.do_register_feed(
                agreement_id, args.feed, every_minutes=args.every, acting_user=None
            )
        except ActionError as exc:
            raise CommandError(exc.message) from None
        print(
            f"feed {feed.pk} registered for {agreement_id}: {feed.url}, "
            f"polled every {feed.every_minutes} min by `truce worker`"
        )
        return 0

    items: list[fetch.Candidate] = []
    try:
        for value in args.inputs:
            fetched = [fetch.fetch_url(value)[0]] if fetch.is_url(value) else fetch.read_path(value)
            for one in fetched:
                if one is not None:
                    items.extend(fetch.candidates(one, published=published, outlet=args.outlet or ""))
    except fetch.FetchError as exc:
        raise CommandError(f"{exc}; nothing was stored") from None
    if not items:
        raise CommandError("the inputs hold no articles (an empty feed?); nothing was stored")
    try:
        with _extractor(args) as extractor:
            result = actions.do_ingest_articles(agreement_id, items, extractor=extractor, acting_user=None)
    except ActionError as exc:
        raise CommandError(f"{exc.message}; nothing was stored") from None
    except distribute.ClusterError as exc:
        raise CommandError(f"{exc.message}; nothing was stored") from None
    print(
        f"articles: {len(result.articles_new)} new, {len(result.articles_duplicate)} near-duplicate "
        f"(kept, not extracted), {result.already_stored} already stored"
    )
    print(
        f"events: {result.events} in scope, {result.skipped_out_of_scope} skipped as out of scope "
        f"(outside {agreement_id}'s parties and zones, or no place given), "
        f"{result.skipped_not_incidents} not incidents (talks, announcements, background)"
    )
    print(f"leads: {len(result.leads_raised)} new, {len(result.leads_updated)} updated")
    for lead_id in result.leads_raised + result.leads_updated:
        print(f"  lead {lead_id}: {_line(lead_id)}")
    return 0


@contextlib.contextmanager
def _extractor(args: argparse.Namespace) -> Iterator[Callable[..., Any]]:
    """This process, or the cluster the options name (started and stopped around the run)."""
    from truce.core.extract import distribute

    if args.workers is None and args.scheduler is None:
        yield distribute.in_process
        return
    with distribute.on_cluster(scheduler=args.scheduler, workers=args.workers) as extract:
        yield extract


def _line(lead_id: int) -> str:
    from truce.sources.models import Lead

    lead = Lead.objects.get(pk=lead_id)
    figures = "/".join(
        "?" if v is None else str(v)
        for v in (lead.fatalities_low, lead.fatalities_best, lead.fatalities_high)
    )
    when = lead.date_low.isoformat() if lead.date_low else "undated"
    if lead.date_high and lead.date_high != lead.date_low:
        when += f" to {lead.date_high.isoformat()}"
    if lead.date_conflict:
        when += ", the sources disagree on the date"
    cases = f", may be case(s) {', '.join(map(str, lead.suggested_cases))}" if lead.suggested_cases else ""
    return (
        f"{lead.sub_event_type} at {lead.place or '?'} ({when}); killed low/best/high {figures}; "
        f"{lead.independent_sources} independent source(s){cases}"
    )
