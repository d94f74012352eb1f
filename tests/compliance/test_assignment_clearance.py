"""Assigning an agent to a campaign they are not cleared to dial for warns (or, per setting, refuses)
with the reason in words; the check is compliance's, run by core's service through core.registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from compliance.models import DialSuspension
from core.models import AuditEvent, CampaignAssignment
from core.services import campaign_assign
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(world):
    return DialSuspension.objects.create(
        employee=world.agent_employee, start=dt.date(2026, 3, 8), end=dt.date(2026, 4, 6), severe_breaches=3
    )


def test_assigning_a_suspended_agent_warns_in_words_and_the_warning_is_audited(world, suspended):
    campaign = CampaignFactory(required_specialisation=None)
    with translation.override("es"):
        assignment = campaign_assign(
            actor=world.hr, employee=world.agent_employee, campaign=campaign, start=dt.date(2026, 3, 20)
        )
    assert [c.code for c in assignment.concerns] == ["dial_suspended"]
    message = str(assignment.concerns[0].message)
    assert "tiene suspendida la licencia para marcar del 8 de marzo de 2026 al 6 de abril de 2026" in message
    assert "3 incumplimientos graves" in message
    event = AuditEvent.objects.filter(action="campaign.assign").latest("id")
    assert event.after["warnings"][0]["code"] == "dial_suspended"


def test_a_suspension_that_ended_before_the_assignment_starts_says_nothing(world, suspended):
    campaign = CampaignFactory(required_specialisation=None)
    assignment = campaign_assign(
        actor=world.hr, employee=world.agent_employee, campaign=campaign, start=dt.date(2026, 4, 7)
    )
    assert assignment.concerns == []
    # an assignment that ends before the suspension starts is not concerned either
    other = campaign_assign(
        actor=world.hr,
        employee=world.agent_employee,
        campaign=CampaignFactory(required_specialisation=None),
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 7),
    )
    assert other.concerns == []


def test_without_a_certificate_in_the_campaigns_specialisation_the_assignment_warns(world):
    campaign = CampaignFactory(required_specialisation=world.specialisation, name="Cartera Norte")
    with translation.override("es"):
        assignment = campaign_assign(
            actor=world.hr, employee=world.teammate_employee, campaign=campaign, start=dt.date(2026, 3, 2)
        )
    assert [c.code for c in assignment.concerns] == ["not_certified"]
    assert "no tiene un certificado vigente en" in str(assignment.concerns[0].message)
    assert "Cartera Norte" in str(assignment.concerns[0].message)


def test_with_the_refusal_setting_nothing_is_stored_and_the_error_gives_the_reason(world, suspended, settings):
    settings.COMPLIANCE_REFUSE_UNCLEARED_ASSIGNMENT = True
    campaign = CampaignFactory(required_specialisation=None)
    with translation.override("es"), pytest.raises(ValidationError) as caught:
        campaign_assign(actor=world.hr, employee=world.agent_employee, campaign=campaign, start=dt.date(2026, 3, 20))
    assert caught.value.error_list[0].code == "dial_suspended"
    assert "suspendida la licencia para marcar" in caught.value.messages[0]
    assert not CampaignAssignment.objects.filter(campaign=campaign).exists()
    assert not AuditEvent.objects.filter(action="campaign.assign").exists()


def test_the_record_page_shows_the_warning_after_assigning(world, suspended, client_for):
    campaign = CampaignFactory(required_specialisation=None)
    client = client_for(world.hr)
    response = client.post(
        f"/organizacion/personas/{world.agent_employee.employee_code}/campana/",
        {"campaign": campaign.pk, "start": "2026-03-20"},
        follow=True,
    )
    assert CampaignAssignment.objects.filter(campaign=campaign, employee=world.agent_employee).exists()
    assert "suspendida la licencia para marcar" in response.content.decode()
