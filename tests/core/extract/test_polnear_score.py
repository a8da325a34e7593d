"""The PolNeAR scorer on a small brat folder written here (never on copies of the real data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.cli.eval import shared_root
from truce.core.extract.document import Quote
from truce.core.extract.evaluate import polnear

TEXT = (
    "“The checkpoint stays open,” Nasir Ali said.\n\n"  # 0..44
    "Officials said the road was safe.\n\n"
    "Guards called it “a mistake.”"
)


def span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


def write_set(root: Path, anns: dict[str, str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "article.txt").write_text(TEXT, encoding="utf-8")
    for suffix, body in anns.items():
        (root / "attributions" / f"article_{suffix}.ann").write_text(body, encoding="utf-8")
    return root


def ann_lines() -> str:
    q = span("“The checkpoint stays open,”")
    s = span("Nasir Ali")
    c = span("said")
    ind = span("the road was safe")
    src2 = span("Officials")
    q3 = span("“a mistake.”")
    src3 = span("Guards")
    return "\n".join(
        [
            f"T1\tContent {q[0]} {q[1]}\t{TEXT[q[0] : q[1]]}",
            f"T2\tSource {s[0]} {s[1]}\tNasir Ali",
            f"T3\tCue {c[0]} {c[1]}\tsaid",
            "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
            f"T4\tContent {ind[0]} {ind[1]}\tthe road was safe",
            f"T5\tSource {src2[0]} {src2[1]}\tOfficials",
            "E2\tAttribution:T5 Content:T4 Source:T5",
            f"T6\tContent {q3[0]} {q3[1]};{q3[0]} {q3[0] + 1}\t{TEXT[q3[0] : q3[1]]}",
            f"T7\tSource {src3[0]} {src3[1]}\tGuards",
            "E3\tAttribution-no-source:T6 Content:T6",
            "",
        ]
    )


def quote(fragment: str, speaker: str) -> Quote:
    a, b = span(fragment)
    sa, sb = span(speaker)
    return Quote(
        start=a, end=b, text=fragment, speaker=speaker, speaker_start=sa, speaker_end=sb, direct=True
    )


def test_direct_relations_are_those_with_quotation_marks_and_a_source(tmp_path):
    root = write_set(tmp_path, {"ab12": ann_lines()})
    result = polnear.score(root, extract=lambda text: [])
    assert result["gold_direct"] == 1  # E2 is indirect, E3 has no source
    assert result["gold_direct_without_source"] == 1
    assert result["speaker"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_right_quote_and_speaker_scores_one(tmp_path):
    root = write_set(tmp_path, {"ab12": ann_lines()})
    result = polnear.score(root, extract=lambda text: [quote("The checkpoint stays open", "Nasir Ali")])
    assert result["speaker"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_wrong_speaker_counts_for_content_but_not_for_speaker(tmp_path):
    root = write_set(tmp_path, {"ab12": ann_lines()})
    result = polnear.score(root, extract=lambda text: [quote("The checkpoint stays open", "Officials")])
    assert result["speaker"]["f1"] == 0.0
    assert result["content"]["f1"] == 1.0


def test_quote_over_a_sourceless_relation_is_left_out_of_precision(tmp_path):
    root = write_set(tmp_path, {"ab12": ann_lines()})
    found = [quote("The checkpoint stays open", "Nasir Ali"), quote("a mistake.", "Guards")]
    result = polnear.score(root, extract=lambda text: found)
    assert result["system_direct_ignored"] == 1
    assert result["speaker"]["precision"] == 1.0


def test_unmatched_quote_lowers_precision_and_indirect_quotes_are_not_scored(tmp_path):
    root = write_set(tmp_path, {"ab12": ann_lines()})
    extra = Quote(start=0, end=3, text="x", speaker="Officials", speaker_start=0, speaker_end=3, direct=False)
    found = [quote("The checkpoint stays open", "Nasir Ali"), quote("Officials said", "Officials"), extra]
    result = polnear.score(root, extract=lambda text: found)
    assert result["system_direct"] == 2
    assert result["speaker"]["precision"] == 0.5


def test_each_annotation_file_of_a_twice_annotated_article_is_scored(tmp_path):
    root = write_set(tmp_path, {"ab12": ann_lines(), "cd34": ann_lines()})
    calls = []

    def extract(text):
        calls.append(text)
        return [quote("The checkpoint stays open", "Nasir Ali")]

    result = polnear.score(root, extract=extract)
    assert (result["annotation_files"], result["documents"], result["gold_direct"]) == (2, 1, 2)
    assert len(calls) == 1  # the article is extracted once


def test_missing_folders_and_texts_are_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="text/ and attributions/"):
        polnear.score(tmp_path)
    root = write_set(tmp_path / "set", {"ab12": ann_lines()})
    (root / "attributions" / "other_ef56.ann").write_text("", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="no matching text file"):
        polnear.score(root, extract=lambda text: [])


def test_malformed_line_names_the_file_and_line(tmp_path):
    root = write_set(tmp_path, {"ab12": "T1\tContent x y\tz\n"})
    with pytest.raises(ValueError, match=r"article_ab12\.ann:1"):
        polnear.score(root, extract=lambda text: [])


SHARED = shared_root() / "eval" / "polnear-dev"


@pytest.mark.eval
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/eval/polnear-dev is absent")
def test_tuning_and_sealed_parts_are_disjoint_and_cover_the_set():
    whole = polnear.score(SHARED)
    tuning, sealed = polnear.score(SHARED, part="tuning"), polnear.score(SHARED, part="sealed")
    assert tuning["annotation_files"] + sealed["annotation_files"] == whole["annotation_files"]
    assert tuning["gold_direct"] + sealed["gold_direct"] == whole["gold_direct"]
    assert 0 < sealed["annotation_files"] < tuning["annotation_files"]
