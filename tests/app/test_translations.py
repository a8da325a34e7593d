"""The interface's message catalogues are complete and current (truce/locale, tools/messages.py).

Strict on purpose: every interface string marked in the code must be in every catalogue, translated, not
fuzzy, with the same placeholders, and compiled into the committed .mo. A new or changed string therefore
fails here until ``make messages`` has been run and the translations are written.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import messages as catalogues  # noqa: E402  (tools/messages.py, not a package)

LANGUAGES = catalogues.LANGUAGES
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext; .ci/run does)",
)


def _committed(language: str) -> polib.POFile:
    return polib.pofile(str(catalogues.catalogue(catalogues.PACKAGE, language)))


def test_every_language_of_the_settings_has_a_catalogue() -> None:
    from django.conf import settings

    offered = {code for code, _name in settings.LANGUAGES} - {"en"}
    assert offered == set(LANGUAGES)
    for language in LANGUAGES:
        assert catalogues.catalogue(catalogues.PACKAGE, language).is_file(), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header_is_the_languages_own(language: str) -> None:
    po = _committed(language)
    assert po.metadata["Plural-Forms"] == catalogues.PLURAL_FORMS[language]
    assert po.metadata["Language"] == language
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


@needs_gettext
def test_catalogues_hold_every_marked_string(tmp_path: Path) -> None:
    """Extract the code's strings afresh into a copy (the committed files are not touched) and compare:
    a string marked in a template or in Python but missing from the catalogues means `make messages` was
    not run; one in the catalogues that the code no longer has is stale."""
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "messages.py"), "extract", str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    for language in LANGUAGES:
        fresh = polib.pofile(str(catalogues.catalogue(tmp_path / "truce", language)))
        wanted = {(e.msgctxt, e.msgid, e.msgid_plural) for e in fresh}
        have = {(e.msgctxt, e.msgid, e.msgid_plural) for e in _committed(language) if not e.obsolete}
        missing = sorted(str(k) for k in wanted - have)
        stale = sorted(str(k) for k in have - wanted)
        assert not missing, f"{language}: not in the catalogue (run `make messages`): {missing[:10]}"
        assert not stale, f"{language}: no longer in the code (run `make messages`): {stale[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    po = _committed(language)
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    empty = [
        e.msgid
        for e in po
        if not e.obsolete
        and (not e.msgstr if not e.msgid_plural else not all(e.msgstr_plural.get(i) for i in _forms(po)))
    ]
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy translations, e.g. {fuzzy[:5]}"
    assert not empty, f"{language}: {len(empty)} of {len(po)} strings untranslated, e.g. {empty[:5]}"


def _forms(po: polib.POFile) -> range:
    nplurals = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    return range(nplurals)


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_passes_msgfmt_check_and_its_mo_is_current(language: str, tmp_path: Path) -> None:
    """``msgfmt --check``: a translation whose %(name)s placeholders differ from its msgid's, or a broken
    header or plural rule, fails. The committed .mo must be exactly what the .po compiles to."""
    po = catalogues.catalogue(catalogues.PACKAGE, language)
    fresh = tmp_path / "django.mo"
    done = subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    committed = po.with_suffix(".mo")
    assert committed.is_file(), f"{committed} missing: run `make messages`"
    assert committed.read_bytes() == fresh.read_bytes(), f"{committed} is stale: run `make messages`"


# Interface sentences of the pages below, in English: none may be left on a page in another language.
ENGLISH = {
    "/login/": ["Forgot your password?", "User name", "Skip to content"],
    "/password-reset/": ["Skip to content"],
    "/no-such-page/": ["There is nothing at this address that you may see."],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_in_another_language_show_no_english_interface_sentence(language: str) -> None:
    from django.test import Client

    client = Client(headers={"accept-language": language})
    for path, sentences in ENGLISH.items():
        page = client.get(path).content.decode()
        assert f'lang="{language}"' in page, path
        left = [s for s in sentences if s in page]
        assert not left, f"{language} {path}: still in English: {left}"
