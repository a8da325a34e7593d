"""docs/agreement-format.md stays true: its minimal example loads and its example conditions parse."""

from __future__ import annotations

import re

from truce.agreements import SHIPPED
from truce.core.agreement import load_agreement
from truce.core.agreement.conditions import parse

from .conftest import REPO

DOC = (REPO / "docs" / "agreement-format.md").read_text(encoding="utf-8")


def test_minimal_example_in_the_doc_loads(tmp_path):
    example = re.findall(r"```toml\n(.*?)```", DOC, re.S)[-1]
    path = tmp_path / "minimal.toml"
    path.write_text(example, encoding="utf-8")
    a = load_agreement(path)
    assert a.procedure.ruling_quorum.kind == "each-mediator"
    assert a.points_for("C1", "Armed clash") == 1


def test_example_conditions_in_the_doc_parse():
    block = DOC.split("Examples:\n\n```\n", 1)[1].split("```", 1)[0]
    examples = [line for line in block.splitlines() if line.strip()]
    assert len(examples) >= 4
    for text in examples:
        parse(text)


def test_points_prefer_sub_type_then_commitment_then_default():
    a = load_agreement(SHIPPED / "south-sudan-2018.toml")
    assert a.points_for("PC1", "Air/drone strike") == 3  # severity_points
    assert a.points_for("PC2", "Attack") == 3  # the commitment's points
    assert a.points_for("PC1", "Armed clash") == 1  # default_points
