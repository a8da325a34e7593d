"""The OpenAPI schema declares every error status an operation can answer, each with the error shape, so
that clients generated from it handle them."""

from __future__ import annotations

from tests.app.story import ApiClient

WRITES = {"post", "put", "patch", "delete"}


def _schema():
    return ApiClient(None).get("/api/v1/openapi.json").json()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _error_ref(operation, status):
    media = operation["responses"][str(status)]["content"]["application/json"]
    return media["schema"]["$ref"]


def test_every_authenticated_operation_declares_401_403_404_or_422_with_the_error_schema(cast):
    schema = _schema()
    checked = 0
    for path, method, operation in _operations(schema):
        declared = set(operation["responses"])
        takes_input = bool(operation.get("parameters")) or "requestBody" in operation
        where = f"{method.upper()} {path}"
        if operation.get("security"):
            assert {"401", "403"} <= declared, where
            checked += 1
        if "{" in path or "requestBody" in operation:
            assert "404" in declared, where
        if takes_input:
            assert {"400", "422"} <= declared, where
        if method in WRITES and operation.get("security"):
            assert "429" in declared, where
        for status in declared:
            if status.startswith("4") or status.startswith("5"):
                assert _error_ref(operation, status) == "#/components/schemas/ErrorOut", (where, status)
    assert checked > 30


def test_public_operations_do_not_claim_401(cast):
    schema = _schema()
    public = [(p, m, o) for p, m, o in _operations(schema) if not o.get("security")]
    assert any(p == "/api/v1/agreements" for p, _, _ in public)
    for path, method, operation in public:
        assert "401" not in operation["responses"], f"{method.upper()} {path}"


def test_uploads_declare_413(cast):
    schema = _schema()
    uploads = [
        (p, o)
        for p, m, o in _operations(schema)
        if "multipart/form-data" in o.get("requestBody", {}).get("content", {})
    ]
    assert len(uploads) >= 3
    for path, operation in uploads:
        assert "413" in operation["responses"], path


def test_the_error_schema_is_the_shape_errors_have(cast):
    schema = _schema()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"message", "field", "problems"}
    problem = schema["components"]["schemas"]["ProblemOut"]
    assert set(problem["required"]) == {"field", "message"}
    body = cast.api["anonymous"].get("/api/v1/reports").json()
    assert set(body) == set(error["properties"])


def test_lists_declare_limit_and_offset_with_their_bounds(cast):
    schema = _schema()
    for path in ("/api/v1/reports", "/api/v1/cases", "/api/v1/meetings", "/api/v1/leads", "/api/v1/inbox"):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["limit"]["minimum"] == 1 and params["limit"]["maximum"] == 200, path
        assert params["offset"]["minimum"] == 0 and "maximum" in params["offset"], path
