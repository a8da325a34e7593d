"""The extraction benchmark's pages: deterministic, ~800 words, real furniture, and the harness runs."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from truce.core.extract import clean

# Loaded under a unique name: bench/record has a run.py too.
_SPEC = importlib.util.spec_from_file_location(
    "bench_extract_run", Path(__file__).resolve().parents[3] / "bench" / "extract" / "run.py"
)
assert _SPEC is not None and _SPEC.loader is not None
bench_run = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_run)
pages = bench_run.pages


def test_same_seed_same_page_and_different_seeds_differ() -> None:
    assert pages.page(7) == pages.page(7)
    assert pages.page(7) != pages.page(8)


def test_article_is_about_the_requested_length() -> None:
    headline, paragraphs = pages.article(random.Random(3), words=800)
    words = sum(len(p.split()) for p in paragraphs)
    assert 800 <= words <= 900
    assert headline


def test_heavy_pages_weigh_like_real_pages_and_light_ones_do_not() -> None:
    assert len(pages.page(1).encode()) > 40_000
    assert len(pages.page(1, heavy=False).encode()) < 12_000


def test_main_text_keeps_the_article_and_drops_the_furniture() -> None:
    html = pages.page(5)
    text = clean.html_page(html).text
    assert len(text.split()) >= 750
    for furniture in ("Leave a Comment", "Scroll to Top", "Most Read", "All rights reserved", "E-Paper"):
        assert furniture not in text


def test_harness_prints_both_sides(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_run.run(["--pages", "2", "--repeat", "1", "--light", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["trafilatura_articles_per_s"] > 0 and result["truce_articles_per_s"] > 0
    assert set(result["truce_ms_per_article_by_step"]) >= {"clean", "dates", "eventtype", "assemble"}


def test_harness_rejects_nonsense_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_run.run(["--pages", "0"]) == 2
    assert "--pages" in capsys.readouterr().err


def test_news_pages_carry_a_real_news_page_weight() -> None:
    import lxml.html

    html = pages.news_page(4)
    assert html == pages.news_page(4) and html != pages.news_page(5)
    assert len(html.encode()) > 120_000
    assert sum(1 for _ in lxml.html.fromstring(html).iter()) > 1_500


def test_news_page_main_text_is_the_article_only() -> None:
    text = clean.html_page(pages.news_page(6)).text
    assert len(text.split()) >= 750
    for furniture in ("Most read", "morning briefing", "Advertisement", "Read also", "We use cookies",
                      "More from Pakistan", "All rights reserved", "File photo"):  # fmt: skip
        assert furniture not in text


def test_news_page_without_an_article_element_reads_the_same_text() -> None:
    html = pages.news_page(6, article_element=False)
    assert "<article" not in html and clean.article_region(html) is None
    assert clean.html_page(html).text == clean.html_page(pages.news_page(6)).text


@pytest.mark.parametrize("weight", ["news", "news-div", "page", "light"])
def test_harness_runs_at_every_weight(weight: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_run.run(["--pages", "1", "--repeat", "1", "--weight", weight, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["weight"] == weight
    assert result["trafilatura_fast_articles_per_s"] > 0
    assert result["ratio_truce_to_trafilatura"] > 0


def test_truce_bench_extract_passes_its_options_to_the_benchmark(capfd: pytest.CaptureFixture[str]) -> None:
    from truce.cli import main

    argv = ["bench", "extract", "--pages", "1", "--words", "60", "--repeat", "1", "--weight", "news-div"]
    assert main([*argv, "--format", "json"]) == 0
    result = json.loads(capfd.readouterr().out)
    assert (result["pages"], result["words_per_article"], result["weight"]) == (1, 60, "news-div")
    assert main(["bench", "extract", "--pages", "1", "--repeat", "1", "--light", "--format", "json"]) == 0
    assert json.loads(capfd.readouterr().out)["weight"] == "light"
