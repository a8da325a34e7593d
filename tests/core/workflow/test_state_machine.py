from __future__ import annotations

from pathlib import Path

import pytest

from truce.core.workflow import TRANSITIONS, Status, Transition, WorkflowError, allowed, mermaid, step

REPO = Path(__file__).resolve().parents[3]


def test_the_main_path_from_received_to_published():
    status = Status.RECEIVED
    for transition in (
        Transition.ADMIT,
        Transition.START_INVESTIGATION,
        Transition.REQUEST_REPLY,
        Transition.DRAFT_RULING,
        Transition.RULE,
        Transition.PUBLISH,
    ):
        status = step(status, transition).target
    assert status == Status.PUBLISHED


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("transition", list(Transition))
def test_every_pair_is_either_a_defined_step_or_refused_with_a_message(status, transition):
    sources, target = TRANSITIONS[transition]
    if status in sources:
        assert step(status, transition).target == target
    else:
        with pytest.raises(WorkflowError, match=f"the case is {status.value.replace('_', ' ')}"):
            step(status, transition)


def test_publishing_an_unruled_case_is_refused_saying_what_it_needs():
    with pytest.raises(WorkflowError, match="to publish it must be ruled"):
        step("received", Transition.PUBLISH)


def test_nothing_leaves_a_joined_case():
    assert allowed("joined") == []


def test_reopen_leads_back_to_investigation():
    assert step("published", Transition.REOPEN).target == Status.UNDER_INVESTIGATION


def test_the_documented_diagram_is_the_machine():
    doc = (REPO / "docs" / "workflow.md").read_text()
    assert mermaid() in doc, "docs/workflow.md is out of date: paste truce.core.workflow.mermaid() into it"
