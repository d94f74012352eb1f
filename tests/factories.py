"""factory_boy factories for the shared core. Apps keep their own in tests/<app>/factories.py."""

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from core.models import (
    Campaign,
    CampaignAssignment,
    Company,
    Employee,
    Site,
    Specialisation,
    Team,
    TeamMembership,
    User,
)
from core.roles import Role


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    role = Role.AGENT
    # hashed before the insert (one save, as set_password then save() did in two)
    password = factory.LazyFunction(lambda: make_password("pass"))
    is_superuser = factory.LazyAttribute(lambda o: o.role == Role.ADMIN)
    is_staff = factory.LazyAttribute(lambda o: o.role in (Role.ADMIN, Role.EDITOR))


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("name",)

    name = "Cobranzas de Prueba"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"site{n}")
    name = factory.Sequence(lambda n: f"Sede {n}")
    city = "Ciudad de México"
    country = "MX"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"team{n}")
    name = factory.Sequence(lambda n: f"Equipo {n}")


class SpecialisationFactory(DjangoModelFactory):
    class Meta:
        model = Specialisation
        django_get_or_create = ("code",)

    code = "early_stage"
    name = "Cobranza temprana"


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    company = factory.SubFactory(CompanyFactory)
    code = factory.Sequence(lambda n: f"camp{n}")
    name = factory.Sequence(lambda n: f"Campaña {n}")
    client = "Banco de Prueba"
    bucket = "1-30"
    country = "MX"


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    company = factory.SubFactory(CompanyFactory)
    employee_code = factory.Sequence(lambda n: f"E{n:05d}")
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    hire_date = dt.date(2024, 1, 15)
    dialer_login = factory.Sequence(lambda n: f"dl{n:05d}")


class TeamMembershipFactory(DjangoModelFactory):
    class Meta:
        model = TeamMembership

    employee = factory.SubFactory(EmployeeFactory)
    team = factory.SubFactory(TeamFactory)
    start = dt.date(2024, 1, 15)


class CampaignAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = CampaignAssignment

    employee = factory.SubFactory(EmployeeFactory)
    campaign = factory.SubFactory(CampaignFactory)
    start = dt.date(2024, 1, 15)
