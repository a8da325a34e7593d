"""Ruling quorum forms: each-mediator, any-mediator, mission (N officers) and an explicit count."""

from __future__ import annotations

import pytest

from truce.core.agreement import load_agreement
from truce.core.agreement.quorum import Quorum

from .conftest import AGREEMENTS, VALID, replace


def test_each_mediator_needs_an_officer_of_every_mediator():
    q = Quorum("each-mediator", 1)
    assert not q.is_met({("qa-1", "QA"), ("qa-2", "QA")}, ("QA", "TR"))
    assert q.is_met({("qa-1", "QA"), ("tr-1", "TR")}, ("QA", "TR"))


def test_any_mediator_needs_one_officer():
    q = Quorum("any-mediator", 1)
    assert not q.is_met(set(), ("QA", "TR"))
    assert q.is_met({("tr-1", "TR")}, ("QA", "TR"))


def test_signatures_of_non_signatory_bodies_never_count():
    assert not Quorum("any-mediator", 1).is_met({("pk-1", "PK")}, ("QA", "TR"))
    assert not Quorum("each-mediator", 1).is_met({("qa-1", "QA"), ("af-1", "AF")}, ("QA", "TR"))


def test_count_quorum_needs_distinct_officers():
    q = Quorum("count", 2)
    assert not q.is_met({("qa-1", "QA")}, ("QA", "TR"))
    assert q.is_met({("qa-1", "QA"), ("qa-2", "QA")}, ("QA", "TR"))


def test_each_mediator_with_no_bodies_is_never_met():
    assert not Quorum("each-mediator", 1).is_met({("x", "QA")}, ())


def test_mission_quorum_of_the_shipped_south_sudan_agreement_needs_two_officers():
    a = load_agreement(AGREEMENTS / "south-sudan-2018.toml")
    assert not a.quorum_met(frozenset({("m-1", "CTSAMVM")}))
    assert not a.quorum_met(frozenset({("m-1", "CTSAMVM"), ("x-1", "TGONU")}))
    assert a.quorum_met(frozenset({("m-1", "CTSAMVM"), ("m-2", "CTSAMVM")}))


@pytest.mark.parametrize(
    ("setting", "kind", "officers"),
    [('"each-mediator"', "each-mediator", 1), ('"any-mediator"', "any-mediator", 1), ("2", "count", 2)],
)
def test_quorum_forms_load(write_agreement, setting, kind, officers):
    text = replace(VALID, 'ruling_quorum = "each-mediator"', f"ruling_quorum = {setting}")
    quorum = load_agreement(write_agreement(text)).procedure.ruling_quorum
    assert (quorum.kind, quorum.officers) == (kind, officers)


def test_quorum_defaults_to_each_mediator(write_agreement):
    text = replace(VALID, 'ruling_quorum = "each-mediator"\n', "")
    assert load_agreement(write_agreement(text)).procedure.ruling_quorum.kind == "each-mediator"


def test_zero_count_quorum_is_refused(write_agreement):
    from truce.core.agreement import check_agreement

    text = replace(VALID, 'ruling_quorum = "each-mediator"', "ruling_quorum = 0")
    assert "cannot make a quorum" in check_agreement(write_agreement(text))[0].message
