"""Real PostgreSQL and a real Celery worker on Redis (CI runs these with REQUIRE_SERVICES=1)."""

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from core.audit import audit_record, audit_verify
from core.models import AuditEvent, Employee

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_audit_chain_stays_linear_under_concurrent_writers(world):
    errors = []

    def writer(n):
        try:
            for i in range(10):
                audit_record(action="test.concurrent", summary=f"{n}-{i}")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 40
    assert audit_verify().ok


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_enforces_the_date_constraints(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(pk=world.agent_employee.pk).update(termination_date=dt.date(2000, 1, 1))


@pytest.mark.services("postgres", "redis")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_a_task_end_to_end(world):
    from django.conf import settings

    from config.celery import app as celery_app
    from core.tasks import audit_purge_task, ping

    with time_machine.travel(dt.datetime(2020, 1, 1, tzinfo=dt.UTC)):
        audit_record(action="test.old", actor=world.hr)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "celery",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        assert ping.delay("hola").get(timeout=60) == "pong:hola"
        deleted = audit_purge_task.delay().get(timeout=60)
        assert deleted >= 1
        assert not AuditEvent.objects.filter(action="test.old").exists()
        assert AuditEvent.objects.filter(action="audit.purge").exists()
        assert audit_verify().ok
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
