"""Dates in Dari, Pashto, Urdu, Arabic and Turkish: calendars, month names, local digits, deictic words."""

from __future__ import annotations

import datetime as dt

import pytest

from truce.core.extract import calendars, dates

ANCHOR = dt.date(2025, 11, 4)
CLASH_DAY = dt.date(2025, 10, 12)  # 20 Mizan 1404 SH, about 20 Rabi al-Thani 1447 AH


def found(text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in dates.find(text, ANCHOR, lang)]


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [
        ((1404, 1, 1), dt.date(2025, 3, 21)),
        ((1403, 12, 30), dt.date(2025, 3, 20)),  # 1403 is a leap year: Hoot has 30 days
        ((1399, 1, 1), dt.date(2020, 3, 20)),
        ((1404, 7, 20), CLASH_DAY),
        ((1404, 6, 31), dt.date(2025, 9, 22)),
    ],
)
def test_solar_hijri_conversion_known_days(solar: tuple[int, int, int], gregorian: dt.date) -> None:
    assert calendars.solar_hijri_to_gregorian(*solar) == gregorian


@pytest.mark.parametrize(
    ("year", "nowruz", "leap"),
    [
        (1398, dt.date(2019, 3, 21), False),
        (1399, dt.date(2020, 3, 20), True),
        (1400, dt.date(2021, 3, 21), False),
        (1403, dt.date(2024, 3, 20), True),
        (1404, dt.date(2025, 3, 21), False),
        (1407, dt.date(2028, 3, 20), False),
        (1408, dt.date(2029, 3, 20), True),
        (1409, dt.date(2030, 3, 21), False),
    ],
)
def test_solar_hijri_year_starts_on_the_official_nowruz(year: int, nowruz: dt.date, leap: bool) -> None:
    assert calendars.solar_hijri_to_gregorian(year, 1, 1) == nowruz
    assert calendars.gregorian_to_solar_hijri(nowruz) == (year, 1, 1)
    assert calendars.gregorian_to_solar_hijri(nowruz - dt.timedelta(days=1)) == (
        year - 1,
        12,
        29 + leap_before(year),
    )
    assert calendars.solar_hijri_month_length(year, 12) == (30 if leap else 29)


def leap_before(year: int) -> int:
    return calendars.solar_hijri_month_length(year - 1, 12) - 29


def test_solar_hijri_round_trip_over_two_years_of_days() -> None:
    day = dt.date(2024, 3, 1)
    while day < dt.date(2026, 4, 1):
        jy, jm, jd = calendars.gregorian_to_solar_hijri(day)
        assert 1 <= jd <= calendars.solar_hijri_month_length(jy, jm)
        assert calendars.solar_hijri_to_gregorian(jy, jm, jd) == day
        day += dt.timedelta(days=1)


def test_solar_hijri_month_boundaries() -> None:
    assert calendars.gregorian_to_solar_hijri(dt.date(2025, 9, 22)) == (1404, 6, 31)
    assert calendars.gregorian_to_solar_hijri(dt.date(2025, 9, 23)) == (1404, 7, 1)
    assert calendars.gregorian_to_solar_hijri(CLASH_DAY) == (1404, 7, 20)
    assert calendars.solar_hijri_month_span(1404, 12) == (dt.date(2026, 2, 20), dt.date(2026, 3, 20))


def test_a_day_the_month_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="no day 30 in month 12 of 1404"):
        calendars.solar_hijri_to_gregorian(1404, 12, 30)
    with pytest.raises(ValueError):
        calendars.solar_hijri_to_gregorian(1404, 7, 31)
    assert found("۳۰ حوت ۱۴۰۴", "fa") == []
    assert found("۳۰ حوت ۱۴۰۳", "fa") == [("۳۰ حوت ۱۴۰۳", "2025-03-20")]


def test_hijri_conversion_known_days() -> None:
    assert calendars.hijri_to_gregorian(1446, 9, 1) == dt.date(2025, 3, 1)  # 1 Ramadan 1446
    assert calendars.gregorian_to_hijri_year(CLASH_DAY) == 1447


def test_dari_zodiac_month_with_persian_digits() -> None:
    assert found("در ۲۰ میزان ۱۴۰۴ در امتداد خط مرزی درگیری رخ داد", "fa") == [
        ("۲۰ میزان ۱۴۰۴", "2025-10-12")
    ]


def test_iranian_month_name() -> None:
    assert found("روز ۲۰ مهر ۱۴۰۴ حمله شد", "fa") == [("۲۰ مهر ۱۴۰۴", "2025-10-12")]


def test_pashto_month_name() -> None:
    assert found("پر ۲۰ تله ۱۴۰۴ په پوله نښته وشوه", "ps") == [("۲۰ تله ۱۴۰۴", "2025-10-12")]


def test_solar_month_without_year_takes_the_current_solar_year() -> None:
    assert found("۲۰ میزان", "fa") == [("۲۰ میزان", "2025-10-12")]


def test_bare_solar_month_word_is_not_a_date_unless_called_a_month() -> None:
    assert found("تیر به هدف خورد", "fa") == []
    [mention] = dates.find("در ماه میزان", ANCHOR, "fa")
    assert (mention.low, mention.high, mention.precision) == (
        dt.date(2025, 9, 23),
        dt.date(2025, 10, 22),
        "month",
    )


def test_urdu_gregorian_month_with_eastern_digits() -> None:
    assert found("۱۲ اکتوبر ۲۰۲۵ کو سرحد پر جھڑپ ہوئی", "ur") == [("۱۲ اکتوبر ۲۰۲۵", "2025-10-12")]


def test_arabic_month_names_both_traditions_and_arabic_indic_digits() -> None:
    assert found("في ١٢ أكتوبر 2025 اندلعت اشتباكات", "ar") == [("١٢ أكتوبر 2025", "2025-10-12")]
    assert found("في 12 تشرين الأول 2025 اندلعت اشتباكات", "ar") == [("12 تشرين الأول 2025", "2025-10-12")]


def test_hijri_date_is_widened_by_a_day_each_side() -> None:
    [mention] = dates.find("في 20 ربيع الثاني 1447 هـ", ANCHOR, "ar")
    assert mention.low is not None and mention.high is not None
    assert mention.low <= CLASH_DAY <= mention.high
    assert (mention.high - mention.low).days == 2


def test_turkish_month_names_and_suffixes() -> None:
    assert found("12 Ekim 2025'te sınırda çatışma çıktı", "tr") == [("12 Ekim 2025", "2025-10-12")]
    assert found("6 Kasım'da İstanbul'da görüşmeler yapılacak", "tr") == [("6 Kasım", "2025-11-06")]


def test_turkish_relative_words() -> None:
    assert found("Dün akşam açıklama yapıldı, geçen hafta ise görüşmeler başladı", "tr") == [
        ("Dün", "2025-11-03"),
        ("geçen hafta", "2025-W44"),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("آج وزیر خارجہ نے سینیٹ میں کہا", "ur", "2025-11-04"),
        ("گزشتہ روز فائرنگ ہوئی", "ur", "2025-11-03"),
        ("دیروز هیئت ها دیدار کردند", "fa", "2025-11-03"),
        ("پرون د سولې خبرې وشوې", "ps", "2025-11-03"),
        ("غدا تستأنف المحادثات", "ar", "2025-11-05"),
    ],
)
def test_local_words_for_yesterday_today_tomorrow(text: str, lang: str, expected: str) -> None:
    assert [m.value for m in dates.find(text, ANCHOR, lang)] == [expected]


def test_offsets_point_into_the_original_text() -> None:
    text = "گفتگوها در ۲۰ میزان ۱۴۰۴ آغاز شد"
    [mention] = dates.find(text, ANCHOR, "fa")
    assert text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("هفته گذشته درگیری رخ داد", "fa", [("هفته گذشته", "2025-W44")]),
        ("ماه آینده هیئت ها دیدار می کنند", "fa", [("ماه آینده", "2025-12")]),
        ("گزشتہ ہفتے مذاکرات ہوئے", "ur", [("گزشتہ ہفتے", "2025-W44")]),
        ("اس ماہ سرحد بند رہی", "ur", [("اس ماہ", "2025-11")]),
        ("تېره اونۍ خبرې وشوې", "ps", [("تېره اونۍ", "2025-W44")]),
        ("وقعت الاشتباكات الشهر الماضي", "ar", [("الشهر الماضي", "2025-10")]),
    ],
)
def test_last_this_next_periods(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("روز دوشنبه مذاکرات آغاز شد", "fa", [("دوشنبه", "2025-11-03")]),
        ("د دوشنبې په ورځ نښته وشوه", "ps", [("دوشنبې", "2025-11-03")]),
        ("پیر کو سرحد پر فائرنگ ہوئی", "ur", [("پیر", "2025-11-03")]),
        ("يوم الأحد اندلعت اشتباكات", "ar", [("يوم الأحد", "2025-11-02")]),
        ("Pazartesi günü sınırda çatışma çıktı", "tr", [("Pazartesi", "2025-11-03")]),
        ("Salı günü açıklama yapıldı", "tr", [("Salı", "2025-11-04")]),
    ],
)
def test_weekdays_are_the_last_such_day(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("پیر صاحب نے دعا کی", "ur"),  # پیر: a saint, not Monday, without کو
        ("هیئت ها دیدار می کنند", "fa"),  # می: a verb prefix, not May
        ("pazar yerinde kalabalık vardı", "tr"),  # pazar: a market
    ],
)
def test_ordinary_words_that_spell_dates_are_not_dates(text: str, lang: str) -> None:
    assert found(text, lang) == []


def test_long_month_name_alone_is_a_month() -> None:
    assert found("اکتوبر میں جھڑپیں ہوئیں", "ur") == [("اکتوبر", "2025-10")]
