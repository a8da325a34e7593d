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


def test_reads_every_date_timex_but_the_creation_time_with_its_sentence(folder: Path) -> None:
    items = timeml.items(folder)
    # The <DCT> TIMEX3 (functionInDocument="CREATION_TIME") is the anchor, not an expression to score.
    assert [(i.text, i.gold) for i in items] == [
        ("Monday", "2025-11-03"),
        ("Thursday", "2025-11-06"),
        ("Oct. 19", "2025-10-19"),
        ("last week", "2025-W44"),
        ("a fortnight from now", "2025-11-01"),
    ]
    assert "will resume" in items[1].context


def test_scores_exact_matches_overall_relative_and_explicit(folder: Path) -> None:
    result = timeml.score(folder, with_errors=True)
    assert result["all"] == {"exact": 4, "total": 5, "accuracy": 0.8}
    assert result["explicit"]["total"] == 0
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


# A second document, written for these tests: an abbreviation inside a sentence, parts of the day and
# gold values with unspecified trailing parts.
DOC2 = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST2</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-11-04" temporalFunction="false" \
functionInDocument="CREATION_TIME">2025-11-04</TIMEX3></DCT>
<TEXT>
In <TIMEX3 tid="t1" type="DATE" value="2025-03">March</TIMEX3>, a week after the Smith vs. Jones ruling, \
the council was dissolved. Its members will meet again.

Protesters gathered <TIMEX3 tid="t2" type="DATE" value="2025-11-03TNI">Monday night</TIMEX3> outside \
the ministry. Shops reopened <TIMEX3 tid="t3" type="DATE" value="2025-11-02">Sunday night</TIMEX3> \
after the curfew.
The bridge was first built in <TIMEX3 tid="t4" type="DATE" value="2019-XX">2019</TIMEX3>.
Crowds marched <TIMEX3 tid="t5" type="DATE" value="2025-11-01TEV">Saturday night</TIMEX3> to the square.
The fund was created <TIMEX3 tid="t6" type="DATE" value="2025-10-XX">last week</TIMEX3>.
Exports fell sharply in <TIMEX3 tid="t7" type="DATE" value="2024-06">2024</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def folder2(tmp_path: Path) -> Path:
    (tmp_path / "test2.tml").write_text(DOC2, encoding="utf-8")
    return tmp_path


def test_context_is_the_sentence_cut_by_the_sentence_splitter(folder2: Path) -> None:
    march = timeml.items(folder2)[0]
    assert march.text == "March"
    # "vs." does not end the sentence: the past tense after it is in the context, the next sentence is not.
    assert march.context == "In March, a week after the Smith vs. Jones ruling, the council was dissolved."


def test_stated_precision_reads_unspecified_trailing_parts_of_the_gold() -> None:
    assert timeml.stated_precision("1968-XX", "1968") == ("1968", "1968")
    assert timeml.stated_precision("1998-10-XX", "1998-10") == ("1998-10", "1998-10")
    assert timeml.stated_precision("1998-XX-XX", "1998") == ("1998", "1998")
    assert timeml.stated_precision("199X-XX-XX", "199X") == ("199X", "199X")
    # A gold day compares our day without its part of the day; a gold part of the day is compared whole.
    assert timeml.stated_precision("2000-01-05", "2000-01-05TNI") == ("2000-01-05", "2000-01-05")
    assert timeml.stated_precision("2000-01-05TEV", "2000-01-05TNI") == ("2000-01-05TEV", "2000-01-05TNI")
    # A coarser answer than the gold is not loosened.
    assert timeml.stated_precision("1998-10", "1998") == ("1998-10", "1998")


def test_strict_and_stated_precision_figures(folder2: Path) -> None:
    result = timeml.score(folder2, with_errors=True)
    # Strict compares our value without the part of the day: "March" (past, thanks to the whole
    # sentence) and "Sunday night" (the gold gives the day alone).
    assert result["all"] == {"exact": 2, "total": 7, "accuracy": round(2 / 7, 4)}
    # At the stated precision also "Monday night" (gold TNI) and "2019" (gold 2019-XX); "Sunday night"
    # still counts, the gold's bare day ignoring our part of the day.
    assert result["all_stated_precision"] == {"exact": 4, "total": 7, "accuracy": round(4 / 7, 4)}
    wrong = {e["text"]: e for e in result["errors"]}
    assert wrong["Monday night"]["got"] == "2025-11-03" and wrong["Monday night"]["stated_precision_ok"]
    # The gold's TEV is not what "night" means.
    assert wrong["Saturday night"]["got_timeml"] == "2025-11-01TNI"
    assert wrong["last week"]["got"] == "2025-W44"
    assert wrong["2024"]["got"] == "2024"


# A third document: values of the kinds scored on their own rows, and a creation time inside the text.
DOC3 = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST3</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-11-04" functionInDocument="CREATION_TIME">11/04/25</TIMEX3>\
</DCT>
<TEXT>
<TIMEX3 tid="t9" type="DATE" value="2025-11-04" functionInDocument="CREATION_TIME">20251104</TIMEX3>
Crossings fell in the <TIMEX3 tid="t1" type="DATE" value="2025-Q3">third quarter</TIMEX3> and again \
in <TIMEX3 tid="t2" type="DATE" value="2025-W44">last week</TIMEX3>'s count.
Trade was weak in the <TIMEX3 tid="t3" type="DATE" value="2025-H1">first half</TIMEX3>, and \
<TIMEX3 tid="t4" type="DATE" value="2025-SU">this summer</TIMEX3> too.
Traders are <TIMEX3 tid="t5" type="DATE" value="PRESENT_REF">now</TIMEX3> cautious; the fair opens \
<TIMEX3 tid="t6" type="DATE" value="2025-11-06">Thursday</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_quarters_halves_seasons_weeks_and_references_have_their_own_rows(tmp_path: Path) -> None:
    (tmp_path / "test3.tml").write_text(DOC3, encoding="utf-8")
    items = timeml.items(tmp_path)
    # Neither creation-time TIMEX3 is scored, the one in the text included.
    assert [i.text for i in items] == [
        "third quarter",
        "last week",
        "first half",
        "this summer",
        "now",
        "Thursday",
    ]
    assert [i.kind for i in items] == ["quarter", "week", "half", "season", "ref", None]
    result = timeml.score(tmp_path)
    for kind in ("quarter", "half", "season", "week", "ref"):
        assert result[kind]["total"] == 1, kind
    assert result["all"]["total"] == 6


def test_truce_eval_prints_the_kinds_on_their_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from truce.cli import main

    (tmp_path / "test3.tml").write_text(DOC3, encoding="utf-8")
    assert main(["eval", "--timeml", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    kinds = [line for line in lines if " by kind: " in line]
    assert len(kinds) == 2  # the tuning and the sealed part
    assert all("quarter " in line and "half " in line and "ref " in line for line in kinds)
