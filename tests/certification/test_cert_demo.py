import io

import pytest

from certification.demo import seeder
from certification.models import Certificate, Exam, Question
from core.demo import seed_world


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_seeder_covers_every_status_and_is_idempotent():
    out = io.StringIO()
    world = seed_world(stdout=out)
    seeder.seed(world=world, stdout=out)
    assert Exam.objects.filter(is_active=True).count() == 5, out.getvalue()
    assert Question.objects.count() >= 50
    types = set(Question.objects.values_list("type", flat=True))
    assert {"single", "multi", "truefalse", "matching", "short", "numeric", "ordering", "scenario"} <= types
    today = world.today
    statuses = {c.status_on(today) for c in Certificate.objects.select_related("specialisation")}
    assert {"valid", "expiring", "expired", "revoked", "superseded"} <= statuses
    agente = world.users["agente"].employee
    assert Certificate.objects.filter(employee=agente).count() >= 2
    counts = (Question.objects.count(), Certificate.objects.count())
    seeder.seed(world=world, stdout=out)
    assert (Question.objects.count(), Certificate.objects.count()) == counts
