"""Triggers only: each receiver enqueues a task after commit; the business flow lives in services."""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from core.models import CampaignAssignment, Employee, TeamMembership
from learning.models import CoursePage
from learning.tasks import course_version_publish_task, employees_materialise_task

_pending = threading.local()


@receiver(page_published)
def course_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, CoursePage):
        return
    course_id, revision_id = instance.pk, revision.pk if revision is not None else None
    transaction.on_commit(lambda: course_version_publish_task.delay(course_id, revision_id))


def _flush():
    ids = sorted(getattr(_pending, "ids", set()))
    _pending.ids = set()
    if ids:
        employees_materialise_task.delay(ids)


def _queue(employee_id: int | None) -> None:
    """Collect the employees changed in this transaction. Every save registers a callback, but the
    first one to run after commit takes the whole batch, so one task covers them all."""
    if employee_id is None:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.add(employee_id)
    transaction.on_commit(_flush)


@receiver(post_save, sender=TeamMembership)
@receiver(post_save, sender=CampaignAssignment)
def org_link_saved(sender, instance, **kwargs):
    _queue(instance.employee_id)


@receiver(post_save, sender=Employee)
def employee_saved(sender, instance, created, **kwargs):
    _queue(instance.pk)
