"""Celery tasks: ids in, fetch, call one service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from learning.services import (
    course_version_publish,
    reminders_send_daily,
    rule_materialise,
    rules_materialise_all,
    scorm_packages_purge,
    supervisor_digests_send,
)


@shared_task
def course_version_publish_task(course_id: int, revision_id: int | None) -> int:
    return course_version_publish(course_id=course_id, revision_id=revision_id).version


@shared_task
def rule_materialise_task(rule_id: int) -> int:
    with transaction.atomic():
        return rule_materialise(rule_id=rule_id, today=timezone.localdate())


@shared_task
def employees_materialise_task(employee_ids: list[int]) -> int:
    """People joined, moved or changed role: apply every active rule to them now."""
    return rules_materialise_all(today=timezone.localdate(), employee_ids=set(employee_ids))


@shared_task
def rules_materialise_daily_task() -> int:
    return rules_materialise_all(today=timezone.localdate())


@shared_task
def reminders_daily_task() -> int:
    return reminders_send_daily(today=timezone.localdate())


@shared_task
def supervisor_digest_weekly_task() -> int:
    return supervisor_digests_send(today=timezone.localdate())


@shared_task
def publish_scheduled_task() -> None:
    """Every few minutes: publish (and unpublish) pages editors scheduled in the CMS."""
    call_command("publish_scheduled")


@shared_task
def scorm_packages_purge_task() -> int:
    """Nightly: remove SCORM packages (rows and files) no page uses, older than a day."""
    return scorm_packages_purge()
