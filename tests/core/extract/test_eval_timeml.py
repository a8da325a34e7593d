"""The TimeML scorer on a small document written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.core.extract.evaluate import timeml

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-11-04" temporalFunction="false" \
functionInDocument="CREATION_TIME">2025-11-04</TIMEX3></DCT>
<TEXT>
Border forces <EVENT eid="e1">clashed</EVENT> <TIMEX3 tid="t1" type="DATE" value="2025-11-03">Monday\
</TIMEX3> near the crossing.
Talks <EVENT eid="e2">will resume</EVENT> <TIMEX3 tid="t2" type="DATE" value="2025-11-06">Thursday\
</TIMEX3> in Istanbul.
The truce was agreed on <TIMEX3 tid="t3" type="DATE" value="2025-10-19">Oct. 19</TIMEX3> &amp; \
extended <TIMEX3 tid="t4" type="DATE" value="2025-W44">last week</TIMEX3>.
The fighting lasted <TIMEX3 tid="t5" type="DURATION" value="P4D">four days</TIMEX3>.
Officials met <TIMEX3 tid="t6" type="DATE" value="2025-11-01">a fortnight from now</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "test1.tml").write_text(DOC, encoding="utf-8")
    return tmp_path


def test_reads_every_date_timex_with_its_sentence(folder: Path) -> None:
    items = timeml.items(folder)
    assert [(i.text, i.gold) for i in items] == [
        ("2025-11-04", "2025-11-04"),
        ("Monday", "2025-11-03"),
        ("Thursday", "2025-11-06"),
        ("Oct. 19", "2025-10-19"),
        ("last week", "2025-W44"),
        ("a fortnight from now", "2025-11-01"),
    ]
    assert "will resume" in items[2].context


def test_scores_exact_matches_overall_relative_and_explicit(folder: Path) -> None:
    result = timeml.score(folder, with_errors=True)
    assert result["all"] == {"exact": 5, "total": 6, "accuracy": round(5 / 6, 4)}
    assert result["explicit"]["total"] == 1
    assert result["relative"]["total"] == 5
    assert result["month_day"] == {"exact": 1, "total": 1, "accuracy": 1.0}
    assert [e["text"] for e in result["errors"]] == ["a fortnight from now"]


def test_week_numbers_compare_without_padding() -> None:
    assert timeml._normalise("2000-W07") == timeml._normalise("2000-W7")


def test_missing_creation_date_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>nothing</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(ValueError, match="no <DCT>"):
        timeml.score(tmp_path)


def test_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no \.tml files"):
        timeml.score(tmp_path)
