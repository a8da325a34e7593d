"""The menu offers each role what it can use: observers and the admin file nothing and get no case notices,
so Reports and Inbox (always empty for them) are not offered; everyone signed in reaches the dashboard and
the public record, which was linked from nowhere."""

from __future__ import annotations

import re

import pytest

from tests.app.story import signed_in


def _menu(cast, name: str) -> list[str]:
    html = signed_in(cast.users[name]).get("/cases/").content.decode()
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.mark.parametrize("name", ["observer", "admin"])
def test_observers_and_the_admin_are_not_offered_reports_or_an_inbox(cast, name):
    links = _menu(cast, name)
    assert "/reports/" not in links and "/inbox/" not in links
    assert "/" in links and "/record/" in links


@pytest.mark.parametrize("name", ["pk", "monitor", "qa"])
def test_those_who_file_or_are_told_keep_reports_and_the_inbox(cast, name):
    links = _menu(cast, name)
    assert {"/", "/cases/", "/reports/", "/inbox/", "/record/"} <= set(links)
