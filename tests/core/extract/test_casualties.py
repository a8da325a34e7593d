"""casualties: the qualifier grammar and figures found in sentences."""

import pytest

from truce.core.extract.casualties import Quantity, annotate, find, quantity
from truce.core.extract.document import Document, Sentence


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("12", Quantity(12, 12, 12)),
        ("twelve", Quantity(12, 12, 12)),
        ("at least 10", Quantity(10, 10, None)),
        ("more than 200", Quantity(200, 200, None)),
        ("over 40", Quantity(40, 40, None)),
        ("as many as 23", Quantity(None, 23, 23)),
        ("up to 23", Quantity(None, 23, 23)),
        ("nearly 30", Quantity(None, 30, 30)),
        ("about 30", Quantity(None, 30, None)),
        ("around thirty", Quantity(None, 30, None)),
        ("10 to 15", Quantity(10, 10, 15)),
        ("10-15", Quantity(10, 10, 15)),
        ("between 10 and 15", Quantity(10, 10, 15)),
        ("20-plus", Quantity(20, 20, None)),
        ("a dozen", Quantity(12, 12, 12)),
        ("dozens", Quantity(24, 24, None)),
        ("scores", Quantity(40, 40, None)),
        ("hundreds", Quantity(200, 200, None)),
        ("several", Quantity(2, 3, None)),
        ("۲۳", Quantity(23, 23, 23)),
    ],
)
def test_qualifier_rules(phrase, expected):
    assert quantity(phrase) == expected


def test_a_reversed_range_is_not_trusted_as_a_range():
    assert quantity("15 to 10") == Quantity(15, 15, 15)


def test_not_a_figure():
    assert quantity("soldiers") is None


def _one(text):
    found = find(text)
    assert len(found) == 1, found
    return found[0]


def test_killing_clause_keeps_who_up_to_the_clause_end():
    c = _one(
        "Troops hit back, killing more than 200 Taliban fighters and affiliated militants; the army said."
    )
    assert (c.who, c.outcome, c.low, c.best, c.high) == (
        "Taliban fighters and affiliated militants",
        "killed",
        200,
        200,
        None,
    )


def test_passive_martyred_is_killed():
    c = _one(
        "According to the army, as many as 23 Pakistani soldiers were martyred during two nights of fighting."
    )
    assert (c.who, c.outcome, c.low, c.best, c.high) == ("Pakistani soldiers", "killed", None, 23, 23)


def test_killed_and_injured_in_one_sentence_are_two_figures():
    found = find("At least 12 people were killed and two others were injured when the bus was hit.")
    assert [(c.outcome, c.best, c.low, c.high) for c in found] == [
        ("killed", 12, 12, None),
        ("injured", 2, 2, 2),
    ]


def test_active_verbs_for_each_outcome():
    found = find("Gunmen abducted three aid workers, and police later arrested 25 suspects.")
    assert [(c.outcome, c.best, c.who) for c in found] == [
        ("abducted", 3, "aid workers"),
        ("arrested", 25, "suspects"),
    ]


def test_singular_victim_counts_one():
    c = _one("A policeman was killed near the checkpoint.")
    assert (c.who, c.low, c.best, c.high) == ("policeman", 1, 1, 1)


def test_death_toll_and_left_dead_forms():
    assert _one("The death toll rose to 14 on Friday.").best == 14
    c = _one("The blast left dozens of people dead.")
    assert (c.who, c.low, c.best, c.high) == ("people", 24, 24, None)


def test_range_in_a_sentence():
    c = _one("Between 10 and 15 civilians were wounded in the shelling.")
    assert (c.outcome, c.low, c.best, c.high) == ("injured", 10, 10, 15)


def test_no_figure_without_an_outcome():
    assert find("Twelve delegates met in Doha for two days.") == []


def test_annotate_uses_sentence_offsets():
    text = "Talks were held. Five civilians were killed in Kurram."
    doc = Document(
        text=text, sentences=[Sentence(0, 16, text[:16], 0), Sentence(17, len(text), text[17:], 1)]
    )
    annotate(doc)
    assert len(doc.casualties) == 1
    c = doc.casualties[0]
    assert text[c.start : c.end] == c.text == "Five civilians were killed"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("کرم میں فائرنگ سے ۱۲ افراد ہلاک ہو گئے", "ur", [("killed", 12)]),
        ("در این حمله ۵ نفر کشته و ۱۰ نفر زخمی شدند", "fa", [("killed", 5), ("injured", 10)]),
        ("بیست و سه نفر کشته شدند", "fa", [("killed", 23)]),
        ("په برید کې درې کسان ووژل شول", "ps", [("killed", 3)]),
        ("أسفر الهجوم عن ٧ قتلى", "ar", [("killed", 7)]),
        ("Saldırıda iki asker şehit oldu", "tr", [("killed", 2)]),
    ],
)
def test_figures_in_other_languages(text, lang, expected):
    from truce.core.extract.casualties import find_local

    assert [(c.outcome, c.best) for c in find_local(text, lang)] == expected


def test_annotate_reads_the_documents_language():
    text = "حملے میں ۳ سپاہی شہید ہوئے"
    doc = Document(text=text, language="ur")
    annotate(doc)
    assert [(c.who, c.best, c.outcome) for c in doc.casualties] == [("سپاہی", 3, "killed")]


@pytest.mark.parametrize(
    ("text", "low", "best"),
    [("KILLED KİLLED twenty", 20, 20), ("militants killed ſeveral soldiers", 2, 3)],
)
def test_letters_that_case_fold_onto_ascii_are_read_not_a_crash(text: str, low: int, best: int) -> None:
    (found,) = find(text)
    assert (found.low, found.best, found.outcome) == (low, best, "killed")


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "Twelve soldiers and three civilians were killed in the attack.",
            [("soldiers", 12), ("civilians", 3)],
        ),
        (
            "At least 12 soldiers and 3 civilians were killed on Tuesday.",
            [("soldiers", 12), ("civilians", 3)],
        ),
        ("The attack killed 12 soldiers and three civilians.", [("soldiers", 12), ("civilians", 3)]),
        (
            "The blast killed two policemen, a child and four militants, officials said.",
            [("policemen", 2), ("child", 1), ("militants", 4)],
        ),
        ("Five people, including two children, were killed.", [("people", 5)]),
        # Not a list of figures: the commander is not a number.
        ("Troops killed 12 militants and their commander.", [("militants and their commander", 12)]),
    ],
)
def test_figures_told_together_are_one_figure_per_group(text: str, figures: list[tuple[str, int]]) -> None:
    assert [(c.who, c.best) for c in find(text)] == figures


def test_a_list_of_the_wounded_keeps_its_outcome() -> None:
    assert [(c.who, c.outcome, c.best) for c in find("Two soldiers and a civilian were wounded.")] == [
        ("soldiers", "injured", 2),
        ("civilian", "injured", 1),
    ]
