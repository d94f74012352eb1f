"""The certification matrix draws, per specialisation, how many agents in scope hold a certificate in
each status on the chosen day, counting every agent the filters keep while the table shows them a
page at a time (thousands in a company), in a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.certification.test_cert_certificates import pass_exam
from tests.factories import EmployeeFactory, TeamMembershipFactory

pytestmark = pytest.mark.django_db


def _chart(client, day: str) -> str:
    client.cookies["django_language"] = "es"
    response = client.get(reverse("certification:hr_matrix"), {"day": day})
    html = response.content.decode()
    start = html.index('<figure class="chart chart--bar" id="matriz-estados"')
    return html[start : html.index("</figure>", start)]


def _row(chart: str, name: str) -> list[str]:
    row = re.search(r'<th scope="row">' + re.escape(name) + r"</th>(.*?)</tr>", chart).group(1)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def test_the_matrix_chart_counts_agents_by_certificate_status(
    exam, world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cert = pass_exam(exam, world.agent_employee)
    hr = client_for(world.hr)
    in_force = _chart(hr, cert.issued_on.isoformat())
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', in_force)
    assert header[0] == "Vigente" and header[-1] == "Total"
    counts = dict(zip(header, _row(in_force, world.specialisation.name), strict=True))
    people = int(counts["Total"])
    assert counts["Vigente"] == "1" and int(counts["Ninguno"]) == people - 1

    after = _chart(hr, (cert.expires_on + dt.timedelta(days=1)).isoformat())
    header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', after)
    counts = dict(zip(header, _row(after, world.specialisation.name), strict=True))
    assert counts["Vencido"] == "1" and "Vigente" not in counts


def test_the_matrix_chart_adds_no_query_per_agent(world, client_for, count_queries):
    def count():
        return count_queries(client_for(world.hr), reverse("certification:hr_matrix"))

    few = count()
    for n in range(8):
        TeamMembershipFactory(
            employee=EmployeeFactory(employee_code=f"M{n:03d}"), team=world.team_a, start=dt.date(2024, 1, 1)
        )
    assert count() == few


def test_the_matrix_lists_a_page_of_agents_and_charts_them_all(exam, world, client_for):
    cert = pass_exam(exam, world.agent_employee)
    for n in range(55):
        TeamMembershipFactory(
            employee=EmployeeFactory(employee_code=f"P{n:03d}", last_name=f"Zeta{n:03d}"),
            team=world.team_a,
            start=dt.date(2024, 1, 1),
        )
    hr = client_for(world.hr)
    day = cert.issued_on.isoformat()
    url = reverse("certification:hr_matrix")

    first = hr.get(url, {"day": day}).content.decode()
    second = hr.get(url, {"day": day, "page": 2}).content.decode()

    listed = [re.findall(r'<span class="muted">([AP]\d{3,4}|S\d{4})</span></th>', page) for page in (first, second)]
    assert len(listed[0]) == 50 and len(listed[1]) == 9  # 55 more agents, the world's three and its supervisor
    assert not set(listed[0]) & set(listed[1])
    assert "Página 1 de 2" in first and "page=2" in first and "day=" + day in first
    for page in (first, second):
        chart = page[page.index('id="matriz-estados"') :]
        header = re.findall(r'<th scope="col" class="num">([^<]+)</th>', chart[: chart.index("</figure>")])
        counts = dict(zip(header, _row(chart, world.specialisation.name), strict=True))
        assert counts["Total"] == "59" and counts["Vigente"] == "1" and counts["Ninguno"] == "58"
