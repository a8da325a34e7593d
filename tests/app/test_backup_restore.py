"""`truce backup` while officers keep filing, `truce restore` into an empty instance: nothing acknowledged is
lost, the record verifies against the checkpoint the witnesses cosigned before the backup, and every
damaged, incomplete or unsafe archive is refused with its reason while the target stays untouched.

Runs on SQLite and PostgreSQL (restoring into its own empty database, TRUCE_TEST_RESTORE_DATABASE_URL or
truce_backup_restore on the test server); the backup taken while a thread files needs a file SQLite database
(TRUCE_TEST_SQLITE_FILE=1) or PostgreSQL."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from tests.app.story import make_cast
from tests.app.test_record_world import RunningWitness, load_witnessed_agreement, start_witness
from truce.backup import MANIFEST, BackupError, create_backup, new_key, restore_backup
from truce.instance import prepare_home
from truce.record.checkpoints import log_signer, log_vkey, sign_checkpoint_now
from truce.record.tree import drop_cached_tree
from truce.record.witnesses import collect_cosignatures
from truce.reports import evidence_store

REPO = Path(__file__).resolve().parents[2]
RESTORE_DB = os.environ.get("TRUCE_TEST_RESTORE_DATABASE_URL", "")

pytestmark = pytest.mark.django_db(transaction=True)


def _in_memory() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


def _restore_url() -> str:
    """An empty PostgreSQL database on the test server (or 127.0.0.1), made anew for each restore."""
    import dj_database_url
    import psycopg

    d = connection.settings_dict if connection.vendor == "postgresql" else {}
    url = RESTORE_DB or (
        f"postgres://{d.get('USER') or 'postgres'}@{d.get('HOST') or '127.0.0.1'}:{d.get('PORT') or 5432}"
        "/truce_backup_restore"
    )
    target = dj_database_url.parse(url)
    admin = {"dbname": "postgres", "user": target["USER"], "password": target["PASSWORD"]}
    admin |= {"host": target["HOST"], "port": target["PORT"]}
    with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target["NAME"]}"')
    return url


@dataclass
class Instance:
    cast: Any
    home: Path
    tmp: Path
    witnesses: list[RunningWitness]
    vkey: str
    trusted: Path  # a checkpoint both witnesses cosigned before any backup
    evidence: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes, every file filed

    @property
    def database(self) -> dict[str, Any]:
        return connections["default"].settings_dict

    def backup(self, name: str = "backup.tar.gz", **kw: Any) -> Path:
        out = self.tmp / name
        create_backup(out, home=self.home, database=self.database, **kw)
        return out


def _story(cast: Any, instance_evidence: dict[str, bytes]) -> None:
    """A complaint with evidence (one protected, with a redacted rendition), admitted, a monitor's
    evidence, a reply, a ruling signed by both mediators and the penalty it triggers, confirmed."""
    api = cast.api
    filed = api["pk"].file_report()
    assert filed.status_code == 201, filed.content
    report, case_id = filed.json()["id"], filed.json()["case"]
    for content, protected in ((b"crater photograph, north side", "false"), (b"witness statement", "true")):
        added = api["pk"].add_file(report, content=content, source_protected=protected)
        assert added.status_code == 201, added.content
        instance_evidence[added.json()["sha256"]] = content
    upload = io.BytesIO(b"I, [withheld], saw the rounds land.")
    upload.name = "redacted.txt"
    rendition = api["pk"].upload(
        f"/api/v1/reports/{report}/evidence/{added.json()['id']}/rendition", {"file": upload}
    )
    assert rendition.status_code == 201, rendition.content
    assert api["qa"].post(f"/api/v1/cases/{case_id}/admit").json()["status"] == "admissible"
    api["qa"].post(f"/api/v1/cases/{case_id}/monitors", {"monitor": "monitor"})
    photo = io.BytesIO(b"fragments of 82 mm mortar rounds")
    photo.name = "fragments.jpg"
    found = api["monitor"].upload(
        f"/api/v1/cases/{case_id}/evidence", {"file": photo, "reliability": "A", "credibility": "2"}
    )
    assert found.status_code == 201, found.content
    instance_evidence[found.json()["sha256"]] = b"fragments of 82 mm mortar rounds"
    api["qa"].post(f"/api/v1/cases/{case_id}/reply-request")
    api["af"].post(f"/api/v1/cases/{case_id}/replies", {"text": "Our posts did not fire."})
    drafted = api["qa"].post(
        f"/api/v1/cases/{case_id}/rulings",
        {
            "outcome": "violation",
            "commitment": "C1",
            "responsible_party": "AF",
            "perpetrator": "Afghan border forces",
            "perpetrator_type": "State forces",
            "confidence": "fair",
            "reasons": "The craters and fragments match the complaint.",
            "evidence": [found.json()["id"]],
        },
    )
    assert drafted.status_code == 201, drafted.content
    for mediator in ("qa", "tr"):
        api[mediator].post(f"/api/v1/rulings/{drafted.json()['id']}/signatures")
    ledger = api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()
    (proposed,) = [p for p in ledger["penalties"] if p["status"] == "proposed"]
    for mediator in ("tr", "qa"):
        confirmed = api[mediator].post(
            f"/api/v1/penalties/{proposed['id']}/confirmation", {"reason": "Agreed."}
        )
    assert confirmed.json()["status"] == "confirmed", confirmed.content


@pytest.fixture
def instance(settings, tmp_path) -> Iterator[Instance]:  # type: ignore[no-untyped-def]
    settings.TRUCE_HOME = tmp_path / "home"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    prepare_home()
    cast = make_cast()
    origin, vkey = log_signer().name, log_vkey()
    witnesses = [start_witness(tmp_path, f"witness.{p}.example/truce", origin, vkey) for p in ("pk", "qa")]
    settings.TRUCE_WITNESS_URLS = ",".join(f"{w.name}={w.url}" for w in witnesses)
    load_witnessed_agreement(tmp_path, witnesses, quorum=2)
    drop_cached_tree()
    made = Instance(cast, Path(settings.TRUCE_HOME), tmp_path, witnesses, vkey, tmp_path / "trusted.txt")
    _story(cast, made.evidence)
    checkpoint = sign_checkpoint_now(force=True)
    assert checkpoint is not None
    assert len(collect_cosignatures()) == 2
    checkpoint.refresh_from_db()
    assert checkpoint.note.count("\n— witness.") == 2  # cosigned by both
    made.trusted.write_text(checkpoint.note, encoding="utf-8")
    yield made
    for w in witnesses:
        w.server.shutdown()
        w.server.server_close()
    drop_cached_tree()


def _truce(*args: str, home: Path, database_url: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TRUCE_TEST_SQLITE_FILE")}
    environment |= {"TRUCE_HOME": str(home), **env}
    if database_url:
        environment["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "truce", *args],
        env=environment,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )


def _target(instance: Instance, name: str = "restored") -> tuple[Path, dict[str, Any], str]:
    """An empty instance of the same database kind: its TRUCE_HOME, Django database dict and URL."""
    home = instance.tmp / name
    if connection.vendor == "sqlite":
        return home, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(home / "truce.sqlite3")}, ""
    import dj_database_url

    url = _restore_url()
    return home, dj_database_url.parse(url), url


def _manifest(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile(MANIFEST)
        assert member is not None
        return json.loads(member.read())  # type: ignore[no-any-return]


RENDITIONS_SQL = (
    "SELECT e.sha256, r.sha256 FROM reports_evidencerendition r "
    "JOIN reports_evidence e ON e.id = r.evidence_id"
)


def _restored_rows(home: Path, url: str, sql: str) -> list[tuple[Any, ...]]:
    if not url:
        import sqlite3

        with sqlite3.connect(home / "truce.sqlite3") as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchall()


def _file_continuously(
    cast: Any, stop: threading.Event, acknowledged: list[tuple[int, str]]
) -> tuple[threading.Thread, list[BaseException]]:
    """Pakistan's second officer files a complaint with a file, again and again; each is appended to
    ``acknowledged`` once both answers said 201."""
    errors: list[BaseException] = []

    def work() -> None:
        n = 0
        try:
            while not stop.is_set():
                n += 1
                filed = cast.api["pk2"].file_report()
                assert filed.status_code == 201, filed.content
                added = cast.api["pk2"].add_file(
                    filed.json()["id"], content=f"photo {n} during backup".encode()
                )
                assert added.status_code == 201, added.content
                acknowledged.append((filed.json()["id"], added.json()["sha256"]))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, errors


def test_a_backup_taken_while_officers_file_restores_whole_and_verifies_against_the_witnesses(
    instance, settings
):
    if _in_memory():
        pytest.skip(
            "an in-memory SQLite database takes one writer at a time: run with TRUCE_TEST_SQLITE_FILE=1"
        )
    settings.TRUCE_FILINGS_PER_HOUR = settings.TRUCE_UPLOADS_PER_HOUR = 0  # the thread files fast
    stop, acknowledged = threading.Event(), []
    thread, errors = _file_continuously(instance.cast, stop, acknowledged)
    deadline = time.monotonic() + 60
    while len(acknowledged) < 3 and not errors and time.monotonic() < deadline:
        time.sleep(0.05)
    before = list(acknowledged)  # acknowledged before the snapshot began
    archive = instance.backup()
    time.sleep(0.3)  # the thread goes on filing after the snapshot
    stop.set()
    thread.join(timeout=60)
    assert not thread.is_alive() and not errors, errors
    assert len(before) >= 3

    home, _database, url = _target(instance)
    done = _truce("restore", str(archive), home=home, database_url=url)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "the restored record and evidence check out" in done.stdout
    manifest = _manifest(archive)
    record = manifest["record"]
    assert f"record: {record['size']} entries" in done.stdout
    trusted_size = int(instance.trusted.read_text().split("\n")[1])  # the note's second line
    assert record["latest_checkpoint"]["size"] >= trusted_size and record["size"] > trusted_size
    # Every filing acknowledged before the snapshot is there, with its evidence file, hash intact.
    reports = {row[0] for row in _restored_rows(home, url, "SELECT id FROM reports_report")}
    assert {report for report, _ in before} <= reports
    named = {
        row[0] for row in _restored_rows(home, url, "SELECT sha256 FROM reports_evidence WHERE kind = 'file'")
    }
    for sha in [sha for _, sha in before] + list(instance.evidence):
        assert sha in named
        path = home / "evidence" / "originals" / sha[:2] / sha[2:4] / sha
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
        assert path.stat().st_mode & 0o777 == 0o400
    for sha, content in instance.evidence.items():
        assert (home / "evidence" / "originals" / sha[:2] / sha[2:4] / sha).read_bytes() == content
    (rendition,) = _restored_rows(home, url, RENDITIONS_SQL)
    assert (home / "evidence" / "renditions" / rendition[0] / rendition[1]).is_file()
    # Files the snapshot did not name (filed after it) are not in the archive.
    members = {m["path"] for m in manifest["members"]}
    assert len([m for m in members if m.startswith("home/evidence/originals/")]) == len(named)
    assert (home / "keys" / "log.key").read_text() == (instance.home / "keys" / "log.key").read_text()
    assert (home / "secret_key").stat().st_mode & 0o777 == 0o600

    # The restored instance extends the log its witnesses saw: they cosign its next checkpoint, and the
    # exported record verifies against the keys the agreement pins and the checkpoint cosigned before.
    exported = _truce(
        "record",
        "export",
        "--out",
        str(instance.tmp / "bundle"),
        "--public",
        home=home,
        database_url=url,
        TRUCE_WITNESS_URLS=settings.TRUCE_WITNESS_URLS,
    )
    assert exported.returncode == 0, exported.stderr + exported.stdout
    verified = _truce(
        "record",
        "verify",
        str(instance.tmp / "bundle"),
        "--agreement",
        str(instance.tmp / "witnessed.toml"),
        "--key",
        instance.vkey,
        "--trusted",
        str(instance.trusted),
        home=home,
        database_url=url,
    )
    assert verified.returncode == 0, verified.stderr + verified.stdout
    assert "consistent with the trusted checkpoint" in verified.stdout
    assert "WARNING" not in verified.stdout


def test_an_encrypted_backup_restores_only_with_its_key(instance):
    keyfile = instance.tmp / "backup.key"
    recipient = new_key(keyfile)
    assert keyfile.stat().st_mode & 0o777 == 0o600
    archive = instance.backup("backup.tar.gz.age", recipient=recipient)
    assert archive.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert b"crater photograph" not in archive.read_bytes()
    home, database, _url = _target(instance)
    with pytest.raises(BackupError, match="is encrypted: give the key file with --decrypt-with"):
        restore_backup(archive, home=home, database=database)
    other = instance.tmp / "other.key"
    new_key(other)
    with pytest.raises(BackupError, match="cannot be decrypted with"):
        restore_backup(archive, home=home, database=database, identity_file=other)
    assert not home.exists()
    result = restore_backup(archive, home=home, database=database, identity_file=keyfile)
    assert result.manifest["database"] == connection.vendor
    assert (home / "keys" / "log.key").is_file()


def test_a_backup_leaves_out_orphans_and_refuses_a_named_file_that_is_missing(instance):
    orphan = evidence_store.put([b"stored, then the action rolled back"], limit=1000)
    archive = instance.backup()
    paths = {m["path"] for m in _manifest(archive)["members"]}
    assert not any(orphan.sha256 in p for p in paths)
    from truce.record.check import check_evidence

    problems, lines = check_evidence()
    assert problems == [] and any(
        "orphans: 1 stored files" in line and orphan.sha256 in line for line in lines
    )
    assert evidence_store.original_path(orphan.sha256).exists()  # reported, never deleted

    sha = next(iter(instance.evidence))
    path = evidence_store.original_path(sha)
    path.rename(path.with_name("moved-away"))
    with pytest.raises(BackupError, match=f"evidence file .*{sha} is named by the database but missing"):
        instance.backup("second.tar.gz")
    assert not (instance.tmp / "second.tar.gz").exists()
    problems, _ = check_evidence()
    assert problems == [
        f"evidence file evidence/originals/{sha[:2]}/{sha[2:4]}/{sha} is named by the database but missing"
    ]


# --- refusals: each names what is wrong, and the target is left as it was ---------------------------


def _rewrite(archive: Path, out: Path, change: Any) -> Path:
    """A copy of the archive with its members passed through ``change(name, data) -> [(name, data), ...]``."""
    with (
        tarfile.open(archive, "r:gz") as source,
        gzip.open(out, "wb") as zipped,
        tarfile.open(fileobj=zipped, mode="w|") as tar,
    ):
        for info in source:
            data = source.extractfile(info).read()  # type: ignore[union-attr]
            for name, payload in change(info.name, data):
                new = tarfile.TarInfo(name)
                new.size = len(payload)
                tar.addfile(new, io.BytesIO(payload))
    return out


def _evidence_member(archive: Path) -> str:
    manifest = _manifest(archive)
    return next(m["path"] for m in manifest["members"] if m["path"].startswith("home/evidence/originals/"))


def _flip(data: bytes) -> bytes:
    return bytes([data[0] ^ 1]) + data[1:]


REFUSALS = {
    "truncated": (None, "the archive is truncated or damaged|has no MANIFEST.json"),
    "flipped byte in a member": (
        lambda ev: lambda n, d: [(n, _flip(d) if n == ev else d)],
        "member {ev}: MANIFEST.json says SHA-256 [0-9a-f]{{64}}, the archive's bytes hash to [0-9a-f]{{64}}",
    ),
    "missing member": (
        lambda ev: lambda n, d: [] if n == ev else [(n, d)],
        "member {ev} is listed in MANIFEST.json but missing from the archive",
    ),
    "extra member": (
        lambda ev: lambda n, d: [(n, d)] + ([("home/evidence/originals/extra", b"x")] if n == ev else []),
        "member home/evidence/originals/extra is in the archive but not listed in MANIFEST.json",
    ),
    "member ../x": (
        lambda ev: lambda n, d: [(n, d)] + ([("home/../x", b"x")] if n == ev else []),
        r"member 'home/\.\./x' leads outside its folder",
    ),
    "absolute member": (
        lambda ev: lambda n, d: [(n, d)] + ([("/etc/x", b"x")] if n == ev else []),
        "member '/etc/x' is an absolute path",
    ),
    "no manifest": (
        lambda ev: lambda n, d: [] if n == MANIFEST else [(n, d)],
        "the archive has no MANIFEST.json",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_damaged_archive_is_refused_naming_what_is_wrong_and_nothing_changes(instance, case):
    archive = instance.backup()
    ev = _evidence_member(archive)
    change, message = REFUSALS[case]
    bad = instance.tmp / "bad.tar.gz"
    if change is None:
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    else:
        _rewrite(archive, bad, change(ev))
    home, _database, url = _target(instance)
    done = _truce("restore", str(bad), home=home, database_url=url)
    assert done.returncode == 1, done.stdout
    assert re.search(message.format(ev=re.escape(ev)), done.stderr), done.stderr
    assert "nothing was changed" in done.stderr
    assert not home.exists()
    assert not [p for p in instance.tmp.iterdir() if p.name.startswith(".restored")]  # no staging left
    if url:
        assert _restored_rows(
            home, url, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ) == [(0,)]


def test_a_link_member_is_refused(instance):
    archive = instance.backup()
    bad = instance.tmp / "link.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(bad, "w:gz") as tar:
        for info in source:
            tar.addfile(info, source.extractfile(info))
        link = tarfile.TarInfo("home/keys/stolen")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    home, database, _url = _target(instance)
    with pytest.raises(BackupError, match="member 'home/keys/stolen' is not a regular file"):
        restore_backup(bad, home=home, database=database)
    assert not home.exists()


def test_a_restore_refuses_a_target_that_is_not_empty_or_of_another_kind(instance):
    archive = instance.backup()
    home, database, _url = _target(instance)
    home.mkdir()
    (home / "notes.txt").write_text("kept")
    with pytest.raises(BackupError, match=rf"TRUCE_HOME {home} is not empty \(notes.txt\)"):
        restore_backup(archive, home=home, database=database)
    assert [p.name for p in home.iterdir()] == ["notes.txt"]
    if connection.vendor == "postgresql":
        # The PostgreSQL database the instance runs on is not empty either.
        with pytest.raises(BackupError, match=r"is not empty \(\d+ tables\)"):
            restore_backup(archive, home=instance.tmp / "fresh", database=instance.database)
        other = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(instance.tmp / "fresh" / "truce.sqlite3"),
        }
        kind = "the backup holds a postgresql database but this instance is set up for sqlite"
    else:
        import dj_database_url

        other = dj_database_url.parse(_restore_url())
        kind = "the backup holds a sqlite database but this instance is set up for postgresql"
    with pytest.raises(BackupError, match=kind):
        restore_backup(archive, home=instance.tmp / "fresh", database=other)
    assert not (instance.tmp / "fresh").exists()


def test_the_commands_back_up_encrypted_and_restore_saying_what_they_did(instance, capsys):
    from truce.cli import main

    keyfile = instance.tmp / "backup.key"
    assert main(["backup", "--new-key", str(keyfile)]) == 0
    recipient = capsys.readouterr().out.rsplit("--encrypt-to ", 1)[1].strip()
    assert recipient.startswith("age1")
    assert main(["backup", "--new-key", str(keyfile)]) == 1
    assert "exists; refusing to overwrite a key" in capsys.readouterr().err
    archive = instance.tmp / "backup.tar.gz.age"
    assert main(["backup", "--out", str(archive), "--encrypt-to", recipient]) == 0
    out = capsys.readouterr().out
    assert f"wrote {archive}: " in out and ", encrypted, in " in out and "latest checkpoint size " in out
    assert archive.stat().st_mode & 0o777 == 0o600
    assert main(["backup", "--out", str(archive)]) == 1
    assert "exists; choose a new file name" in capsys.readouterr().err
    assert main(["backup", "--out", str(instance.tmp / "x"), "--encrypt-to", "not-a-key"]) == 1
    assert "is not an age recipient" in capsys.readouterr().err
    assert not (instance.tmp / "x").exists()

    home, _database, url = _target(instance)
    done = _truce("restore", str(archive), "--decrypt-with", str(keyfile), home=home, database_url=url)
    assert done.returncode == 0, done.stderr
    assert f"into {home}" in done.stdout and "evidence: " in done.stdout and "chain: " in done.stdout


def test_the_manifest_and_the_files_listed_are_of_the_moment_the_database_was_copied(instance, monkeypatch):
    """A filing that commits between the snapshot and the backup's own queries is in neither the dump nor
    the manifest's record size: they are one moment."""
    if _in_memory():
        pytest.skip(
            "an in-memory SQLite database takes one writer at a time: run with TRUCE_TEST_SQLITE_FILE=1"
        )
    import truce.backup
    from truce.record.models import Head

    real = truce.backup._record_state
    late: list[int] = []

    def file_meanwhile(cursor: Any) -> dict[str, Any]:
        def work() -> None:
            try:
                filed = instance.cast.api["pk2"].file_report()
                added = instance.cast.api["pk2"].add_file(filed.json()["id"], content=b"filed meanwhile")
                late.append(added.status_code)
            finally:
                connections.close_all()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=60)
        return real(cursor)

    monkeypatch.setattr(truce.backup, "_record_state", file_meanwhile)
    archive = instance.backup()
    assert late == [201]
    manifest = _manifest(archive)
    assert manifest["record"]["size"] < Head.objects.get(id=1).size  # the filing came after the snapshot
    assert not any(m["size"] == len(b"filed meanwhile") for m in manifest["members"])
    home, database, url = _target(instance)
    restore_backup(archive, home=home, database=database)
    assert _restored_rows(home, url, f"SELECT size FROM {Head._meta.db_table}") == [
        (manifest["record"]["size"],)
    ]


def test_pg_tools_that_are_missing_or_older_than_the_server_are_named(settings, tmp_path):
    from truce.backup import _check_tool_version, pg_tool

    settings.TRUCE_PG_BIN = str(tmp_path)
    with pytest.raises(BackupError, match=f"pg_dump was not found in TRUCE_PG_BIN={tmp_path}: install"):
        pg_tool("pg_dump")
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.4'\n")
    old.chmod(0o700)
    assert pg_tool("pg_dump") == str(old)
    with pytest.raises(BackupError, match=r"is version 13 but the server is PostgreSQL 16: .* TRUCE_PG_BIN"):
        _check_tool_version(str(old), 160002)
    _check_tool_version(str(old), 130010)  # the same major version is fine


def test_a_published_bulletins_file_is_backed_up_and_restored_with_its_hash(instance):
    published = instance.cast.api["qa"].post(
        "/api/v1/bulletins",
        {
            "agreement": "pak-afg-2025",
            "period": "week",
            "edition": "public",
            "language": "en",
            "format": "html",
        },
    )
    assert published.status_code == 201, published.content
    sha256 = published.json()["sha256"]
    archive = instance.backup("backup.tar.gz")
    assert f"home/bulletins/{sha256}.html" in {m["path"] for m in _manifest(archive)["members"]}
    home, database, _url = _target(instance)
    restore_backup(archive, home=home, database=database)
    restored = home / "bulletins" / f"{sha256}.html"
    assert hashlib.sha256(restored.read_bytes()).hexdigest() == sha256


@pytest.mark.parametrize("where", ["inside", "elsewhere"])
def test_a_restore_that_fails_at_its_last_step_leaves_the_target_empty(instance, monkeypatch, where):
    """The last steps (the PostgreSQL dump loaded, the SQLite file given its name, the folders flushed)
    can still fail — a full disk, say. What was already put in place is taken back: the target stays empty
    (the folder made ready for it, the database), and a second restore into it then works."""
    import truce.backup as backup

    archive = instance.backup()
    home, database, url = _target(instance)
    if where == "elsewhere":
        if url:
            pytest.skip("a PostgreSQL database has no file to put elsewhere")
        database = {**database, "NAME": str(instance.tmp / "db-disk" / "truce.sqlite3")}
    home.mkdir()  # a folder made ready for the restore: it stays, empty
    real_fsync_dir = backup._fsync_dir

    def full_disk(path: Path) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(backup, "_fsync_dir", full_disk)
    with pytest.raises(OSError, match="No space left on device"):
        restore_backup(archive, home=home, database=database)
    assert home.is_dir() and not list(home.iterdir())
    assert not [p for p in instance.tmp.iterdir() if p.name.startswith(".restored")]  # no staging left
    if url:
        tables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        assert _restored_rows(home, url, tables) == [(0,)]
    else:
        assert not Path(database["NAME"]).exists()
        assert not list(Path(database["NAME"]).parent.glob("*restoring*"))

    monkeypatch.setattr(backup, "_fsync_dir", real_fsync_dir)
    done = restore_backup(archive, home=home, database=database)
    assert done.members > 0 and (home / "keys").is_dir()
    if url:
        tables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        assert _restored_rows(home, url, tables)[0][0] > 10
    else:
        assert Path(database["NAME"]).is_file()


def test_a_backup_after_a_key_rotation_restores_and_still_verifies_from_the_first_key(instance, settings):
    from truce.record.checkpoints import rotate_log_key

    done = rotate_log_key()
    assert len(collect_cosignatures(done.handover)) == 2  # both witnesses adopt the new key
    instance.cast.api["pk"].file_report()
    latest = sign_checkpoint_now(force=True)
    assert latest is not None
    assert len(collect_cosignatures()) == 2
    archive = instance.backup()
    home, _database, url = _target(instance)
    restored = _truce("restore", str(archive), home=home, database_url=url)
    assert restored.returncode == 0, restored.stderr + restored.stdout
    keys = home / "keys"
    assert (keys / "log.key").read_text() == (instance.home / "keys" / "log.key").read_text()
    assert [p.name for p in keys.glob("log.key.*.retired")] == [done.retired_file.name]  # type: ignore[union-attr]
    status = _truce("status", home=home, database_url=url)
    assert f"record key: {done.new_vkey}" in status.stdout, status.stdout + status.stderr
    # The restored instance signs with the new key, the witnesses cosign, and the bundle verifies from
    # the agreement's first key through the handover, consistent with a checkpoint kept from before it.
    bundle = instance.tmp / "bundle"
    exported = _truce(
        "record", "export", "--out", str(bundle), "--public",
        home=home, database_url=url, TRUCE_WITNESS_URLS=settings.TRUCE_WITNESS_URLS,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr + exported.stdout
    verified = _truce(
        "record", "verify", str(bundle), "--agreement", str(instance.tmp / "witnessed.toml"),
        "--key", instance.vkey, "--trusted", str(instance.trusted),
        home=home, database_url=url,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr + verified.stdout
    assert f"handed over at checkpoint {done.handover.size}, to {done.new_vkey}" in verified.stdout
    assert "WARNING" not in verified.stdout
