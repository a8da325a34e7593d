"""`truce demo` sets up a usable instance once, and running it again changes nothing."""

from __future__ import annotations

from truce import demo
from truce.cases.models import Case
from truce.penalties.models import Penalty
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.reports.models import Report, ReportStatus
from truce.sources.models import Article, Lead


def test_demo_sets_up_every_role_reports_and_cases_once(db, settings, tmp_path):
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = demo.set_up()
    assert {role for _, role, _ in logins} == {"mediator", "monitor", "liaison", "observer", "admin"}
    assert Report.objects.filter(status=ReportStatus.SUBMITTED).count() == 4
    assert Report.objects.filter(status=ReportStatus.DRAFT).count() == 1
    # The monitor's observation of the Spin Boldak exchange joined the Afghan complaint's case.
    spin = Case.objects.get(title__startswith="Fire across the border at Spin Boldak")
    assert spin.reports.count() == 2
    assert Case.objects.count() == 3
    assert sorted(Case.objects.values_list("status", flat=True)) == [
        "awaiting_reply",
        "published",
        "under_investigation",
    ]
    ruled = Case.objects.get(status="published")
    assert ruled.rulings.get().status == "in_force"
    assert Penalty.objects.filter(party="AF", status="proposed").exists()
    lead = Lead.objects.get()  # the Chaman shelling, reported by two outlets
    assert lead.sources.values("article__outlet").distinct().count() == 2
    assert Article.objects.filter(duplicate_of__isnull=False).count() == 1  # the wire copy
    size = Entry.objects.count()

    again = demo.set_up()
    assert again == logins  # same passwords printed again
    assert Entry.objects.count() == size
    assert check_chain().ok


def test_demo_logins_work(client, db, settings, tmp_path):
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = {name: password for name, _, password in demo.set_up()}
    assert client.login(username="liaison-af", password=logins["liaison-af"])
    page = client.get("/cases/")
    assert page.status_code == 200
    assert b"Spin Boldak" in page.content and b"Kurram" in page.content  # complaints against AF are shown


def test_demo_mediator_and_admin_log_in_with_a_printed_recovery_code(db, settings, tmp_path):
    from django.test import Client

    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = {name: password for name, _, password in demo.set_up()}
    factors = demo.second_factors()
    assert set(factors) == {"mediator-qa", "mediator-tr", "admin"}
    for name, landing in (("mediator-qa", "/"), ("admin", "/")):
        client = Client()
        client.post("/login/", {"username": name, "password": logins[name]})
        assert client.get("/cases/").status_code == 302
        code = factors[name][1][0]
        assert client.post("/account/second-factor/", {"code": code})["Location"] == landing
        assert client.get("/cases/").status_code == 200
    # A used code is no longer offered.
    assert demo.second_factors()["mediator-qa"][1] == factors["mediator-qa"][1][1:]
