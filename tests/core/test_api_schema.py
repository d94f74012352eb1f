"""Schemathesis against /api/v1/openapi.json: generated requests (valid and invalid) never get a
5xx, and every status the API answers with is documented in the schema, with a body that matches it.

Runs in-process through the WSGI app (no server), signed in with a bearer token of a user whose role
may use every operation; `api_headers` is the one place that knows how tokens are made.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.api_tokens import all_scopes
from core.services import api_token_create

# transaction=True: the WSGI app is called directly (not through Django's test client), and the end
# of each request closes a connection left inside a transaction (``close_old_connections``), which on
# PostgreSQL would close the test's own connection mid-test; outside a test transaction it stays open.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def api_headers(world):
    """Authorization for an administrator (whose role may use every operation) with every scope."""
    _token, plaintext = api_token_create(
        actor=world.admin,
        name="schemathesis",
        scopes=sorted(all_scopes()),
        expires_at=timezone.now() + dt.timedelta(days=30),
        mfa_satisfied=True,
    )
    return {"Authorization": f"Bearer {plaintext}"}


def _load_schema():
    # The OpenAPI document is served without authentication or database access, so it is read at
    # collection time (schemathesis' lazy fixture loader does not support this pytest).
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _load_schema()

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(
    max_examples=10,  # 26 operations: the whole file stays within two minutes
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_never_fails_and_answers_only_documented_statuses(case, api_headers):
    case.call_and_validate(headers=api_headers, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=2, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_answers_a_caller_without_a_token_with_a_documented_401(case):
    case.call_and_validate(checks=CHECKS)
