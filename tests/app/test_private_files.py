"""Everything in TRUCE_HOME is private to the account that runs Truce: after `truce init` and a filing
with evidence, files are 0600 (evidence originals read-only 0400) and folders 0700, even under the common
umask 022, and files left readable by others before are tightened at start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.app.story import PAK_AFG, REPO

FILE_WITH_EVIDENCE = """
import io
from truce.cli.base import setup_django
setup_django()
from tests.app.story import incident
from truce.accounts.actions import do_add_user
from truce.record.tree import reading_tree
from truce.reports.actions import do_add_evidence, do_file_report
from truce.reports.evidence_intake import EvidenceInput

pk = do_add_user("pk", role="liaison", organisation="PK", agreement_id="pak-afg-2025", acting_user=None)
report = do_file_report(agreement_id="pak-afg-2025", incident=incident(), acting_user=pk)
photo = io.BytesIO(b"photo bytes")
do_add_evidence(report.pk, upload=photo, evidence=EvidenceInput(filename="crater.jpg"), acting_user=pk)
with reading_tree():
    pass
"""


def _run(args: list[str], home: Path) -> None:
    env = {**os.environ, "TRUCE_HOME": str(home), "DJANGO_SETTINGS_MODULE": "truce.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("TRUCE_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),  # what most systems give a login shell
    )
    assert result.returncode == 0, result.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_and_a_filing_with_evidence_leave_only_private_files(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    stray = home / "notes.txt"
    stray.write_text("copied in by hand")
    os.chmod(stray, 0o644)

    _run(["-m", "truce.cli", "init", "--agreement", str(PAK_AFG)], home)
    _run(["-c", FILE_WITH_EVIDENCE], home)

    originals = [p for p in (home / "evidence" / "originals").rglob("*") if p.is_file()]
    assert len(originals) == 1 and mode(originals[0]) == 0o400
    for name in ("truce.sqlite3", "secret_key", "keys/log.key", "keys/log.pub", "record-nodes.sqlite3"):
        assert mode(home / name) == 0o600, name
    assert mode(stray) == 0o600
    for path in [home, *home.rglob("*")]:
        if path.is_dir():
            assert mode(path) == 0o700, path
        elif path not in originals:
            assert mode(path) == 0o600, path  # including any -wal and -shm files left behind
