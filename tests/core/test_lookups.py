"""``field__any``: one array parameter on PostgreSQL, ``IN`` elsewhere; same rows as ``__in``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Employee, TeamMembership
from tests.factories import EmployeeFactory


@pytest.mark.django_db
def test_any_selects_what_in_selects_on_keys_and_foreign_keys(world):
    extra = [EmployeeFactory() for _ in range(3)]
    ids = [world.agent_employee.pk, extra[0].pk, extra[2].pk, extra[0].pk, 987_654]

    assert set(Employee.objects.filter(pk__any=ids)) == set(Employee.objects.filter(pk__in=ids))
    assert set(TeamMembership.objects.filter(employee_id__any=ids)) == set(
        TeamMembership.objects.filter(employee_id__in=ids)
    )
    assert list(Employee.objects.filter(pk__any=[])) == []
    assert Employee.objects.exclude(pk__any=[]).count() == Employee.objects.count()


@pytest.mark.django_db
def test_a_long_list_is_one_parameter_on_postgresql(world):
    ids = list(range(1, 5001))
    with CaptureQueriesContext(connection) as queries:
        list(Employee.objects.filter(pk__any=ids).values_list("pk", flat=True))
    sql = queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
