"""The OpenAPI schema is served, and every request body in it carries an example that really works."""

from __future__ import annotations

from tests.app.story import ApiClient


def test_schema_is_served_without_authentication(cast):
    response = ApiClient(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Truce API"
    for path in (
        "/api/v1/reports",
        "/api/v1/reports/{report_id}/evidence",
        "/api/v1/reports/{report_id}",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/agreements",
    ):
        assert path in schema["paths"], path
    assert any(v.get("scheme") == "bearer" for v in schema["components"]["securitySchemes"].values())


def _request_bodies(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                yield path, method, operation["requestBody"]


def _examples(schema, body):
    found = []
    for media in body["content"].values():
        found += [e["value"] for e in media.get("examples", {}).values()]
        if "example" in media:
            found.append(media["example"])
        ref = media.get("schema", {}).get("$ref")
        if ref:
            component = schema["components"]["schemas"][ref.split("/")[-1]]
            found += component.get("examples", [])
    return found


def test_every_request_body_has_an_example(cast):
    schema = ApiClient(None).get("/api/v1/openapi.json").json()
    bodies = list(_request_bodies(schema))
    assert len(bodies) >= 3
    for path, method, body in bodies:
        assert _examples(schema, body), f"{method.upper()} {path} has no example"


def test_the_report_example_is_accepted_as_it_stands(cast):
    schema = ApiClient(None).get("/api/v1/openapi.json").json()
    body = schema["paths"]["/api/v1/reports"]["post"]["requestBody"]
    example = _examples(schema, body)[0]
    response = cast.api["pk"].post("/api/v1/reports", example)
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]

    evidence_body = schema["paths"]["/api/v1/reports/{report_id}/evidence"]["post"]["requestBody"]
    fields = dict(_examples(schema, evidence_body)[0])
    import io

    upload = io.BytesIO(b"example photograph")
    upload.name = "crater.jpg"
    fields["file"] = upload
    response = cast.api["pk"].upload(f"/api/v1/reports/{report_id}/evidence", fields)
    assert response.status_code == 201, response.content
    draft = cast.api["pk"].file_report(draft=True).json()
    submit_body = schema["paths"]["/api/v1/reports/{report_id}/submit"]["post"]["requestBody"]
    response = cast.api["pk"].post(f"/api/v1/reports/{draft['id']}/submit", _examples(schema, submit_body)[0])
    assert response.status_code == 200, response.content


def test_agreements_are_public(cast):
    agreements = ApiClient(None).get("/api/v1/agreements").json()
    assert {a["id"] for a in agreements} == {"pak-afg-2025", "south-sudan-2018"}
    pak = next(a for a in agreements if a["id"] == "pak-afg-2025")
    assert [m["code"] for m in pak["mediators"]] == ["QA", "TR"]
    assert ApiClient(None).get("/api/v1/agreements/nope").status_code == 404
