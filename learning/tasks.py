"""Celery tasks: ids in, fetch, call one service; safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def course_version_publish_task(course_id: int, revision_id: int | None) -> int:
    from learning.services import course_version_publish

    return course_version_publish(course_id=course_id, revision_id=revision_id).version


@shared_task
def rule_materialise_task(rule_id: int) -> int:
    from django.db import transaction

    from learning.services import rule_materialise

    with transaction.atomic():
        return rule_materialise(rule_id=rule_id, today=timezone.localdate())


@shared_task
def employees_materialise_task(employee_ids: list[int]) -> int:
    """People joined, moved or changed role: apply every active rule to them now."""
    from learning.services import rules_materialise_all

    return rules_materialise_all(today=timezone.localdate(), employee_ids=set(employee_ids))


@shared_task
def rules_materialise_daily_task() -> int:
    from learning.services import rules_materialise_all

    return rules_materialise_all(today=timezone.localdate())


@shared_task
def reminders_daily_task() -> int:
    from learning.services import reminders_send_daily

    return reminders_send_daily(today=timezone.localdate())


@shared_task
def supervisor_digest_weekly_task() -> int:
    from learning.services import supervisor_digests_send

    return supervisor_digests_send(today=timezone.localdate())


@shared_task
def publish_scheduled_task() -> None:
    """Every few minutes: publish (and unpublish) pages editors scheduled in the CMS."""
    from django.core.management import call_command

    call_command("publish_scheduled")
