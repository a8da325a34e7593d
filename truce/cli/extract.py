"""``truce extract FILE_OR_URL... [--published YYYY-MM-DD] [--format json|text]``: offline, no database.

Reads plain text, HTML pages and RSS/Atom feeds (files, folders of them, or URLs fetched with urllib
only when given) and prints one JSON object per article per line (JSON Lines), or a readable summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from truce.cli.base import CommandError

_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xml", ".rss", ".atom", ".md"}
_FETCH_TIMEOUT_S = 20


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="FILE_OR_URL",
        help="article file (text, HTML, RSS/Atom), folder of them, or http(s) URL; '-' reads stdin",
    )
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="publication day: the anchor for relative dates (default: the date the page or feed states)",
    )
    parser.add_argument(
        "--format", choices=("json", "text"), default="json", help="output format (default json)"
    )
    parser.add_argument(
        "--type",
        dest="content_type",
        choices=("text", "html", "feed"),
        help="force the input type (default: guessed)",
    )


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--published {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-11-04"
        ) from None


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


def _sources(inputs: list[str]) -> list[tuple[str, str]]:
    """(source name, raw content) for every input, folders expanded in name order."""
    out: list[tuple[str, str]] = []
    for item in inputs:
        if item == "-":
            out.append(("<stdin>", sys.stdin.read()))
        elif item.startswith(("http://", "https://")):
            out.append((item, _fetch(item)))
        else:
            path = Path(item)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
                if not files:
                    raise CommandError(
                        f"{item}: no article files ({', '.join(sorted(_SUFFIXES))}) in this folder"
                    )
                out.extend((str(p), _read(p)) for p in files)
            elif path.is_file():
                out.append((str(path), _read(path)))
            else:
                raise CommandError(f"{item}: no such file, folder or URL")
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return path.read_bytes().decode("cp1252", errors="replace")


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error; keep Python from complaining at exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0


def _run(args: argparse.Namespace) -> int:
    from truce.core.extract import pipeline

    published = _published(args.published)
    for source, raw in _sources(args.inputs):
        try:
            results = pipeline.extract_many(
                raw, source=source, published=published, content_type=args.content_type
            )
        except ValueError as exc:
            raise CommandError(f"{source}: {exc}") from None
        for result in results:
            if args.format == "json":
                print(json.dumps(result, ensure_ascii=False))
            else:
                print(_as_text(result))
    return 0


def _as_text(result: dict) -> str:
    lines = [f"# {result['title'] or '(no title)'}", f"source: {result['source']}"]
    lines.append(f"published: {result['published'] or 'unknown'}   language: {result['language']}")
    for i, event in enumerate(result["events"], 1):
        date = event.get("date") or {}
        location = event.get("location") or {}
        where = (
            ", ".join(str(x) for x in (location.get("name"), location.get("country")) if x) or "place unknown"
        )
        lines.append(
            f"{i}. [{event.get('status')}] {event.get('event_type')} / {event.get('sub_event_type')} "
            f"on {date.get('value') or 'date unknown'} ({date.get('precision', 'unknown')}) at {where}"
        )
        actors = ", ".join(a.get("name", "") for a in event.get("actors", []))
        if actors:
            lines.append(f"   actors: {actors}")
        for f in event.get("fatalities", []):
            lines.append(
                f"   fatalities: {f.get('who')}: "
                f"low {f.get('low')}, best {f.get('best')}, high {f.get('high')}"
            )
        for ev in event.get("evidence", [])[:2]:
            lines.append(f"   evidence: {ev.get('text')}")
    for quote in result["quotes"]:
        kind = "said" if quote.get("direct") else "said (indirect)"
        lines.append(f"- {quote.get('speaker')} {kind}: {quote.get('text')}")
    return "\n".join(lines) + "\n"
