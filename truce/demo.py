"""The demo instance: the Pakistan–Afghanistan agreement, one user per role, and reports written for
the demo from public facts of October and November 2025 (figures are as the parties' own statements
gave them, marked as claims; descriptions are ours). Everything goes through the actions, so the demo's
record is a real record."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from pathlib import Path
from typing import Any

from truce import instance
from truce.accounts.actions import do_add_user
from truce.accounts.models import User
from truce.agreements import SHIPPED
from truce.agreements.actions import do_load_agreement
from truce.reports.actions import do_add_evidence, do_file_report
from truce.reports.evidence_intake import EvidenceInput

AGREEMENT_FILE = SHIPPED / "pakistan-afghanistan-2025.toml"
AGREEMENT_ID = "pak-afg-2025"

# (user name, role, organisation)
USERS = [
    ("mediator-qa", "mediator", "QA"),
    ("mediator-tr", "mediator", "TR"),
    ("monitor", "monitor", ""),
    ("liaison-pk", "liaison", "PK"),
    ("liaison-af", "liaison", "AF"),
    ("observer", "observer", ""),
    ("admin", "admin", ""),
]

KURRAM = {
    "title": "Infiltration attempt from Afghan territory into Kurram",
    "sub_event_type": "Attack from territory",
    "date": "2025-10-25",
    "date_precision": "day",
    "location": {
        "name": "Kurram",
        "country": "PK",
        "admin1": "Khyber Pakhtunkhwa",
        "lat": 33.8667,
        "lon": 70.2500,
        "geo_precision": 2,
    },
    "actors": [
        {
            "name": "Armed group crossing from Afghanistan (as named by Pakistan)",
            "type": "Rebel group",
            "role": "perpetrator",
        },
        {"name": "Pakistani security forces", "type": "State forces", "role": "target"},
    ],
    "fatalities": {"low": 5, "best": 30, "high": 30},
    "commitments": ["C2"],
    "accused_party": "AF",
    "description": (
        "Demo report. Pakistan's military said that on the night of 25 October armed men tried to cross "
        "from Afghanistan into Kurram and were engaged at the border; it gave its own losses as five "
        "soldiers and said about twenty-five attackers died across this and a second attempt. Pakistan "
        "holds that the group operated from Afghan territory. Figures are Pakistan's claim."
    ),
    "language": "en",
}

WAZIRISTAN = {
    **KURRAM,
    "title": "Infiltration attempt from Afghan territory into North Waziristan",
    "location": {
        "name": "Spinwam, North Waziristan",
        "country": "PK",
        "admin1": "Khyber Pakhtunkhwa",
        "lat": 32.8500,
        "lon": 70.3800,
        "geo_precision": 2,
    },
    "fatalities": {"low": None, "best": None, "high": None},
    "description": (
        "Demo report. The second of the two crossings Pakistan's military described for 25-26 October, "
        "in North Waziristan. Pakistan gave one casualty total for both; none is given here separately."
    ),
}

SPIN_BOLDAK = {
    "title": "Fire across the border at Spin Boldak during the Istanbul round",
    "sub_event_type": "Armed clash",
    "date": "2025-11-06",
    "date_precision": "day",
    "location": {
        "name": "Spin Boldak",
        "country": "AF",
        "admin1": "Kandahar",
        "lat": 31.0058,
        "lon": 66.3997,
        "geo_precision": 1,
    },
    "actors": [
        {"name": "Pakistani border forces", "type": "State forces", "role": "perpetrator"},
        {"name": "Residents of Spin Boldak", "type": "Civilians", "role": "target"},
    ],
    "fatalities": {"low": 4, "best": 5, "high": 5},
    "commitments": ["C1"],
    "accused_party": "PK",
    "description": (
        "Demo report. The Afghan side said Pakistani forces fired light and heavy weapons into Spin "
        "Boldak on 6 November, while delegations met in Istanbul, and that civilians were killed. "
        "Pakistan said its forces had answered fire from the Afghan side. Figures are illustrative."
    ),
    "language": "en",
}

SPIN_BOLDAK_OBSERVATION = {
    "title": "Exchange of fire between Chaman and Spin Boldak",
    "sub_event_type": "Armed clash",
    "date": "2025-11-06",
    "date_precision": "day",
    "location": {
        "name": "Chaman–Spin Boldak crossing",
        "country": "PK",
        "admin1": "Balochistan",
        "lat": 30.9500,
        "lon": 66.4300,
        "geo_precision": 2,
    },
    "actors": [
        {"name": "Pakistani border forces", "type": "State forces", "role": "other"},
        {"name": "Afghan border forces", "type": "State forces", "role": "other"},
    ],
    "fatalities": {"low": None, "best": None, "high": None},
    "description": (
        "Demo observation. Monitor's note from the crossing: both sides' posts fired for a period in the "
        "afternoon; the crossing closed; who fired first was not seen from the monitor's position."
    ),
    "language": "en",
}

KHOST_DRAFT = {
    "title": "Night strikes on homes in Khost",
    "sub_event_type": "Air/drone strike",
    "date": "2025-11-25",
    "date_precision": "day",
    "location": {
        "name": "Khost",
        "country": "AF",
        "admin1": "Khost",
        "lat": 33.3395,
        "lon": 69.9204,
        "geo_precision": 2,
    },
    "actors": [{"name": "Pakistani military (alleged)", "type": "State forces", "role": "perpetrator"}],
    "fatalities": {"low": 10, "best": 10, "high": 10},
    "commitments": ["C1", "C3"],
    "accused_party": "PK",
    "description": (
        "Demo draft, not yet submitted: the Afghan side alleged strikes on houses; Pakistan denied them."
    ),
    "language": "en",
}


def _logins_file() -> Path:
    return instance.home() / "demo-logins.txt"


def ensure_users() -> list[tuple[str, str, str]]:
    """Create the demo users once; return (user, role, password) for printing."""
    logins: list[tuple[str, str, str]] = []
    stored = {}
    if _logins_file().exists():
        for line in _logins_file().read_text().splitlines():
            name, role, password = line.split("\t")
            stored[name] = (role, password)
    for name, role, org in USERS:
        if name in stored and User.objects.filter(username=name).exists():
            logins.append((name, stored[name][0], stored[name][1]))
            continue
        password = "demo-" + secrets.token_urlsafe(9)
        user = User.objects.filter(username=name).first()
        if user is None:
            do_add_user(
                name,
                role=role,
                organisation=org,
                agreement_id=AGREEMENT_ID if role not in ("observer", "admin") else None,
                password=password,
                acting_user=None,
            )
        logins.append((name, role, password))
    _logins_file().write_text("".join(f"{n}\t{r}\t{p}\n" for n, r, p in logins))
    _logins_file().chmod(0o600)
    return logins


def second_factors() -> dict[str, tuple[str, list[str]]]:
    """For each demo user whose role needs a second factor: the authenticator secret (base32, for an app)
    and the recovery codes not yet used, each good for one login. Created on first call."""
    from base64 import b32encode

    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from truce.accounts.actions import do_provision_second_factor, has_second_factor, needs_second_factor

    out: dict[str, tuple[str, list[str]]] = {}
    for user in User.objects.filter(username__in=[n for n, _, _ in USERS]).order_by("username"):
        if not needs_second_factor(user):
            continue
        if not has_second_factor(user):
            do_provision_second_factor(user, acting_user=None, codes=5)
        device = TOTPDevice.objects.get(user=user)
        codes = list(
            StaticToken.objects.filter(device__user=user).order_by("id").values_list("token", flat=True)
        )
        out[user.username] = (b32encode(device.bin_key).decode("ascii"), codes)
    return out


def _text_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def ensure_reports() -> int:
    """File the demo reports once (the demo is set up when any report exists)."""
    from truce.reports.models import Report

    if Report.objects.filter(agreement_id=AGREEMENT_ID).exists():
        return 0
    users: dict[str, Any] = {
        u.username: u for u in User.objects.filter(username__in=[n for n, _, _ in USERS])
    }
    pk, af, monitor = users["liaison-pk"], users["liaison-af"], users["monitor"]

    kurram = do_file_report(agreement_id=AGREEMENT_ID, incident=KURRAM, acting_user=pk)
    do_add_evidence(
        kurram.pk,
        upload=_text_file("Summary of the military statement of 26 October 2025, prepared for the demo.\n"),
        evidence=EvidenceInput(
            filename="statement-summary.txt",
            media_type="text/plain",
            description="Our summary of the Pakistani military's public statement",
            obtained_how="Written by the liaison office from the published statement",
            reliability="B",
            credibility="3",
        ),
        acting_user=pk,
    )
    do_file_report(agreement_id=AGREEMENT_ID, incident=WAZIRISTAN, acting_user=pk)
    spin = do_file_report(agreement_id=AGREEMENT_ID, incident=SPIN_BOLDAK, acting_user=af)
    do_add_evidence(
        spin.pk,
        upload=_text_file("Statement of a resident of Wesh Mandi taken on 7 November 2025 (demo text).\n"),
        evidence=EvidenceInput(
            filename="resident-statement.txt",
            media_type="text/plain",
            description="A resident's account of the firing",
            obtained_how="Interview by the Afghan liaison office",
            obtained_from="Resident of Wesh Mandi (name held by the liaison office)",
            source_protected=True,
            reliability="C",
            credibility="3",
        ),
        acting_user=af,
    )
    do_file_report(agreement_id=AGREEMENT_ID, incident=SPIN_BOLDAK_OBSERVATION, acting_user=monitor)
    do_file_report(agreement_id=AGREEMENT_ID, incident=KHOST_DRAFT, draft=True, acting_user=af)
    assert kurram.case_id is not None and spin.case_id is not None  # submitted reports are in cases
    _advance_cases(users, kurram.case_id, spin.case_id)
    return Report.objects.filter(agreement_id=AGREEMENT_ID).count()


def _advance_cases(users: dict[str, Any], kurram_case: int, spin_case: int) -> None:
    """Put the demo's cases in several states: Kurram ruled (a violation in force, published, with a
    penalty proposed), North Waziristan under investigation, Spin Boldak awaiting Pakistan's reply."""
    from truce.cases.actions.investigation import (
        do_assign_monitor,
        do_log_site_visit,
        do_record_access_denial,
    )
    from truce.cases.actions.replies import do_request_reply, do_submit_reply
    from truce.cases.actions.workflow import do_admit_case
    from truce.cases.models import Case
    from truce.core import clock
    from truce.rulings.actions import do_draft_ruling, do_sign_ruling

    qa, tr, monitor, af = users["mediator-qa"], users["mediator-tr"], users["monitor"], users["liaison-af"]
    waziristan_case = Case.objects.exclude(pk__in=[kurram_case, spin_case]).get(agreement_id=AGREEMENT_ID).pk
    for case_id in (kurram_case, waziristan_case, spin_case):
        do_admit_case(case_id, acting_user=qa)
        do_assign_monitor(case_id, monitor="monitor", acting_user=tr)
    earlier = clock.now() - dt.timedelta(hours=6)
    do_log_site_visit(
        kurram_case,
        visited_at=earlier,
        place="Border post north of Parachinar",
        findings="Demo finding: spent cases and a breached fence line on the border side of the post; the "
        "post's log records the engagement at 23:40.",
        acting_user=monitor,
    )
    do_record_access_denial(
        kurram_case,
        denied_by_party="AF",
        denied_at=earlier + dt.timedelta(hours=2),
        place="Crossing point opposite the post",
        denied_by="Local border commander",
        description="Demo: the monitoring team was not allowed to reach the far side of the fence.",
        acting_user=monitor,
    )
    do_request_reply(kurram_case, acting_user=qa)
    do_submit_reply(
        kurram_case,
        text="Demo reply: no group crosses from our territory with our knowledge; the men named were not "
        "under our command.",
        acting_user=af,
    )
    ruling = do_draft_ruling(
        kurram_case,
        outcome="violation",
        commitment="C2",
        responsible_party="AF",
        perpetrator="Armed group operating from across the border",
        perpetrator_type="Rebel group",
        confidence="fair",
        reasons="Demo ruling: the monitors found the crossing point used; the reply denies control of the "
        "group but not the crossing from the party's territory, which commitment C2 covers.",
        acting_user=qa,
    )
    do_sign_ruling(ruling.pk, acting_user=qa)
    do_sign_ruling(ruling.pk, acting_user=tr)
    do_request_reply(spin_case, acting_user=qa)


ARTICLES = Path(__file__).resolve().parent / "demo_articles"


def ensure_leads() -> int:
    """Ingest the demo's own articles once: two outlets reporting one shelling near Chaman (one lead with
    both sources), a wire copy of one of them (stored as a duplicate) and a story from another conflict
    (out of scope). The articles were written for the demo."""
    from truce.sources import fetch
    from truce.sources.actions import do_ingest_articles
    from truce.sources.models import Article

    if Article.objects.filter(agreement_id=AGREEMENT_ID).exists():
        return 0
    items = []
    for path in sorted(ARTICLES.iterdir()):
        for page in fetch.read_path(str(path)):
            if page is not None:
                items.extend(fetch.candidates(page, published=dt.date(2025, 10, 29), outlet=""))
    do_ingest_articles(AGREEMENT_ID, items, acting_user=None)
    return len(items)


def set_up() -> list[tuple[str, str, str]]:
    instance.prepare_home()
    instance.migrate()
    do_load_agreement(AGREEMENT_FILE, acting_user=None)
    logins = ensure_users()
    ensure_reports()
    ensure_leads()
    return logins
