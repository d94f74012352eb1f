"""xAPI statements: off by default; emitted by the learning and certification services (not the views)
with ADL verbs, stable IRIs and an `account` actor (never an e-mail); sent by PUT with the statement id,
so a retry is idempotent. The real LRS (Ralph) is exercised in tests/core/test_xapi_lrs.py."""

import base64
import datetime as dt
import json

import pytest
from django.utils import timezone

from certification import services as cert_services
from core import outbox
from core.models import OutboxMessage
from learning import services as learning_services
from learning.models import CourseProgress, LessonCompletion
from tests.certification.factories import NOW, QuestionBankFactory, make_exam, make_questions
from tests.certification.test_cert_attempts import form_for
from tests.learning import factories as learning_factories
from tests.receiver import Receiver

pytestmark = pytest.mark.django_db
VERB = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def lrs(settings):
    r = Receiver(status=204).start()
    settings.XAPI_ENDPOINT = f"http://127.0.0.1:{r.port}/xAPI/"
    settings.XAPI_KEY, settings.XAPI_SECRET = "clave", "secreto"
    settings.XAPI_BASE_IRI = "https://acredita.example/xapi"
    settings.XAPI_ACCOUNT_HOMEPAGE = "https://acredita.example"
    yield r
    r.stop()


@pytest.fixture
def exam(world):
    bank = QuestionBankFactory(code="banco-xapi", specialisation=world.specialisation)
    make_questions(bank, 6)
    return make_exam(specialisation=world.specialisation, bank=bank, count=4)


def statements():
    return [m.payload for m in OutboxMessage.objects.filter(kind="xapi").order_by("pk")]


def verbs():
    return [s["verb"]["id"].removeprefix(VERB) for s in statements()]


def test_nothing_is_written_while_xapi_is_off(world, settings):
    settings.XAPI_ENDPOINT = ""
    course = learning_factories.course("curso-x", lessons=1)
    learning_services.lesson_complete(employee=world.agent_employee, lesson=learning_factories.lessons_of(course)[0])
    assert not OutboxMessage.objects.exists()


def test_learning_emits_launched_experienced_and_completed_from_its_services(world, lrs):
    world.agent_employee.email = "agente@example.com"
    world.agent_employee.save(update_fields=["email"])
    course = learning_factories.course("curso-x", lessons=2)
    lessons = learning_factories.lessons_of(course)
    now = timezone.now()
    learning_services.progress_touch(employee=world.agent_employee, course=course, lesson=lessons[0], now=now)
    learning_services.progress_touch(employee=world.agent_employee, course=course, lesson=lessons[0], now=now)  # reload
    for lesson in lessons:
        learning_services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    learning_services.lesson_complete(employee=world.agent_employee, lesson=lessons[0])  # again: counts once
    assert verbs() == ["launched", "experienced", "completed", "completed", "completed"]
    launched, experienced, lesson_done, _, course_done = statements()
    assert launched["object"]["id"] == f"https://acredita.example/xapi/courses/{course.pk}"
    assert launched["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert experienced["object"]["id"] == f"https://acredita.example/xapi/lessons/{lessons[0].pk}"
    assert experienced["context"]["contextActivities"]["parent"][0]["id"] == launched["object"]["id"]
    assert course_done["object"]["id"] == launched["object"]["id"] and course_done["result"]["completion"] is True
    assert lesson_done["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://acredita.example", "name": "A0001"},
    }
    assert "mbox" not in json.dumps(statements())
    assert "agente@example.com" not in json.dumps(statements())


def test_an_exam_result_is_scored_then_passed_and_the_certificate_completes_the_certification(world, lrs, exam):
    attempt = cert_services.attempt_start(exam=exam, employee=world.agent_employee, now=NOW)
    cert_services.attempt_submit(attempt=attempt, form=form_for(attempt), now=NOW + dt.timedelta(minutes=5))
    assert verbs() == ["scored", "passed", "completed"]
    scored, passed, certified = statements()
    assert scored["object"]["id"] == f"https://acredita.example/xapi/exams/{exam.pk}"
    assert scored["result"]["score"] == {"scaled": 1.0, "raw": 4.0, "min": 0.0, "max": 4.0}
    assert passed["result"]["success"] is True
    assert certified["object"]["id"] == f"https://acredita.example/xapi/certifications/{exam.specialisation.code}"


def test_a_failed_exam_is_failed(world, lrs, exam):
    attempt = cert_services.attempt_start(exam=exam, employee=world.agent_employee, now=NOW)
    cert_services.attempt_submit(attempt=attempt, form=form_for(attempt, correct=False), now=NOW)
    assert verbs() == ["scored", "failed"]
    assert statements()[1]["result"]["success"] is False


def test_statements_go_by_put_with_their_id_and_a_retry_sends_the_same_id(world, lrs):
    course = learning_factories.course("curso-x", lessons=1)
    lrs.statuses = [503]
    learning_services.lesson_complete(employee=world.agent_employee, lesson=learning_factories.lessons_of(course)[0])
    outbox.outbox_deliver_due()
    outbox.outbox_deliver_due(now=timezone.now() + dt.timedelta(hours=1))
    first = OutboxMessage.objects.order_by("pk").first()
    tries = [r for r in lrs.received if r.path.endswith(str(first.uuid))]
    assert len(tries) == 2 and all(r.method == "PUT" for r in tries)
    assert tries[0].path == f"/xAPI/statements?statementId={first.uuid}"
    assert tries[0].body == tries[1].body and tries[0].json()["id"] == str(first.uuid)
    assert tries[0].headers["x-experience-api-version"] == "1.0.3"
    assert tries[0].headers["authorization"] == "Basic " + base64.b64encode(b"clave:secreto").decode()
    assert OutboxMessage.objects.filter(status="delivered").count() == OutboxMessage.objects.count()


def test_a_statement_the_lrs_refuses_or_holds_otherwise_is_given_up_at_once(world, lrs):
    lrs.statuses = [409, 400]
    course = learning_factories.course("curso-x", lessons=1)
    learning_services.lesson_complete(employee=world.agent_employee, lesson=learning_factories.lessons_of(course)[0])
    outbox.outbox_deliver_due()
    assert list(OutboxMessage.objects.order_by("pk").values_list("status", "attempts")) == [
        ("failed", 1),
        ("failed", 1),
    ]


def test_the_statement_id_is_the_same_for_the_same_event(world, lrs):
    course = learning_factories.course("curso-x", lessons=1)
    lesson = learning_factories.lessons_of(course)[0]
    learning_services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    ids = set(OutboxMessage.objects.values_list("uuid", flat=True))
    OutboxMessage.objects.all().delete()
    LessonCompletion.objects.all().delete()
    CourseProgress.objects.all().delete()
    learning_services.lesson_complete(employee=world.agent_employee, lesson=lesson)
    assert set(OutboxMessage.objects.values_list("uuid", flat=True)) == ids
