"""Every meeting action tried by every role: only the agreement's mediators succeed; the parties'
liaison officers and the monitor, who may see meetings, get 403; observers, admins and officers of
another agreement, who may not, get 404 exactly as for a meeting that does not exist."""

from __future__ import annotations

import pytest

from tests.app.story import incident, record_size
from tests.app.test_meetings import BEFORE, meeting_scene
from truce.core import clock
from truce.meetings.models import AgendaItem, Decision, Meeting
from truce.record.models import Entry

EXPECTED = {
    "qa": "ok",
    "tr": "ok",
    "pk": 403,
    "pk2": 403,
    "af": 403,
    "monitor": 403,
    "observer": 404,
    "admin": 404,
    "outsider": 404,
    "anonymous": 401,
}

ACTIONS = {  # action -> (the record event it appends, how to call it on the scene)
    "schedule": (
        "MeetingScheduled",
        lambda scene: (
            "/api/v1/meetings",
            {
                "agreement": "pak-afg-2025",
                "kind": "technical",
                "scheduled_for": "2025-11-13T10:00:00+05:00",
                "place": "Torkham",
            },
        ),
    ),
    "agenda": (
        "CaseAddedToAgenda",
        lambda scene: (f"/api/v1/meetings/{scene['meeting']['id']}/agenda", {"case": scene["spare_case"]}),
    ),
    "decision": (
        "DecisionRecorded",
        lambda scene: (
            f"/api/v1/meetings/{scene['meeting']['id']}/decisions",
            {"case": scene["reports"]["C2"]["case"], "text": "Ask for the accused party's reply."},
        ),
    ),
    "correction": (
        "DecisionRecorded",
        lambda scene: (
            f"/api/v1/meetings/{scene['meeting']['id']}/decisions",
            {
                "case": scene["reports"]["C1"]["case"],
                "text": "Refer C1 to the principals.",
                "supersedes": scene["d1"]["id"],
            },
        ),
    ),
    "close": (
        "MeetingHeld",
        lambda scene: (
            f"/api/v1/meetings/{scene['meeting']['id']}/close",
            {
                "attendance": ["PK", "AF"],
                "next_meeting_at": "2025-11-27T10:00:00+03:00",
                "schedule_next": True,
            },
        ),
    ),
    "cancel": (
        "MeetingCancelled",
        lambda scene: (f"/api/v1/meetings/{scene['meeting']['id']}/cancel", {"reason": "Talks suspended."}),
    ),
}


def _state():
    return (
        record_size(),
        list(Meeting.objects.order_by("id").values_list("id", "status", "attendance", "next_meeting_at")),
        list(AgendaItem.objects.order_by("id").values_list("id", "case_id", "position")),
        list(Decision.objects.order_by("id").values_list("id", "text", "supersedes_id")),
    )


@pytest.fixture
def scene(cast):
    """The meeting scene, plus a case not yet on its agenda; the clock stands inside the meeting."""
    with clock.frozen(BEFORE) as frozen:
        yield _scene(cast, frozen)


def _scene(cast, frozen):
    out = meeting_scene(cast, frozen)
    spare = cast.api["pk"].file_report(
        incident={
            **incident(),
            "title": "Drone over Angoor Adda",
            "sub_event_type": "Air/drone strike",
            "location": {"name": "Angoor Adda", "country": "PK", "lat": 32.53, "lon": 69.37},
        }
    )
    out["spare_case"] = spare.json()["case"]
    return out


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_tries_each_meeting_action(cast, scene, role, action):
    event, call = ACTIONS[action]
    path, body = call(scene)
    before = _state()
    response = cast.api[role].post(path, body)
    expected = EXPECTED[role]
    if expected == "ok":
        assert response.status_code in (200, 201), response.content
        assert record_size() == before[0] + 1  # exactly one event per action
        assert Entry.objects.order_by("-index").first().type == event
    else:
        assert response.status_code == expected, response.content
        assert _state() == before
        if expected in (403, 404):
            assert response.json()["field"] in ("meeting", "agreement")


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_reads_meetings_as_the_visibility_rules_say(cast, scene, role):
    response = cast.api[role].get(f"/api/v1/meetings/{scene['meeting']['id']}")
    expected = {"ok": 200, 403: 200}.get(EXPECTED[role], EXPECTED[role])
    assert response.status_code == expected, response.content
