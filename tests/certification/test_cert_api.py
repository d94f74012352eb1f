"""Certificates, "who is certified", attempts and the PDF through the API, inside the token owner's scope."""

from __future__ import annotations

import pytest

from certification.models import CertificateStatus
from tests.apitools import bearer
from tests.certification.test_cert_certificates import NOW, pass_exam

pytestmark = pytest.mark.django_db
READ = "certification:read"


@pytest.fixture
def certs(exam, world):
    return pass_exam(exam, world.agent_employee), pass_exam(exam, world.outsider_employee)


def test_hr_lists_every_certificate_in_pages(certs, world, client):
    response = client.get("/api/v1/certificates?limit=1", **bearer(world.hr, READ))

    body = response.json()
    assert response.status_code == 200, body
    assert body["total"] == 2 and len(body["items"]) == 1
    assert body["next"].endswith("limit=1&offset=1") and body["previous"] is None
    second = client.get(body["next"], **bearer(world.hr, READ)).json()
    assert second["next"] is None and second["items"][0]["id"] != body["items"][0]["id"]


def test_a_supervisor_sees_only_their_team(certs, world, client):
    body = client.get("/api/v1/certificates", **bearer(world.supervisor, READ)).json()

    assert [c["employee"] for c in body["items"]] == ["A0001"]


def test_a_certificate_outside_the_scope_is_404_not_403(certs, world, client):
    outsider_cert = certs[1]

    response = client.get(f"/api/v1/certificates/{outsider_cert.pk}", **bearer(world.supervisor, READ))

    assert response.status_code == 404


def test_filters_by_person_specialisation_status_and_day(certs, world, client):
    headers = bearer(world.hr, READ)
    spec = world.specialisation.code
    day = NOW.date().isoformat()

    def employees(query):
        return [c["employee"] for c in client.get(f"/api/v1/certificates?{query}", **headers).json()["items"]]

    assert employees("employee=A0003") == ["A0003"]
    assert sorted(employees(f"specialisation={spec}&status=valid&valid_on={day}")) == ["A0001", "A0003"]
    assert employees("valid_on=2000-01-01") == []
    assert employees("status=revoked") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=nope", "status"),
        ("valid_on=31-12-2026", "valid_on"),
        ("limit=0", "limit"),
        ("specialisation=zz", "specialisation"),
    ],
)
def test_a_bad_filter_is_a_422_naming_it(world, client, query, field):
    response = client.get(f"/api/v1/certificates?{query}", **bearer(world.hr, READ))

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_who_is_certified_in_a_specialisation_on_a_day(certs, world, client):
    url = f"/api/v1/certified?specialisation={world.specialisation.code}&day={NOW.date().isoformat()}"

    body = client.get(url, **bearer(world.compliance, READ)).json()

    assert [(r["employee"], r["certificate"]) for r in body["items"]] == [
        ("A0001", certs[0].number),
        ("A0003", certs[1].number),
    ]
    assert client.get(url.replace(NOW.date().isoformat(), "2000-01-01"), **bearer(world.hr, READ)).json()["total"] == 0


def test_the_attempts_summary_counts_per_exam(certs, exam, world, client):
    body = client.get("/api/v1/exam-attempts/summary", **bearer(world.hr, READ)).json()

    assert body == [
        {
            "exam": exam.code,
            "exam_title": exam.title,
            "specialisation": world.specialisation.code,
            "attempts": 2,
            "in_progress": 0,
            "awaiting_marking": 0,
            "passed": 2,
            "failed": 0,
            "people": 2,
            "average_score": "100.00",
        }
    ]


def test_the_certificate_pdf_is_served(certs, world, client):
    response = client.get(f"/api/v1/certificates/{certs[0].pk}/pdf", **bearer(world.hr, READ))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_agent_token_is_refused_with_403_and_another_areas_scope_too(certs, world, client):
    assert client.get("/api/v1/certificates", **bearer(world.agent, READ)).status_code == 403
    assert client.get("/api/v1/certificates", **bearer(world.hr, "kpi:read")).status_code == 403


def test_status_values_are_the_model_choices():
    assert {s.value for s in CertificateStatus} >= {"valid", "revoked"}
