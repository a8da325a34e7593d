"""User-entered text is isolated on the pages, so a right-to-left override (U+202E) typed into a title or
a file name cannot reorder what the page shows after it (``<bdi>…</bdi>``, still escaped)."""

from __future__ import annotations

import io

from django.template import Context, Template
from django.test import Client

from tests.app.story import PASSWORD, incident
from truce.reports.actions import do_add_evidence
from truce.reports.evidence_intake import EvidenceInput

RLO = "\u202e"
TITLE = f"Mortar fire near Chaman {RLO}FA yb deriF"
FILE_NAME = f"crater{RLO}gpj.exe"
PLACE = f"Chaman {RLO}<script>"


def page(path: str) -> str:
    browser = Client()
    assert browser.login(username="pk", password=PASSWORD)
    response = browser.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_title_with_an_override_is_isolated_on_the_case_list_case_page_and_report_page(cast):
    location = {**incident()["location"], "name": PLACE}
    filed = cast.api["pk"].file_report(incident=incident(title=TITLE, location=location)).json()
    for path in ("/cases/", f"/cases/{filed['case']}/", f"/reports/{filed['id']}/", "/reports/"):
        html = page(path)
        assert f"<bdi>{TITLE}</bdi>" in html, path
        assert TITLE not in html.replace(f"<bdi>{TITLE}</bdi>", ""), path  # nowhere un-isolated
    for path in ("/cases/", f"/reports/{filed['id']}/"):
        assert f"<bdi>Chaman {RLO}&lt;script&gt;</bdi>" in page(path), path


def test_a_file_name_with_an_override_is_isolated_on_the_report_page(cast):
    report = cast.api["pk"].file_report().json()["id"]
    # Through the action: Django's multipart parser drops U+202E from uploaded names, other paths do not.
    do_add_evidence(
        report,
        upload=io.BytesIO(b"photo bytes"),
        evidence=EvidenceInput(filename=FILE_NAME),
        acting_user=cast.pk,
    )
    html = page(f"/reports/{report}/")
    assert f"<bdi>{FILE_NAME}</bdi>" in html


def test_the_isolate_filter_escapes_and_leaves_empty_values_empty():
    template = Template("[{{ a|isolate }}][{{ b|isolate }}]")
    assert template.render(Context({"a": "<b>&", "b": ""})) == "[<bdi>&lt;b&gt;&amp;</bdi>][]"
