"""Extraction benchmark: Truce's whole pipeline vs trafilatura's own main-text extraction, same pages.

Run through ``truce bench extract [--pages 200] [--words 800] [--repeat 3] [--weight news|page|light]
[--format json]``; see docs/performance.md. Both sides run in this process, one after the other, on one
core; the figure is articles per CPU-second (``time.process_time``), best of ``--repeat`` runs, after one
warm-up pass. The yardstick is ``trafilatura.extract(html)`` with its default settings; its fast mode
(no fallback extractors) is timed too and reported beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

import pages  # noqa: E402  (this folder's page generator)


def _best_rate(work: Callable[[str], object], docs: list[str], repeat: int) -> float:
    """Articles per CPU-second, best of ``repeat`` passes (the first pass of all is a warm-up)."""
    for html in docs[: min(5, len(docs))]:
        work(html)
    best = 0.0
    for _ in range(repeat):
        start = time.process_time()
        for html in docs:
            work(html)
        elapsed = time.process_time() - start
        best = max(best, len(docs) / elapsed if elapsed > 0 else float("inf"))
    return best


def _component_ms(docs: list[str]) -> dict[str, float]:
    """Mean CPU milliseconds per article spent in each pipeline step (one pass)."""
    from truce.core.extract import assemble, clean, language, pipeline
    from truce.core.extract.document import Document

    totals: dict[str, float] = {}
    clock = time.process_time

    def add(name: str, since: float) -> None:
        totals[name] = totals.get(name, 0.0) + clock() - since

    for html in docs:
        start = clock()
        page = clean.html_page(html)
        add("clean", start)
        doc = Document(text=page.text, title=page.title, published=page.published)
        start = clock()
        doc.language = language.detect(doc.text)
        add("language", start)
        for name, component in pipeline.COMPONENTS:
            start = clock()
            component(doc)
            add(name, start)
        start = clock()
        assemble.events(doc)
        add("assemble", start)
    return {name: round(1000 * total / len(docs), 2) for name, total in totals.items()}


WEIGHTS = ("news", "news-div", "page", "light")


def _page(seed: int, words: int, weight: str) -> str:
    if weight in ("news", "news-div"):
        return pages.news_page(seed, words=words, article_element=weight == "news")
    return pages.page(seed, words=words, heavy=weight == "page")


def measure(n_pages: int, words: int, repeat: int, weight: str) -> dict:
    import lxml.html
    import trafilatura

    from truce.core.extract import pipeline

    docs = [_page(seed, words, weight) for seed in range(n_pages)]
    trafilatura_rate = _best_rate(lambda html: trafilatura.extract(html), docs, repeat)
    fast_rate = _best_rate(lambda html: trafilatura.extract(html, fast=True), docs, repeat)
    truce_rate = _best_rate(lambda html: pipeline.extract(html), docs, repeat)
    elements = sum(1 for _ in lxml.html.fromstring(docs[0]).iter())
    return {
        "pages": n_pages,
        "weight": weight,
        "words_per_article": words,
        "mean_page_kb": round(sum(len(d.encode()) for d in docs) / len(docs) / 1024, 1),
        "elements_per_page": elements,
        "trafilatura_articles_per_s": round(trafilatura_rate, 1),
        "trafilatura_fast_articles_per_s": round(fast_rate, 1),
        "truce_articles_per_s": round(truce_rate, 1),
        "ratio_truce_to_trafilatura": round(truce_rate / trafilatura_rate, 3),
        "ratio_truce_to_trafilatura_fast": round(truce_rate / fast_rate, 3),
        "truce_ms_per_article_by_step": _component_ms(docs),
        "environment": {
            "python": platform.python_version(),
            "trafilatura": trafilatura.__version__,
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        },
    }


def run(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="truce bench extract", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="number of generated pages (default 200)")
    parser.add_argument("--words", type=int, default=800, help="words per article (default 800)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes per side; the best counts (default 3)"
    )
    parser.add_argument(
        "--weight",
        choices=WEIGHTS,
        default="news",
        help="news: a full modern news page (~160 KB, ~1,700 elements; default); news-div: the same with the "
        "story in a <div> instead of an <article> element; page: a lean page with menus and link lists "
        "(~55 KB); light: the article with a little furniture (~7 KB)",
    )
    parser.add_argument("--light", action="store_true", help="same as --weight light")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.words < 50 or args.repeat < 1:
        print(
            "truce bench extract: --pages and --repeat must be at least 1, --words at least 50",
            file=sys.stderr,
        )
        return 2
    result = measure(args.pages, args.words, args.repeat, "light" if args.light else args.weight)
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{result['pages']} {result['weight']} pages, ~{args.words}-word articles, "
        f"{result['mean_page_kb']} KB and {result['elements_per_page']} elements of HTML each (one core)"
    )
    default, fast = result["trafilatura_articles_per_s"], result["trafilatura_fast_articles_per_s"]
    print(f"  trafilatura.extract (main text, default): {default:7.1f} articles/s")
    print(f"  trafilatura.extract (main text, fast):    {fast:7.1f} articles/s")
    print(
        f"  truce pipeline (text + all components):   {result['truce_articles_per_s']:7.1f} articles/s "
        f"({result['ratio_truce_to_trafilatura']:.2f}x trafilatura's default, "
        f"{result['ratio_truce_to_trafilatura_fast']:.2f}x its fast mode)"
    )
    print("  truce CPU ms per article by step: " + ", ".join(
        f"{name} {ms}" for name, ms in result["truce_ms_per_article_by_step"].items()))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(run())
