"""ACLED's event, sub-event and actor types, the process types and an agreement's quorum are shown on pages
in the reader's words (truce/web/words.py); the API and the stored values keep the codebook's names.

Reproduced first: a report, case and the case list said "Shelling/artillery/missile attack" and "State
forces" on Urdu and Pashto pages, and a penalty's confirmation awaited "one officer of each mediator"
inside a translated sentence."""

from __future__ import annotations

import html

import pytest
from django.utils import translation

from tests.app.story import signed_in
from tests.app.test_workflow_permissions import Scene
from truce.core.agreement.quorum import Quorum
from truce.core.taxonomy import ACLED, ACTOR_TYPES, PROCESS_TYPES, SUB_EVENT_TYPES
from truce.web.words import ACTOR_TYPE_WORDS, INCIDENT_TYPE_WORDS, incident_type, quorum_words

LANGUAGES = ("ur", "ps", "fa", "tr", "ar")


def test_every_name_of_the_taxonomy_has_words_in_every_language():
    assert set(INCIDENT_TYPE_WORDS) == set(ACLED) | set(SUB_EVENT_TYPES) | set(PROCESS_TYPES)
    assert set(ACTOR_TYPE_WORDS) == set(ACTOR_TYPES)
    for language in LANGUAGES:
        with translation.override(language):
            for name, words in [*INCIDENT_TYPE_WORDS.items(), *ACTOR_TYPE_WORDS.items()]:
                assert str(words) != name, (language, name)


def test_an_agreements_own_category_is_shown_as_written():
    with translation.override("ps"):
        assert incident_type("Attack from territory") == "Attack from territory"
        assert incident_type("") == ""


@pytest.mark.parametrize(
    "quorum",
    [
        Quorum("each-mediator", 1),
        Quorum("any-mediator", 1),
        Quorum("mission", 1),
        Quorum("mission", 3),
        Quorum("count", 2),
    ],
)
def test_the_quorum_says_in_english_what_the_core_says_and_is_translated(quorum):
    with translation.override("en"):
        assert quorum_words(quorum) == quorum.describe()
    for language in LANGUAGES:
        with translation.override(language):
            assert quorum_words(quorum) != quorum.describe(), language


def _page(cast, user, path: str) -> str:
    user.language = "ur"
    user.save(update_fields=["language"])
    response = signed_in(user).get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_report_case_and_list_pages_show_the_types_in_the_readers_words(cast):
    filed = cast.api["pk"].file_report().json()
    with translation.override("ur"):
        shelling = incident_type("Shelling/artillery/missile attack")
        remote = incident_type("Explosions/Remote violence")
        state = str(ACTOR_TYPE_WORDS["State forces"])
    report = _page(cast, cast.pk, f"/reports/{filed['id']}/")
    assert shelling in report and remote in report and state in report
    assert "Shelling/artillery/missile attack" not in report and "(State forces" not in report
    cases = _page(cast, cast.pk, "/cases/")
    assert shelling in cases and "Shelling/artillery/missile attack" not in cases
    assert shelling in _page(cast, cast.qa, f"/cases/{filed['case']}/")


def test_the_ruling_form_names_actor_types_in_words_and_sends_the_codebooks_name(cast):
    scene = Scene(cast).to("replied")
    with translation.override("ur"):
        state = str(ACTOR_TYPE_WORDS["State forces"])
    case = _page(cast, cast.qa, f"/cases/{scene.case}/")
    assert f'<option value="State forces">{state}</option>' in case


def test_the_filters_and_the_filing_form_offer_the_types_in_the_readers_words(cast):
    with translation.override("ur"):
        battles = incident_type("Battles")
        clash = incident_type("Armed clash")
    dashboard = _page(cast, cast.qa, "/")
    assert f'<option value="Battles">{battles}</option>' in dashboard
    form = _page(cast, cast.pk, "/reports/new/")
    assert f'<option value="Armed clash">{clash}</option>' in form
    assert f'<optgroup label="{battles}">' in form


def test_the_map_data_carries_the_type_in_the_readers_words_beside_its_name(cast):
    cast.api["pk"].file_report()
    cast.qa.language = "ps"
    cast.qa.save(update_fields=["language"])
    feature = signed_in(cast.qa).get("/dashboard/map.geojson").json()["features"][0]["properties"]
    assert feature["event_type"] == "Explosions/Remote violence"
    with translation.override("ps"):
        assert feature["event_words"] == incident_type("Explosions/Remote violence") != feature["event_type"]
