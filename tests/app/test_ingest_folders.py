"""What `truce ingest` reads from a folder is what `truce extract` reads (one definition,
truce.sources.files), subfolders included, and both help texts say which files those are; a page without
text is refused with our message alone, not trafilatura's warnings."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from truce.cli import main
from truce.core import clock
from truce.sources.files import ARTICLE_SUFFIXES
from truce.sources.models import Article

BODIES = [
    "Residents of a border village said a mortar round landed near the school on Monday evening and that "
    "nobody was hurt, although two houses lost their roofs.",
    "Traders said the crossing reopened on Thursday morning after a week of closure, and that lorries "
    "carrying fruit were the first to pass through the gate.",
    "A district official said that the market would stay shut until the elders of both towns met to "
    "agree on who would keep order in the bazaar at night.",
    "Teachers said the schools near the frontier would open again next month if the roads stayed quiet "
    "and the buses could run without an escort.",
    "Farmers described how the irrigation channels along the river had silted up during the fighting and "
    "asked for help to clear them before the sowing season.",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Article files at the top, in a subfolder and a sub-subfolder, in every suffix and in capitals,
    next to files that are not articles."""
    root = tmp_path / "saved"
    names = ["a.txt", "b.MD", "nested/c.text", "nested/deeper/d.htm", "nested/e.md"]
    for name, body in zip(names, BODIES, strict=True):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".htm":
            path.write_text(f"<html><head><title>Note</title></head><body><p>{body}</p></body></html>")
        else:
            path.write_text(f"A note from the border\n\n{body}\n")
    (root / "nested" / "scan.pdf").write_bytes(b"%PDF-1.4 not an article suffix")
    (root / "nested" / "README").write_text("no suffix: not read")
    return root


def expected(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES}


def test_ingest_and_extract_read_the_same_files_from_a_folder_and_its_subfolders(cast, folder, capsys):
    assert len(expected(folder)) == 5
    assert main(["extract", str(folder)]) == 0
    extracted = {json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()}
    assert extracted == expected(folder)

    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        assert main(["ingest", "--agreement", "pak-afg-2025", str(folder)]) == 0
    assert "articles: 5 new" in capsys.readouterr().out
    assert set(Article.objects.values_list("origin", flat=True)) == expected(folder)


def test_a_folder_without_article_files_is_refused_by_both(cast, tmp_path, capsys):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "sub" / "scan.pdf").write_bytes(b"%PDF-1.4")
    assert main(["extract", str(tmp_path / "empty")]) == 1
    assert "no article files (.txt .text .md" in capsys.readouterr().err
    assert main(["ingest", "--agreement", "pak-afg-2025", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err
    assert "neither the folder nor its subfolders hold article files (.txt .text .md" in err
    assert not Article.objects.exists()


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_the_help_names_every_suffix_a_folder_contributes(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"({'its files ending ' + ' '.join(ARTICLE_SUFFIXES)}, subfolders included)" in text


def test_a_page_without_text_is_refused_without_trafilaturas_warnings(cast, tmp_path, capsys):
    page = tmp_path / "cover.html"
    page.write_text("<html><head><title>Cover</title></head><body></body></html>")
    # `truce ingest` sets up Django's logging (a console handler on the root logger) as it starts: what
    # trafilatura logs at WARNING would reach stderr.
    assert main(["ingest", "--agreement", "pak-afg-2025", str(page)]) == 1
    err = capsys.readouterr().err
    assert "holds no article text" in err
    assert "discarding data" not in err
    assert logging.getLogger("trafilatura").level == logging.NOTSET  # left as it was
