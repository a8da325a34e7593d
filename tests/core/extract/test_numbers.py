"""numbers.parse_number: digits, separators, other scripts' digits and number words."""

import pytest

from truce.core.extract.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("23", "en", 23),
        ("1,200", "en", 1200),
        ("1.200", "en", 1200),
        ("10 000", "en", 10000),
        ("2.5", "en", 2),
        ("٢٣", "ar", 23),
        ("۲۳", "fa", 23),
        ("١٬٢٠٠", "ar", 1200),
        ("twenty-three", "en", 23),
        ("Twenty three", "en", 23),
        ("a dozen", "en", 12),
        ("two dozen", "en", 24),
        ("a hundred", "en", 100),
        ("two hundred and five", "en", 205),
        ("three thousand four hundred", "en", 3400),
        ("بیست و سه", "fa", 23),
        ("پچاس", "ur", 50),
        ("شل", "ps", 20),
        ("ثلاثة", "ar", 3),
        ("on iki", "tr", 12),
        ("yüz", "tr", 100),
    ],
)
def test_reads_numbers_in_every_supported_form(text, lang, expected):
    assert parse_number(text, lang) == expected


@pytest.mark.parametrize("text", ["", "a", "an", "soldiers", "twenty soldiers", "1,20", "one two cat"])
def test_rejects_text_that_is_not_only_a_number(text):
    assert parse_number(text) is None


def test_words_of_another_language_need_that_language():
    assert parse_number("پچاس", "en") is None
    assert parse_number("iki", "en") is None
