"""The refusals of accounts, reports, leads, bulletins and rulings reach a page's reader in the reader's
language, while the API and the logs keep the English sentence (docs/languages.md). One refusal of each
app through its page, and the same refusal through the API or the action where the app has one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.app.story import signed_in
from tests.app.test_workflow_permissions import Scene
from truce.accounts.actions import do_deactivate_user
from truce.bulletins.models import Bulletin
from truce.cli import main
from truce.core import clock
from truce.demo import ARTICLES
from truce.errors import ActionError, TooManyRequests
from truce.instance import prepare_home
from truce.reports import quota, sniff
from truce.rulings.models import Ruling
from truce.sources.models import Lead, LeadStatus


def _speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def _html(response) -> str:
    return response.content.decode()


def test_an_admin_deactivating_their_own_account_reads_why_not_in_urdu(cast):
    _speaks(cast.admin, "ur")
    page = signed_in(cast.admin).post(f"/account/users/{cast.admin.pk}/deactivate/", follow=True)
    html = _html(page)
    assert "آپ اپنا اکاؤنٹ غیر فعال نہیں کر سکتے؛ کسی دوسرے منتظم سے کہیں" in html
    assert "cannot deactivate your own account" not in html
    assert cast.admin.__class__.objects.get(pk=cast.admin.pk).is_active
    with translation.override("ur"), pytest.raises(ActionError) as refused:
        do_deactivate_user(cast.admin.pk, acting_user=cast.admin)
    assert refused.value.message == "you cannot deactivate your own account; ask another administrator"


def test_a_report_submitted_twice_is_refused_in_urdu_on_the_page_and_in_english_by_the_api(cast):
    report = cast.api["pk"].file_report(draft=True).json()["id"]
    assert cast.api["pk"].post(f"/api/v1/reports/{report}/submit").status_code == 200
    _speaks(cast.pk, "ur")
    html = _html(signed_in(cast.pk).post(f"/reports/{report}/submit/", follow=True))
    assert f"رپورٹ {report} پہلے ہی جمع شدہ ہے" in html
    assert "already submitted" not in html
    answer = cast.api["pk"].client.post(
        f"/api/v1/reports/{report}/submit",
        content_type="application/json",
        headers={**cast.api["pk"].headers, "Accept-Language": "ur"},
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == f"report {report} is already submitted"


@pytest.fixture
def lead(cast):
    with clock.frozen(dt.datetime(2025, 10, 30, 9, 0, tzinfo=dt.UTC)):
        assert (
            main(["ingest", "--agreement", "pak-afg-2025", "--published", "2025-10-29", str(ARTICLES)]) == 0
        )
        yield Lead.objects.get()


def test_a_lead_dismissed_twice_is_refused_in_persian_on_the_page_and_in_english_by_the_api(cast, lead):
    qa = signed_in(cast.qa)
    assert qa.post(f"/leads/{lead.pk}/dismiss/", {"reason": "Not in the zone."}).status_code == 302
    _speaks(cast.qa, "fa")
    response = signed_in(cast.qa).post(f"/leads/{lead.pk}/dismiss/", {"reason": "Again."})
    html = _html(response)
    assert f"سرنخ {lead.pk} از قبل ردشده است؛ فقط سرنخ باز بررسی می‌شود" in html
    assert "only an open lead is triaged" not in html
    # the forms are gone from a triaged lead; the reason typed comes back beside the refusal
    assert response.status_code == 400 and "Again.</textarea>" in html
    answer = cast.api["qa"].client.post(
        f"/api/v1/leads/{lead.pk}/dismiss",
        data={"reason": "Again."},
        content_type="application/json",
        headers={**cast.api["qa"].headers, "Accept-Language": "fa"},
    )
    assert answer.status_code == 400
    assert answer.json()["message"] == f"lead {lead.pk} is already dismissed; only an open lead is triaged"
    assert Lead.objects.get().status == LeadStatus.DISMISSED


def test_a_party_edition_without_its_party_is_refused_in_turkish(cast, settings):
    settings.TRUCE_SESSION_IDLE_MINUTES = 60 * 24 * 365
    prepare_home()
    _speaks(cast.qa, "tr")
    form = {"period": "week", "edition": "party", "party": "", "language": "en", "fmt": "html", "as_of": ""}
    html = _html(signed_in(cast.qa).post("/bulletins/new/", form))
    assert "bir tarafın baskısı tarafı belirtir (--party CODE)" in html
    assert "names the party" not in html
    assert not Bulletin.objects.exists()


def test_a_ruling_without_its_commitment_is_refused_in_arabic_on_the_page_and_in_english_by_the_api(cast):
    scene = Scene(cast).to("replied")
    _speaks(cast.qa, "ar")
    data = {"outcome": "violation", "confidence": "fair", "reasons": "Craters.", "responsible_party": "AF"}
    html = _html(signed_in(cast.qa).post(f"/cases/{scene.case}/act/ruling/", data))
    assert "المخالفة تنتهك التزامًا من التزامات الاتفاق (C1" in html
    assert "breaches a commitment" not in html
    answer = cast.api["qa"].client.post(
        f"/api/v1/cases/{scene.case}/rulings",
        data=data,
        content_type="application/json",
        headers={**cast.api["qa"].headers, "Accept-Language": "ar"},
    )
    assert answer.status_code == 400
    problems = {p["field"]: p["message"] for p in answer.json()["problems"]}
    assert problems["commitment"].startswith("a violation breaches a commitment of the agreement (C1")
    assert not Ruling.objects.exists()


def test_the_filing_limit_says_the_wait_in_the_readers_words_and_in_english_for_the_api(cast, settings):
    settings.TRUCE_FILINGS_PER_HOUR = 1
    cast.api["pk"].file_report()
    with translation.override("tr"), pytest.raises(TooManyRequests) as limited:
        quota.check_filing(cast.pk)
    with translation.override("tr"):
        words = limited.value.words()
    assert "son bir saatte 1 rapor sundunuz" in words and "dakika" in words
    assert limited.value.message.startswith("you have filed 1 reports in the last hour")
    assert "minutes" in limited.value.message


def test_a_mislabelled_file_is_named_in_the_readers_language():
    problem = sniff.mismatch("image/jpeg", "photo.jpg", b"%PDF-1.7\n")
    assert problem is not None and problem.field == "file"
    assert "but its bytes are a PDF document" in problem.message
    with translation.override("ar"):
        assert "مستند PDF" in problem.words() and "PDF document" not in problem.words()


def test_a_site_visit_with_a_latitude_in_words_is_refused_in_pashto_with_what_was_typed_kept(cast):
    scene = Scene(cast).to("investigating")
    _speaks(cast.monitor, "ps")
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    data = {
        "visited_at_date": yesterday,
        "visited_at_time": "10:30",
        "place": "Post 7",
        "findings": "Fresh craters by the wall.",
        "lat": "north of the river",
    }
    response = signed_in(cast.monitor).post(f"/cases/{scene.case}/act/visit/", data)
    html = _html(response)
    assert response.status_code == 400
    assert "عرض البلد &#x27;north of the river&#x27; شمېره نه ده" in html
    assert "is not a number" not in html
    assert 'value="north of the river"' in html and "Fresh craters by the wall.</textarea>" in html


def test_a_meeting_before_the_agreement_is_refused_in_turkish_beside_its_field(cast, settings):
    from tests.app.test_meetings import BEFORE

    settings.TRUCE_SESSION_IDLE_MINUTES = 60 * 24 * 365
    _speaks(cast.qa, "tr")
    with clock.frozen(BEFORE):
        response = signed_in(cast.qa).post(
            "/meetings/new/", {"kind": "technical", "scheduled_for": "1999-11-06T12:00", "place": "X"}
        )
    html = _html(response)
    error = html.split('id="id_scheduled_for_error"', 1)[1].split("</div>", 1)[0]
    assert "1999-11-06 anlaşmanın yürürlüğe girişinden" in error and "yılı denetleyin" in error
    assert "before the agreement came into force" not in html
