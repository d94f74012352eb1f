import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.models import AuditEvent, Leave, LeaveKind

pytestmark = pytest.mark.django_db


def test_a_leave_needs_an_end_date(world):
    leave = Leave(employee=world.agent_employee, kind=LeaveKind.SICK, start=dt.date(2026, 11, 3))
    with pytest.raises(ValidationError) as exc:
        leave.full_clean()
    assert "end" in exc.value.message_dict


def test_a_leave_cannot_end_before_it_starts(world):
    leave = Leave(
        employee=world.agent_employee, kind=LeaveKind.VACATION, start=dt.date(2026, 11, 10), end=dt.date(2026, 11, 9)
    )
    with pytest.raises(ValidationError) as exc:
        leave.full_clean()
    assert "end" in exc.value.message_dict


def test_a_one_day_leave_is_valid_and_reads_well(world):
    leave = Leave(
        employee=world.agent_employee, kind=LeaveKind.UNPAID, start=dt.date(2026, 11, 10), end=dt.date(2026, 11, 10)
    )
    leave.full_clean()
    leave.save()
    assert leave.days_within(dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == 1
    assert list(world.agent_employee.leaves.all()) == [leave]
    with translation.override("en"):
        assert "Unpaid leave" in str(leave) and world.agent_employee.employee_code in str(leave)


@pytest.mark.parametrize("end", [None, dt.date(2026, 11, 1)])
def test_the_database_refuses_a_leave_without_end_or_ending_before_its_start(world, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leave.objects.create(employee=world.agent_employee, kind=LeaveKind.OTHER, start=dt.date(2026, 11, 2), end=end)


@pytest.mark.parametrize(
    ("kind", "spanish"),
    [
        (LeaveKind.VACATION, "Vacaciones"),
        (LeaveKind.SICK, "Incapacidad por enfermedad"),
        (LeaveKind.UNPAID, "Permiso sin goce de sueldo"),
        (LeaveKind.OTHER, "Otra ausencia"),
    ],
)
def test_leave_kinds_read_in_spanish(kind, spanish):
    with translation.override("es"):
        assert str(kind.label) == spanish


def test_admin_records_a_leave_in_the_cms_and_it_is_audited(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        "/cms/org_leave/new/",
        {
            "employee": world.agent_employee.pk,
            "kind": "sick",
            "start": "2026-11-11",
            "end": "2026-11-20",
            "note": "Incapacidad IMSS",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    leave = Leave.objects.get(employee=world.agent_employee)
    assert (leave.kind, leave.start, leave.end) == ("sick", dt.date(2026, 11, 11), dt.date(2026, 11, 20))
    event = AuditEvent.objects.get(action="leave.create")
    assert event.actor == world.admin and event.object_id == str(leave.pk)
    assert event.after["kind"] == "sick" and event.after["end"] == "2026-11-20"
    listing = client.get("/cms/org_leave/?kind=sick")
    assert listing.status_code == 200 and world.agent_employee.last_name in listing.content.decode()


def test_the_cms_refuses_a_leave_without_end_and_records_nothing(world, client_for):
    response = client_for(world.admin).post(
        "/cms/org_leave/new/", {"employee": world.agent_employee.pk, "kind": "vacation", "start": "2026-11-11"}
    )
    assert response.status_code == 200
    assert not Leave.objects.exists()
    assert not AuditEvent.objects.filter(action="leave.create").exists()
