"""The role × object matrix: who may see whose records, through the one scoping mechanism."""

import pytest
from django.http import Http404

from core.models import Employee, TeamMembership
from core.scoping import employees_in_scope, get_in_scope_or_404, scope_queryset, teams_in_scope

pytestmark = pytest.mark.django_db

# role -> which of (agent, teammate, outsider) they see
MATRIX = {
    "agent": (True, False, False),
    "supervisor": (True, True, False),
    "manager": (True, True, False),
    "hr": (True, True, True),
    "compliance": (True, True, True),
    "analyst": (True, True, True),
    "admin": (True, True, True),
    "editor": (False, False, False),
}


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_it_scopes_employees_by_role(world, role):
    user = world.user(role)
    visible = set(employees_in_scope(user).values_list("employee_code", flat=True))
    expected = dict(zip(["A0001", "A0002", "A0003"], MATRIX[role], strict=True))
    for code, should_see in expected.items():
        assert (code in visible) is should_see, (role, code)


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_it_scopes_related_rows_and_404s_outside(world, role):
    user = world.user(role)
    memberships = scope_queryset(TeamMembership.objects.all(), user, employee_field="employee")
    codes = set(memberships.values_list("employee__employee_code", flat=True))
    assert ("A0003" in codes) is MATRIX[role][2]
    if MATRIX[role][2]:
        assert get_in_scope_or_404(Employee.objects.all(), user, employee_field="self", pk=world.outsider_employee.pk)
    else:
        with pytest.raises(Http404):
            get_in_scope_or_404(Employee.objects.all(), user, employee_field="self", pk=world.outsider_employee.pk)


def test_it_follows_team_moves_by_date(world):
    import datetime as dt

    from core.services import team_membership_move

    team_membership_move(
        actor=world.hr, employee=world.teammate_employee, team=world.team_b, start=dt.date(2025, 6, 16)
    )
    before = set(employees_in_scope(world.supervisor, on=dt.date(2025, 6, 10)).values_list("employee_code", flat=True))
    after = set(employees_in_scope(world.supervisor, on=dt.date(2025, 6, 20)).values_list("employee_code", flat=True))
    assert "A0002" in before and "A0002" not in after


def test_it_gives_teams_by_role(world):
    assert list(teams_in_scope(world.supervisor)) == [world.team_a]
    assert list(teams_in_scope(world.manager)) == [world.team_a]
    assert set(teams_in_scope(world.hr)) == {world.team_a, world.team_b}
    assert list(teams_in_scope(world.agent)) == []


def test_it_treats_anonymous_as_nobody(world):
    from django.contrib.auth.models import AnonymousUser

    assert employees_in_scope(AnonymousUser()).count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("agent", 404), ("supervisor", 404), ("manager", 404), ("hr", 200), ("compliance", 200), ("editor", 404)],
)
def test_it_returns_404_not_403_for_records_outside_scope(world, client_for, role, status):
    response = client_for(world.user(role)).get(f"/organizacion/personas/{world.outsider_employee.employee_code}/")
    assert response.status_code == status


def test_it_lets_agents_open_their_own_record(world, client_for):
    response = client_for(world.agent).get("/organizacion/personas/A0001/")
    assert response.status_code == 200
    assert "A0001" in response.content.decode()
