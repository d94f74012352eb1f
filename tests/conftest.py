"""Shared fixtures: a small world with one user per role plus an outsider, and service gating.

world.agent / world.agent_employee          agent on team A (supervised by world.supervisor)
world.teammate / world.teammate_employee    another agent on team A
world.outsider / world.outsider_employee    agent on team B (another supervisor, another manager)
world.supervisor, world.manager (manages team A only), world.hr, world.editor,
world.compliance, world.analyst, world.admin
world.team_a, world.team_b, world.campaign (requires world.specialisation)
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest

from core.roles import Role
from tests.dbtemplate import sqlite_template_setup

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
MISSING_SERVICES = pytest.StashKey[list]()


def pytest_collection_modifyitems(config, items):
    """`slow` tests run first; `services` tests need real PostgreSQL/Redis: skipped without them,
    failed with REQUIRE_SERVICES=1.

    Slow first: pytest-xdist hands tests out in this order, so the long ones (the URL walk, the demo
    seeding) start while the other worker still has hundreds of short ones to get through, instead
    of one worker finishing a long test while the other sits idle at the end of the run."""
    from django.conf import settings

    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: order kept otherwise

    if not settings.configured:  # run without pytest-django (pure engine tests)
        return
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_broker = bool(settings.CELERY_BROKER_URL)
    for item in items:
        marker = item.get_closest_marker("services")
        if marker is None:
            continue
        needs = set(marker.args) or {"postgres"}
        missing = []
        if "postgres" in needs and not on_postgres:
            missing.append("PostgreSQL (DATABASE_URL)")
        if "redis" in needs and not has_broker:
            missing.append("Redis (CELERY_BROKER_URL)")
        if "lrs" in needs and not os.environ.get("XAPI_TEST_LRS_ENDPOINT"):
            missing.append("an xAPI LRS (XAPI_TEST_LRS_ENDPOINT, see .ci/lrs)")
        if missing and not REQUIRE_SERVICES:
            item.add_marker(pytest.mark.skip(reason="needs " + " and ".join(missing)))
        elif missing:
            item.stash[MISSING_SERVICES] = missing


def pytest_runtest_setup(item):
    """With REQUIRE_SERVICES=1 a `services` test whose service is missing fails (pytest exits non-zero)."""
    missing = item.stash.get(MISSING_SERVICES, None)
    if missing:
        pytest.fail("REQUIRE_SERVICES=1 but missing " + ", ".join(missing), pytrace=False)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,  # xdist: one test database per worker on PostgreSQL
):
    """The test database, migrated once and kept as a template (see tests/dbtemplate.py).

    SQLite: every run (and every xdist worker) restores the migrated template into its in-memory
    database instead of migrating again; the template is rebuilt whenever a migration changes
    (or with `--create-db`). Other engines: pytest-django's usual setup (`--reuse-db` honoured).
    """
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    if connections["default"].vendor == "sqlite" and aliases <= {"default"}:
        with django_db_blocker.unblock():
            sqlite_template_setup(rebuild=django_db_createdb, serialize=bool(serialized_aliases))
        yield
        return
    if not django_db_use_migrations:
        _disable_migrations()
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=django_db_keepdb and not django_db_createdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@dataclass
class World:
    agent: object
    agent_employee: object
    teammate: object
    teammate_employee: object
    outsider: object
    outsider_employee: object
    supervisor: object
    manager: object
    hr: object
    editor: object
    compliance: object
    analyst: object
    admin: object
    team_a: object
    team_b: object
    campaign: object
    specialisation: object

    def user(self, role: str):
        return {
            Role.AGENT: self.agent,
            Role.SUPERVISOR: self.supervisor,
            Role.MANAGER: self.manager,
            Role.HR: self.hr,
            Role.EDITOR: self.editor,
            Role.COMPLIANCE: self.compliance,
            Role.ANALYST: self.analyst,
            Role.ADMIN: self.admin,
        }[role]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (rate limits, progress reports), whatever ran before."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db) -> World:
    from tests.factories import (
        CampaignAssignmentFactory,
        CampaignFactory,
        EmployeeFactory,
        SpecialisationFactory,
        TeamFactory,
        TeamMembershipFactory,
        UserFactory,
    )

    start = dt.date(2024, 1, 15)
    team_a, team_b = TeamFactory(name="Equipo A"), TeamFactory(name="Equipo B")
    users = {role: UserFactory(username=role.value, role=role) for role in Role}
    team_a.supervisors.add(users[Role.SUPERVISOR])
    team_a.managers.add(users[Role.MANAGER])
    other_sup = UserFactory(username="other_supervisor", role=Role.SUPERVISOR)
    other_mgr = UserFactory(username="other_manager", role=Role.MANAGER)
    team_b.supervisors.add(other_sup)
    team_b.managers.add(other_mgr)
    teammate_user = UserFactory(username="teammate", role=Role.AGENT)
    outsider_user = UserFactory(username="outsider", role=Role.AGENT)
    spec = SpecialisationFactory()
    campaign = CampaignFactory(required_specialisation=spec)

    def employee(user, team, code):
        emp = EmployeeFactory(user=user, employee_code=code, first_name=user.first_name, last_name=user.last_name)
        TeamMembershipFactory(employee=emp, team=team, start=start)
        CampaignAssignmentFactory(employee=emp, campaign=campaign, start=start)
        return emp

    agent_emp = employee(users[Role.AGENT], team_a, "A0001")
    teammate_emp = employee(teammate_user, team_a, "A0002")
    outsider_emp = employee(outsider_user, team_b, "A0003")
    sup_emp = EmployeeFactory(user=users[Role.SUPERVISOR], employee_code="S0001")
    TeamMembershipFactory(employee=sup_emp, team=team_a, start=start)
    return World(
        agent=users[Role.AGENT],
        agent_employee=agent_emp,
        teammate=teammate_user,
        teammate_employee=teammate_emp,
        outsider=outsider_user,
        outsider_employee=outsider_emp,
        supervisor=users[Role.SUPERVISOR],
        manager=users[Role.MANAGER],
        hr=users[Role.HR],
        editor=users[Role.EDITOR],
        compliance=users[Role.COMPLIANCE],
        analyst=users[Role.ANALYST],
        admin=users[Role.ADMIN],
        team_a=team_a,
        team_b=team_b,
        campaign=campaign,
        specialisation=spec,
    )


class Queries(int):
    """A number of queries that shows them when an assertion on it fails."""

    statements: list[str]

    def __new__(cls, statements: list[str]):
        count = super().__new__(cls, len(statements))
        count.statements = statements
        return count

    def __repr__(self) -> str:
        return f"{int(self)} queries:\n" + "\n".join(f"  {i + 1}. {sql[:300]}" for i, sql in enumerate(self.statements))


@pytest.fixture
def count_queries():
    """`count_queries(client, url)`: the queries of a GET of `url`, counted on the second of two
    requests, so what a process keeps between requests (the demo marker in the cache, Wagtail's
    site root paths, translations, the session just written) is warm, as on a live portal. The
    response must be `status` (200). Compare with `==` (the failure lists the statements).

    The count is deterministic: every test starts with an empty cache (`_fresh_cache`), and on
    Redis each xdist worker has keys of its own (`tests/cache.py`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url: str, *, status: int = 200) -> Queries:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return Queries([q["sql"] for q in ctx.captured_queries])

    return count


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns the test client signed in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
