"""Replay benchmark: `truce record replay` on an instance of N record entries.

    python bench/replay/run.py [--entries 100000] [--database-url URL] [--keep]

Builds a throw-away instance (SQLite in a temporary TRUCE_HOME, or the PostgreSQL database named by
--database-url, which is emptied first) holding the Pakistan–Afghanistan agreement and its cast, loaded
through the actions, then N entries in whole case histories of eight entries each: a complaint filed
(opening its case), admitted, a monitor assigned, the reply requested and given, a ruling drafted (veiled)
and signed by both mediators (in force and published on the second signature). Rows are written
directly and each event is encoded by ``truce.record.store.encode``, the function every action's
``append`` uses, then inserted in bulk, so the entries, their chain, commitments and openings are genuine
(the run checks the chain with ``check_chain`` before replaying); going through the actions themselves
(permission checks, notifications, the page-facing validation) would take an hour for 10^5 entries and
measure filing, not replay. A ruling of violation also has the penalty engine's proposals in the real
actions; here rulings find no violation, so the ledger holds no penalty (the tests cover penalties).

The replay then runs as its own process (`python -m truce record replay --format json`), whose wall time
and peak resident memory are printed; with --keep the instance's TRUCE_HOME is kept and printed, to run
`/usr/bin/time -v truce record replay` on it by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

ENTRIES_PER_CASE = 8
PLACES = [
    ("Chaman", Decimal("30.921000"), Decimal("66.459700")),
    ("Torkham", Decimal("34.100000"), Decimal("71.090000")),
    ("Spin Boldak", Decimal("31.000000"), Decimal("66.390000")),
]


def setup(database_url: str | None) -> str:
    home = tempfile.mkdtemp(prefix="truce-bench-replay-")
    os.environ["TRUCE_HOME"] = home
    os.environ.setdefault("TRUCE_SECRET_KEY", "bench-secret-key-not-for-production-" + "x" * 20)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "truce.settings"
    os.makedirs(os.path.join(home, "static"), exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if database_url:
        # A database kept from an earlier run: empty it, then put back the rows migrations create.
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    return home


def cast() -> dict[str, Any]:
    from django.conf import settings

    from truce.accounts.actions import do_add_user
    from truce.agreements import SHIPPED
    from truce.agreements.actions import do_load_agreement

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    do_load_agreement(SHIPPED / "pakistan-afghanistan-2025.toml", acting_user=None)
    people = {}
    for name, role, org in (
        ("qa", "mediator", "QA"),
        ("tr", "mediator", "TR"),
        ("pk", "liaison", "PK"),
        ("af", "liaison", "AF"),
        ("monitor", "monitor", ""),
    ):
        people[name] = do_add_user(
            name,
            role=role,
            organisation=org,
            agreement_id="pak-afg-2025",
            password="x" * 20,
            acting_user=None,
        )
    return people


def _incident(i: int, place: tuple[str, Decimal, Decimal], accused: str, day: dt.date) -> dict[str, Any]:
    name, lat, lon = place
    return {
        "title": f"Shelling near {name} #{i}",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": day.isoformat(),
        "date_precision": "day",
        "location": {
            "name": name,
            "country": "PK",
            "admin1": "Balochistan",
            "lat": str(lat),
            "lon": str(lon),
            "geo_precision": 1,
        },
        "actors": [],
        "fatalities": {"low": None, "best": None, "high": None},
        "commitments": ["C1"],
        "accused_party": accused,
        "description": "Rounds landed beside the post.",
        "language": "en",
    }


class BulkRecord:
    """Appends as ``truce.record.store.append`` does (the same ``encode``: chain, commitments, openings,
    veiling), numbering the entries itself and inserting them in bulk when flushed. Only for a loader that
    is the sole writer, inside one transaction per flush."""

    def __init__(self) -> None:
        from truce.record.models import Head

        head = Head.objects.get(id=1)
        self.size, self.digest = head.size, head.digest
        self.entries: list[Any] = []
        self.openings: list[Any] = []

    def append(self, event: Any, *, agreement: str, actor: Any, veiled: bool = False) -> None:
        from truce.record.store import encode

        row, openings = encode(
            event, agreement=agreement, actor=actor, veiled=veiled, index=self.size, prev=self.digest
        )
        self.entries.append(row)
        self.openings += openings
        self.size, self.digest = row.index + 1, row.digest

    def flush(self) -> None:
        from truce.record.models import Entry, Head, Opening

        Entry.objects.bulk_create(self.entries, batch_size=1000)
        Opening.objects.bulk_create(self.openings, batch_size=1000)
        Head.objects.filter(id=1).update(size=self.size, digest=self.digest)
        self.entries, self.openings = [], []


def one_case(i: int, people: dict[str, Any], clock_: Any, record: BulkRecord) -> None:
    """One case's history: eight entries and the rows they describe, as the actions write them."""
    from truce.cases.events import CaseAdmitted, MonitorAssigned, ReplyRequested, ReplySubmitted
    from truce.cases.models import Assignment, Case, Reply
    from truce.core import clock
    from truce.reports.events import ReportFiled
    from truce.reports.models import Report
    from truce.rulings.events import RulingDrafted, RulingSigned
    from truce.rulings.models import Ruling, Signature

    agreement = "pak-afg-2025"
    filer, accused = ("pk", "AF") if i % 2 == 0 else ("af", "PK")
    place = PLACES[i % len(PLACES)]
    day = dt.date(2025, 10, 20) + dt.timedelta(days=i % 150)
    incident = _incident(i, place, accused, day)
    now = clock_.advance(seconds=7)
    case = Case.objects.create(
        agreement_id=agreement, number=i + 1, reference=f"{agreement}/{i + 1:06d}",
        title=incident["title"], opened_at=now, event_type=incident["event_type"],
        sub_event_type=incident["sub_event_type"], incident_date=day, date_precision="day", place=place[0],
        lat=place[1], lon=place[2], accused_party=accused,
    )  # fmt: skip
    report = Report.objects.create(
        agreement_id=agreement, kind="complaint", status="submitted", filed_by=people[filer],
        filing_party=filer.upper(), case=case, created_at=now, submitted_at=now, title=incident["title"],
        event_type=incident["event_type"], sub_event_type=incident["sub_event_type"], incident_date=day,
        date_precision="day", place=place[0], lat=place[1], lon=place[2], geo_precision=1,
        accused_party=accused, commitments=["C1"],
    )  # fmt: skip
    filed = ReportFiled(
        report=report.pk, kind="complaint", status="submitted", filing_party=filer.upper(),
        accused_party=accused, case=case.pk, case_reference=case.reference, placed="opened", urgent=False,
        alerted=0, incident=incident,
    )  # fmt: skip
    record.append(filed, agreement=agreement, actor=people[filer])
    case.status = "admissible"
    record.append(CaseAdmitted(case=case.pk), agreement=agreement, actor=people["qa"])
    case.status = "under_investigation"
    Assignment.objects.create(case=case, monitor=people["monitor"], assigned_by=people["qa"], assigned_at=now)
    assigned = MonitorAssigned(case=case.pk, monitor="monitor", started_investigation=True)
    record.append(assigned, agreement=agreement, actor=people["qa"])
    case.status = "awaiting_reply"
    case.reply_requested_at = clock_.advance(seconds=1)
    case.reply_due_at = case.reply_requested_at + dt.timedelta(days=7)
    requested = ReplyRequested(
        case=case.pk, party=accused, due_at=clock.rfc3339(case.reply_due_at), notified=1
    )
    record.append(requested, agreement=agreement, actor=people["qa"])
    replier = people[accused.lower()]
    reply = Reply.objects.create(
        case=case, party=accused, submitted_by=replier, submitted_at=now, text="We deny it."
    )
    record.append(
        ReplySubmitted(case=case.pk, reply=reply.pk, party=accused, text=reply.text),
        agreement=agreement,
        actor=replier,
    )
    case.status = "ruling_drafted"
    ruling = Ruling.objects.create(
        case=case, agreement_id=agreement, number=i + 1, reference=f"{agreement}/R{i + 1}",
        outcome="no_violation" if i % 3 else "insufficient_evidence", confidence="fair",
        sub_event_type=case.sub_event_type, reasons="The evidence does not show a breach.",
        drafted_by=people["qa"], drafted_at=clock_.advance(seconds=1),
    )  # fmt: skip
    finding = {
        "outcome": ruling.outcome, "commitment": "", "responsible_party": "", "perpetrator": "",
        "perpetrator_type": "", "sub_event_type": ruling.sub_event_type, "confidence": ruling.confidence,
        "reasons": ruling.reasons, "evidence": [],
    }  # fmt: skip
    drafted = RulingDrafted(
        ruling=ruling.pk, case=case.pk, reference=ruling.reference, supersedes=None, finding=finding
    )
    record.append(drafted, agreement=agreement, actor=people["qa"], veiled=True)
    for n, signer in enumerate(("qa", "tr"), start=1):
        Signature.objects.create(ruling=ruling, officer=people[signer], body=signer.upper(), signed_at=now)
        last = n == 2
        if last:
            ruling.status, ruling.in_force_at = "in_force", clock_.advance(seconds=1)
            ruling.save(update_fields=["status", "in_force_at"])
            case.status, case.published_at = "published", ruling.in_force_at
        signed = RulingSigned(
            ruling=ruling.pk, case=case.pk, body=signer.upper(), signatures=n, in_force=last, published=last,
            superseded=None, penalties_proposed=[], as_of="", expired=[], event_version=3,
        )  # fmt: skip
        record.append(signed, agreement=agreement, actor=people[signer], veiled=not last)
    case.save()


def build(entries: int, people: dict[str, Any]) -> None:
    from django.db import transaction

    from truce.core import clock

    cases = entries // ENTRIES_PER_CASE
    with clock.frozen(dt.datetime(2025, 10, 21, tzinfo=dt.UTC)) as frozen:
        for start in range(0, cases, 250):
            with transaction.atomic():
                record = BulkRecord()
                for i in range(start, min(start + 250, cases)):
                    one_case(i, people, frozen, record)
                record.flush()
            print(
                f"\r  built {min(start + 250, cases)} of {cases} cases", end="", file=sys.stderr, flush=True
            )
    print(file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="record entries to build (about)")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first)")
    parser.add_argument("--keep", action="store_true", help="keep the instance's TRUCE_HOME and print it")
    args = parser.parse_args(argv)
    if args.entries < ENTRIES_PER_CASE:
        parser.error(f"--entries must be at least {ENTRIES_PER_CASE} (one case's history)")
    home = setup(args.database_url)
    try:
        people = cast()
        started = time.perf_counter()
        build(args.entries, people)
        built = time.perf_counter() - started
        from truce.record.models import Entry
        from truce.record.store import check_chain

        size = Entry.objects.count()
        chain = check_chain()
        if not chain.ok:
            print(f"the built record is broken at entry {chain.first_bad}: {chain.reason}", file=sys.stderr)
            return 2
        backend = "PostgreSQL" if args.database_url else "SQLite"
        print(f"instance: {size} entries built in {built:.1f} s ({backend}), chain checked")
        started = time.perf_counter()
        answer = subprocess.run(
            [sys.executable, "-m", "truce", "record", "replay", "--format", "json"],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            cwd=REPO,
        )
        wall = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if answer.returncode not in (0, 1):
            print(answer.stderr, file=sys.stderr)
            return 2
        result = json.loads(answer.stdout)
        print(
            f"replay: {result['entries']} entries in {result['seconds']:.1f} s (process wall {wall:.1f} s, "
            f"peak RSS {peak_mib:.0f} MiB), rebuilt "
            + ", ".join(f"{n} {kind}" for kind, n in result["rebuilt"].items() if n)
        )
        print(f"differences: {len(result['differences'])}, unreadable entries: {len(result['unreadable'])}")
        if args.keep:
            print(
                f"kept: TRUCE_HOME={home}"
                + (f" DATABASE_URL={args.database_url}" if args.database_url else "")
            )
        return answer.returncode
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
