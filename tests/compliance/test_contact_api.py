"""``POST /api/v1/contact-logs`` (a JSON batch, validated like a file, idempotent, all or nothing) and
``POST /api/v1/contact-check`` (may this account be contacted now, and if not why and when)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from compliance.models import ContactAttempt, ContactImport, DialSuspension
from core.services import api_token_create

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)


def token(user, *scopes):
    _t, plaintext = api_token_create(
        actor=user, name="marcador", scopes=list(scopes), expires_at=NOW + dt.timedelta(days=30), mfa_satisfied=True
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def item(day, hour=15, **extra):
    return {
        "fecha_hora": f"2026-03-{day:02d}T{hour:02d}:00:00+00:00",
        "agente": "A0001",
        "cuenta": "US-1",
        "destino": "5551234",
        "canal": "llamada",
        "resultado": "no_contesta",
        "pais": "US",
        "estado": "TX",
        **extra,
    }


@time_machine.travel(NOW)
def test_a_batch_loads_once_and_sending_it_again_stores_nothing_more(world, client):
    headers = token(world.compliance, "compliance:write")
    batch = {"items": [item(2), item(3), item(4, campana=world.campaign.code)]}
    first = client.post("/api/v1/contact-logs", batch, content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    assert (first.json()["status"], first.json()["inserted"]) == ("loaded", 3)
    again = client.post("/api/v1/contact-logs", batch, content_type="application/json", **headers)
    assert again.status_code == 200 and again.json()["duplicate_of"] == first.json()["id"]
    assert ContactAttempt.objects.count() == 3
    assert ContactImport.objects.get(pk=first.json()["id"]).source == ContactImport.Source.API


@time_machine.travel(NOW)
def test_a_rejected_batch_stores_nothing_and_each_error_names_the_item_and_the_field(world, client):
    headers = token(world.compliance, "compliance:write")
    batch = {"items": [item(2), item(3, canal="fax"), item(4, agente="NADIE"), item(5, hour=30)]}
    response = client.post("/api/v1/contact-logs", batch, content_type="application/json", **headers)
    assert response.status_code == 422
    errors = {(e["item"], e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {
        (1, "canal", "unknown_channel"),
        (2, "agente", "unknown_agent"),
        (3, "fecha_hora", "bad_timestamp"),
    }
    assert "no es un canal" in response.json()["errors"][0]["message"]  # in words, Spanish by default
    assert ContactAttempt.objects.count() == 0


@time_machine.travel(NOW)
def test_json_only_mistakes_are_named_by_item_and_field_before_anything_is_registered(world, client):
    headers = token(world.compliance, "compliance:write")
    batch = {"items": [item(2, color="rojo"), item(3, cuenta={"n": 1}), "texto"]}
    response = client.post("/api/v1/contact-logs", batch, content_type="application/json", **headers)
    assert response.status_code == 422
    errors = {(e["item"], e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {(0, "color", "unknown_column"), (1, "cuenta", "not_text"), (2, None, "item_not_object")}
    assert ContactImport.objects.count() == 0


@time_machine.travel(NOW)
def test_loading_needs_the_write_scope_and_the_upload_capability(world, client):
    batch = {"items": [item(2)]}
    read_only = client.post(
        "/api/v1/contact-logs", batch, content_type="application/json", **token(world.compliance, "compliance:read")
    )
    assert read_only.status_code == 403
    analyst = client.post(
        "/api/v1/contact-logs", batch, content_type="application/json", **token(world.analyst, "compliance:write")
    )
    assert analyst.status_code == 403
    assert client.post("/api/v1/contact-logs", batch, content_type="application/json").status_code == 401


@time_machine.travel(NOW)
def test_the_contact_check_answers_with_the_broken_rule_in_words_and_the_next_allowed_time(world, client):
    load = token(world.compliance, "compliance:write")
    batch = {"items": [item(d) for d in range(12, 19)]}  # one call a day, 12..18 March (15:00 UTC)
    assert client.post("/api/v1/contact-logs", batch, content_type="application/json", **load).status_code == 201
    headers = token(world.compliance, "compliance:read")
    ask = {"cuenta": "US-1", "canal": "llamada", "pais": "US", "estado": "TX", "fecha_hora": "2026-03-18T20:00:00Z"}
    answer = client.post("/api/v1/contact-check", ask, content_type="application/json", **headers).json()
    assert answer["permitido"] is False
    assert [r["regla"] for r in answer["reglas"] if not r["consultiva"]] == ["tope_7_dias"]
    assert answer["reglas"][0]["motivo"].startswith("Llamada a las 15:00")
    assert answer["siguiente_permitido"] == "2026-03-19T08:00:00-05:00"  # Texas, after DST began
    fine = client.post(
        "/api/v1/contact-check", {**ask, "cuenta": "US-2"}, content_type="application/json", **headers
    ).json()
    assert fine["permitido"] is True and fine["reglas"] == []


@time_machine.travel(NOW)
def test_the_contact_check_refuses_an_agent_whose_licence_is_suspended(world, client):
    DialSuspension.objects.create(
        employee=world.agent_employee, start=dt.date(2026, 3, 15), end=dt.date(2026, 4, 10), severe_breaches=3
    )
    ask = {
        "cuenta": "MX-9",
        "canal": "llamada",
        "pais": "MX",
        "fecha_hora": "2026-03-18T16:00:00Z",
        "agente": "A0001",
    }
    answer = client.post(
        "/api/v1/contact-check", ask, content_type="application/json", **token(world.compliance, "compliance:read")
    ).json()
    assert answer["permitido"] is False and answer["reglas"] == []
    assert [c["codigo"] for c in answer["licencia"]] == ["dial_suspended"]
    assert "suspendida la licencia para marcar" in answer["licencia"][0]["motivo"]


@time_machine.travel(NOW)
def test_a_bad_question_is_a_422_naming_the_field(world, client):
    headers = token(world.compliance, "compliance:read")
    base = {"cuenta": "X", "canal": "llamada", "pais": "US"}
    for changed, field in (({"pais": "AR"}, "pais"), ({"canal": "fax"}, "canal"), ({"estado": "ZZ"}, "estado")):
        response = client.post("/api/v1/contact-check", {**base, **changed}, content_type="application/json", **headers)
        assert response.status_code == 422 and response.json()["detail"].startswith(field)
