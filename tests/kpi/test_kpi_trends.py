"""The KPI pages' trend charts: six months drawn from the period's sums, a goal line from the plans'
targets, one line per delinquency bucket for a scope, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.models import Bucket
from incentives.models import Target
from kpi.selectors import kpi_monthly_sums, kpi_sums
from tests.factories import CampaignAssignmentFactory, CampaignFactory, EmployeeFactory, TeamMembershipFactory
from tests.incentives.factories import demo_definition, published_plan
from tests.kpi.factories import KpiFactFactory, KpiImportFactory

pytestmark = pytest.mark.django_db

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


def _facts(employee, month: dt.date, days: int, campaign=None, **values):
    batch = KpiImportFactory()
    extra = {"campaign": campaign} if campaign is not None else {}
    for i in range(days):
        KpiFactFactory(employee=employee, day=month + dt.timedelta(days=i), batch=batch, **extra, **values)


def _page(client, url):
    client.cookies["django_language"] = "es"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _figure(html: str, title: str) -> str:
    match = re.search(r'<figure class="chart[^>]*>\s*<figcaption class="chart__title">' + re.escape(title), html)
    assert match, f"no chart titled {title!r}"
    return html[match.start() : html.index("</figure>", match.start())]


def test_monthly_sums_add_up_the_months_of_everyone_asked(world):
    _facts(world.agent_employee, OCT, 3, intentos=100)
    _facts(world.agent_employee, NOV, 2, intentos=50)
    _facts(world.teammate_employee, NOV, 1, intentos=10)
    ids = [world.agent_employee.pk, world.teammate_employee.pk]

    monthly = kpi_monthly_sums(employee_ids=ids, start=dt.date(2026, 6, 1), end=dt.date(2026, 11, 30))

    assert list(monthly) == [OCT, NOV]
    assert monthly[OCT]["intentos"] == 300 and monthly[NOV]["intentos"] == 110
    november = kpi_sums(employee_ids=ids, start=NOV, end=dt.date(2026, 11, 30))
    assert monthly[NOV]["monto_recuperado"] == sum(s["monto_recuperado"] for s in november.values())


def test_the_agents_kpi_page_draws_six_months_of_trend_with_its_table(world, client_for, clock):
    _facts(world.agent_employee, OCT, 2, intentos=100, contactos=40)
    _facts(world.agent_employee, NOV, 2, intentos=100, contactos=50)

    html = _page(client_for(world.agent), reverse("kpi:employee_kpis", args=["A0001"]))

    chart = _figure(html, "Contactabilidad")
    assert 'role="img"' in chart
    assert "Contactabilidad: de 40.00 % en oct 2026 a 50.00 % en nov 2026." in chart
    assert chart.count('<th scope="row">') == 6  # jun … nov, the empty months listed as such
    assert '<th scope="row">nov 2026</th><td class="num">50.00 %</td>' in chart
    assert '<th scope="row">jul 2026</th><td class="num">—</td>' in chart


def test_the_amount_collected_is_drawn_against_the_plans_target(world, client_for, clock):
    published_plan(world.analyst, definition=demo_definition("tramo_temprano"), teams=[world.team_a])
    Target.objects.create(period=NOV, code="meta_recuperacion", team=world.team_a, value=Decimal("20000"))
    Target.objects.create(period=NOV, code="meta_recuperacion", employee=world.agent_employee, value=Decimal("15000"))
    Target.objects.create(period=OCT, code="meta_recuperacion", team=world.team_a, value=Decimal("12000"))
    _facts(world.agent_employee, OCT, 10)  # 800 a day
    _facts(world.agent_employee, NOV, 20)

    html = _page(client_for(world.agent), reverse("kpi:employee_kpis", args=["A0001"]))

    chart = _figure(html, "Monto recuperado")
    assert "chart__series--target" in chart
    # the agent's own target wins over the team's; October has the team's
    assert "Meta: 15,000.00 en nov 2026." in chart
    assert '<th scope="row">oct 2026</th><td class="num">8,000.00</td><td class="num">12,000.00</td>' in chart
    assert '<th scope="row">nov 2026</th><td class="num">16,000.00</td><td class="num">15,000.00</td>' in chart
    # a KPI no component measures against a target draws no goal line
    assert "chart__series--target" not in _figure(html, "Contactabilidad")


def test_the_team_page_draws_one_line_per_delinquency_bucket(world, client_for, clock):
    early = CampaignFactory(bucket=Bucket.B1_30)
    late = CampaignFactory(bucket=Bucket.B91_180)
    _facts(world.agent_employee, NOV, 2, campaign=early, intentos=100, contactos=30)
    _facts(world.teammate_employee, NOV, 2, campaign=late, intentos=100, contactos=10)
    _facts(world.outsider_employee, NOV, 2, campaign=late, intentos=100, contactos=90)  # team B: not the supervisor's

    html = _page(client_for(world.supervisor), reverse("kpi:team_kpis"))

    chart = _figure(html, "Contactabilidad")
    assert "1–30 días: de 30.00 % en nov 2026 a 30.00 % en nov 2026." in chart
    assert "91–180 días: de 10.00 % en nov 2026 a 10.00 % en nov 2026." in chart  # without the outsider's 90 %
    assert chart.count('class="chart__legend"') == 1


def _more_agents(world, count: int, campaign):
    for n in range(count):
        employee = EmployeeFactory(employee_code=f"B{n:04d}")
        TeamMembershipFactory(employee=employee, team=world.team_a, start=dt.date(2024, 1, 1))
        CampaignAssignmentFactory(employee=employee, campaign=campaign, start=dt.date(2024, 1, 1))
        for month in (dt.date(2026, 7, 1), OCT, NOV):
            _facts(employee, month, 2, campaign=campaign)


def test_the_kpi_pages_charts_add_no_query_per_agent_or_month(world, client_for, clock, count_queries):
    published_plan(world.analyst, definition=demo_definition("tramo_temprano"), teams=[world.team_a])
    Target.objects.create(period=NOV, code="meta_recuperacion", team=world.team_a, value=Decimal("20000"))
    campaign = CampaignFactory(bucket=Bucket.B31_60)
    _facts(world.agent_employee, NOV, 2, campaign=campaign)
    team_url, own_url = reverse("kpi:team_kpis"), reverse("kpi:employee_kpis", args=["A0001"])

    def counts():  # client_for signs its one client in again: one user at a time
        return count_queries(client_for(world.supervisor), team_url), count_queries(client_for(world.agent), own_url)

    small = counts()

    _more_agents(world, 12, campaign)
    for month in (dt.date(2026, 6, 1), dt.date(2026, 8, 1), OCT):
        _facts(world.agent_employee, month, 3, campaign=CampaignFactory(bucket=Bucket.LEGAL))

    assert counts() == small


def test_the_team_page_draws_the_collection_goals_attainment(world, client_for, clock):
    published_plan(world.analyst, definition=demo_definition("tramo_temprano"), teams=[world.team_a])
    Target.objects.create(period=NOV, code="meta_recuperacion", team=world.team_a, value=Decimal("10000"))
    _facts(world.agent_employee, NOV, 10)  # 8,000 of 10,000
    _facts(world.teammate_employee, NOV, 5)  # 4,000 of 10,000: together 12,000 of 20,000
    _facts(world.outsider_employee, NOV, 1)  # team B: not in the supervisor's scope, no goal either

    html = _page(client_for(world.supervisor), reverse("kpi:team_kpis"))

    chart = _figure(html, "Cumplimiento de la meta de recuperación")
    assert '<th scope="row">nov 2026</th><td class="num">60.0 %</td><td class="num">100.0 %</td>' in chart
    assert '<th scope="row">oct 2026</th><td class="num">—</td><td class="num">100.0 %</td>' in chart
