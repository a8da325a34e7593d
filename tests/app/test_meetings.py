"""Meetings through the API: the story from scheduling to the next meeting's date, who sees which agenda
cases and decisions, and bad input refused naming the field with nothing changed.

The helpers here (``meeting_scene``, ``at_meeting``) are shared with the other test_meeting_* files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.app.story import incident, record_size
from truce.core import clock
from truce.meetings.models import AgendaItem, Decision, Meeting
from truce.record.models import Entry, Opening
from truce.record.store import check_chain

# The first session: 6 November 2025, 10:00 in Istanbul (07:00 UTC).
MEETING_AT = "2025-11-06T10:00:00+03:00"
MEETING_UTC = dt.datetime(2025, 11, 6, 7, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2025, 11, 1, 9, 0, tzinfo=dt.UTC)
INFORMANT = "Informant near the northern post"
C3_DECISION = "Monitors to revisit Torkham with both liaison officers present."


@pytest.fixture
def before_meeting():
    """A clock standing five days before the meeting (moved by tests with ``advance``)."""
    with clock.frozen(BEFORE) as frozen:
        yield frozen


def at_meeting(frozen: clock.FrozenClock) -> None:
    """Move the clock to one hour into the meeting."""
    frozen.at = MEETING_UTC + dt.timedelta(hours=1)


def file_cases(cast) -> dict[str, dict]:
    """Three cases: C1 Pakistan's complaint against Afghanistan (with a protected source), C2
    Afghanistan's complaint against Pakistan, C3 a monitor's observation no party sees."""
    c1 = cast.api["pk"].file_report().json()
    evidence = cast.api["pk"].add_file(c1["id"], obtained_from=INFORMANT, source_protected="true")
    assert evidence.status_code == 201, evidence.content
    c2 = (
        cast.api["af"]
        .file_report(
            incident=incident(
                accused_party="PK",
                title="Shelling of Spin Boldak",
                location={"name": "Spin Boldak", "country": "AF", "lat": 31.0058, "lon": 66.3997},
            )
        )
        .json()
    )
    c3 = (
        cast.api["monitor"]
        .file_report(
            incident=incident(
                accused_party="",
                commitments=[],
                title="Gunfire heard at Torkham",
                sub_event_type="Armed clash",
                location={"name": "Torkham", "country": "PK", "lat": 34.10, "lon": 71.09},
            )
        )
        .json()
    )
    out = {"C1": c1, "C2": c2, "C3": c3}
    for name, body in out.items():
        assert body.get("case"), (name, body)
    assert len({b["case"] for b in out.values()}) == 3
    return out


def schedule(cast, who: str = "qa", **overrides):
    body = {
        "agreement": "pak-afg-2025",
        "kind": "joint_commission",
        "scheduled_for": MEETING_AT,
        "place": "Istanbul",
        "title": "First session",
        **overrides,
    }
    return cast.api[who].post("/api/v1/meetings", body)


def meeting_scene(cast, frozen: clock.FrozenClock) -> dict:
    """The meeting on 6 November with C1, C2 and C3 on its agenda and a decision on each of C1 and C3,
    the clock standing inside the meeting, which is not yet closed."""
    reports = file_cases(cast)
    meeting = schedule(cast).json()
    for name in ("C1", "C2", "C3"):
        response = cast.api["qa"].post(
            f"/api/v1/meetings/{meeting['id']}/agenda", {"case": reports[name]["case"]}
        )
        assert response.status_code == 201, response.content
    at_meeting(frozen)
    d1 = cast.api["tr"].post(
        f"/api/v1/meetings/{meeting['id']}/decisions",
        {"case": reports["C1"]["case"], "text": "Refer C1 to the technical meeting for a joint site visit."},
    )
    d3 = cast.api["qa"].post(
        f"/api/v1/meetings/{meeting['id']}/decisions", {"case": reports["C3"]["case"], "text": C3_DECISION}
    )
    assert d1.status_code == d3.status_code == 201, (d1.content, d3.content)
    return {"meeting": meeting, "reports": reports, "d1": d1.json(), "d3": d3.json()}


def _events_since(size: int) -> list[str]:
    return list(Entry.objects.filter(index__gte=size).order_by("index").values_list("type", flat=True))


def test_the_story_schedule_agenda_decide_correct_and_close_with_the_next_date(cast, before_meeting):
    reports = file_cases(cast)
    start = record_size()

    response = schedule(cast)
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["reference"] == "pak-afg-2025/M001"
    assert meeting["status"] == "scheduled"
    assert meeting["scheduled_for"] == "2025-11-06T07:00:00.000000Z"
    assert meeting["scheduled_for_local"] == "2025-11-06T12:00+05:00"  # Asia/Karachi, the agreement's zone
    mid = meeting["id"]

    for name in ("C2", "C1"):
        response = cast.api["qa"].post(f"/api/v1/meetings/{mid}/agenda", {"case": reports[name]["case"]})
        assert response.status_code == 201, response.content
    agenda = response.json()["agenda"]
    assert [(i["position"], i["case"]["id"]) for i in agenda] == [
        (1, reports["C2"]["case"]),
        (2, reports["C1"]["case"]),
    ]

    at_meeting(before_meeting)
    first = cast.api["tr"].post(
        f"/api/v1/meetings/{mid}/decisions",
        {"case": reports["C1"]["case"], "text": "Monitors to visit the post within seven days."},
    )
    assert first.status_code == 201, first.content
    correction = cast.api["qa"].post(
        f"/api/v1/meetings/{mid}/decisions",
        {
            "case": reports["C1"]["case"],
            "text": "Monitors to visit the post within ten days.",
            "supersedes": first.json()["id"],
        },
    )
    assert correction.status_code == 201, correction.content
    assert correction.json()["supersedes"] == first.json()["id"]

    closed = cast.api["qa"].post(
        f"/api/v1/meetings/{mid}/close",
        {
            "attendance": ["Pakistan delegation", "Afghanistan delegation", "Qatar", "Türkiye"],
            "next_meeting_at": "2025-11-20T10:00:00+03:00",
            "schedule_next": True,
            "next_place": "Doha",
        },
    )
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "held"
    assert body["attendance"] == ["Pakistan delegation", "Afghanistan delegation", "Qatar", "Türkiye"]
    assert body["next_meeting_at"] == "2025-11-20T07:00:00.000000Z"
    decisions = body["agenda"][1]["decisions"]
    assert [(d["id"], d["current"], d["superseded_by"]) for d in decisions] == [
        (first.json()["id"], False, correction.json()["id"]),
        (correction.json()["id"], True, None),
    ]
    assert Decision.objects.get(pk=first.json()["id"]).text == "Monitors to visit the post within seven days."

    following = cast.api["tr"].get(f"/api/v1/meetings/{body['next_meeting']}").json()
    assert (following["reference"], following["kind"], following["place"], following["status"]) == (
        "pak-afg-2025/M002",
        "joint_commission",
        "Doha",
        "scheduled",
    )
    assert following["scheduled_for"] == body["next_meeting_at"]
    assert [m["id"] for m in cast.api["qa"].get("/api/v1/meetings").json()] == [following["id"], mid]

    assert _events_since(start) == [
        "MeetingScheduled",
        "CaseAddedToAgenda",
        "CaseAddedToAgenda",
        "DecisionRecorded",
        "DecisionRecorded",
        "MeetingHeld",
    ]
    assert check_chain().ok


def test_decision_text_place_and_attendance_are_sealed_in_the_record(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    cast.api["qa"].post(
        f"/api/v1/meetings/{scene['meeting']['id']}/close", {"attendance": ["Kabul delegation"]}
    )
    leaves = " ".join(Entry.objects.filter(subject__startswith="meeting:").values_list("leaf", flat=True))
    assert "MeetingHeld" in leaves
    for secret in (C3_DECISION, "Istanbul", "Kabul delegation"):
        assert secret not in leaves
    decided = Entry.objects.filter(type="DecisionRecorded").order_by("index").last()
    assert json.loads(decided.leaf)["data"]["case"] == scene["reports"]["C3"]["case"]
    assert Opening.objects.get(entry=decided, name="text").value == C3_DECISION


def test_cancelling_keeps_the_reason_and_closes_the_agenda(cast, before_meeting):
    reports = file_cases(cast)
    mid = schedule(cast).json()["id"]
    response = cast.api["tr"].post(
        f"/api/v1/meetings/{mid}/cancel", {"reason": "The venue became unavailable."}
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["cancel_reason"]) == (
        "cancelled",
        "The venue became unavailable.",
    )
    again = cast.api["qa"].post(f"/api/v1/meetings/{mid}/agenda", {"case": reports["C1"]["case"]})
    assert again.status_code == 400 and again.json()["field"] == "meeting"


def test_a_meeting_already_held_may_be_entered_after_the_fact(cast, before_meeting):
    # The mechanism met on 25 October before Truce was running; its meeting is recorded afterwards.
    response = schedule(cast, scheduled_for="2025-10-25T10:00:00+03:00", kind="principals")
    assert response.status_code == 201, response.content
    closed = cast.api["qa"].post(
        f"/api/v1/meetings/{response.json()['id']}/close", {"attendance": ["QA", "TR"]}
    )
    assert closed.status_code == 200, closed.content


# Who sees what -----------------------------------------------------------------------------------------


def _agenda_cases(api, meeting_id):
    response = api.get(f"/api/v1/meetings/{meeting_id}")
    assert response.status_code == 200, response.content
    return response, [(i["position"], i["case"]["id"]) for i in response.json()["agenda"]]


def test_a_liaison_sees_the_meeting_but_not_a_decision_on_a_case_they_cannot_see(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    mid, case = scene["meeting"]["id"], {k: v["case"] for k, v in scene["reports"].items()}
    for liaison in ("pk", "af"):
        response, items = _agenda_cases(cast.api[liaison], mid)
        # C3 (the monitor's observation) is withheld, and the positions leave no gap where it was.
        assert items == [(1, case["C1"]), (2, case["C2"])]
        assert C3_DECISION not in response.content.decode()
        assert case["C3"] not in [d["case"]["id"] for i in response.json()["agenda"] for d in i["decisions"]]
        assert [d["id"] for d in response.json()["agenda"][0]["decisions"]] == [scene["d1"]["id"]]
        # The officer who recorded it is for the mediators to know.
        assert response.json()["agenda"][0]["decisions"][0]["recorded_by"] is None
    assert [m["id"] for m in cast.api["pk"].get("/api/v1/meetings").json()] == [mid]


def test_a_monitor_sees_the_meeting_and_only_the_agenda_cases_they_can_see(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    response, items = _agenda_cases(cast.api["monitor"], scene["meeting"]["id"])
    assert items == [(1, scene["reports"]["C3"]["case"])]
    assert C3_DECISION in response.content.decode()


def test_mediators_see_the_whole_agenda_and_who_recorded_each_decision(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    response, items = _agenda_cases(cast.api["tr"], scene["meeting"]["id"])
    assert [p for p, _ in items] == [1, 2, 3]
    assert response.json()["agenda"][0]["decisions"][0]["recorded_by"] == "tr"


@pytest.mark.parametrize("viewer", ["observer", "admin", "outsider"])
def test_observers_admins_and_other_agreements_see_no_meeting(cast, before_meeting, viewer):
    scene = meeting_scene(cast, before_meeting)
    assert cast.api[viewer].get(f"/api/v1/meetings/{scene['meeting']['id']}").status_code == 404
    assert cast.api[viewer].get("/api/v1/meetings").json() == []


def test_the_meeting_list_costs_the_same_queries_for_more_meetings(
    cast, before_meeting, django_assert_num_queries
):
    for day in (6, 7):
        schedule(cast, scheduled_for=f"2025-11-{day:02d}T10:00:00+03:00")
    api = cast.api["qa"]
    api.get("/api/v1/meetings")  # warm the parsed-agreement cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        assert len(api.get("/api/v1/meetings").json()) == 2
    expected = len(two.captured_queries)  # read now: the next request clears Django's query log
    for day in (8, 9, 10, 11):
        schedule(cast, scheduled_for=f"2025-11-{day:02d}T10:00:00+03:00")
    with django_assert_num_queries(expected):
        assert len(api.get("/api/v1/meetings").json()) == 6


def test_the_meeting_page_costs_the_same_queries_for_a_longer_agenda(cast, before_meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scene = meeting_scene(cast, before_meeting)
    mid = scene["meeting"]["id"]
    small = schedule(cast).json()["id"]
    cast.api["qa"].post(f"/api/v1/meetings/{small}/agenda", {"case": scene["reports"]["C1"]["case"]})
    counts = []
    for meeting_id in (small, mid):
        with CaptureQueriesContext(connection) as queries:
            assert cast.api["qa"].get(f"/api/v1/meetings/{meeting_id}").status_code == 200
        counts.append(len(queries.captured_queries))
    assert 0 < counts[0] == counts[1], counts


# Bad input ---------------------------------------------------------------------------------------------


def _state():
    return (
        record_size(),
        list(Meeting.objects.order_by("id").values_list("id", "status", "attendance", "next_meeting_at")),
        AgendaItem.objects.count(),
        list(Decision.objects.order_by("id").values_list("id", "text")),
    )


def _refused(response, field, words, status=None):
    assert 400 <= response.status_code < 500, response.content
    if status is not None:
        assert response.status_code == status, response.content
    body = response.json()
    assert field in [p["field"] for p in body["problems"]], body
    text = body["message"] + " " + " ".join(p["message"] for p in body["problems"])
    assert words in text, text


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        (
            {"scheduled_for": "1999-11-06T10:00:00+03:00"},
            "scheduled_for",
            "before the agreement came into force",
        ),
        (
            {"scheduled_for": "2025-10-18T10:00:00+05:00"},
            "scheduled_for",
            "before the agreement came into force",
        ),
        ({"scheduled_for": "2052-11-06T10:00:00+03:00"}, "scheduled_for", "more than two years ahead"),
        ({"scheduled_for": "2025-11-06T10:00:00"}, "scheduled_for", "time zone"),
        ({"scheduled_for": "next Thursday"}, "scheduled_for", "datetime"),
        ({"kind": "summit"}, "kind", "not a meeting kind"),
        ({"place": "  "}, "place", "blank"),
        ({"place": "x" * 201}, "place", "longer than 200"),
        ({"agreement": "south-sudan-2018"}, "agreement", "no agreement"),
        ({"agreement": "nowhere"}, "agreement", "no agreement"),
    ],
)
def test_bad_meeting_is_refused_naming_the_field(cast, before_meeting, overrides, field, words):
    before = _state()
    _refused(schedule(cast, **overrides), field, words)
    assert _state() == before


def test_a_missing_field_is_named(cast, before_meeting):
    before = _state()
    response = cast.api["qa"].post("/api/v1/meetings", {"agreement": "pak-afg-2025", "kind": "technical"})
    _refused(response, "scheduled_for", "required", status=422)
    assert "place" in [p["field"] for p in response.json()["problems"]]
    assert _state() == before


def test_every_problem_of_a_meeting_is_reported_at_once(cast, before_meeting):
    response = schedule(cast, kind="summit", place="", scheduled_for="1999-01-01T10:00:00+00:00")
    assert {p["field"] for p in response.json()["problems"]} == {"kind", "place", "scheduled_for"}


@pytest.fixture
def other_agreements_case(cast):
    """A case of the South Sudan ceasefire, filed by its own liaison officer."""
    response = cast.api["outsider"].file_report(
        agreement="south-sudan-2018",
        incident=incident(
            title="Clash near Yei",
            sub_event_type="Armed clash",
            location={"name": "Yei", "country": "SS", "lat": 4.0904, "lon": 30.6779},
            commitments=["PC1"],
            accused_party="TGONU",
            actors=[],
        ),
    )
    assert response.status_code == 201, response.content
    return response.json()["case"]


def test_agenda_case_of_another_agreement_is_refused(cast, before_meeting, other_agreements_case):
    mid = schedule(cast).json()["id"]
    before = _state()
    response = cast.api["qa"].post(f"/api/v1/meetings/{mid}/agenda", {"case": other_agreements_case})
    _refused(response, "case", f"no case {other_agreements_case}", status=404)
    assert _state() == before


@pytest.mark.parametrize(
    ("body", "field", "words", "status"),
    [
        ({"case": 987654}, "case", "no case 987654", 404),
        ({"case": "C1"}, "case", "integer", 422),
        ({}, "case", "required", 422),
    ],
)
def test_unknown_agenda_case_is_refused(cast, before_meeting, body, field, words, status):
    mid = schedule(cast).json()["id"]
    before = _state()
    _refused(cast.api["qa"].post(f"/api/v1/meetings/{mid}/agenda", body), field, words, status=status)
    assert _state() == before


def test_a_case_goes_on_the_agenda_once(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    before = _state()
    response = cast.api["qa"].post(
        f"/api/v1/meetings/{scene['meeting']['id']}/agenda", {"case": scene["reports"]["C2"]["case"]}
    )
    _refused(response, "case", "already on the agenda", status=400)
    assert _state() == before


def test_unknown_meeting_is_404(cast, before_meeting):
    _refused(
        cast.api["qa"].post("/api/v1/meetings/424242/agenda", {"case": 1}),
        "meeting",
        "no meeting",
        status=404,
    )
    assert cast.api["qa"].get("/api/v1/meetings/424242").status_code == 404


def _decide(cast, scene, **body):
    payload = {"case": scene["reports"]["C1"]["case"], "text": "A decision.", **body}
    return cast.api["qa"].post(f"/api/v1/meetings/{scene['meeting']['id']}/decisions", payload)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": "   "}, "text", "blank"),
        ({"text": "x" * 20001}, "text", "longer than 20000"),
        ({"case": 987654}, "case", "no case 987654"),
        ({"supersedes": 987654}, "supersedes", "no decision 987654"),
    ],
)
def test_bad_decision_is_refused_naming_the_field(cast, before_meeting, body, field, words):
    scene = meeting_scene(cast, before_meeting)
    before = _state()
    _refused(_decide(cast, scene, **body), field, words)
    assert _state() == before


def test_a_decision_is_only_on_an_agenda_case(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    other = cast.api["pk"].file_report(
        incident=incident(
            title="Drone over Angoor Adda",
            sub_event_type="Air/drone strike",
            location={"name": "Angoor Adda", "country": "PK", "lat": 32.53, "lon": 69.37},
        )
    )
    before = _state()
    _refused(_decide(cast, scene, case=other.json()["case"]), "case", "not on the agenda")
    assert _state() == before


def test_a_decision_supersedes_only_one_of_the_same_case_and_only_once(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    on_c3 = scene["d3"]["id"]
    before = _state()
    _refused(_decide(cast, scene, supersedes=on_c3), "supersedes", f"no decision {on_c3}")
    assert _state() == before
    first = scene["d1"]["id"]
    assert _decide(cast, scene, supersedes=first).status_code == 201
    before = _state()
    _refused(_decide(cast, scene, supersedes=first), "supersedes", "already superseded")
    assert _state() == before


def test_no_decision_before_the_meeting_begins_or_after_it_is_cancelled(cast, before_meeting):
    reports = file_cases(cast)
    mid = schedule(cast).json()["id"]
    cast.api["qa"].post(f"/api/v1/meetings/{mid}/agenda", {"case": reports["C1"]["case"]})
    before = _state()
    body = {"case": reports["C1"]["case"], "text": "Early."}
    _refused(cast.api["qa"].post(f"/api/v1/meetings/{mid}/decisions", body), "meeting", "has not begun")
    _refused(
        cast.api["qa"].post(f"/api/v1/meetings/{mid}/close", {"attendance": ["QA"]}),
        "meeting",
        "has not begun",
    )
    assert _state() == before
    cast.api["qa"].post(f"/api/v1/meetings/{mid}/cancel", {"reason": "Postponed."})
    at_meeting(before_meeting)
    before = _state()
    _refused(cast.api["qa"].post(f"/api/v1/meetings/{mid}/decisions", body), "meeting", "cancelled")
    assert _state() == before


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"attendance": []}, "attendance", "at least one delegation"),
        ({"attendance": ["Pakistan delegation", " "]}, "attendance[1]", "blank"),
        ({"attendance": ["Qatar", "qatar"]}, "attendance[1]", "listed twice"),
        ({"attendance": ["x" * 201]}, "attendance[0]", "longer than 200"),
        (
            {"attendance": ["QA"], "next_meeting_at": "2025-11-05T10:00:00+03:00"},
            "next_meeting_at",
            "after this",
        ),
        ({"attendance": ["QA"], "next_meeting_at": "2025-11-20T10:00:00"}, "next_meeting_at", "time zone"),
        (
            {"attendance": ["QA"], "next_meeting_at": "2031-11-20T10:00:00+03:00"},
            "next_meeting_at",
            "two years",
        ),
        ({"attendance": ["QA"], "schedule_next": True}, "next_meeting_at", "required"),
        (
            {
                "attendance": ["QA"],
                "schedule_next": True,
                "next_meeting_at": MEETING_AT.replace("06", "20"),
                "next_kind": "x",
            },
            "next_kind",
            "not a meeting kind",
        ),
        ({"attendance": ["QA"], "next_place": "Doha"}, "next_place", "schedule_next"),
        ({"next_meeting_at": "2025-11-20T10:00:00+03:00"}, "attendance", "required"),
    ],
)
def test_bad_close_is_refused_naming_the_field(cast, before_meeting, body, field, words):
    scene = meeting_scene(cast, before_meeting)
    before = _state()
    _refused(cast.api["qa"].post(f"/api/v1/meetings/{scene['meeting']['id']}/close", body), field, words)
    assert _state() == before


def test_a_meeting_is_closed_or_cancelled_once(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    mid = scene["meeting"]["id"]
    assert cast.api["qa"].post(f"/api/v1/meetings/{mid}/close", {"attendance": ["QA"]}).status_code == 200
    before = _state()
    _refused(
        cast.api["tr"].post(f"/api/v1/meetings/{mid}/close", {"attendance": ["TR"]}),
        "meeting",
        "already held",
    )
    _refused(
        cast.api["tr"].post(f"/api/v1/meetings/{mid}/cancel", {"reason": "Late."}), "meeting", "already held"
    )
    assert _state() == before


def test_cancelling_needs_a_reason(cast, before_meeting):
    mid = schedule(cast).json()["id"]
    before = _state()
    _refused(cast.api["qa"].post(f"/api/v1/meetings/{mid}/cancel", {"reason": " "}), "reason", "blank")
    _refused(cast.api["qa"].post(f"/api/v1/meetings/{mid}/cancel", {}), "reason", "required", status=422)
    assert _state() == before


@pytest.mark.parametrize(
    ("when", "accepted"),
    [
        # The agreement came into force on 19 October 2025 in Asia/Karachi (UTC+5).
        ("2025-10-18T19:00:00+00:00", True),  # 00:00 on the 19th in Karachi
        ("2025-10-18T18:59:00+00:00", False),  # 23:59 on the 18th in Karachi
        ("2025-10-18T23:30:00-05:00", True),  # 09:30 on the 19th in Karachi, though the 18th where written
    ],
)
def test_the_first_possible_meeting_day_is_counted_in_the_agreements_time_zone(
    cast, before_meeting, when, accepted
):
    response = schedule(cast, scheduled_for=when)
    assert (response.status_code == 201) == accepted, response.content


def test_a_decision_may_be_written_up_or_corrected_after_the_meeting_was_held(cast, before_meeting):
    scene = meeting_scene(cast, before_meeting)
    mid = scene["meeting"]["id"]
    assert (
        cast.api["qa"].post(f"/api/v1/meetings/{mid}/close", {"attendance": ["QA", "TR"]}).status_code == 200
    )
    before_meeting.advance(days=2)
    response = cast.api["tr"].post(
        f"/api/v1/meetings/{mid}/decisions",
        {
            "case": scene["reports"]["C1"]["case"],
            "text": "As minuted: a joint visit.",
            "supersedes": scene["d1"]["id"],
        },
    )
    assert response.status_code == 201, response.content
    agenda = cast.api["qa"].get(f"/api/v1/meetings/{mid}").json()["agenda"]
    assert [d["current"] for d in agenda[0]["decisions"]] == [False, True]
