"""Rulings are never edited: a revision is a new ruling that supersedes the one in force once signed."""

from __future__ import annotations

from truce.record.models import Entry
from truce.rulings.models import Ruling


def _ruled(cast):
    api = cast.api
    case = api["pk"].file_report().json()["case"]
    api["qa"].post(f"/api/v1/cases/{case}/admit")
    api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{case}/reply-request")
    api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "We deny it."})
    first = (
        api["qa"]
        .post(
            f"/api/v1/cases/{case}/rulings",
            {
                "outcome": "violation",
                "commitment": "C1",
                "responsible_party": "AF",
                "confidence": "weak",
                "reasons": "Single-source account.",
            },
        )
        .json()
    )
    api["qa"].post(f"/api/v1/rulings/{first['id']}/signatures")
    api["tr"].post(f"/api/v1/rulings/{first['id']}/signatures")
    return case, first


def test_a_revision_supersedes_and_the_ledger_follows(cast):
    case, first = _ruled(cast)
    api = cast.api
    assert api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()["totals"]["points_30d"] == 3
    revised = (
        api["tr"]
        .post(
            f"/api/v1/cases/{case}/rulings",
            {
                "outcome": "not_attributable",
                "confidence": "contested",
                "reasons": "New evidence shows the rounds came from a position neither party controls.",
            },
        )
        .json()
    )
    assert revised["supersedes"] == first["id"]
    assert Ruling.objects.get(pk=first["id"]).status == "in_force"  # until the revision is signed
    api["tr"].post(f"/api/v1/rulings/{revised['id']}/signatures")
    api["qa"].post(f"/api/v1/rulings/{revised['id']}/signatures")
    assert Ruling.objects.get(pk=first["id"]).status == "superseded"
    assert Ruling.objects.get(pk=first["id"]).reasons == "Single-source account."  # never edited
    ledger = api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF").json()
    assert ledger["totals"]["points_30d"] == 0
    assert ledger["violations"][0]["counts"] is False
    signed = Entry.objects.filter(type="RulingSigned").order_by("index").last()
    assert f'"superseded":{first["id"]}' in signed.leaf


def test_nobody_signs_twice_and_a_signed_ruling_takes_no_more(cast):
    case, first = _ruled(cast)
    again = cast.api["qa"].post(f"/api/v1/rulings/{first['id']}/signatures")
    assert again.status_code == 400 and "only a draft is signed" in again.json()["message"]
    draft = (
        cast.api["qa"]
        .post(
            f"/api/v1/cases/{case}/rulings",
            {"outcome": "no_violation", "confidence": "fair", "reasons": "Revised."},
        )
        .json()
    )
    assert cast.api["qa"].post(f"/api/v1/rulings/{draft['id']}/signatures").status_code == 200
    twice = cast.api["qa"].post(f"/api/v1/rulings/{draft['id']}/signatures")
    assert twice.status_code == 400 and "already signed" in twice.json()["message"]


def test_a_partys_officer_cannot_sign_even_its_own_favourable_ruling(cast):
    case, _first = _ruled(cast)
    draft = (
        cast.api["qa"]
        .post(
            f"/api/v1/cases/{case}/rulings",
            {"outcome": "no_violation", "confidence": "fair", "reasons": "Revised."},
        )
        .json()
    )
    for officer in ("af", "pk", "monitor"):
        assert cast.api[officer].post(f"/api/v1/rulings/{draft['id']}/signatures").status_code == 404
    assert Ruling.objects.get(pk=draft["id"]).signatures.count() == 0


def test_a_confirmed_penalty_lapses_when_its_rule_says(cast):
    import datetime as dt

    from truce.core.clock import frozen
    from truce.penalties.actions import do_review_penalties
    from truce.penalties.models import Penalty

    _ruled(cast)
    penalty = Penalty.objects.get(rule_id="P1")
    for mediator in ("qa", "tr"):  # one officer of each mediator confirms
        cast.api[mediator].post(f"/api/v1/penalties/{penalty.pk}/confirmation", {"reason": "Agreed."})
    with frozen(dt.datetime.now(dt.UTC) + dt.timedelta(days=89)):
        do_review_penalties("pak-afg-2025", "AF")
        assert Penalty.objects.get(pk=penalty.pk).status == "confirmed"  # P1 lapses 90 days on
    with frozen(dt.datetime.now(dt.UTC) + dt.timedelta(days=91)):
        do_review_penalties("pak-afg-2025", "AF")
        assert Penalty.objects.get(pk=penalty.pk).status == "expired"
