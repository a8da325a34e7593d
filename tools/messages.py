"""The interface's message catalogues: ``make messages`` runs this.

``python tools/messages.py update`` extracts every marked string of the ``truce`` package (templates and
Python) into ``truce/locale/<lang>/LC_MESSAGES/django.po`` for each translated language, keeping what is
already translated (Django's makemessages, which merges with msgmerge), then writes each catalogue's
header the same way every time and compiles it (``msgfmt --check``) into ``django.mo``.

``python tools/messages.py extract DIR`` does the extraction only, into a copy of the package under DIR;
tests/app/test_translations.py compares that copy's catalogues with the committed ones.

Options that keep the catalogues from churning: locations by file only (a line moved is not a change),
no obsolete entries, no creation date in the header.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "truce"

# Every language of settings.LANGUAGES but English, the language of the msgids.
LANGUAGES = ("ur", "ps", "fa", "tr", "ar")

# gettext's plural rules, as CLDR gives the cardinal categories: Urdu and Pashto have "one" for 1 only;
# Dari (fa) counts 0 and 1 as "one"; Turkish distinguishes 1 from the rest; Arabic has six forms (zero,
# one, two, few 3-10, many 11-99, other).
PLURAL_FORMS = {
    "ur": "nplurals=2; plural=(n != 1);",
    "ps": "nplurals=2; plural=(n != 1);",
    "fa": "nplurals=2; plural=(n > 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
}

LANGUAGE_NAMES = {"ur": "Urdu", "ps": "Pashto", "fa": "Dari", "tr": "Turkish", "ar": "Arabic"}

# Folders with nothing to translate: the demo articles are news text (not interface), static files are
# not Django templates, and the framework-free core never imports Django — except that core/incident.py
# marks its problems' sentences with a gettext_noop of its own, which pages translate (reports/actions.py).
IGNORE = (
    "core/__init__.py",
    "core/agreement/*",
    "core/canonical.py",
    "core/clock.py",
    "core/extract/*",
    "core/matching.py",
    "core/penalties/*",
    "core/record/*",
    "core/taxonomy.py",
    "core/workflow.py",
    "demo_articles/*",
    "static/*",
)


def catalogue(package: Path, language: str) -> Path:
    return package / "locale" / language / "LC_MESSAGES" / "django.po"


def extract(package: Path) -> None:
    """Run makemessages over ``package`` (a ``truce`` folder), updating its locale/*/django.po."""
    (package / "locale").mkdir(exist_ok=True)
    command = [
        # The venv's django-admin rather than ``python -m django``, which would put the package folder (the
        # working directory) first on sys.path, where its modules could shadow others.
        str(Path(sys.executable).parent / "django-admin"),
        "makemessages",
        "--no-obsolete",
        "--add-location=file",
        "--no-wrap",
        "--extension=html,txt,py",
        *(f"--ignore={pattern}" for pattern in IGNORE),
        *(f"--locale={language}" for language in LANGUAGES),
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "truce.settings", "PYTHONPATH": str(ROOT)}
    subprocess.run(command, cwd=package, env=env, check=True, capture_output=True, text=True)
    for language in LANGUAGES:
        _normalise_header(catalogue(package, language), language)


def _normalise_header(po: Path, language: str) -> None:
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n\n")
    fields = {
        "Project-Id-Version": "Truce",
        "Report-Msgid-Bugs-To": "",
        "Language-Team": LANGUAGE_NAMES[language],
        "Language": language,
        "Plural-Forms": PLURAL_FORMS[language],
    }
    # A date in the header would change at every run; the placeholders mean nothing (git says who and when).
    head = re.sub(r'^"POT-Creation-Date: [^"]*\\n"\n', "", head, flags=re.MULTILINE)
    head = re.sub(r'^"PO-Revision-Date: YEAR-MO-DA HO:MI\+ZONE\\n"\n', "", head, flags=re.MULTILINE)
    head = re.sub(r'^"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"\n', "", head, flags=re.MULTILINE)
    for name, value in fields.items():
        head = re.sub(rf'^"{name}: [^"]*\\n"$', f'"{name}: {value}\\\\n"', head, flags=re.MULTILINE)
    # makemessages' template header starts with placeholder comments and a fuzzy flag; ours says what it is.
    lines = head.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("msgid"))
    comment = [
        f"# {LANGUAGE_NAMES[language]} ({language}) messages of the Truce interface.",
        "# Made by `make messages` (tools/messages.py); translate the msgstr lines only.",
        "#",
    ]
    po.write_text("\n".join(comment + lines[start:]) + sep + rest, encoding="utf-8")


def compile_all(package: Path) -> None:
    """``msgfmt --check`` each catalogue into its .mo: fails on a format mismatch between a msgid and its
    translation (a missing or extra %(name)s), a bad header or plural rule."""
    for language in LANGUAGES:
        po = catalogue(package, language)
        done = subprocess.run(
            ["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], capture_output=True, text=True
        )
        # Its warnings about the translator and revision-date header fields we leave out are noise.
        if done.returncode != 0:
            raise SystemExit(f"msgfmt --check {po}:\n{done.stderr}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        extract(PACKAGE)
        compile_all(PACKAGE)
        return 0
    if len(argv) == 2 and argv[0] == "extract":
        target = Path(argv[1]) / "truce"
        shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        extract(target)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
