"""The demo seeder builds the catalogue from the curriculum, idempotently."""

import pytest

from core.demo import seed_world
from learning.demo import seeder as demo_seed
from learning.models import (
    Assignment,
    AssignmentStatus,
    CoursePage,
    CourseProgress,
    LearningPath,
    LessonPage,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_it_publishes_the_curriculum_and_varied_progress_once():
    world = seed_world()
    demo_seed.seed(world=world)
    counts = (
        CoursePage.objects.live().count(),
        LessonPage.objects.live().count(),
        LearningPath.objects.count(),
        Assignment.objects.count(),
        CourseProgress.objects.count(),
    )
    assert counts[0] >= 8 and counts[1] >= 30 and counts[2] == 5
    assert CoursePage.objects.get(slug="regulacion-mexico").url == "/academia/regulacion-mexico/"
    agent = world.agents[0]
    statuses = {a.status_on(world.today) for a in Assignment.objects.filter(employee=agent)}
    assert {AssignmentStatus.OVERDUE, AssignmentStatus.COMPLETED} <= statuses
    assert Assignment.objects.filter(mandatory=True, completed_at__isnull=True, due_date__lt=world.today).count() > 10
    demo_seed.seed(world=world)
    assert counts == (
        CoursePage.objects.live().count(),
        LessonPage.objects.live().count(),
        LearningPath.objects.count(),
        Assignment.objects.count(),
        CourseProgress.objects.count(),
    )
