"""The certification matrix draws, per specialisation, how many agents in scope hold a certificate in
each status on the chosen day, from the matrix's own cells (no query of its own)."""

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
