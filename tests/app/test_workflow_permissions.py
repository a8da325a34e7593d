"""Every workflow action tried by every role: only the allowed ones succeed. The others get 403 when
they may see the object and 404 when they may not (they cannot tell it exists)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

ROLES = ["qa", "tr", "pk", "pk2", "af", "monitor", "observer", "admin", "outsider"]
MEDIATORS = {"qa", "tr"}


def _recent() -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()


def _photo() -> io.BytesIO:
    photo = io.BytesIO(b"photograph")
    photo.name = "photo.jpg"
    return photo


class Scene:
    """A complaint by Pakistan against Afghanistan, moved along by the mediator ``qa``."""

    def __init__(self, cast: Any) -> None:
        self.cast = cast
        self.api = cast.api
        self.case = self.api["pk"].file_report().json()["case"]
        self.ruling: int | None = None
        self.reply: int | None = None

    def ok(self, response: Any) -> Any:
        assert response.status_code < 300, response.content
        return response.json()

    def to(self, stage: str) -> Scene:
        qa, c = self.api["qa"], self.case
        steps = ["admissible", "investigating", "awaiting_reply", "replied", "drafted", "ruled"]
        for step in steps[: steps.index(stage) + 1]:
            if step == "admissible":
                self.ok(qa.post(f"/api/v1/cases/{c}/admit"))
            elif step == "investigating":
                self.ok(qa.post(f"/api/v1/cases/{c}/monitors", {"monitor": "monitor"}))
            elif step == "awaiting_reply":
                self.ok(qa.post(f"/api/v1/cases/{c}/reply-request"))
            elif step == "replied":
                self.reply = self.ok(
                    self.api["af"].post(f"/api/v1/cases/{c}/replies", {"text": "We deny it."})
                )["id"]
            elif step == "drafted":
                self.ruling = self.ok(qa.post(f"/api/v1/cases/{c}/rulings", RULING))["id"]
            elif step == "ruled":
                self.ok(qa.post(f"/api/v1/rulings/{self.ruling}/signatures"))
                self.ok(self.api["tr"].post(f"/api/v1/rulings/{self.ruling}/signatures"))
        return self

    def penalty(self) -> int:
        ledger = self.ok(self.api["qa"].get("/api/v1/penalties/ledger/pak-afg-2025/AF"))
        return next(p["id"] for p in ledger["penalties"] if p["status"] == "proposed")


RULING = {
    "outcome": "violation",
    "commitment": "C1",
    "responsible_party": "AF",
    "confidence": "fair",
    "reasons": "The monitors' findings match the complaint.",
}


@dataclass
class Action:
    stage: str | None
    allowed: set[str]
    attempt: Callable[[Scene, Any], Any]
    seen_by: Callable[[Scene, Any], bool] | None = (
        None  # who gets 403 rather than 404; default: sees the case
    )


def _sees_case(scene: Scene, api: Any) -> bool:
    return api.get(f"/api/v1/cases/{scene.case}").status_code == 200


ACTIONS: dict[str, Action] = {
    "admit": Action(None, MEDIATORS, lambda s, a: a.post(f"/api/v1/cases/{s.case}/admit")),
    "declare inadmissible": Action(
        None,
        MEDIATORS,
        lambda s, a: a.post(f"/api/v1/cases/{s.case}/inadmissible", {"reason": "Before the ceasefire."}),
    ),
    "start investigation": Action(
        "admissible", MEDIATORS, lambda s, a: a.post(f"/api/v1/cases/{s.case}/investigation")
    ),
    "assign monitor": Action(
        "admissible",
        MEDIATORS,
        lambda s, a: a.post(f"/api/v1/cases/{s.case}/monitors", {"monitor": "monitor"}),
    ),
    "log site visit": Action(
        "investigating",
        {"monitor"},
        lambda s, a: a.post(
            f"/api/v1/cases/{s.case}/visits",
            {"visited_at": _recent(), "place": "Post", "findings": "Craters."},
        ),
    ),
    "record access denial": Action(
        "investigating",
        {"monitor"},
        lambda s, a: a.post(
            f"/api/v1/cases/{s.case}/access-denials",
            {"denied_by_party": "AF", "denied_at": _recent(), "place": "Checkpoint"},
        ),
    ),
    "add case evidence": Action(
        "investigating",
        MEDIATORS | {"monitor"},
        lambda s, a: a.upload(f"/api/v1/cases/{s.case}/evidence", {"file": _photo()}),
    ),
    "request reply": Action(
        "investigating", MEDIATORS, lambda s, a: a.post(f"/api/v1/cases/{s.case}/reply-request")
    ),
    "submit reply": Action(
        "awaiting_reply",
        {"af"},
        lambda s, a: a.post(f"/api/v1/cases/{s.case}/replies", {"text": "Our account."}),
    ),
    "add reply evidence": Action(
        "replied",
        {"af"},
        lambda s, a: a.upload(f"/api/v1/cases/{s.case}/replies/{s.reply}/evidence", {"file": _photo()}),
    ),
    "draft ruling": Action(
        "replied", MEDIATORS, lambda s, a: a.post(f"/api/v1/cases/{s.case}/rulings", RULING)
    ),
    "sign ruling": Action(
        "drafted",
        MEDIATORS,
        lambda s, a: a.post(f"/api/v1/rulings/{s.ruling}/signatures"),
        seen_by=lambda s, a: False,
    ),
    "reopen": Action(
        "ruled", MEDIATORS, lambda s, a: a.post(f"/api/v1/cases/{s.case}/reopen", {"reason": "New evidence."})
    ),
    "confirm penalty": Action(
        "ruled",
        MEDIATORS,
        lambda s, a: a.post(f"/api/v1/penalties/{s.penalty()}/confirmation", {"reason": "Agreed."}),
        seen_by=lambda s, a: a.get("/api/v1/penalties/ledger/pak-afg-2025/AF").status_code == 200,
    ),
    "decline penalty": Action(
        "ruled",
        MEDIATORS,
        lambda s, a: a.post(f"/api/v1/penalties/{s.penalty()}/decline", {"reason": "Not now."}),
        seen_by=lambda s, a: a.get("/api/v1/penalties/ledger/pak-afg-2025/AF").status_code == 200,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_role_may_do_only_its_workflow_actions(cast, action, role):
    spec = ACTIONS[action]
    scene = Scene(cast)
    if spec.stage:
        scene.to(spec.stage)
    api = cast.api[role]
    seen = (spec.seen_by or _sees_case)(scene, api)
    response = spec.attempt(scene, api)
    if role in spec.allowed:
        assert response.status_code in (200, 201), (action, role, response.content)
    else:
        assert response.status_code == (403 if seen else 404), (
            action,
            role,
            response.status_code,
            response.content,
        )


def test_publishing_and_joining_are_for_mediators_only(cast):
    scene = Scene(cast)
    other = cast.api["pk"].file_report(incident={**_far_incident()}).json()["case"]
    for role in ROLES:
        if role in MEDIATORS:
            continue
        assert cast.api[role].post(f"/api/v1/cases/{other}/join", {"into": scene.case}).status_code in (
            403,
            404,
        )
        assert cast.api[role].post(f"/api/v1/cases/{scene.case}/split", {"reports": [1]}).status_code in (
            403,
            404,
        )
    joined = cast.api["tr"].post(f"/api/v1/cases/{other}/join", {"into": scene.case})
    assert joined.status_code == 200 and joined.json()["report_count"] == 2


def _far_incident() -> dict[str, Any]:
    from tests.app.story import incident

    return incident(title="Clash near Torkham", location={"name": "Torkham", "lat": 34.1, "lon": 71.09})


def test_split_moves_reports_to_a_new_received_case_and_keeps_one_behind(cast):
    first = cast.api["pk"].file_report().json()
    second = cast.api["pk2"].file_report().json()  # the same incident: joins the first report's case
    assert second["case"] == first["case"]
    everything = cast.api["qa"].post(
        f"/api/v1/cases/{first['case']}/split", {"reports": [first["id"], second["id"]]}
    )
    assert everything.status_code == 400 and everything.json()["field"] == "reports"
    stranger = cast.api["qa"].post(f"/api/v1/cases/{first['case']}/split", {"reports": [999]})
    assert stranger.status_code == 400
    split = cast.api["qa"].post(f"/api/v1/cases/{first['case']}/split", {"reports": [second["id"]]})
    assert split.status_code == 201, split.content
    new = split.json()
    assert new["status"] == "received" and [r["id"] for r in new["reports"]] == [second["id"]]
    assert cast.api["qa"].get(f"/api/v1/cases/{first['case']}").json()["report_count"] == 1


def test_a_new_report_of_the_incident_never_lands_in_a_joined_case(cast):
    first = cast.api["pk"].file_report().json()
    other = cast.api["pk"].file_report(incident={**_far_incident()}).json()
    cast.api["qa"].post(f"/api/v1/cases/{first['case']}/join", {"into": other["case"]})
    again = cast.api["pk2"].file_report().json()  # the first incident again: its case is now joined
    assert again["case"] != first["case"]
    # Its reports moved on, so the joined case is no longer the filer's to see: it cannot be named either.
    assert cast.api["pk2"].file_report(case=first["case"]).status_code == 404
