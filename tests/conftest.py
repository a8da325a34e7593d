"""Test set-up shared by every suite: a private TRUCE_HOME per run, and the shared folder's location."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

import pytest  # noqa: E402


@pytest.fixture
def cast(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The named actors of tests/app/story.py, with evidence stored in this test's own folder."""
    from tests.app.story import make_cast

    settings.TRUCE_HOME = tmp_path / "home"
    # Argon2 is deliberately slow; the cast's nine passwords need no such protection in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_cast()


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """Says how many cells of the authorisation matrix ran (tests/app/test_authorization_matrix.py)."""
    cells = {
        report.nodeid
        for key in ("passed", "failed", "xfailed", "xpassed")
        for report in terminalreporter.stats.get(key, [])
        if "test_authorization_matrix.py::test_cell[" in report.nodeid
    }
    if cells:
        terminalreporter.write_line(f"authorization matrix: {len(cells)} cells")
