"""How pages show times: short UTC for events, the agreement's clock for the reply deadline."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tests.app.story import PASSWORD
from truce.core.clock import frozen
from truce.web.templatetags.truce_format import when


def test_when_shortens_rfc3339_and_keeps_the_machine_value():
    assert when("2025-10-26T07:40:00.123456Z") == (
        '<time datetime="2025-10-26T07:40:00.123456Z">2025-10-26 07:40 UTC</time>'
    )
    assert when(None) == "—"
    assert when("not a time") == "not a time"


def test_reply_deadline_is_shown_on_the_agreements_clock(cast):
    with frozen(dt.datetime(2025, 10, 28, 4, 0, tzinfo=dt.UTC)):
        case = cast.api["pk"].file_report().json()["case"]
        cast.api["qa"].post(f"/api/v1/cases/{case}/admit")
        cast.api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
        cast.api["qa"].post(f"/api/v1/cases/{case}/reply-request")
    client = Client()
    client.login(username="af", password=PASSWORD)
    page = client.get(f"/cases/{case}/").content.decode()
    assert "<strong>2025-10-31 09:00</strong> (Asia/Karachi)" in page
    assert "2025-10-31 04:00 UTC" in page
