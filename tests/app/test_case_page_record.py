"""The case page's "Record" section (truce/web/record_entries.py, templates/truce/_record_entries.html): the
entries about the case, its reports and rulings, in their public form, with links to their proofs that
work without the script, found by one query whatever their number."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.app.story import incident, signed_in
from truce.cases.events import CaseAdmitted, InvestigationStarted
from truce.instance import prepare_home
from truce.record.checkpoints import log_vkey, sign_checkpoint_now
from truce.record.models import Entry
from truce.record.store import append
from truce.record.tree import drop_cached_tree


def _complaint(cast: Any, **overrides: Any) -> dict[str, int]:
    filed = cast.api["pk"].file_report(incident=incident(**overrides)).json()
    return {"case": filed["case"], "report": filed["id"]}


def _page(cast: Any, name: str, case: int) -> str:
    response = signed_in(cast.users[name]).get(f"/cases/{case}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _record(page: str) -> str:
    start = page.index('id="record"')
    return page[start : page.index("</section>", start)]


def test_the_section_lists_the_case_entries_with_their_proofs_without_the_script(cast):
    prepare_home()
    drop_cached_tree()
    mine, other = (
        _complaint(cast),
        _complaint(
            cast,
            title="Mortar fire on Kunar",
            date="2025-11-01",
            location={"name": "Kunar", "country": "AF", "lat": 35.0, "lon": 71.3, "geo_precision": 1},
        ),
    )
    assert cast.api["qa"].post(f"/api/v1/cases/{mine['case']}/admit").status_code == 200
    signed = sign_checkpoint_now(force=True)
    assert signed is not None
    assert cast.api["qa"].post(f"/api/v1/cases/{mine['case']}/investigation").status_code == 200
    record = _record(_page(cast, "pk", mine["case"]))

    indices = {e.type: e.index for e in Entry.objects.filter(subject=f"case:{mine['case']}")}
    submitted = Entry.objects.get(subject=f"report:{mine['report']}", type="ReportFiled").index
    for index in (submitted, indices["CaseAdmitted"]):
        assert f'href="/api/v1/record/proof/inclusion?index={index}"' in record
        assert f'href="/api/v1/record/tlog-proof?index={index}"' in record
    assert "Report filed" in record and "(sealed: by, incident)" in record
    assert "Case admitted" in record
    # Not yet under a checkpoint: said, and no proof offered.
    late = record[record.index(f'data-index="{indices["InvestigationStarted"]}"') :]
    assert "not yet covered by a signed checkpoint" in late[: late.index("</tr>")]
    assert f"tlog-proof?index={indices['InvestigationStarted']}" not in record
    # Another case's entries are not listed; the Verify button waits for the script to show it.
    other_index = Entry.objects.get(subject=f"report:{other['report']}", type="ReportFiled").index
    assert other["case"] != mine["case"]
    assert f'data-index="{other_index}"' not in record
    assert '<button type="button" class="verify" hidden>Verify</button>' in record
    # The page pins the log key (the agreement lists none here: the server's, said so) and tells how to
    # check a proof file with the command-line verifier.
    assert f'data-log-vkey="{log_vkey()}"' in record
    assert "the agreement lists no record_key" in record
    assert "truce record verify-proof entry-N.tlog-proof --agreement AGREEMENT.toml --key" in record
    assert 'src="/static/truce/verify.js"' in record and 'type="module"' in record
    drop_cached_tree()


def test_a_veiled_entry_shows_only_its_public_form(cast):
    complaint = _complaint(cast)
    with transaction.atomic():
        veiled = append(
            InvestigationStarted(case=complaint["case"]), agreement="pak-afg-2025", actor=None, veiled=True
        )
    record = _record(_page(cast, "qa", complaint["case"]))
    row = record[record.index(f'data-index="{veiled.index}"') :]
    row = row[: row.index("</tr>")]
    assert "A sealed change" in row and 'data-type="Veiled"' in row
    assert "Investigation started" not in row and "InvestigationStarted" not in row


def test_the_case_page_query_count_does_not_grow_with_its_entries(cast):
    complaint = _complaint(cast)
    client = signed_in(cast.users["pk"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/cases/{complaint['case']}/").status_code == 200
        return len(captured.captured_queries)

    queries()  # the first page of a session also notes when it was last seen (truce.accounts.middleware)
    few = queries()
    with transaction.atomic():
        for _ in range(15):
            append(CaseAdmitted(case=complaint["case"]), agreement="pak-afg-2025", actor=None)
    assert queries() == few
    assert _page(cast, "pk", complaint["case"]).count("Case admitted") == 15


def _script_words(record: str) -> dict[str, str]:
    start = record.index('<script id="record-words" type="application/json">')
    body = record[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def test_the_scripts_words_are_on_the_page_for_translation(cast):
    """verify.js reads what it says from the page (translated there), placeholders left for it to fill."""
    complaint = _complaint(cast)
    said = _script_words(_record(_page(cast, "pk", complaint["case"])))
    assert said["inconsistent"] == (
        "the proof does not lead to the signed root: the server's answer is not consistent"
    )
    assert said["includedOn"].startswith(
        "Included in the record at size {size}, checkpoint signed by {origin} on {time}"
    )
    assert said["calendar"] == "gregory"
    # Each way a check can fail has its own words, not only the two the page once carried.
    assert said["hashLength"] == "proof hash {n} is not 32 bytes"
    assert said["badCosignature"] == "the cosignature of {name} does not verify"


def test_the_scripts_words_and_calendar_are_the_readers(cast):
    # Most of what verify.js said was English whatever the page's language, its times Gregorian.
    complaint = _complaint(cast)
    cast.pk.language = "ps"
    cast.pk.save(update_fields=["language"])
    said = _script_words(_record(_page(cast, "pk", complaint["case"])))
    english = verify_words_in("en")
    assert set(said) == set(english)
    for key, words in said.items():
        if key != "calendar":
            assert words != english[key], key
            assert sorted(re.findall(r"\{\w+\}", words)) == sorted(re.findall(r"\{\w+\}", english[key])), key
    assert said["calendar"] == "persian"


def verify_words_in(language: str) -> dict[str, str]:
    from django.utils import translation

    from truce.web.record_entries import verify_words

    with translation.override(language):
        return verify_words()


def test_every_event_a_case_page_lists_has_words_in_every_language():
    import inspect

    from django.utils import translation

    from truce.cases import events as case_events
    from truce.record.events import RecordEvent
    from truce.reports import events as report_events
    from truce.rulings import events as ruling_events
    from truce.web.record_entries import EVENT_WORDS

    listed = {
        name
        for module in (case_events, report_events, ruling_events)
        for name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, RecordEvent) and cls.__module__ == module.__name__
    } - {"CaseEvent"}  # the base of the case events, never appended itself
    assert listed <= set(EVENT_WORDS)
    for language in ("ur", "ps", "fa", "tr", "ar"):
        with translation.override(language):
            for event_type, words in EVENT_WORDS.items():
                with translation.override("en"):
                    english = str(words)
                assert str(words) != english, (language, event_type)


def test_the_event_names_are_in_the_readers_language(cast):
    # They were English phrases made from the event's class name on every page, whatever the language.
    complaint = _complaint(cast)
    assert cast.api["qa"].post(f"/api/v1/cases/{complaint['case']}/admit").status_code == 200
    cast.pk.language = "tr"
    cast.pk.save(update_fields=["language"])
    record = _record(_page(cast, "pk", complaint["case"]))
    assert "Report filed" not in record and "Case admitted" not in record
    assert "Bildirim sunuldu" in record and "Dosya kabul edilebilir ilan edildi" in record
    assert 'data-type="ReportFiled"' in record  # the machine name stays for the script's check
