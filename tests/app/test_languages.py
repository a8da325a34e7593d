"""The interface language: from the browser's Accept-Language until chosen in the menu every page carries,
then remembered in the cookie and, for a signed-in user, on the user; `lang` and `dir` right on each page.

Until the catalogues are translated, a word shown translated is checked with one Django itself translates
("Password": كلمة المرور in Arabic, Parola in Turkish), which proves the page's string goes through
gettext in the active language.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from tests.app.story import log_in, signed_in
from truce.accounts.actions import do_set_language
from truce.accounts.models import Role, User
from truce.errors import ActionError, Forbidden

# The log-in form's "Password" label as the committed catalogues translate it (Dari: رمز عبور, not
# Django's own Iranian Persian گذرواژه: our catalogue comes first).
PASSWORD_WORD = {"en": "Password", "ar": "كلمة المرور", "tr": "Parola", "fa": "رمز عبور"}
DIRECTION = {"en": "ltr", "tr": "ltr", "ur": "rtl", "ps": "rtl", "fa": "rtl", "ar": "rtl"}


def _html_tag(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    found = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', response.content.decode())
    assert found, response.content[:300]
    return found.group(1), found.group(2)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "tr", "fa"])
def test_the_login_page_speaks_the_browsers_language(language):
    response = Client().get("/login/", headers={"accept-language": f"{language},en;q=0.5"})
    assert _html_tag(response) == (language, DIRECTION[language])
    assert PASSWORD_WORD[language] in response.content.decode()
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_a_language_not_offered_falls_back_to_english():
    response = Client().get("/login/", headers={"accept-language": "de"})
    assert _html_tag(response) == ("en", "ltr")
    assert "Password" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "ur", "ps", "fa", "tr", "ar"])
def test_lang_and_dir_on_several_pages(cast, language):
    client = signed_in(cast.pk)
    client.cookies["django_language"] = language
    for path in ("/", "/cases/", "/reports/", "/record/", "/account/tokens/", "/no-such-page/"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert _html_tag(response) == (language, DIRECTION[language]), path


@pytest.mark.parametrize("language", ["ar", "tr"])
def test_the_admins_pages_and_password_reset_carry_lang_and_dir(cast, language):
    admin = signed_in(cast.admin)
    admin.cookies["django_language"] = language
    for path in ("/account/users/", "/account/failed-logins/"):
        assert _html_tag(admin.get(path)) == (language, DIRECTION[language]), path
    visitor = Client()
    visitor.cookies["django_language"] = language
    for path in ("/password-reset/", "/password-reset/sent/", "/password-reset/done/"):
        assert _html_tag(visitor.get(path)) == (language, DIRECTION[language]), path


def test_every_page_offers_each_language_named_in_itself(cast):
    html = signed_in(cast.pk).get("/cases/").content.decode()
    menu = html.split('class="languages"', 1)[1].split("</form>", 1)[0]
    assert 'action="/language/"' in html
    for code, name, direction in [("en", "English", "ltr"), ("ar", "العربية", "rtl"), ("ps", "پښتو", "rtl")]:
        assert f'value="{code}" lang="{code}" dir="{direction}"' in menu
        assert f">{name}</button>" in menu
    assert 'name="next" value="/cases/"' in menu
    # The current language is marked as such, for screen readers too.
    assert 'value="en" lang="en" dir="ltr" aria-pressed="true"' in menu


def test_switching_in_the_menu_keeps_every_later_page_in_that_language_and_on_the_user(cast):
    client = Client()
    log_in(client, cast.pk)
    response = client.post("/language/", {"language": "ar", "next": "/reports/"})
    assert response.status_code == 302 and response["Location"] == "/reports/"
    for path in ("/reports/", "/cases/", "/"):
        assert _html_tag(client.get(path)) == ("ar", "rtl"), path
    cast.pk.refresh_from_db()
    assert cast.pk.language == "ar"
    # Remembered across log-out and log-in, in another browser too (no cookie there).
    client.post("/logout/")
    assert _html_tag(client.get("/login/")) == ("ar", "rtl")
    elsewhere = Client()
    log_in(elsewhere, cast.pk)
    page = elsewhere.get("/cases/")
    assert _html_tag(page) == ("ar", "rtl")
    # The cookie follows the user's choice, so the log-in page after log-out stays in it too.
    assert page.cookies["django_language"].value == "ar"


def test_a_second_choice_in_a_browser_without_the_cookie_is_the_one_the_cookie_keeps(cast):
    # The user chose Pashto elsewhere; in this browser (no cookie yet) they pick Urdu in the menu. The
    # cookie set by the menu must say Urdu, not the Pashto the user had when the request began, or the
    # pages after log-out go back to Pashto.
    do_set_language(cast.pk, "ps", acting_user=cast.pk)
    client = Client()
    log_in(client, cast.pk)
    client.cookies.pop("django_language", None)
    response = client.post("/language/", {"language": "ur", "next": "/cases/"})
    assert response.cookies["django_language"].value == "ur"
    client.post("/logout/")
    assert _html_tag(client.get("/login/")) == ("ur", "rtl")


def test_a_choice_made_before_signing_in_is_kept_on_the_user(cast):
    client = Client()
    client.post("/language/", {"language": "tr", "next": "/login/"})
    assert PASSWORD_WORD["tr"] in client.get("/login/").content.decode()
    log_in(client, cast.af)
    cast.af.refresh_from_db()
    assert cast.af.language == "tr"


def test_the_users_own_choice_wins_over_the_browser(cast):
    do_set_language(cast.monitor, "fa", acting_user=cast.monitor)
    client = Client()
    log_in(client, cast.monitor)
    response = client.get("/cases/", headers={"accept-language": "tr"})
    assert _html_tag(response) == ("fa", "rtl")


def test_an_unknown_language_is_refused_saying_so_and_nothing_changes(cast):
    client = signed_in(cast.pk)
    response = client.post("/language/", {"language": "xx", "next": "/cases/"}, follow=True)
    assert "There is no interface language “xx”" in response.content.decode()
    assert "django_language" not in client.cookies
    cast.pk.refresh_from_db()
    assert cast.pk.language == ""


def test_the_language_action_checks_who_and_what(cast):
    with pytest.raises(Forbidden):
        do_set_language(cast.pk, "ar", acting_user=cast.af)
    with pytest.raises(ActionError, match="unknown language 'de'"):
        do_set_language(cast.pk, "de", acting_user=cast.pk)
    cast.pk.refresh_from_db()
    assert cast.pk.language == ""


def test_the_api_keeps_english_machine_values(cast):
    do_set_language(cast.pk, "ar", acting_user=cast.pk)
    client = Client()
    client.cookies["django_language"] = "ar"
    answer = client.get("/api/v1/agreements", headers={"accept-language": "ar"})
    assert answer.status_code == 200
    assert "django_language" not in answer.cookies
    token_answer = cast.api["pk"].get("/api/v1/reports")
    assert token_answer.status_code == 200


def test_role_names_go_through_gettext():
    with translation.override("ar"):
        # Not yet translated in the catalogue: the English word comes back, but through gettext (lazy).
        assert str(Role.MEDIATOR.label) == translation.gettext("Mediator")
    assert Role.MEDIATOR.label.__class__.__name__ == "__proxy__"


def test_pages_show_a_commitments_title_in_the_readers_language(tmp_path):
    """The filter every page uses for agreement and commitment titles (truce.web.templatetags.titles)."""
    from django.template import engines

    from tests.app.story import PAK_AFG
    from truce.core.agreement import load_agreement

    text = PAK_AFG.read_text(encoding="utf-8")
    first = text.index("[[commitment]]")
    title_line = text.index("\ntitle = ", first)
    end = text.index("\n", title_line + 1)
    translated = text[:end] + '\ntitle_translations = { ps = "د پښتو سرلیک" }' + text[end:]
    source = tmp_path / PAK_AFG.name
    source.write_text(translated, encoding="utf-8")
    for extra in PAK_AFG.parent.iterdir():  # the zone files the agreement names, beside it
        if extra.is_dir():
            (tmp_path / extra.name).symlink_to(extra)
    commitment = load_agreement(source).commitments[0]
    page = engines["django"].from_string("{{ c|title_here }}")
    with translation.override("ps"):
        assert page.render({"c": commitment}) == "د پښتو سرلیک"
    with translation.override("ur"):
        assert page.render({"c": commitment}) == escape(commitment.title)


TEST_CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ar\\n"
"Plural-Forms: nplurals=6; "
"plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"

msgctxt "case status"
msgid "Received"
msgstr "وارد"

msgid "Declare admissible"
msgstr "إعلان المقبولية"

msgid "Declare inadmissible"
msgstr "إعلان عدم المقبولية"

msgid "[Truce] Choose a new password"
msgstr "[Truce] اختيار كلمة مرور جديدة"
"""


@pytest.fixture
def arabic_test_catalogue(settings, tmp_path):  # type: ignore[no-untyped-def]
    """A few Arabic entries compiled into a catalogue of its own, ahead of the committed ones: the words
    a page shows then prove they go through gettext, whatever the committed catalogues hold yet."""
    import shutil
    import subprocess

    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    folder = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(TEST_CATALOGUE, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True)
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]


def test_the_case_page_shows_status_and_next_steps_as_words_not_code_names(cast, arabic_test_catalogue):
    case_id = cast.api["pk"].file_report().json()["case"]
    qa = signed_in(cast.qa)
    english = qa.get(f"/cases/{case_id}/").content.decode()
    assert ">Received</strong>" in english
    assert "What can be done next: Declare admissible, Declare inadmissible" in english
    assert "declare_inadmissible" not in english.split("What can be done next", 1)[1].split("</p>", 1)[0]
    qa.post("/language/", {"language": "ar", "next": "/"})
    arabic = qa.get(f"/cases/{case_id}/").content.decode()
    assert ">وارد</strong>" in arabic
    assert "إعلان المقبولية, إعلان عدم المقبولية" in arabic


def test_the_reset_email_goes_out_in_the_readers_language(cast, arabic_test_catalogue):
    User.objects.filter(pk=cast.af.pk).update(email="af@example.org", language="ar")
    Client().post("/password-reset/", {"email": "af@example.org"}, headers={"accept-language": "en"})
    assert mail.outbox[-1].subject == "[Truce] اختيار كلمة مرور جديدة"


def test_every_workflow_verb_has_a_word():
    from truce.cases.models import CaseStatus, CaseTransition
    from truce.core.workflow import Status, Transition

    assert {t.value for t in Transition} == set(CaseTransition.values)
    assert {s.value for s in Status} == set(CaseStatus.values)


def test_the_refusal_page_carries_lang_and_dir(cast):
    report = cast.api["pk"].file_report().json()
    qa = signed_in(cast.qa)
    qa.cookies["django_language"] = "ps"
    # A mediator sees the report but does not file: the route refuses with 403, on a page of its own.
    response = qa.post(f"/reports/{report['id']}/submit/")
    assert response.status_code == 403
    assert _html_tag(response) == ("ps", "rtl")
    with translation.override("ps"):
        refusal = translation.gettext(
            "Your role may not do this here. If you think it should, ask a mediator or the operator."
        )
    assert refusal.startswith("Your role") is False and refusal in response.content.decode()
