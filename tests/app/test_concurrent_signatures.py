"""Signature requests racing each other: each officer's signature lands once, the ruling comes into
force once, and the record stays one chain. Real threads with their own connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from tests.app.story import make_cast, needs_many_connections
from truce.errors import ActionError
from truce.record.models import Entry
from truce.record.store import check_chain
from truce.rulings.actions import do_sign_ruling
from truce.rulings.models import Ruling, Signature


@pytest.mark.django_db(transaction=True)
def test_racing_signatures_leave_one_valid_signature_each(settings, tmp_path):
    needs_many_connections()
    settings.TRUCE_HOME = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cast = make_cast()
    api = cast.api
    case = api["pk"].file_report().json()["case"]
    api["qa"].post(f"/api/v1/cases/{case}/admit")
    api["qa"].post(f"/api/v1/cases/{case}/monitors", {"monitor": "monitor"})
    api["qa"].post(f"/api/v1/cases/{case}/reply-request")
    api["af"].post(f"/api/v1/cases/{case}/replies", {"text": "We deny it."})
    ruling_id = (
        api["qa"]
        .post(
            f"/api/v1/cases/{case}/rulings",
            {
                "outcome": "violation",
                "commitment": "C1",
                "responsible_party": "AF",
                "confidence": "fair",
                "reasons": "Findings match.",
            },
        )
        .json()["id"]
    )
    start = Entry.objects.count()

    signers = [cast.qa, cast.qa, cast.qa, cast.tr, cast.tr, cast.tr]
    barrier = threading.Barrier(len(signers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def sign(user) -> None:
        try:
            barrier.wait()
            do_sign_ruling(ruling_id, acting_user=user)
            result = "signed"
        except ActionError as exc:
            result = f"refused: {exc.message}"
        except BaseException as exc:
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=sign, args=(u,)) for u in signers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(outcomes).count("signed") == 2, outcomes
    assert all(o == "signed" or "already signed" in o or "only a draft is signed" in o for o in outcomes), (
        outcomes
    )
    assert sorted(Signature.objects.filter(ruling_id=ruling_id).values_list("body", flat=True)) == [
        "QA",
        "TR",
    ]
    assert Ruling.objects.get(pk=ruling_id).status == "in_force"
    signed = Entry.objects.filter(index__gte=start, type="RulingSigned")
    assert signed.count() == 2
    assert sum('"in_force":true' in e.leaf for e in signed) == 1
    assert check_chain().ok
