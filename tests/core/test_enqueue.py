"""core.tasks.enqueue: a task named by path, sent after commit, run in-process without a broker."""

from __future__ import annotations

import pytest
from celery import shared_task
from django.db import transaction

from core.tasks import enqueue

pytestmark = pytest.mark.django_db

received: list[tuple] = []


@shared_task
def remember_task(*ids) -> None:
    received.append(ids)


@pytest.fixture(autouse=True)
def _clear():
    received.clear()


def test_it_runs_the_task_eagerly_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue("tests.core.test_enqueue.remember_task", 7, 8)
            assert received == []
    assert received == [(7, 8)]


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue("tests.core.test_enqueue.remember_task", 7)
            raise RuntimeError("rolled back")
    assert callbacks == [] and received == []


def test_a_wrong_task_name_fails_at_once_not_after_commit():
    with pytest.raises(ImportError):
        enqueue("core.tasks.no_such_task", 1)
