"""The meetings API is in the schema, and the request examples there work as they stand (only the ids
of the case and meeting, which differ between instances, are put in)."""

from __future__ import annotations

import datetime as dt

from tests.app.story import ApiClient
from tests.app.test_meetings import file_cases
from truce.core import clock

PATHS = {
    "/api/v1/meetings": {"get", "post"},
    "/api/v1/meetings/{meeting_id}": {"get"},
    "/api/v1/meetings/{meeting_id}/agenda": {"post"},
    "/api/v1/meetings/{meeting_id}/decisions": {"post"},
    "/api/v1/meetings/{meeting_id}/close": {"post"},
    "/api/v1/meetings/{meeting_id}/cancel": {"post"},
}


def _example(schema, path):
    media = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    ref = media["schema"]["$ref"].split("/")[-1]
    return dict(schema["components"]["schemas"][ref]["examples"][0])


def test_every_meeting_endpoint_is_in_the_schema(cast):
    schema = ApiClient(None).get("/api/v1/openapi.json").json()
    for path, methods in PATHS.items():
        assert methods <= set(schema["paths"][path]), path


def test_the_meeting_examples_are_accepted(cast):
    schema = ApiClient(None).get("/api/v1/openapi.json").json()
    # The example meeting is on 6 November 2025; the clock stands during it.
    with clock.frozen(dt.datetime(2025, 11, 6, 8, 0, tzinfo=dt.UTC)):
        case = file_cases(cast)["C1"]["case"]
        api = cast.api["qa"]
        response = api.post("/api/v1/meetings", _example(schema, "/api/v1/meetings"))
        assert response.status_code == 201, response.content
        mid = response.json()["id"]
        for path, status in (("agenda", 201), ("decisions", 201), ("close", 200)):
            body = _example(schema, f"/api/v1/meetings/{{meeting_id}}/{path}")
            if "case" in body:
                body["case"] = case
            response = api.post(f"/api/v1/meetings/{mid}/{path}", body)
            assert response.status_code == status, (path, response.content)
        following = response.json()["next_meeting"]
        assert following is not None  # the close example schedules the next meeting
        body = _example(schema, "/api/v1/meetings/{meeting_id}/cancel")
        response = api.post(f"/api/v1/meetings/{following}/cancel", body)
        assert response.status_code == 200, response.content
