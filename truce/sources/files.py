"""Which files a folder contributes, for `truce ingest` and `truce extract` alike: one definition, so the
two commands read the same files and their help texts say so. Standard library only, because every
command's help is built at start-up."""

from __future__ import annotations

from pathlib import Path

# Text, HTML pages and RSS/Atom feeds, matched in any case (".HTML" too).
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xml", ".rss", ".atom")


def article_files(folder: Path) -> list[Path]:
    """Every file in ``folder`` or its subfolders whose name ends in one of ``ARTICLE_SUFFIXES``, in path
    order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def suffixes_text() -> str:
    """``ARTICLE_SUFFIXES`` for help texts and messages: ".txt .text .md …"."""
    return " ".join(ARTICLE_SUFFIXES)
