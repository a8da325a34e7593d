"""Language detection by script, distinctive letters and function words (no model)."""

from __future__ import annotations

import pytest

from truce.core.extract.language import detect

SENTENCES = {
    "en": "Pakistani officials said on Tuesday that the border crossing at Torkham was closed after the "
    "clashes.",
    "tr": "Türkiye ve Katar arabuluculuğunda İstanbul'da yapılan görüşmeler dört gün sonra sona erdi.",
    "ur": "پاکستان اور افغانستان کے درمیان سرحد پر فائرنگ کے بعد طورخم کی گزرگاہ بند کر دی گئی ہے۔",
    "ps": "د پاکستان او افغانستان ترمنځ په پوله کې نښته وشوه او د تورخم لاره وتړل شوه.",
    "fa": "گفتگوهای صلح میان پاکستان و افغانستان در استانبول پس از چهار روز بدون نتیجه پایان یافت "
    "و این را وزارت خارجه تایید کرد.",
    "ar": "قالت وزارة الخارجية التركية إن المحادثات بين باكستان وأفغانستان في إسطنبول انتهت دون اتفاق "
    "على آلية المراقبة.",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_detects_each_supported_language(lang: str) -> None:
    assert detect(SENTENCES[lang]) == lang


def test_a_latin_name_inside_urdu_text_does_not_flip_it() -> None:
    assert detect(SENTENCES["ur"] + " ISPR " + SENTENCES["ur"]) == "ur"


def test_english_with_a_turkish_place_name_stays_english() -> None:
    assert (
        detect("The delegations met again in İstanbul on Thursday and the talks were said to be tense.")
        == "en"
    )


def test_too_little_text_is_undetermined() -> None:
    assert detect("ok") == "und"
    assert detect("12 345 --") == "und"


def test_other_scripts_are_undetermined() -> None:
    assert detect("Переговоры в Стамбуле завершились без соглашения.") == "und"
