"""Bad input gets a 400 with a message (or a 404 for an id no row can have), never a 500."""

from __future__ import annotations

import datetime as dt

import pytest

from core.models import AuditEvent


@pytest.fixture
def submitted_run(world):
    from incentives.services import payout_run_compute, payout_run_submit
    from tests.incentives.factories import published_plan

    version = published_plan(world.admin, teams=[world.team_a])
    run = payout_run_compute(period=dt.date(2026, 10, 1), plan_code=version.plan.code, actor=world.admin)
    return payout_run_submit(run=run, actor=world.analyst)


@pytest.mark.parametrize("team", ["abc", "", "99999999999999999999"])
def test_approving_a_team_that_is_not_an_id_is_a_400(world, client_for, submitted_run, team):
    response = client_for(world.manager).post(
        f"/incentivos/corridas/{submitted_run.pk}/accion/approve_team/", {"team": team}
    )
    assert response.status_code == 400
    assert "team" in response.content.decode()


def test_the_leaderboard_with_a_run_that_is_not_an_id_is_a_400(world, client_for):
    response = client_for(world.analyst).get("/incentivos/clasificacion/", {"run": "abc"})
    assert response.status_code == 400
    assert "run" in response.content.decode()


def test_a_month_with_a_line_break_is_a_400_not_a_header_injection(world, client_for):
    response = client_for(world.agent).get("/kpis/", {"mes": "2026-10\r\nSet-Cookie: x=1"})
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers


def test_a_month_is_passed_on_encoded(world, client_for):
    response = client_for(world.agent).get("/kpis/", {"mes": "2026-10"})
    assert response.status_code == 302 and response["Location"].endswith("?mes=2026-10")


def test_an_id_beyond_a_bigint_in_the_path_is_a_404(world, client_for):
    client = client_for(world.agent)
    assert client.post("/aprendizaje/lecciones/99999999999999999999/completar/").status_code == 404
    assert client.get("/incentivos/pagos/99999999999999999999/").status_code == 404


def test_an_hr_filter_that_is_not_an_id_is_a_400(world, client_for):
    response = client_for(world.hr).get("/certificacion/rrhh/matriz/", {"team": "99999999999999999999"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("agent", "/incentivos/estados/1/?employee=a%00b"),
        ("compliance", "/organizacion/auditoria/exportar.csv?q=a%00b"),
        ("admin", "/organizacion/usuarios/?q=a%00b"),
        ("admin", "/organizacion/usuarios/?a%00b=1"),
    ],
)
def test_a_nul_in_the_query_string_is_a_400_before_it_reaches_the_database(world, client_for, role, url):
    response = client_for(world.user(role)).get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_form_or_json_body_or_a_cookie_is_a_400(world, client_for):
    client = client_for(world.admin)
    before = AuditEvent.objects.count()
    assert client.post(f"/organizacion/usuarios/{world.agent.pk}/rol/", {"role": "hr\x00"}).status_code == 400
    # a JSON body to a portal view (the API validates its own bodies and names the row: see
    # tests/kpi/test_kpi_limits.py::test_a_nul_in_a_json_row_answers_422_naming_the_item)
    assert (
        client.post(
            f"/organizacion/usuarios/{world.agent.pk}/rol/",
            data='{"role": "hr\\u0000"}',
            content_type="application/json",
        )
    ).status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400
    assert AuditEvent.objects.count() == before


@pytest.mark.services("postgres")
@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("agent", "/incentivos/estados/1/?employee=%00"),
        ("compliance", "/organizacion/auditoria/exportar.csv?q=%00"),
        ("admin", "/organizacion/usuarios/?q=%00"),
    ],
)
def test_on_postgresql_a_nul_is_a_400_not_a_data_error(world, client_for, role, url):
    client = client_for(world.user(role))
    client.raise_request_exception = False
    assert client.get(url).status_code == 400


def test_the_400_page_names_the_parameter_and_is_translated(world, client_for):
    page = client_for(world.analyst).get("/incentivos/clasificacion/", {"run": "abc"}).content.decode()
    assert "<code>run</code>" in page
    assert "número entero" in page
