"""An agreement may give its title and its commitments' titles in other languages of the agreement
(``title_translations``); pages show the one for the reader's interface language, else the title."""

from __future__ import annotations

from truce.core.agreement import check_agreement, load_agreement

from .conftest import VALID, line_of, replace

TRANSLATED = replace(
    replace(
        VALID,
        'title = "Test ceasefire"\n',
        'title = "Test ceasefire"\ntitle_translations = { ur = "آزمائشی جنگ بندی" }\n',
    ),
    'title = "No hostile acts"\n',
    'title = "No hostile acts"\ntitle_translations = { ur = "کوئی معاندانہ کارروائی نہیں" }\n',
)


def test_titles_in_another_language_load_and_fall_back_to_the_title(write_agreement):
    a = load_agreement(write_agreement(TRANSLATED))
    assert a.title_translations == (("ur", "آزمائشی جنگ بندی"),)
    assert a.title_in("ur") == "آزمائشی جنگ بندی"
    assert a.title_in("ur-PK") == "آزمائشی جنگ بندی"
    assert a.title_in("en") == "Test ceasefire"
    assert a.title_in("ar") == "Test ceasefire"
    c1, c2 = a.commitments
    assert c1.title_in("ur") == "کوئی معاندانہ کارروائی نہیں"
    assert c2.title_in("ur") == c2.title == "No propaganda"


def test_a_language_the_agreement_does_not_list_is_refused_with_its_line(write_agreement):
    text = replace(TRANSLATED, '{ ur = "آزمائشی', '{ ps = "آزمائشی')
    (problem,) = check_agreement(write_agreement(text))
    assert problem.field == "agreement.title_translations.ps"
    assert problem.line == line_of(text, "title_translations = { ps")
    assert "'ps' is not one of this agreement's languages (en, ur)" in problem.message


def test_an_empty_or_non_text_translation_is_refused(write_agreement):
    empty = replace(TRANSLATED, '{ ur = "کوئی معاندانہ کارروائی نہیں" }', '{ ur = " " }')
    (problem,) = check_agreement(write_agreement(empty))
    assert problem.message.endswith("must not be empty")
    wrong = replace(TRANSLATED, '{ ur = "آزمائشی جنگ بندی" }', '"آزمائشی جنگ بندی"')
    (problem,) = check_agreement(write_agreement(wrong))
    assert "expected a [title_translations] table" in problem.message
