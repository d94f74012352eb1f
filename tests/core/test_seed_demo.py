import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from core.models import Employee, Team, User

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["agente", "supervisor", "gerente", "rrhh", "editor", "cumplimiento", "analista", "admin"]


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in {"core"}}


def _first_employees():
    return list(
        Employee.objects.order_by("employee_code").values_list("employee_code", "first_name", "last_name", "hire_date")[
            :40
        ]
    )


@override_settings(DEBUG=True)
def test_it_builds_the_demo_company_idempotently_and_deterministically():
    """One seeding serves three checks (each seeding costs seconds): what it builds, that a second
    run changes nothing, and that building again from scratch gives the same people."""
    from core.demo import seed_world

    seed_world()
    first = _counts()
    names = _first_employees()
    seed_world()
    assert _counts() == first
    assert Team.objects.count() >= 12
    assert Employee.objects.filter(employee_code__startswith="A").count() >= 200
    assert set(DEMO_USERNAMES) <= set(User.objects.values_list("username", flat=True))
    agent = User.objects.get(username="agente")
    assert agent.employee.employee_code == "A0001"
    assert agent.check_password("demo")
    assert set(Employee.objects.values_list("company__name", flat=True)) == {"Recupera Latam"}

    Employee.objects.all().delete()
    seed_world()
    assert _first_employees() == names


@override_settings(DEBUG=False)
def test_it_refuses_with_debug_off():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


@override_settings(DEBUG=True)
def test_it_refuses_a_database_with_other_data():
    User.objects.create_user("realperson", "p@example.com", "x")
    with pytest.raises(CommandError, match="refusing"):
        call_command("seed_demo")
    assert list(User.objects.values_list("username", flat=True)) == ["realperson"]
    assert not Employee.objects.exists()


@pytest.mark.slow
@override_settings(DEBUG=True)
def test_the_command_builds_everything_and_a_second_run_changes_nothing():
    from core.models import AuditEvent

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    all_models = [m for m in apps.get_models() if not m._meta.app_label.startswith(("sessions", "contenttypes"))]
    first = {m._meta.label: m.objects.count() for m in all_models}
    events = AuditEvent.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    second = {m._meta.label: m.objects.count() for m in all_models}
    assert second == first
    assert AuditEvent.objects.count() == events
    call_command("verify_audit")
