"""Every API error is one shape: RFC 9457 problem details (application/problem+json) naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.services import api_token_create

pytestmark = pytest.mark.django_db


def bearer(user, scopes=("kpi:write",)) -> dict:
    _token, plaintext = api_token_create(
        actor=user, name="t", scopes=list(scopes), expires_at=timezone.now() + dt.timedelta(days=5), mfa_satisfied=True
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def assert_problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == f"/api/v1/problems/{kind}"
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["instance"] == response.wsgi_request.get_full_path()
    assert isinstance(body["errors"], list)
    return body


def test_a_request_without_a_token_is_a_401_problem_in_spanish(client):
    response = client.get("/api/v1/kpi-feeds/1")

    body = assert_problem(response, 401, "unauthenticated")
    assert body["title"] == "Se necesita un token de API válido"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_says_so_in_the_problem(world, client):
    headers = bearer(world.analyst)
    with __import__("time_machine").travel(timezone.now() + dt.timedelta(days=6)):
        response = client.get("/api/v1/kpi-feeds/1", **headers)

    assert "expired" in assert_problem(response, 401, "unauthenticated")["detail"]


def test_a_token_without_the_scope_is_a_403_problem_naming_the_scope(world, client):
    response = client.get("/api/v1/clearance?campaign=1", **bearer(world.compliance, scopes=["kpi:read"]))

    assert "compliance:read" in assert_problem(response, 403, "forbidden")["detail"]


def test_a_malformed_parameter_is_a_422_problem_naming_it(world, client):
    response = client.get("/api/v1/kpi-feeds/abc", **bearer(world.analyst))

    body = assert_problem(response, 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["import_id"]
    assert "import_id" in body["detail"]


def test_an_unknown_object_is_a_404_problem(world, client):
    assert_problem(client.get("/api/v1/kpi-feeds/999999", **bearer(world.analyst)), 404, "not_found")


def test_a_body_that_does_not_parse_is_a_400_problem(world, client):
    response = client.post(
        "/api/v1/contact-check",
        "{not json",
        content_type="application/json",
        **bearer(world.compliance, ["compliance:read"]),
    )

    assert_problem(response, 400, "bad_request")


def test_a_bad_field_in_a_body_is_a_422_problem_naming_it(world, client):
    response = client.post(
        "/api/v1/contact-check",
        {"canal": "llamada", "pais": "XX", "cuenta": "1"},
        content_type="application/json",
        **bearer(world.compliance, ["compliance:read"]),
    )

    body = assert_problem(response, 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["pais"]


def test_a_rejected_feed_is_a_problem_that_keeps_the_import_and_names_each_column(world, client):
    response = client.post(
        "/api/v1/kpi-feeds",
        {"rows": [{"fecha": "2026-01-02", "agente": "NOPE", "campana": "X"}]},
        content_type="application/json",
        **bearer(world.analyst),
    )

    body = assert_problem(response, 422, "rejected")
    assert body["feed"]["status"] == "rejected"
    assert body["errors"] and all(e["field"] and e["code"] and e["message"] for e in body["errors"])


def test_the_openapi_document_declares_every_error_as_a_problem(client):
    document = client.get("/api/v1/openapi.json").json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)


def test_every_operation_documents_the_statuses_it_can_answer(client):
    """401 (every operation takes a token), 403 (a token without the scope), 422 (a parameter or
    field that does not validate), 404 (an id in the path), 400 (a body that does not parse)."""
    document = client.get("/api/v1/openapi.json").json()
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "401", "403"}  # 400: a NUL anywhere in the request (core.middleware)
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add("422")
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                expected.add("404")
            if not any(s.startswith("2") for s in operation["responses"]):
                missing.append((method, path, "2xx"))
            missing += [(method, path, s) for s in sorted(expected - set(operation["responses"]))]
    assert missing == []
    assert len([o for ops in document["paths"].values() for o in ops]) >= 25


def test_a_nul_in_a_query_is_a_400_problem_naming_nothing_internal(world, client):
    response = client.get("/api/v1/certificates?employee=a%00b", **bearer(world.hr, ["certification:read"]))

    assert_problem(response, 400, "bad_request")


def test_an_id_beyond_a_bigint_is_a_422_problem_naming_it(world, client):
    response = client.get("/api/v1/certificates/99999999999999999999", **bearer(world.hr, ["certification:read"]))

    assert [e["field"] for e in assert_problem(response, 422, "validation")["errors"]] == ["certificate_id"]
