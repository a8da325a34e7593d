"""The cast of every app test, so a test reads like a story (healthchecks' hc/test.py style).

- ``qa`` and ``tr``: mediators of Qatar and Türkiye in pak-afg-2025;
- ``pk`` and ``af``: liaison officers of Pakistan and Afghanistan; ``pk2``: a second Pakistani officer;
- ``monitor``: a field monitor of the mechanism; ``monitor2``: another, assigned to nothing unless a test
  assigns them;
- ``observer``: a journalist with an observer account; ``admin``: the technical operator;
- ``outsider``: a liaison officer of another ceasefire (south-sudan-2018), who must see nothing here.
Each has an API client carrying their bearer token. Mediators and the admin need a second factor: each
has an authenticator (``totp_code(user)`` reads it), and ``signed_in(user)`` gives a web client logged in
with both factors.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from truce.accounts.actions import do_add_user, do_issue_token, needs_second_factor
from truce.agreements import SHIPPED
from truce.agreements.actions import do_load_agreement
from truce.record.models import Entry

REPO = Path(__file__).resolve().parents[2]
PAK_AFG = SHIPPED / "pakistan-afghanistan-2025.toml"
SOUTH_SUDAN = SHIPPED / "south-sudan-2018.toml"
PASSWORD = "a-long-test-password-1"


def incident(**overrides: Any) -> dict[str, Any]:
    """A valid complaint by Pakistan against Afghanistan; override any field."""
    base: dict[str, Any] = {
        "title": "Mortar fire on a border post near Chaman",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": "2025-10-25",
        "date_precision": "day",
        "location": {
            "name": "Chaman",
            "country": "PK",
            "admin1": "Balochistan",
            "lat": 30.921,
            "lon": 66.4597,
            "geo_precision": 1,
        },
        "actors": [{"name": "Afghan border forces", "type": "State forces", "role": "perpetrator"}],
        "fatalities": {"low": 1, "best": 2, "high": 2},
        "commitments": ["C1"],
        "accused_party": "AF",
        "description": "Three rounds landed beside the northern post.",
        "language": "en",
    }
    base.update(overrides)
    return base


class ApiClient:
    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kw)

    def post(self, path: str, data: Any = None, **kw: Any) -> Any:
        return self.client.post(path, data=data, content_type="application/json", headers=self.headers, **kw)

    def upload(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(path, data=data, headers=self.headers)

    def file_report(self, agreement: str = "pak-afg-2025", **kw: Any) -> Any:
        body = {"agreement": agreement, "incident": kw.pop("incident", incident()), **kw}
        return self.post("/api/v1/reports", body)

    def add_file(self, report_id: int, content: bytes = b"photo bytes", **fields: Any) -> Any:
        upload = io.BytesIO(content)
        upload.name = fields.pop("name", "photo.jpg")
        return self.upload(
            f"/api/v1/reports/{report_id}/evidence",
            {"file": upload, "reliability": "B", "credibility": "2", **fields},
        )


@dataclass
class Cast:
    users: dict[str, Any] = field(default_factory=dict)
    api: dict[str, ApiClient] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.users[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def make_cast() -> Cast:
    do_load_agreement(PAK_AFG, acting_user=None)
    do_load_agreement(SOUTH_SUDAN, acting_user=None)
    cast = Cast()
    people = [
        ("qa", "mediator", "QA", "pak-afg-2025"),
        ("tr", "mediator", "TR", "pak-afg-2025"),
        ("pk", "liaison", "PK", "pak-afg-2025"),
        ("pk2", "liaison", "PK", "pak-afg-2025"),
        ("af", "liaison", "AF", "pak-afg-2025"),
        ("monitor", "monitor", "", "pak-afg-2025"),
        ("monitor2", "monitor", "", "pak-afg-2025"),
        ("observer", "observer", "", None),
        ("admin", "admin", "", None),
        ("outsider", "liaison", "SPLM-IO", "south-sudan-2018"),
    ]
    for name, role, org, agreement in people:
        user = do_add_user(
            name, role=role, organisation=org, agreement_id=agreement, password=PASSWORD, acting_user=None
        )
        cast.users[name] = user
        cast.api[name] = ApiClient(do_issue_token(user, acting_user=None))
        if needs_second_factor(user):
            # Created directly rather than through do_enrol_second_factor: enrolling uses up the current
            # code, and tests that log in through the form need it.
            TOTPDevice.objects.create(user=user, name="authenticator", key=_totp_key(name), confirmed=True)
    cast.api["anonymous"] = ApiClient(None)
    return cast


def _totp_key(name: str) -> str:
    return (name.encode().hex() * 20)[:40]


def totp_code(user: Any) -> str:
    """The code the user's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in(user: Any, client: Client | None = None) -> Client:
    """A web client logged in as ``user`` with every factor their role needs."""
    client = client or Client()
    client.force_login(user)
    if needs_second_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
    return client


def log_in(client: Client, user: Any) -> None:
    """Log ``user`` in to the pages through the login form. The one place tests log in, so that a second
    factor for mediators and admins is one change here."""
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, f"{user.username} could not log in: {response.status_code}"
    if needs_second_factor(user):
        # The code itself is tested in test_second_factor; here the session is marked as having given it,
        # so that one actor may log in more than once within a code's 30 s.
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()


def record_size() -> int:
    return Entry.objects.count()


DEMO_LEAD_ARTICLES = ("chaman-frontier-post.txt", "quetta-hospital.html")


def ingest_demo_articles(*names: str) -> None:
    """Ingest the demo's articles (default: two outlets' reports of the Chaman shelling of 28 October 2025,
    published the 29th) through ``truce ingest``, as an operator would: they become one lead."""
    from truce.cli import main
    from truce.demo import ARTICLES

    files = [str(ARTICLES / name) for name in names or DEMO_LEAD_ARTICLES]
    assert main(["ingest", "--agreement", "pak-afg-2025", "--published", "2025-10-29", *files]) == 0


def needs_many_connections() -> None:
    """Skip the test on the in-memory SQLite test database, which is one connection shared by every
    thread: tests of concurrent writers run on PostgreSQL and on file SQLite (TRUCE_TEST_SQLITE_FILE=1)."""
    import pytest
    from django.db import connection

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip(
            "an in-memory SQLite test database is one connection; this runs on PostgreSQL and file SQLite"
        )
