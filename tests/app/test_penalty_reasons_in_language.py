"""A penalty's reasons in the reader's language: the ledger page and the party's notice write them from the
machine-readable reasons stored with the penalty, while the record, the API and the stored text keep the
engine's English sentence (which the same words give back in English)."""

from __future__ import annotations

from django.utils import translation

from tests.app.story import signed_in
from tests.app.test_workflow_permissions import Scene
from truce.notifications.models import Kind, Notification
from truce.penalties.models import Penalty
from truce.penalties.words import reasons_words


def _speaks(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def _proposed(cast) -> Penalty:
    Scene(cast).to("ruled")
    return Penalty.objects.get(status="proposed")


def test_the_reasons_written_in_english_are_the_stored_text(cast):
    penalty = _proposed(cast)
    assert penalty.reasons_text  # e.g. "ruling R1 within 30 days: 3 points ≥ 3"
    with translation.override("en"):
        assert reasons_words(penalty.reasons, penalty.reasons_text) == penalty.reasons_text


def test_the_reasons_are_written_in_each_language_without_english_words(cast):
    penalty = _proposed(cast)
    reference = penalty.reasons["variables"][0]["counted"][0]["reference"]
    for language in ("ur", "ps", "fa", "tr", "ar"):
        with translation.override(language):
            words = reasons_words(penalty.reasons, penalty.reasons_text)
        assert words != penalty.reasons_text, language
        assert reference in words, language  # the ruling counted is named, whatever the language
        for english in ("ruling", "within", "days", "points"):
            assert english not in words, (language, words)


def test_the_ledger_page_gives_the_reasons_in_urdu_and_the_api_in_english(cast):
    penalty = _proposed(cast)
    _speaks(cast.qa, "ur")
    html = signed_in(cast.qa).get("/ledger/pak-afg-2025/AF/").content.decode()
    with translation.override("ur"):
        urdu = reasons_words(penalty.reasons, penalty.reasons_text)
    assert urdu in html
    assert penalty.reasons_text not in html
    answer = cast.api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()
    shown = next(p for p in answer["penalties"] if p["id"] == penalty.pk)
    assert shown["reasons"] == penalty.reasons_text and "reasons_words" not in shown


def test_the_party_reads_a_confirmed_penalty_s_reasons_in_pashto(cast):
    penalty = _proposed(cast)
    cast.api["qa"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    cast.api["tr"].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed too."})
    notice = Notification.objects.get(kind=Kind.PENALTY_CONFIRMED, user=cast.af)
    assert notice.body == penalty.reasons_text  # the row keeps the English
    _speaks(cast.af, "ps")
    html = signed_in(cast.af).get("/inbox/").content.decode()
    with translation.override("ps"):
        pashto = reasons_words(penalty.reasons, penalty.reasons_text)
    assert pashto != penalty.reasons_text and pashto in html
    assert penalty.reasons_text not in html


def test_reasons_of_an_unknown_shape_are_shown_as_their_stored_text():
    text = "ruling R1 within 30 days: 3 points ≥ 3"
    with translation.override("ar"):
        assert reasons_words(None, text) == text
        assert reasons_words({"condition": "points_30d >=", "variables": []}, text) == text
        assert reasons_words({"condition": "points_30d >= 3", "variables": []}, text) == text
