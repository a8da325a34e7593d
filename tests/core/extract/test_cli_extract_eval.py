"""`truce extract` and `truce eval`: JSON Lines, text output, inputs, and errors without tracebacks."""

from __future__ import annotations

import importlib.util  # noqa: F401  (truce.cli looks modules up with importlib.util.find_spec)
import json
from pathlib import Path

import pytest

from truce.cli import main

ARTICLE = (
    "Mortar fire hits border village\n\n"
    "PESHAWAR: Mortar shells fired from across the border struck a village in Bajaur on Sunday, "
    "killing two children, police said on Monday.\n\n"
    "“The shelling went on for an hour,” said Gul Rahman, a village elder.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bajaur.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_prints_one_json_object_per_document(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    second = tmp_path / "two.txt"
    second.write_text(
        "Talks between the two sides will resume on Friday in Doha, mediators said.", encoding="utf-8"
    )
    code, out, err = run(capsys, "extract", str(article), str(second), "--published", "2025-11-10")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["source"] == str(article)
    assert first["published"] == "2025-11-10"
    assert first["title"] == "Mortar fire hits border village"
    assert set(first) == {"source", "title", "published", "language", "events", "quotes"}


def test_extract_reads_a_folder_in_name_order(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    (article.parent / "a.txt").write_text("Clashes erupted near Chaman on Sunday.", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(article.parent), "--published", "2025-11-10")
    assert code == 0
    assert [json.loads(line)["source"].rsplit("/", 1)[-1] for line in out.splitlines()] == [
        "a.txt",
        "bajaur.txt",
    ]


def test_extract_text_format_is_readable(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    code, out, _ = run(capsys, "extract", str(article), "--published", "2025-11-10", "--format", "text")
    assert code == 0
    assert out.startswith("# Mortar fire hits border village")
    assert "published: 2025-11-10" in out


def test_extract_text_format_names_the_district_and_province(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "ghulam-khan.txt"
    article.write_text(
        "Shelling at Ghulam Khan\n\nArtillery shells hit the Ghulam Khan crossing in North Waziristan on"
        " Tuesday, killing two soldiers.\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "extract", str(article), "--published", "2025-10-29", "--format", "text")
    assert code == 0
    assert "at Ghulam Khan (North Waziristan, Khyber Pakhtunkhwa), PK" in out
    # A district named like its own district is not repeated: Kurram is Kurram's.
    article.write_text("Fighting in Kurram\n\nTroops clashed with militants in Kurram district on Tuesday.\n")
    code, out, _ = run(capsys, "extract", str(article), "--published", "2025-10-29", "--format", "text")
    assert "at Kurram (Khyber Pakhtunkhwa), PK" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extract", "nowhere.txt"], "no such file, folder or URL"),
        (["extract", "{article}", "--published", "10/11/2025"], "YYYY-MM-DD"),
        (["extract", "http://127.0.0.1:9/article"], "could not fetch"),
    ],
)
def test_extract_errors_are_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str], article: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *[a.replace("{article}", str(article)) for a in argv])
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_extract_broken_feed_names_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut', encoding="utf-8")
    code, _, err = run(capsys, "extract", str(feed))
    assert code != 0 and str(feed) in err and "not well-formed" in err


def test_eval_scores_named_gold_folder_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(ARTICLE, encoding="utf-8")
    gold = {
        "format": "truce-gold/1", "document": "doc.txt", "published": "2025-11-10",
        "events": [],
        "quotes": [
            {"id": "Q1", "required": True, "speaker": "Gul Rahman", "contains": "went on for an hour"},
        ],
        "not_events": [],
    }  # fmt: skip
    (tmp_path / "doc.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    code, out, err = run(capsys, "eval", "--gold", str(tmp_path), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"gold"}
    assert result["gold"]["required_quotes"] == {"total": 1, "found": 1, "recall": 1.0}


def test_eval_scores_case_from_truce_extract_on_each_part(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from truce.core.extract.evaluate import split

    snippets = [f"Police arrested {n} smugglers at the Torkham crossing on Monday." for n in range(2, 11)]
    tsv = tmp_path / "case.tsv"
    tsv.write_text(
        "id\tEventSnippet\tSubType\n" + "".join(f"{i}\t{t}\tARREST\n" for i, t in enumerate(snippets, 1)),
        encoding="utf-8",
    )
    sealed = sum(split.part_of(str(i)) == "sealed" for i in range(1, len(snippets) + 1))
    code, out, err = run(capsys, "eval", "--case", str(tsv), "--format", "json")
    assert code == 0, err
    result = json.loads(out)["case2021"]
    assert set(result) == {"tuning", "sealed"}
    assert (result["tuning"]["n"], result["sealed"]["n"]) == (len(snippets) - sealed, sealed)
    assert set(result["sealed"]) >= {"product", "classify"}
    code, out, err = run(capsys, "eval", "--case", str(tsv), "--part", "sealed")
    assert code == 0, err
    assert "case2021 sealed" in out and "truce extract weighted F1" in out and "tuning" not in out


def test_eval_missing_set_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "eval", "--timeml", str(tmp_path / "absent"))
    assert code != 0 and "no such file or folder" in err and "Traceback" not in err


def test_eval_empty_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "eval", "--timeml", str(tmp_path))
    assert code != 0 and "no .tml files" in err


def test_inputs_with_nothing_to_read_are_named_and_the_rest_still_read(
    capsys: pytest.CaptureFixture[str], article: Path, tmp_path: Path
) -> None:
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "script.html").write_text("<html><body><script>var a = 1;</script></body></html>")
    (tmp_path / "empty.rss").write_text('<rss version="2.0"><channel></channel></rss>', encoding="utf-8")
    names = ["junk.bin", "empty.txt", "script.html", "empty.rss"]
    code, out, err = run(capsys, "extract", *(str(tmp_path / n) for n in names), str(article))
    assert code == 1  # something was not read
    assert [json.loads(line)["source"] for line in out.splitlines()] == [str(article)]
    assert "junk.bin: not a text, HTML or RSS/Atom article" in err
    assert "empty.txt: empty" in err
    assert "script.html: no article text found" in err
    assert "empty.rss: no items (an empty feed?)" in err
    assert "Traceback" not in err


def test_a_few_damaged_bytes_do_not_turn_utf8_text_into_windows_1252(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    urdu = "پاکستانی فوج نے منگل کو چمن میں گولہ باری کی۔ "
    (tmp_path / "ur.txt").write_bytes(urdu.encode() * 3 + b"\xff")
    (tmp_path / "cp.txt").write_bytes("Café talks in Doha resumed on Tuesday.".encode("cp1252"))
    code, out, _err = run(capsys, "extract", str(tmp_path / "ur.txt"), str(tmp_path / "cp.txt"))
    assert code == 0
    ur, cp = (json.loads(line) for line in out.splitlines())
    assert ur["language"] == "ur"
    assert cp["language"] == "en"


@pytest.mark.parametrize("value", ["20251016", "2025-W42", "2025-02-30", "9999-12-31", "0001-01-01"])
def test_published_must_be_a_plausible_yyyy_mm_dd(
    capsys: pytest.CaptureFixture[str], article: Path, value: str
) -> None:
    code, out, err = run(capsys, "extract", str(article), "--published", value)
    assert code == 1 and out == ""
    assert "--published" in err and "Traceback" not in err


def test_a_page_states_its_own_date_before_published(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    body = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[2:] if line) * 3
    page.write_text(
        '<html><head><meta property="article:published_time" content="2025-10-20T08:00:00+05:00"></head>'
        f"<body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    code, out, _err = run(capsys, "extract", str(page), "--published", "2025-11-05")
    assert code == 0 and json.loads(out)["published"] == "2025-10-20"
