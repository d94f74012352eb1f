"""xAPI statements reach a real LRS, Ralph (`.ci/lrs`, started by `.ci/run` for the services suite), are
accepted by its xAPI 1.0.3 validation, and survive the LRS being stopped and started again: the outbox
retries, nothing is lost, nothing is stored twice. Skipped without XAPI_TEST_LRS_ENDPOINT (fails with
REQUIRE_SERVICES=1)."""

import base64
import datetime as dt
import json
import os
import subprocess
import urllib.request
import uuid
from urllib.parse import quote, urlencode

import pytest
from django.utils import timezone

from certification import services as cert_services
from core import outbox
from core.models import OutboxMessage
from learning import services as learning_services
from tests.certification.factories import NOW, QuestionBankFactory, make_exam, make_questions
from tests.certification.test_cert_attempts import form_for
from tests.learning import factories as learning_factories

pytestmark = [pytest.mark.services("lrs"), pytest.mark.django_db]


@pytest.fixture
def lrs(settings):
    settings.XAPI_ENDPOINT = os.environ["XAPI_TEST_LRS_ENDPOINT"]
    settings.XAPI_KEY = os.environ.get("XAPI_TEST_LRS_KEY", "")
    settings.XAPI_SECRET = os.environ.get("XAPI_TEST_LRS_SECRET", "")
    settings.XAPI_BASE_IRI = f"https://acredita.test/{uuid.uuid4().hex[:12]}/xapi"  # this run's own ids
    settings.XAPI_ACCOUNT_HOMEPAGE = "https://acredita.test"
    settings.OUTBOX_TIMEOUT_SECONDS = 5
    yield settings
    if os.environ.get("XAPI_TEST_LRS_CONTROL"):
        control("start")  # whatever happened, leave it running for the rest of the suite


def control(action: str) -> None:
    script = os.environ.get("XAPI_TEST_LRS_CONTROL")
    if not script:
        pytest.skip("XAPI_TEST_LRS_CONTROL is not set: the LRS cannot be stopped and started")
    subprocess.run([script, action], check=True, timeout=120, capture_output=True)


def lrs_get(settings, **query) -> dict:
    url = settings.XAPI_ENDPOINT.rstrip("/") + "/statements?" + urlencode(query, quote_via=quote)
    token = base64.b64encode(f"{settings.XAPI_KEY}:{settings.XAPI_SECRET}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 - the test's own LRS URL
        url, headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def stored(settings, statement_id) -> list[dict]:
    body = lrs_get(settings, statementId=str(statement_id))
    return body.get("statements", [body] if "id" in body else [])


def agent_statements(settings, code: str) -> list[dict]:
    agent = json.dumps({"objectType": "Agent", "account": {"homePage": "https://acredita.test", "name": code}})
    return lrs_get(settings, agent=agent, limit=500)["statements"]


def later(minutes):
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_statements_arrive_valid_and_survive_a_stopped_then_restarted_lrs(world, lrs):
    employee = world.agent_employee
    course = learning_factories.course("curso-lrs", lessons=2)
    lessons = learning_factories.lessons_of(course)
    learning_services.progress_touch(employee=employee, course=course, lesson=lessons[0], now=timezone.now())
    learning_services.lesson_complete(employee=employee, lesson=lessons[0])
    counts = outbox.outbox_deliver_due()
    assert counts["delivered"] == 3, list(OutboxMessage.objects.values_list("last_error", "payload"))
    assert set(OutboxMessage.objects.values_list("last_status_code", flat=True)) == {204}
    for message in OutboxMessage.objects.all():
        [copy] = stored(lrs, message.uuid)  # accepted by Ralph's validation and stored as sent
        assert copy["verb"] == message.payload["verb"] and copy["actor"]["account"]["name"] == "A0001"
        assert copy["object"]["id"].startswith(lrs.XAPI_BASE_IRI)

    control("stop")
    learning_services.lesson_complete(employee=employee, lesson=lessons[1])  # lesson and course completed
    bank = QuestionBankFactory(code="banco-lrs", specialisation=world.specialisation)
    make_questions(bank, 6)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=4)
    attempt = cert_services.attempt_start(exam=exam, employee=employee, now=NOW)
    cert_services.attempt_submit(attempt=attempt, form=form_for(attempt), now=NOW + dt.timedelta(minutes=5))
    counts = outbox.outbox_deliver_due()
    assert counts["delivered"] == 0 and counts["failed"] == 1  # the LRS is down: one try, the rest wait
    pending = list(OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).order_by("pk"))
    assert len(pending) == 5  # completed x2, scored, passed, completed (the certification)

    control("start")
    delivered = 0
    for minutes in (60, 120, 240):  # past each backoff
        delivered += outbox.outbox_deliver_due(now=later(minutes))["delivered"]
    assert delivered == 5
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.DELIVERED).exists()

    # sent again (an admin's redelivery, a worker that died after sending): the LRS keeps one copy
    first = OutboxMessage.objects.order_by("pk").first()
    OutboxMessage.objects.filter(pk=first.pk).update(status=OutboxMessage.Status.PENDING)
    assert outbox.outbox_deliver_message(message_id=first.pk, manual=True).status_code == 204

    ids = {str(u) for u in OutboxMessage.objects.values_list("uuid", flat=True)}
    ours = [s for s in agent_statements(lrs, "A0001") if s["id"] in ids]
    assert sorted(s["id"] for s in ours) == sorted(ids)  # every one, once
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in ours]
    assert sorted(verbs) == sorted(
        ["launched", "experienced", "completed", "completed", "completed", "scored", "passed", "completed"]
    )


def test_ralph_refuses_an_invalid_statement_and_the_outbox_gives_it_up(world, lrs):
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.XAPI,
        event="completed",
        subject="employee:A0001",
        payload={"actor": {"mbox": "not-an-address"}, "verb": {"id": "completed"}, "object": {"id": "x"}},
        next_attempt_at=timezone.now(),
    )
    outbox.outbox_deliver_due()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED and message.last_status_code in (400, 422)
    assert stored(lrs, message.uuid) == []
