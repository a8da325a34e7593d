"""Page-speed benchmark: the dashboard, its map data, the case list and a case page at 10^3 and 10^5
incidents.

    python bench/pages/run.py [--sizes 1000,100000] [--samples 40] [--database-url URL]

Builds a throw-away instance (SQLite in a temporary TRUCE_HOME, or the PostgreSQL database named by
--database-url, which is emptied first), loads the Pakistan–Afghanistan agreement and its cast through the
actions, then inserts N cases with one submitted complaint each in bulk (straight rows: filing 10^5 reports
one by one through the actions would take an hour and measure the filing, not the pages), then stores
each party's case summaries as the actions would have (truce.cases.summaries.rebuild). The first case has
CASE_PAGE_REPORTS more complaints, for the case page. Each page is
requested through Django's test client, in-process (no network, no server), by a mediator (who sees every
case) and by a liaison (who sees about half, with summaries from its own reports). Prints p50/p95 in ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

PAGES = [
    ("dashboard", "/"),
    ("dashboard filtered", "/?party=AF&date_from=2025-11-01&date_to=2025-11-30"),
    ("map data", "/dashboard/map.geojson"),
    ("map data, zoomed", "/dashboard/map.geojson?bbox=66,30,67,31"),
    ("case list", "/cases/"),
    ("case list, page 20", "/cases/?page=20"),
    ("case list, search", "/cases/?q=Chaman"),
    ("case page", "/cases/{case}/"),
]
# The case the "case page" row shows: its complaint and this many more joined it.
CASE_PAGE_REPORTS = 200
SUB_EVENTS = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
]


def setup(database_url: str | None) -> None:
    home = tempfile.mkdtemp(prefix="truce-bench-pages-")
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


def cast() -> dict[str, object]:
    from django.conf import settings

    from truce.accounts.actions import do_add_user
    from truce.agreements import SHIPPED
    from truce.agreements.actions import do_load_agreement

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    do_load_agreement(SHIPPED / "pakistan-afghanistan-2025.toml", acting_user=None)
    people = {}
    for name, role, org in (("qa", "mediator", "QA"), ("pk", "liaison", "PK"), ("af", "liaison", "AF")):
        people[name] = do_add_user(
            name,
            role=role,
            organisation=org,
            agreement_id="pak-afg-2025",
            password="x" * 20,
            acting_user=None,
        )
    return people


def fill(n: int, start: int, people: dict[str, object]) -> None:
    """Cases start..start+n-1, each with one submitted complaint, spread over the border belt and over
    October 2025 to March 2026; parties alternate as complainant."""
    from truce.cases.models import Case
    from truce.reports.models import Report

    rng = random.Random(start)
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    cases, reports = [], []
    for i in range(start, start + n):
        filer = "pk" if i % 2 == 0 else "af"
        accused = "AF" if filer == "pk" else "PK"
        event, sub = SUB_EVENTS[i % len(SUB_EVENTS)]
        day = dt.date(2025, 10, 20) + dt.timedelta(days=rng.randrange(160))
        lat = Decimal(f"{rng.uniform(29.5, 36.0):.6f}")
        lon = Decimal(f"{rng.uniform(64.0, 72.0):.6f}")
        place = rng.choice(["Chaman", "Torkham", "Spin Boldak", "Angoor Adda", "Bajaur", "Khost", "Kunar"])
        status = rng.choice(["received", "admissible", "under_investigation", "awaiting_reply", "published"])
        cases.append(
            Case(
                agreement_id="pak-afg-2025", number=i + 1, reference=f"pak-afg-2025/{i + 1:06d}",
                title=f"{sub} near {place} #{i}", status=status, opened_at=now, event_type=event,
                sub_event_type=sub, incident_date=day, date_precision="day", place=place, lat=lat, lon=lon,
                accused_party=accused,
            )
        )  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=2000)
    ids = dict(Case.objects.filter(number__gt=start, number__lte=start + n).values_list("number", "id"))
    for c in cases:
        reports.append(
            Report(
                agreement_id="pak-afg-2025", kind="complaint", status="submitted",
                filed_by=people["pk" if c.accused_party == "AF" else "af"],
                filing_party="PK" if c.accused_party == "AF" else "AF", case_id=ids[c.number],
                created_at=now, submitted_at=now, title=c.title, event_type=c.event_type,
                sub_event_type=c.sub_event_type, incident_date=c.incident_date, date_precision="day",
                place=c.place, lat=c.lat, lon=c.lon, geo_precision=1, accused_party=c.accused_party,
                commitments=["C1"],
            )
        )  # fmt: skip
    if start == 0:
        # One case many reports joined (the case page's row): each a complaint by the same party.
        first = reports[0]
        reports += [
            Report(
                **{**{f.attname: getattr(first, f.attname) for f in Report._meta.concrete_fields}, "id": None}
            )
            for _ in range(CASE_PAGE_REPORTS)
        ]
    Report.objects.bulk_create(reports, batch_size=2000)
    # Rows inserted past the actions: store each party's summaries as the actions would have.
    from truce.cases.summaries import rebuild

    rebuild("pak-afg-2025")


def _signed_in(user: Any) -> Any:
    """A page client of ``user`` with every factor their role needs: mediators and admins are given an
    authenticator at the console (as the demo's are) and their session marked as having used it."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from truce.accounts.actions import do_provision_second_factor, has_second_factor, needs_second_factor

    client = Client()
    client.force_login(user)
    if needs_second_factor(user):
        if not has_second_factor(user):
            do_provision_second_factor(user, acting_user=None)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
    return client


def measure(
    people: dict[str, object], samples: int, viewers: list[str], cold: bool
) -> dict[tuple[str, str], tuple[float, float]]:
    """p50/p95 per viewer and page. ``cold``: the dashboard's cache is emptied before every request, as
    after a write (truce.web.dashboard._cached); otherwise repeated reads with nothing written between."""
    from django.core.cache import cache

    from truce.cases.models import Case

    case = Case.objects.get(number=1).pk

    out = {}
    for viewer in viewers:
        client = _signed_in(people[viewer])
        for name, url in PAGES:
            url = url.format(case=case)
            client.get(url)  # warm: template compilation, the agreement's parse cache
            times = []
            for _ in range(samples):
                if cold:
                    cache.clear()
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
            out[(viewer, name)] = (statistics.median(times), p95)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated incident counts, ascending")
    parser.add_argument("--samples", type=int, default=40, help="requests timed per page and size")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (it is emptied first)")
    parser.add_argument("--viewers", default="qa,pk", help="qa (mediator, sees all), pk (liaison, ~half)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    setup(args.database_url)
    from django.db import connection

    people = cast()
    have = 0
    results = {}
    for size in sizes:
        t0 = time.perf_counter()
        fill(size - have, have, people)
        have = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: {size} incidents inserted in {time.perf_counter() - t0:.1f} s", flush=True
        )
        viewers = args.viewers.split(",")
        results[size] = {
            state: measure(people, args.samples, viewers, cold=state == "cold") for state in ("cold", "warm")
        }
    for state in ("cold", "warm"):
        print(f"\n{state} ({'cache emptied before each request' if state == 'cold' else 'no write between'})")
        print(f"{'viewer':<9}{'page':<22}" + "".join(f"{f'{s:,} p50/p95 ms':>24}" for s in sizes))
        for viewer, name in results[sizes[0]][state]:
            row = f"{viewer:<9}{name:<22}"
            for size in sizes:
                p50, p95 = results[size][state][(viewer, name)]
                row += f"{f'{p50:.1f} / {p95:.1f}':>24}"
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
