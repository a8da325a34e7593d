"""What is not found is said in the reader's language on pages (issue 13), while the API, the CLI and the
logs keep the English sentence (docs/languages.md): a spot bulletin's unknown case and an as-of date out
of range on the bulletin form, in Pashto and Arabic; the not-found page; an action's NotFound in words."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.app.story import signed_in
from truce.errors import NotFound
from truce.instance import prepare_home
from truce.reports.actions import get_visible_report
from truce.sources.actions import do_dismiss_lead

FORM = {"period": "spot", "edition": "public", "party": "", "language": "en", "fmt": "html", "as_of": ""}


def _speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


@pytest.mark.parametrize(
    ("language", "words"),
    [("ps", "هېڅ قضیه 987654 نشته"), ("ar", "لا توجد قضية 987654")],
)
def test_a_spot_bulletin_of_an_unknown_case_is_refused_in_the_readers_language(cast, language, words):
    prepare_home()
    _speaks(cast.qa, language)
    response = signed_in(cast.qa).post("/bulletins/new/", {**FORM, "case": "987654"})
    html = response.content.decode()
    assert response.status_code == 200 and words in html, html
    assert "no case 987654" not in html
    answer = cast.api["qa"].client.post(
        "/api/v1/bulletins",
        {
            "agreement": "pak-afg-2025",
            "period": "spot",
            "edition": "public",
            "language": "en",
            "format": "html",
            "case": 987654,
        },
        content_type="application/json",
        headers={**cast.api["qa"].headers, "Accept-Language": language},
    )
    assert answer.status_code == 404 and answer.json()["message"] == "no case 987654"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ps", "نېټه 2025-01-01 د تړون له نافذېدو (2025-10-19) مخکې ده"),
        ("ar", "التاريخ 2025-01-01 قبل دخول الاتفاق حيّز التنفيذ (2025-10-19)"),
    ],
)
def test_an_as_of_before_the_agreement_is_refused_in_the_readers_language(cast, language, words):
    prepare_home()
    _speaks(cast.qa, language)
    form = {**FORM, "period": "week", "as_of": "2025-01-01"}
    html = signed_in(cast.qa).post("/bulletins/new/", form).content.decode()
    assert words in html, html
    assert "before the agreement came into force" not in html


@pytest.mark.parametrize(("language", "title"), [("ps", "ونه موندل شو"), ("ar", "غير موجود")])
def test_the_not_found_page_is_in_the_readers_language(cast, language, title):
    _speaks(cast.pk, language)
    response = signed_in(cast.pk).get("/cases/987654/")
    html = response.content.decode()
    assert response.status_code == 404 and f"<h1>{title}</h1>" in html
    assert "Not found" not in html


@pytest.mark.parametrize(
    ("language", "report", "lead"),
    [
        ("ps", "هېڅ راپور 987654 نشته", "هېڅ سرنښه 987654 نشته"),
        ("ar", "لا يوجد بلاغ 987654", "لا توجد معلومة أولية 987654"),
    ],
)
def test_an_actions_not_found_is_english_as_its_message_and_the_readers_in_words(
    cast, language, report, lead
):
    with translation.override(language):
        with pytest.raises(NotFound) as missing_report:
            get_visible_report(987654, cast.pk)
        with pytest.raises(NotFound) as missing_lead:
            do_dismiss_lead(987654, reason="Not ours.", acting_user=cast.qa)
        assert (missing_report.value.words(), missing_lead.value.words()) == (report, lead)
    assert (missing_report.value.message, missing_lead.value.message) == (
        "no report 987654",
        "no lead 987654",
    )
