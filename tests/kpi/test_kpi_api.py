"""POST /api/v1/kpi-feeds with a bearer token: file or JSON rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.services import api_token_create
from kpi.models import KpiFact, KpiImport
from tests.kpi.ingest.helpers import csv_bytes, row

pytestmark = pytest.mark.django_db
URL = "/api/v1/kpi-feeds"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


def bearer(user, scopes=("kpi:write",), days=30) -> dict:
    _token, plaintext = api_token_create(
        actor=user,
        name="feeds",
        scopes=list(scopes),
        expires_at=timezone.now() + dt.timedelta(days=days),
        mfa_satisfied=True,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def post_file(client, headers, data: bytes, capture, **form):
    with capture(execute=True) as callbacks:
        response = client.post(URL, {"file": SimpleUploadedFile("feed.csv", data), **form}, **headers)
    assert callbacks == []  # small feeds are processed within the request
    return response


def test_it_refuses_a_request_without_a_token(client):
    assert client.post(URL, {}).status_code == 401


def test_it_refuses_an_agent_token(world, client):
    assert client.post(URL, {}, **bearer(world.agent)).status_code == 403


def test_an_analyst_uploads_a_file(feed_world, world, client, django_capture_on_commit_callbacks):
    response = post_file(
        client, bearer(world.analyst), csv_bytes([row(agente="A001")]), django_capture_on_commit_callbacks
    )

    body = response.json()
    assert response.status_code == 201, body
    assert body["status"] == "loaded" and body["inserted_count"] == 1
    assert KpiFact.objects.count() == 1
    assert client.get(body["url"], **bearer(world.analyst)).json()["id"] == body["id"]


def test_a_bad_file_answers_422_with_every_error(feed_world, world, client, django_capture_on_commit_callbacks):
    response = post_file(
        client,
        bearer(world.hr),
        csv_bytes([row(agente="Z9"), row(agente="A002", intentos="x")]),
        django_capture_on_commit_callbacks,
    )

    body = response.json()
    assert response.status_code == 422
    assert [(e["row"], e["column"], e["code"]) for e in body["errors"]] == [
        (2, "agente", "unknown_agent"),
        (3, "intentos", "not_a_number"),
    ]
    assert KpiFact.objects.count() == 0


def test_the_same_file_twice_answers_200_duplicate(feed_world, world, client, django_capture_on_commit_callbacks):
    headers = bearer(world.analyst)
    data = csv_bytes([row()])
    first = post_file(client, headers, data, django_capture_on_commit_callbacks).json()

    second = post_file(client, headers, data, django_capture_on_commit_callbacks)

    assert second.status_code == 200
    assert second.json()["status"] == "duplicate" and second.json()["duplicate_of"] == first["id"]
    assert KpiFact.objects.count() == 1


def test_json_rows_with_english_names(feed_world, world, client, django_capture_on_commit_callbacks):
    rows = [
        {
            "date": "2026-11-02",
            "agent": "A001",
            "campaign": "TRAMO1",
            "attempts": 10,
            "contacts": 5,
            "rpc": 2,
            "ptp_count": 1,
            "ptp_amount": "100.00",
            "kept_count": 1,
            "kept_amount": 100,
            "collected_amount": 250.5,
            "paid_hours": 8,
            "handled_calls": 20,
            "handle_seconds": 6000,
            "qa_evaluations": 1,
            "qa_score": 88,
            "compliance_incidents": 0,
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, json.dumps({"rows": rows}), content_type="application/json", **bearer(world.analyst)
        )

    assert response.status_code == 201, response.json()
    assert KpiImport.objects.get().source == KpiImport.Source.API
    assert KpiFact.objects.get().puntaje_calidad == 88


def test_json_row_errors_count_items_from_one(feed_world, world, client, django_capture_on_commit_callbacks):
    rows = [{"date": "2026-11-02", "agent": "A001"}]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, json.dumps({"rows": rows, "dry_run": True}), content_type="application/json", **bearer(world.analyst)
        )

    assert response.status_code == 422
    assert {e["code"] for e in response.json()["errors"]} == {"missing_column"}


def test_an_unknown_profile_is_a_400(world, client):
    response = client.post(
        URL, json.dumps({"rows": [{}], "profile": "nope"}), content_type="application/json", **bearer(world.analyst)
    )

    assert response.status_code == 400


def test_the_openapi_document_describes_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()

    operation = document["paths"]["/api/v1/kpi-feeds"]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert "422" in operation["responses"]
    assert {"401", "403"} <= set(operation["responses"])
    assert {"401", "403"} <= set(document["paths"]["/api/v1/kpi-feeds/{import_id}"]["get"]["responses"])


def test_a_read_only_token_cannot_upload_a_feed(world, client):
    response = client.post(URL, {}, **bearer(world.analyst, scopes=("kpi:read",)))

    assert response.status_code == 403
    assert "kpi:write" in response.json()["detail"]


def test_a_write_token_also_reads_an_import(feed_world, world, client, django_capture_on_commit_callbacks):
    body = post_file(client, bearer(world.analyst), csv_bytes([row()]), django_capture_on_commit_callbacks).json()

    assert client.get(body["url"], **bearer(world.analyst, scopes=("kpi:read",))).status_code == 200
    assert client.get(body["url"], **bearer(world.analyst, scopes=("kpi:write",))).status_code == 200


def test_an_expired_token_answers_401_saying_so(world, client):
    headers = bearer(world.analyst, days=1)

    with time_machine.travel(dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC), tick=False):
        response = client.post(URL, {}, **headers)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_revoked_token_answers_401(world, client):
    from core.models import ApiToken
    from core.services import api_token_revoke

    headers = bearer(world.analyst)
    api_token_revoke(actor=world.analyst, token=ApiToken.objects.get())

    response = client.post(URL, {}, **headers)

    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_using_a_token_records_its_last_use(world, client):
    from core.models import ApiToken

    headers = bearer(world.analyst)
    client.post(URL, {}, **headers)

    assert ApiToken.objects.get().last_used_at == timezone.now()


def test_a_session_cookie_does_not_authenticate_the_api(world, client_for):
    assert client_for(world.analyst).post(URL, {}).status_code == 401
