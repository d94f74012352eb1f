"""Certification publishes certificate.issued, .expiring, .expired and .revoked from its services,
once each, in the certificate's order (subject: the certificate)."""

import datetime as dt

import pytest
from django.db import transaction

from certification import services
from tests.certification.test_cert_certificates import pass_exam
from tests.receiver import published, subscribe

pytestmark = pytest.mark.django_db
EVENTS = ("certificate.issued", "certificate.expiring", "certificate.expired", "certificate.revoked")


def test_an_issued_then_revoked_certificate_publishes_both_in_order(settings, world, exam):
    subscribe(*EVENTS)
    cert = pass_exam(exam, world.agent_employee)
    services.certificate_revoke(certificate=cert, reason="Fraude", actor=world.hr)
    issued, revoked = published()
    assert (issued["type"], revoked["type"]) == ("certificate.issued", "certificate.revoked")
    assert issued["subject"] == revoked["subject"] == f"certificate:{cert.number}"
    assert issued["data"]["employee_code"] == "A0001" and issued["data"]["number"] == cert.number
    assert issued["data"]["verification_url"].endswith(f"/verificar/{cert.code}/")
    assert revoked["data"]["status"] == "revoked"


def test_a_refused_revocation_publishes_nothing(settings, world, exam):
    subscribe("certificate.revoked")
    cert = pass_exam(exam, world.agent_employee)
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - the service's refusal
        services.certificate_revoke(certificate=cert, reason="", actor=world.hr)
    assert published() == []


def test_the_daily_refresh_publishes_expiring_then_expired_once_each(settings, world, exam):
    subscribe(*EVENTS)
    cert = pass_exam(exam, world.agent_employee)
    window = cert.specialisation.renewal_window_days
    for _ in range(2):  # twice a day is safe
        services.certificates_refresh(today=cert.expires_on - dt.timedelta(days=window - 1))
    for _ in range(2):
        services.certificates_refresh(today=cert.expires_on + dt.timedelta(days=1))
    assert [p["type"] for p in published()] == ["certificate.issued", "certificate.expiring", "certificate.expired"]
    assert published("certificate.expired")[0]["data"]["status"] == "expired"
