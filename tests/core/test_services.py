import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent, TeamMembership
from core.selectors import membership_days
from core.services import campaign_assign, user_set_role

pytestmark = pytest.mark.django_db


def test_changing_a_role_is_audited_with_before_and_after(world):
    user_set_role(actor=world.admin, user=world.agent, role="supervisor")
    event = AuditEvent.objects.get(action="user.role_change")
    assert event.before == {"role": "agent", "is_superuser": False, "is_staff": False}
    assert event.after == {"role": "supervisor", "is_superuser": False, "is_staff": False}
    assert event.actor == world.admin
    assert event.actor == world.admin


def test_an_unknown_role_is_rejected(world):
    with pytest.raises(ValidationError):
        user_set_role(actor=world.admin, user=world.agent, role="king")


def test_editors_get_the_cms(world):
    user_set_role(actor=world.admin, user=world.agent, role="editor")
    world.agent.refresh_from_db()
    assert world.agent.is_staff and world.agent.groups.filter(name="Moderators").exists()


def test_a_mid_month_team_move_counts_days_for_each_team(world):
    from core.services import team_membership_move

    team_membership_move(actor=world.hr, employee=world.agent_employee, team=world.team_b, start=dt.date(2025, 3, 11))
    days = membership_days(employee_ids=[world.agent_employee.pk], first=dt.date(2025, 3, 1), last=dt.date(2025, 3, 31))
    assert days[world.agent_employee.pk] == {world.team_a.pk: 10, world.team_b.pk: 21}
    assert TeamMembership.objects.filter(employee=world.agent_employee).count() == 2


def test_a_move_before_the_current_membership_is_refused(world):
    from core.services import team_membership_move

    with pytest.raises(ValidationError):
        team_membership_move(
            actor=world.hr, employee=world.agent_employee, team=world.team_b, start=dt.date(2020, 1, 1)
        )


def test_overlapping_campaign_assignments_are_refused(world):
    with pytest.raises(ValidationError):
        campaign_assign(
            actor=world.hr, employee=world.agent_employee, campaign=world.campaign, start=dt.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError):
        campaign_assign(
            actor=world.hr,
            employee=world.agent_employee,
            campaign=world.campaign,
            start=dt.date(2025, 1, 1),
            end=dt.date(2024, 1, 1),
        )


def test_hr_moves_an_agent_from_the_record_page_and_it_is_audited(world, client_for):
    client = client_for(world.hr)
    response = client.post(
        f"/organizacion/personas/{world.agent_employee.employee_code}/equipo/",
        {"team": world.team_b.pk, "start": "2025-05-02"},
    )
    assert response.status_code == 302
    assert world.agent_employee.memberships.filter(team=world.team_b, start=dt.date(2025, 5, 2)).exists()
    assert AuditEvent.objects.filter(action="team.membership_move").exists()


def test_a_bad_move_says_why_and_changes_nothing(world, client_for):
    client = client_for(world.hr)
    response = client.post(
        f"/organizacion/personas/{world.agent_employee.employee_code}/equipo/",
        {"team": world.team_b.pk, "start": "2019-01-01"},
        follow=True,
    )
    assert "después de la actual" in response.content.decode()
    assert world.agent_employee.memberships.count() == 1


def test_supervisors_cannot_move_people(world, client_for):
    response = client_for(world.supervisor).post(
        f"/organizacion/personas/{world.agent_employee.employee_code}/equipo/",
        {"team": world.team_b.pk, "start": "2025-05-02"},
    )
    assert response.status_code == 403


def test_admin_edits_the_organisation_in_the_cms_and_it_is_audited(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        "/cms/org_site/new/",
        {
            "company": world.team_a.site.company_id,
            "code": "lima",
            "name": "Lima",
            "city": "Lima",
            "country": "PE",
            "timezone": "America/Lima",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="site.create")
    assert event.after["name"] == "Lima"


def test_admin_changes_a_role_from_the_users_page(world, client_for):
    response = client_for(world.admin).post(f"/organizacion/usuarios/{world.agent.pk}/rol/", {"role": "supervisor"})
    assert response.status_code == 302
    world.agent.refresh_from_db()
    assert world.agent.role == "supervisor"
    assert (
        client_for(world.hr).post(f"/organizacion/usuarios/{world.agent.pk}/rol/", {"role": "admin"}).status_code == 403
    )
