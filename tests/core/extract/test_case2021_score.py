"""evaluate/case2021.py: reading the TSV, mapping labels and the F1 arithmetic, on a file written here."""

import pytest

from truce.core.extract.evaluate import case2021


def _tsv(tmp_path, rows):
    path = tmp_path / "set.tsv"
    lines = ["id\tEventSnippet\tSubType"] + [
        f"{i}\t{text}\t{label}" for i, (text, label) in enumerate(rows, 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_metrics_by_hand():
    gold = ["A", "A", "B", "B", "C"]
    pred = ["A", "B", "B", "B", "X"]
    m = case2021.metrics(gold, pred, ["A", "B", "C"])
    # A: P 1, R 0.5, F 0.667; B: P 2/3, R 1, F 0.8; C: 0. Weighted over supports 2, 2, 1.
    assert m["per_label"]["A"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert m["per_label"]["B"]["f1"] == 0.8
    assert m["per_label"]["C"]["f1"] == 0.0
    assert m["weighted_f1"] == round((2 / 3 * 2 + 0.8 * 2 + 0) / 5, 4)
    assert m["macro_f1"] == round((2 / 3 + 0.8 + 0) / 3, 4)
    assert m["accuracy"] == 0.6


def test_prediction_outside_the_label_set_is_only_a_miss():
    m = case2021.metrics(["A"], ["DIPLO"], ["A"])
    assert m["per_label"]["A"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_score_classifies_and_reports_both_label_sets(tmp_path):
    path = _tsv(
        tmp_path,
        [
            ("A suicide bomber blew himself up at a checkpoint.", "SUIC_BOMB"),
            ("Police arrested four men in a dawn raid.", "ARREST"),
            ("A magnitude 5 earthquake shook the region.", "NATURAL_DISASTER"),
        ],
    )
    result = case2021.score(path)
    assert result["n"] == 3
    classified = result["classify"]
    assert classified["acled25"]["n"] == 2
    assert classified["acled25"]["weighted_f1"] == 1.0
    assert classified["all30"]["per_label"]["NATURAL_DISASTER"]["f1"] == 1.0
    assert set(classified["all30"]["per_label"]) == set(case2021.ALL_LABELS)
    assert len(case2021.ALL_LABELS) == 30
    assert "weighted F1" in case2021.format_table(result["product"])


def test_product_path_scores_the_top_event_and_counts_no_event_as_a_miss(tmp_path):
    path = _tsv(
        tmp_path,
        [
            ("Two soldiers were killed when militants ambushed a patrol in Kurram.", "ARMED_CLASH"),
            ("A magnitude 5 earthquake shook the region.", "NATURAL_DISASTER"),
        ],
    )
    result = case2021.score(path)
    assert case2021.product_code("A magnitude 5 earthquake shook the region.") == case2021.NO_EVENT
    assert result["product"]["no_event"] == 1
    assert result["product"]["no_event_acled"] == 0  # the earthquake carries no ACLED type
    # The earthquake has no event in the product's output: a miss for its label, a hit for none.
    assert result["product"]["all30"]["per_label"]["NATURAL_DISASTER"]["recall"] == 0.0
    assert result["product"]["acled25"]["per_label"]["ARMED_CLASH"]["f1"] == 1.0


def test_a_part_keeps_the_snippets_its_ids_hash_to(tmp_path):
    from truce.core.extract.evaluate import split

    rows = [(f"Police arrested {n} men in a dawn raid.", "ARREST") for n in range(2, 14)]
    path = _tsv(tmp_path, rows)
    ids = [str(i) for i in range(1, len(rows) + 1)]
    sealed = [i for i in ids if split.part_of(i) == "sealed"]
    assert case2021.score(path, part="sealed")["n"] == len(sealed)
    assert case2021.score(path, part="tuning")["n"] == len(ids) - len(sealed)


def test_every_classifier_label_maps_to_a_case_code():
    from truce.core.extract import eventtype
    from truce.core.taxonomy import SUB_EVENT_TYPES

    for label in [*SUB_EVENT_TYPES, *eventtype.OUTSIDE]:
        assert case2021.case_code(label) in case2021.ALL_LABELS


def test_bad_header_is_reported_with_the_line(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("a\tb\tc\n1\tx\tARREST\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        case2021.read_tsv(path)


def test_unknown_label_is_reported_with_the_line(tmp_path):
    path = _tsv(tmp_path, [("text", "ARREST"), ("text", "NOT_A_LABEL")])
    with pytest.raises(ValueError, match="line 3: unknown label 'NOT_A_LABEL'"):
        case2021.read_tsv(path)


def test_no_event_for_a_snippet_with_an_acled_type_is_counted_apart(tmp_path):
    path = _tsv(
        tmp_path,
        [
            ("The committee will publish its annual report next spring.", "ARMED_CLASH"),
            ("A magnitude 5 earthquake shook the region.", "NATURAL_DISASTER"),
        ],
    )
    product = case2021.score(path)["product"]
    assert (product["no_event"], product["no_event_acled"]) == (2, 1)
